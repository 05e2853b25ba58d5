-- Education subvention modelling (issue 9): versioned parameter sets per budget year, saved scenarios, allocation
-- runs with their per-budget results, and narrow aggregate functions over the pupil records.
-- PostgreSQL 15 SQL: runs unchanged on PGlite and on Debian's PostgreSQL 15.

-- A parameter set of the formula for one budget year. Its values live in versions: a change is a new version, the
-- earlier ones stay (history, not overwrite). `default-YYYY` is the set shipped with the program.
CREATE TABLE subvention_parameter_set (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{2,63}$'),
  budget_year smallint NOT NULL CHECK (budget_year BETWEEN 2018 AND 2100),
  name text NOT NULL CHECK (length(name) BETWEEN 3 AND 300),
  is_default boolean NOT NULL DEFAULT false,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX subvention_parameter_set_default_idx ON subvention_parameter_set (budget_year) WHERE is_default;
CREATE INDEX subvention_parameter_set_year_idx ON subvention_parameter_set (budget_year, created_at);

CREATE TABLE subvention_parameter_version (
  set_id text NOT NULL REFERENCES subvention_parameter_set (id),
  version integer NOT NULL CHECK (version >= 1),
  params jsonb NOT NULL,
  note text,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (set_id, version)
);

-- The request role reads and adds; nobody updates or deletes a version.
GRANT SELECT, INSERT ON subvention_parameter_set, subvention_parameter_version TO aikom_app;

-- A scenario: a base parameter set version, the changes to it (a JSON merge patch, the total included) and the date
-- the pupils are counted on. Its definition is never changed; name, description and sharing may be.
CREATE TABLE subvention_scenario (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  base_set_id text NOT NULL,
  base_version integer NOT NULL,
  as_of date NOT NULL,
  changes jsonb NOT NULL DEFAULT '{}',
  shared boolean NOT NULL DEFAULT false,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (base_set_id, base_version) REFERENCES subvention_parameter_version (set_id, version)
);
CREATE INDEX subvention_scenario_owner_idx ON subvention_scenario (created_by, created_at);
CREATE INDEX subvention_scenario_shared_idx ON subvention_scenario (created_at) WHERE shared;

-- A draft scenario is its author's; a shared one every reader's.
ALTER TABLE subvention_scenario ENABLE ROW LEVEL SECURITY;
CREATE POLICY subvention_scenario_read ON subvention_scenario FOR SELECT
  USING (shared OR created_by = (SELECT aikom_actor()));
CREATE POLICY subvention_scenario_insert ON subvention_scenario FOR INSERT
  WITH CHECK (created_by = (SELECT aikom_actor()));
CREATE POLICY subvention_scenario_update ON subvention_scenario FOR UPDATE
  USING (created_by = (SELECT aikom_actor()));
GRANT SELECT, INSERT ON subvention_scenario TO aikom_app;
GRANT UPDATE (name, description, shared, updated_at) ON subvention_scenario TO aikom_app;

-- An allocation run: a parameter set version applied to the registry as of a date. Queued by a request, computed by
-- a job; its results are kept as they were (the data of the registry moves on, the run does not).
CREATE TABLE subvention_run (
  id uuid PRIMARY KEY,
  set_id text NOT NULL,
  set_version integer NOT NULL,
  budget_year smallint NOT NULL,
  as_of date NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'succeeded', 'failed')),
  total_kop bigint CHECK (total_kop >= 0),
  weight_sum_micro bigint,
  -- What the registry looked like when the run was computed (last pupil event, organisation versions, reference).
  data_version text,
  summary jsonb NOT NULL DEFAULT '{}',
  error jsonb,
  job_id uuid,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  computed_at timestamptz,
  FOREIGN KEY (set_id, set_version) REFERENCES subvention_parameter_version (set_id, version)
);
CREATE INDEX subvention_run_year_idx ON subvention_run (budget_year, created_at);

