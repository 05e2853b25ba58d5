-- Reports: form № ЗНЗ-1 (наказ МОН № 868 від 30.07.2021, Мін'юст 26.08.2021 № 1119/36741) built from pupil records,
-- its ОУО summary № 76-РВК (№ 1120/36742), the regional and national roll-ups and the dashboards.
--
-- A school's report is computed from its enrolment spells when asked (a few hundred rows). Roll-ups read
-- materialised aggregates instead of millions of spells: per report date, one row per school with all its cells
-- (report_school_snapshot), the sums per ОУО (report_ouo_cell) and per region (report_region_cell); the nation is
-- the sum of the 27 regions' rows. A school's row is rebuilt when it is out of date (a pupil event or an entered cell
-- newer than the row), and its ОУО's and its region's sums with it.

-- Cells the records cannot determine (second-shift classes, extended-day groups) are entered by the school. Every
-- entry is kept (history, not overwrite); the latest entry of a cell counts.
CREATE TABLE report_entered_cell (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  school_year smallint NOT NULL REFERENCES school_year (id),
  cell text NOT NULL CHECK (cell ~ '^[0-9]+\.[0-9]+\.[0-9]+$'),
  value integer NOT NULL CHECK (value >= 0 AND value <= 100000),
  entered_by uuid REFERENCES app_user (id),
  entered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_entered_cell_school_idx ON report_entered_cell (school_id, school_year, cell, entered_at DESC);

ALTER TABLE report_entered_cell ENABLE ROW LEVEL SECURITY;
CREATE POLICY report_entered_cell_scope ON report_entered_cell USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
);
GRANT SELECT, INSERT ON report_entered_cell TO aikom_app;

-- The report dates for which roll-ups have been built (no personal data: dates only).
CREATE TABLE report_snapshot (
  as_of date PRIMARY KEY,
  school_year smallint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  refreshed_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, UPDATE ON report_snapshot TO aikom_app;

-- One school's numbers on a report date: every non-zero cell of the form and the dashboard measures as
-- {"section.row.col": n}, the registry's own counts (independent of the cells, for the consistency checks), and what
-- the row was built from (the school's last pupil event, the latest entered cell) to tell when it is out of date;
-- event_horizon is the newest pupil event of the whole registry at build time, so that finding out-of-date rows
-- reads only the events since the oldest build.
CREATE TABLE report_school_snapshot (
  as_of date NOT NULL REFERENCES report_snapshot (as_of),
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  cells jsonb NOT NULL,
  registry_pupils integer NOT NULL,
  registry_classes integer NOT NULL,
  blocking_errors integer NOT NULL,
  last_event_id bigint NOT NULL,
  event_horizon bigint NOT NULL,
  entered_at timestamptz,
  built_at timestamptz NOT NULL,
  PRIMARY KEY (as_of, school_id)
);
CREATE INDEX report_school_snapshot_ouo_idx ON report_school_snapshot (as_of, ouo_id);
CREATE INDEX report_school_snapshot_region_idx ON report_school_snapshot (as_of, region_id);

-- Small counts of one school can point at a child: the rows are visible to the school's own scope and above.
ALTER TABLE report_school_snapshot ENABLE ROW LEVEL SECURITY;
CREATE POLICY report_school_snapshot_scope ON report_school_snapshot USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
);
GRANT SELECT, INSERT, UPDATE, DELETE ON report_school_snapshot TO aikom_app;

-- The sums of an ОУО's schools, cell by cell (non-zero cells only).
CREATE TABLE report_ouo_cell (
  as_of date NOT NULL REFERENCES report_snapshot (as_of),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  cell text NOT NULL,
  value integer NOT NULL,
  PRIMARY KEY (as_of, ouo_id, cell)
);
CREATE INDEX report_ouo_cell_region_idx ON report_ouo_cell (as_of, region_id);

ALTER TABLE report_ouo_cell ENABLE ROW LEVEL SECURITY;
CREATE POLICY report_ouo_cell_scope ON report_ouo_cell FOR SELECT USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
);
GRANT SELECT ON report_ouo_cell TO aikom_app;

-- The sums of a region's ОУО, cell by cell (non-zero cells only).
CREATE TABLE report_region_cell (
  as_of date NOT NULL REFERENCES report_snapshot (as_of),
  region_id uuid NOT NULL REFERENCES organisation (id),
  cell text NOT NULL,
  value integer NOT NULL,
  PRIMARY KEY (as_of, region_id, cell)
);

ALTER TABLE report_region_cell ENABLE ROW LEVEL SECURITY;
CREATE POLICY report_region_cell_scope ON report_region_cell FOR SELECT USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
);
GRANT SELECT ON report_region_cell TO aikom_app;