-- One budget of a run: the amount, the weight and the inputs it was computed from (budget-level figures and one line
-- per school: counts only, never a pupil).
CREATE TABLE subvention_run_budget (
  run_id uuid NOT NULL REFERENCES subvention_run (id),
  code text NOT NULL CHECK (code ~ '^UA[0-9]{17}$'),
  kind text NOT NULL CHECK (kind IN ('hromada', 'city', 'oblast')),
  name text NOT NULL,
  oblast_code text NOT NULL,
  pupils integer NOT NULL CHECK (pupils >= 0),
  weight_micro bigint NOT NULL CHECK (weight_micro >= 0),
  amount_kop bigint NOT NULL CHECK (amount_kop >= 0),
  inputs jsonb NOT NULL,
  PRIMARY KEY (run_id, code)
);
CREATE INDEX subvention_run_budget_oblast_idx ON subvention_run_budget (run_id, oblast_code);

GRANT SELECT, INSERT ON subvention_run, subvention_run_budget TO aikom_app;
GRANT UPDATE (status, total_kop, weight_sum_micro, data_version, summary, error, job_id, computed_at) ON subvention_run
  TO aikom_app;

-- The allocation is national by nature: every budget's share depends on every other's. These functions answer it
-- for any reader of the subvention with aggregates only — counts by school, never a pupil — as the other definer
-- functions answer the few questions that must cross scopes. Tracing a count back to its pupils goes through the
-- ordinary tables, under row-level security.

-- Pupils enrolled on a date (entry ≤ date ≤ exit: the exit date is the last day), by school × level × form × special
-- needs × language × whether they live in another settlement than the school's (a city district counts as its city);
-- and the classes with pupils of the class forms, by school × level (rows with a NULL form). No JIT: its compile
-- time exceeds the gain on this one-pass aggregate. A SQL function, so that PostgreSQL may run the scan with parallel workers.
CREATE FUNCTION aikom_subvention_cells(p_as_of date, p_class_forms text[])
  RETURNS TABLE (school_id uuid, level smallint, education_form text, special_needs boolean,
    instruction_language text, lives_elsewhere boolean, pupils integer, classes integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public SET work_mem = '256MB' SET jit = off
  AS $$
    WITH by_class AS (
      SELECT e.school_id, e.grade, e.class_letter, p.education_form, p.special_needs, p.instruction_language,
        coalesce((CASE WHEN rt.category = 'B' THEN rt.parent_id ELSE rt.id END)
          <> (CASE WHEN st.category = 'B' THEN st.parent_id ELSE st.id END), false) AS lives_elsewhere,
        count(*)::integer AS n
      FROM enrolment e
      JOIN person p ON p.id = e.person_id
      JOIN organisation o ON o.id = e.school_id
      LEFT JOIN territory st ON st.id = o.territory_id
      LEFT JOIN territory rt ON rt.id = p.residence_territory_id
      WHERE e.entry_date <= p_as_of AND (e.exit_date IS NULL OR e.exit_date >= p_as_of)
      GROUP BY 1, 2, 3, 4, 5, 6, 7
    )
    SELECT school_id, (CASE WHEN grade <= 4 THEN 1 WHEN grade <= 9 THEN 2 ELSE 3 END)::smallint,
      education_form, special_needs, instruction_language, lives_elsewhere, sum(n)::integer, NULL::integer
    FROM by_class GROUP BY 1, 2, 3, 4, 5, 6
    UNION ALL
    SELECT school_id, lvl, NULL, NULL, NULL, NULL, NULL, count(*)::integer
    FROM (SELECT DISTINCT school_id, (CASE WHEN grade <= 4 THEN 1 WHEN grade <= 9 THEN 2 ELSE 3 END)::smallint AS lvl,
            grade, class_letter
          FROM by_class WHERE education_form = ANY (p_class_forms)) c
    GROUP BY 1, 2
  $$;
REVOKE ALL ON FUNCTION aikom_subvention_cells(date, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_subvention_cells(date, text[]) TO aikom_app;

-- The same for some schools only (a cached snapshot refreshes the schools whose pupils changed): the same query with
-- the schools as an index condition. Keep the two bodies identical but for that condition.
CREATE FUNCTION aikom_subvention_cells_of(p_as_of date, p_class_forms text[], p_schools uuid[])
  RETURNS TABLE (school_id uuid, level smallint, education_form text, special_needs boolean,
    instruction_language text, lives_elsewhere boolean, pupils integer, classes integer)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public SET work_mem = '256MB' SET jit = off
  AS $f$
  BEGIN
    -- Dynamic, so that each call is planned for its schools (an index scan for a few of them).
    RETURN QUERY EXECUTE $q$
    WITH by_class AS (
      SELECT e.school_id, e.grade, e.class_letter, p.education_form, p.special_needs, p.instruction_language,
        coalesce((CASE WHEN rt.category = 'B' THEN rt.parent_id ELSE rt.id END)
          <> (CASE WHEN st.category = 'B' THEN st.parent_id ELSE st.id END), false) AS lives_elsewhere,
        count(*)::integer AS n
      FROM enrolment e
      JOIN person p ON p.id = e.person_id
      JOIN organisation o ON o.id = e.school_id
      LEFT JOIN territory st ON st.id = o.territory_id
      LEFT JOIN territory rt ON rt.id = p.residence_territory_id
      WHERE e.entry_date <= $1 AND (e.exit_date IS NULL OR e.exit_date >= $1)
        AND e.school_id = ANY ($3)
      GROUP BY 1, 2, 3, 4, 5, 6, 7
    )
    SELECT school_id, (CASE WHEN grade <= 4 THEN 1 WHEN grade <= 9 THEN 2 ELSE 3 END)::smallint,
      education_form, special_needs, instruction_language, lives_elsewhere, sum(n)::integer, NULL::integer
    FROM by_class GROUP BY 1, 2, 3, 4, 5, 6
    UNION ALL
    SELECT school_id, lvl, NULL, NULL, NULL, NULL, NULL, count(*)::integer
    FROM (SELECT DISTINCT school_id, (CASE WHEN grade <= 4 THEN 1 WHEN grade <= 9 THEN 2 ELSE 3 END)::smallint AS lvl,
            grade, class_letter
          FROM by_class WHERE education_form = ANY ($2)) c
    GROUP BY 1, 2
  $q$
      USING p_as_of, p_class_forms, p_schools;
  END $f$;
REVOKE ALL ON FUNCTION aikom_subvention_cells_of(date, text[], uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_subvention_cells_of(date, text[], uuid[]) TO aikom_app;

-- The aggregate reads only these columns of person: an index that holds them lets it skip the wide rows (names,
-- sealed identifiers, search keys — ten times the size) on the national scale.
CREATE INDEX person_subvention_idx ON person (id)
  INCLUDE (education_form, special_needs, instruction_language, residence_territory_id);

-- The schools whose pupils on a date may differ since pupil event p_after: the schools of the events, and the schools
-- of the spells on the date of the pupils concerned (a pupil's record changed after they moved on). A NULL row means
-- an event without a school: the caller reads everything again.
CREATE FUNCTION aikom_subvention_changed_schools(p_after bigint, p_as_of date) RETURNS TABLE (school_id uuid)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
  AS $f$
  BEGIN
    -- Dynamic, so that the range of new events is planned as the index range it is.
    RETURN QUERY EXECUTE $q$
      WITH ev AS (SELECT person_id, school_id FROM pupil_event WHERE id > $1)
      SELECT ev.school_id FROM ev
      UNION
      SELECT e.school_id FROM ev JOIN enrolment e ON e.person_id = ev.person_id
      WHERE e.entry_date <= $2 AND (e.exit_date IS NULL OR e.exit_date >= $2) $q$
      USING p_after, p_as_of;
  END $f$;
REVOKE ALL ON FUNCTION aikom_subvention_changed_schools(bigint, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_subvention_changed_schools(bigint, date) TO aikom_app;

-- Every school of the register with what the budget rule needs: type, ownership, founder, status, grades and its
-- location and origin in the codifier (the settlement, its hromada or special-status city, its oblast). Facts of the
-- public register of institutions, no personal data.
CREATE FUNCTION aikom_subvention_schools()
  RETURNS TABLE (id uuid, name text, edrpou text, region_id uuid, ouo_id uuid, school_type text, ownership text,
    founder text, status text, grade_min smallint, grade_max smallint, settlement_type text,
    location_code text, location_category text, location_hromada text, location_oblast text,
    location_oblast_category text, origin_code text, origin_category text, origin_hromada text,
    origin_oblast text, origin_oblast_category text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT o.id, o.name, o.edrpou, o.region_id, o.ouo_id, o.school_type, o.ownership, o.founder, o.status,
      o.grade_min, o.grade_max, o.settlement_type,
      t.code, t.category, th.code, tob.code, tob.category,
      ot.code, ot.category, oth.code, otob.code, otob.category
    FROM organisation o
    LEFT JOIN territory t ON t.id = o.territory_id
    LEFT JOIN territory th ON th.id = t.hromada_id
    LEFT JOIN territory tob ON tob.id = t.oblast_id
    LEFT JOIN territory ot ON ot.id = o.original_territory_id
    LEFT JOIN territory oth ON oth.id = ot.hromada_id
    LEFT JOIN territory otob ON otob.id = ot.oblast_id
    WHERE o.kind = 'school'
  $$;
REVOKE ALL ON FUNCTION aikom_subvention_schools() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_subvention_schools() TO aikom_app;

-- What the registry's data version is: the last pupil event (every change to a pupil or a spell writes one), the
-- organisation versions (every change to a school writes one) and the reference editions. Inputs are cached by it.
CREATE FUNCTION aikom_subvention_data_version()
  RETURNS TABLE (last_event bigint, organisations text, reference text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT
      (SELECT coalesce(max(id), 0) FROM pupil_event),
      (SELECT count(*) || ':' || coalesce(to_char(max(changed_at) AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS'), '0')
        FROM organisation_version),
      (SELECT coalesce(string_agg(name || '=' || edition, ',' ORDER BY name), '') FROM reference_edition)
  $$;
REVOKE ALL ON FUNCTION aikom_subvention_data_version() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_subvention_data_version() TO aikom_app;

-- Pupils by the school they were enrolled in on one date and on another (NULL: enrolled nowhere that day), where the
-- two differ: the movements behind a redistribution. A pupil with two spells open on a date counts by the later one.
CREATE FUNCTION aikom_subvention_flows(p_from date, p_to date)
  RETURNS TABLE (from_school uuid, to_school uuid, pupils integer, internally_displaced integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public SET work_mem = '256MB'
  AS $$
    WITH a AS (
      SELECT DISTINCT ON (person_id) person_id, school_id FROM enrolment
      WHERE entry_date <= p_from AND (exit_date IS NULL OR exit_date >= p_from)
      ORDER BY person_id, entry_date DESC
    ), b AS (
      SELECT DISTINCT ON (person_id) person_id, school_id FROM enrolment
      WHERE entry_date <= p_to AND (exit_date IS NULL OR exit_date >= p_to)
      ORDER BY person_id, entry_date DESC
    )
    SELECT a.school_id, b.school_id, count(*)::integer,
      count(*) FILTER (WHERE p.displacement_status = 'internal')::integer
    FROM a FULL JOIN b ON b.person_id = a.person_id
    JOIN person p ON p.id = coalesce(a.person_id, b.person_id)
    WHERE a.school_id IS DISTINCT FROM b.school_id
    GROUP BY 1, 2
  $$;
REVOKE ALL ON FUNCTION aikom_subvention_flows(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_subvention_flows(date, date) TO aikom_app;