-- Rebuilds the sums of ОУО from their schools' rows, then the sums of their regions from the ОУО rows. A school
-- refreshing its own row must update its ОУО's and region's sums without seeing the other schools' rows, hence a
-- definer function; it reveals nothing (it returns a row count) and its result is a deterministic function of rows
-- already stored. The advisory locks serialise rebuilds of one ОУО and of one region.
CREATE FUNCTION aikom_report_rollup_ouo(p_as_of date, p_ouo uuid[]) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
  DECLARE
    o uuid;
    g uuid;
    n integer := 0;
    k integer;
  BEGIN
    FOREACH o IN ARRAY coalesce((SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(p_ouo) AS x), '{}') LOOP
      PERFORM pg_advisory_xact_lock(4242008, hashtext(o::text));
      DELETE FROM report_ouo_cell WHERE as_of = p_as_of AND ouo_id = o;
      INSERT INTO report_ouo_cell (as_of, ouo_id, region_id, cell, value)
        SELECT p_as_of, o, (SELECT region_id FROM organisation WHERE id = o), c.key, sum(c.value::integer)
        FROM report_school_snapshot s, jsonb_each_text(s.cells) AS c (key, value)
        WHERE s.as_of = p_as_of AND s.ouo_id = o
        GROUP BY c.key;
      GET DIAGNOSTICS k = ROW_COUNT;
      n := n + k;
    END LOOP;
    FOREACH g IN ARRAY coalesce((SELECT array_agg(DISTINCT region_id ORDER BY region_id) FROM organisation
        WHERE id = ANY (p_ouo) AND region_id IS NOT NULL), '{}') LOOP
      PERFORM pg_advisory_xact_lock(4242009, hashtext(g::text));
      DELETE FROM report_region_cell WHERE as_of = p_as_of AND region_id = g;
      INSERT INTO report_region_cell (as_of, region_id, cell, value)
        SELECT p_as_of, g, cell, sum(value) FROM report_ouo_cell
        WHERE as_of = p_as_of AND region_id = g
        GROUP BY cell;
    END LOOP;
    RETURN n;
  END $$;
REVOKE ALL ON FUNCTION aikom_report_rollup_ouo(date, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_report_rollup_ouo(date, uuid[]) TO aikom_app;

-- The newest pupil event id of the registry (a number, not an event): the horizon of a build.
CREATE FUNCTION aikom_report_event_horizon() RETURNS bigint
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT coalesce(max(id), 0) FROM pupil_event $$;
REVOKE ALL ON FUNCTION aikom_report_event_horizon() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_report_event_horizon() TO aikom_app;

-- How many schools a roll-up should cover: the operating schools of an ОУО, a region or the whole scope, and closed
-- ones that still have a row for the date. A count only; the scope is the caller's (settings evaluated once).
CREATE FUNCTION aikom_report_school_count(p_as_of date, p_ouo uuid, p_region uuid) RETURNS integer
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT count(*)::integer FROM organisation o
    WHERE o.kind = 'school' AND (p_ouo IS NULL OR o.ouo_id = p_ouo) AND (p_region IS NULL OR o.region_id = p_region)
      AND ((SELECT aikom_scope_national()) OR o.region_id = (SELECT aikom_scope_region())
        OR o.ouo_id = (SELECT aikom_scope_ouo()) OR o.id = (SELECT aikom_scope_school())
        OR o.id = ANY ((SELECT aikom_scope_schools())::uuid[]))
      AND (o.status <> 'closed'
        OR EXISTS (SELECT 1 FROM report_school_snapshot r WHERE r.as_of = p_as_of AND r.school_id = o.id))
  $$;
REVOKE ALL ON FUNCTION aikom_report_school_count(date, uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_report_school_count(date, uuid, uuid) TO aikom_app;

-- The schools of a list that lie in the caller's scope (the aikom.scope_* settings of the transaction).
CREATE FUNCTION aikom_report_schools_in_scope(p_schools uuid[]) RETURNS uuid[]
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT coalesce(array_agg(o.id), '{}') FROM organisation o
    WHERE o.id = ANY (p_schools) AND o.kind = 'school'
      AND (aikom_scope_national() OR o.region_id = aikom_scope_region() OR o.ouo_id = aikom_scope_ouo()
        OR o.id = aikom_scope_school() OR o.id = ANY ((SELECT aikom_scope_schools())::uuid[]))
  $$;
REVOKE ALL ON FUNCTION aikom_report_schools_in_scope(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_report_schools_in_scope(uuid[]) TO aikom_app;

-- The pupils of schools on a date (spells open on it), as counts of pupils with identical attributes — never a
-- record. A pupil who has since moved to a school outside the caller's scope is no longer visible to the caller
-- (row-level security on person follows the school that holds the record now), yet was the school's pupil on that
-- date and belongs in its report: hence a definer function, limited to the schools of the caller's scope, that
-- returns counts only.
CREATE FUNCTION aikom_report_contingent(p_schools uuid[], p_as_of date)
  RETURNS TABLE (school_id uuid, grade smallint, class_letter text, sex text, birth_year integer,
    education_form text, instruction_language text, special_needs boolean, displacement_status text,
    origin_region text, country text, contact_status text, has_errors boolean, has_warnings boolean, n integer)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
  AS $$
  #variable_conflict use_column
  BEGIN
    -- PL/pgSQL rather than SQL: its query plan is kept for the session (a school's report runs this every time).
    RETURN QUERY
    SELECT e.school_id, e.grade, e.class_letter, p.sex, extract(year FROM p.birth_date)::integer,
      p.education_form, p.instruction_language, p.special_needs, p.displacement_status, o.code,
      p.displacement_country, p.contact_status, p.quality_errors > 0, p.quality_warnings > 0, count(*)::integer
    FROM enrolment e
    JOIN person p ON p.id = e.person_id
    LEFT JOIN territory t ON t.id = p.displacement_origin_id
    LEFT JOIN territory o ON o.id = t.oblast_id
    WHERE e.school_id = ANY (aikom_report_schools_in_scope(p_schools))
      AND e.entry_date <= p_as_of AND (e.exit_date IS NULL OR e.exit_date >= p_as_of)
    GROUP BY e.school_id, e.grade, e.class_letter, p.sex, extract(year FROM p.birth_date)::integer,
      p.education_form, p.instruction_language, p.special_needs, p.displacement_status, o.code,
      p.displacement_country, p.contact_status, p.quality_errors > 0, p.quality_warnings > 0;
  END $$;
REVOKE ALL ON FUNCTION aikom_report_contingent(uuid[], date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_report_contingent(uuid[], date) TO aikom_app;
