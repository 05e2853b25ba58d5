-- Education subvention (issue 9): the per-school input cells of the allocation, persisted by date and kept current
-- from the pupil change feed, so that an allocation after a restart reads them instead of aggregating every pupil
-- of the country again. Aggregates only (counts by school, never a pupil). The request role has no grant on the
-- tables: it reads and refreshes them through the definer functions below, as it reads the aggregates of 0009.

-- A date whose cells are materialised, and how far they follow the registry: every pupil event up to
-- event_watermark of the transactions that had committed when the refresh took its snapshot. An event of a
-- transaction still running then may have a lower id than the watermark: such a transaction is one of
-- refreshed_xip, or began later (txid >= refreshed_xmax); refreshed_xmin is the snapshot's oldest running one.
-- (Not txid >= refreshed_xmin alone: one long transaction anywhere in the cluster would then make every refresh read
-- again every event written since it began.)
-- organisations/reference: the data version of the organisations and the reference editions the cells were read
-- with (aikom_subvention_data_version). generation: the last change of the cells (a global sequence, so that a reader
-- holding an older copy knows what to read again); built_generation: the last full build (a reader older than it
-- reads everything). used_at: the last reader (the least recently used dates are evicted).
CREATE TABLE subvention_input (
  as_of date PRIMARY KEY,
  class_forms text[] NOT NULL,
  event_watermark bigint NOT NULL,
  refreshed_xmin xid8 NOT NULL,
  refreshed_xmax xid8 NOT NULL,
  refreshed_xip xid8[] NOT NULL,
  organisations text NOT NULL,
  reference text NOT NULL,
  generation bigint NOT NULL,
  built_generation bigint NOT NULL,
  built_at timestamptz NOT NULL,
  refreshed_at timestamptz NOT NULL,
  used_at timestamptz NOT NULL
);

-- The schools of a date's cells: the settlement the cells were read with (a city district counts as its city; a
-- school that moves to another settlement is read again), the generation of their last change and the school's cells
-- as one JSON array of [level, education_form, special_needs, instruction_language, lives_elsewhere, pupils, classes]
-- (written with the cells: a national allocation then reads 13 k short texts instead of aggregating 650 k rows). A
-- school whose pupils all left keeps its row (with no cells), so that a reader learns it changed.
CREATE TABLE subvention_input_school (
  as_of date NOT NULL,
  school_id uuid NOT NULL,
  settlement_id integer,
  generation bigint NOT NULL,
  cells json NOT NULL,
  PRIMARY KEY (as_of, school_id)
);
CREATE INDEX subvention_input_school_generation_idx ON subvention_input_school (as_of, generation);

-- The cells: the rows of aikom_subvention_cells(as_of, class_forms) for the date.
CREATE TABLE subvention_input_cell (
  as_of date NOT NULL,
  school_id uuid NOT NULL,
  level smallint NOT NULL,
  education_form text,
  special_needs boolean,
  instruction_language text,
  lives_elsewhere boolean,
  pupils integer,
  classes integer
);
CREATE INDEX subvention_input_cell_school_idx ON subvention_input_cell (as_of, school_id);

CREATE SEQUENCE subvention_input_generation;

-- No policy and no grant: only the functions below (run as their owner) read or write them.
ALTER TABLE subvention_input ENABLE ROW LEVEL SECURITY;
ALTER TABLE subvention_input_school ENABLE ROW LEVEL SECURITY;
ALTER TABLE subvention_input_cell ENABLE ROW LEVEL SECURITY;

-- The persisted cells of a date as one JSON array per school (of the schools given, or of all).
CREATE FUNCTION aikom_subvention_input_tuples(p_as_of date, p_schools uuid[])
  RETURNS TABLE (school_id uuid, cells json)
  LANGUAGE sql STABLE
  AS $$
    SELECT c.school_id, json_agg(json_build_array(c.level, c.education_form, c.special_needs, c.instruction_language,
      c.lives_elsewhere, c.pupils, c.classes))
    FROM subvention_input_cell c
    WHERE c.as_of = p_as_of AND (p_schools IS NULL OR c.school_id = ANY (p_schools))
    GROUP BY c.school_id
  $$;
REVOKE ALL ON FUNCTION aikom_subvention_input_tuples(date, uuid[]) FROM PUBLIC;

-- Brings the cells of a date up to date and says where they stand. p_mode: 'ensure' builds them when the date is not
-- materialised, 'existing' refreshes a materialised date only (returns no row otherwise), 'rebuild' reads
-- everything again. A refresh reads again the schools of the new pupil events and of every spell of the pupils
-- concerned (a pupil who left a school changes that school's count on dates after their exit), and, when the
-- organisations changed, the schools whose settlement changed; a change of the reference data, of the class forms
-- or a watermark from another database (a restored backup) reads everything again. A build evicts the least
-- recently used dates beyond p_keep. Refreshes of one date are serialised; the caller reads the cells in the same
-- transaction.
CREATE FUNCTION aikom_subvention_inputs_sync(p_as_of date, p_class_forms text[], p_mode text, p_keep integer)
  RETURNS TABLE (generation bigint, built_generation bigint, built boolean, schools integer, event_watermark bigint,
    organisations text, reference text)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public SET work_mem = '256MB' SET jit = off
  AS $f$
  DECLARE
    m subvention_input%ROWTYPE;
    v_xmin xid8;
    v_xmax xid8;
    v_xip xid8[];
    v_max bigint;
    v_org text;
    v_ref text;
    v_now timestamptz := clock_timestamp();
    v_changed uuid[];
    v_moved uuid[];
    v_gen bigint;
    v_found boolean;
  BEGIN
    IF p_mode NOT IN ('ensure', 'existing', 'rebuild') THEN
      RAISE EXCEPTION 'unknown mode %', p_mode;
    END IF;
    PERFORM pg_advisory_xact_lock(4242013, p_as_of - date '2000-01-01');
    -- The watermark before anything is read, in one statement (one snapshot): an event that this refresh may not
    -- see is of a transaction running then (one of the snapshot's xip) or begun later (txid >= its xmax).
    SELECT pg_snapshot_xmin(pg_current_snapshot()), pg_snapshot_xmax(pg_current_snapshot()),
        ARRAY(SELECT pg_snapshot_xip(pg_current_snapshot())), d.last_event, d.organisations, d.reference
      INTO v_xmin, v_xmax, v_xip, v_max, v_org, v_ref FROM aikom_subvention_data_version() d;
    SELECT * INTO m FROM subvention_input i WHERE i.as_of = p_as_of;
    v_found := FOUND;
    IF NOT v_found AND p_mode = 'existing' THEN
      RETURN;
    END IF;

    -- A watermark ahead of this database's transactions comes from another database (a restored backup).
    IF v_found AND p_mode <> 'rebuild' AND m.reference = v_ref AND m.class_forms = p_class_forms
        AND m.refreshed_xmin <= v_xmin AND m.refreshed_xmax <= v_xmax THEN
      -- Dynamic, so that the new events are planned as the index ranges they are.
      EXECUTE $q$
        WITH ev AS (SELECT person_id, school_id FROM pupil_event WHERE id > $1 OR txid >= $2 OR txid = ANY ($3))
        SELECT array_agg(DISTINCT s) FROM (
          SELECT ev.school_id AS s FROM ev WHERE ev.school_id IS NOT NULL
          UNION
          SELECT e.school_id FROM (SELECT DISTINCT person_id FROM ev) p JOIN enrolment e ON e.person_id = p.person_id
        ) x $q$
        INTO v_changed USING m.event_watermark, m.refreshed_xmax, m.refreshed_xip;
      IF m.organisations IS DISTINCT FROM v_org THEN
        SELECT array_agg(s.school_id) INTO v_moved
        FROM subvention_input_school s
        JOIN organisation o ON o.id = s.school_id
        LEFT JOIN territory st ON st.id = o.territory_id
        WHERE s.as_of = p_as_of
          AND s.settlement_id IS DISTINCT FROM (CASE WHEN st.category = 'B' THEN st.parent_id ELSE st.id END);
        v_changed := ARRAY(SELECT DISTINCT unnest(coalesce(v_changed, '{}'::uuid[]) || coalesce(v_moved, '{}'::uuid[])));
      END IF;
      v_changed := coalesce(v_changed, '{}'::uuid[]);
      v_gen := m.generation;
      IF cardinality(v_changed) > 0 THEN
        v_gen := nextval('subvention_input_generation');
        DELETE FROM subvention_input_cell c WHERE c.as_of = p_as_of AND c.school_id = ANY (v_changed);
        INSERT INTO subvention_input_cell
          SELECT p_as_of, c.* FROM aikom_subvention_cells_of(p_as_of, p_class_forms, v_changed) c;
        INSERT INTO subvention_input_school AS s (as_of, school_id, settlement_id, generation, cells)
          SELECT p_as_of, o.id, CASE WHEN st.category = 'B' THEN st.parent_id ELSE st.id END, v_gen,
            coalesce(c.cells, '[]')
          FROM organisation o LEFT JOIN territory st ON st.id = o.territory_id
          LEFT JOIN aikom_subvention_input_tuples(p_as_of, v_changed) c ON c.school_id = o.id
          WHERE o.id = ANY (v_changed)
          ON CONFLICT (as_of, school_id) DO UPDATE SET settlement_id = excluded.settlement_id,
            generation = excluded.generation, cells = excluded.cells;
      END IF;
      UPDATE subvention_input i SET event_watermark = v_max, refreshed_xmin = v_xmin, refreshed_xmax = v_xmax,
        refreshed_xip = v_xip, organisations = v_org,
        generation = v_gen, refreshed_at = v_now, used_at = v_now
      WHERE i.as_of = p_as_of;
      RETURN QUERY SELECT v_gen, m.built_generation, false, cardinality(v_changed), v_max, v_org, v_ref;
      RETURN;
    END IF;

    -- Everything, read again.
    v_gen := nextval('subvention_input_generation');
    DELETE FROM subvention_input_cell c WHERE c.as_of = p_as_of;
    DELETE FROM subvention_input_school s WHERE s.as_of = p_as_of;
    INSERT INTO subvention_input_cell SELECT p_as_of, c.* FROM aikom_subvention_cells(p_as_of, p_class_forms) c;
    INSERT INTO subvention_input_school (as_of, school_id, settlement_id, generation, cells)
      SELECT p_as_of, o.id, CASE WHEN st.category = 'B' THEN st.parent_id ELSE st.id END, v_gen, c.cells
      FROM aikom_subvention_input_tuples(p_as_of, NULL) c
      JOIN organisation o ON o.id = c.school_id LEFT JOIN territory st ON st.id = o.territory_id;
    INSERT INTO subvention_input AS i (as_of, class_forms, event_watermark, refreshed_xmin, refreshed_xmax,
        refreshed_xip, organisations, reference, generation, built_generation, built_at, refreshed_at, used_at)
      VALUES (p_as_of, p_class_forms, v_max, v_xmin, v_xmax, v_xip, v_org, v_ref, v_gen, v_gen, v_now, v_now, v_now)
      ON CONFLICT (as_of) DO UPDATE SET class_forms = excluded.class_forms, event_watermark = excluded.event_watermark,
        refreshed_xmin = excluded.refreshed_xmin, refreshed_xmax = excluded.refreshed_xmax,
        refreshed_xip = excluded.refreshed_xip, organisations = excluded.organisations,
        reference = excluded.reference, generation = excluded.generation,
        built_generation = excluded.built_generation, built_at = excluded.built_at,
        refreshed_at = excluded.refreshed_at, used_at = excluded.used_at;
    -- The dates beyond the bound, least recently used first (a date another refresh holds is left for later).
    FOR m IN
      SELECT * FROM subvention_input i WHERE i.as_of <> p_as_of ORDER BY i.used_at DESC OFFSET greatest(p_keep - 1, 0)
    LOOP
      IF pg_try_advisory_xact_lock(4242013, m.as_of - date '2000-01-01') THEN
        DELETE FROM subvention_input_cell c WHERE c.as_of = m.as_of;
        DELETE FROM subvention_input_school s WHERE s.as_of = m.as_of;
        DELETE FROM subvention_input i WHERE i.as_of = m.as_of;
      END IF;
    END LOOP;
    RETURN QUERY SELECT v_gen, v_gen, true, (SELECT count(*)::integer FROM subvention_input_school s
      WHERE s.as_of = p_as_of), v_max, v_org, v_ref;
  END $f$;
REVOKE ALL ON FUNCTION aikom_subvention_inputs_sync(date, text[], text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_subvention_inputs_sync(date, text[], text, integer) TO aikom_app;

-- The materialised cells of a date, one row per school with its cells (the JSON array of subvention_input_school):
-- of every school, or of the schools changed after a generation (a school without cells comes back with an empty
-- array).
CREATE FUNCTION aikom_subvention_input_cells(p_as_of date, p_after bigint)
  RETURNS TABLE (school_id uuid, cells json)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
  AS $f$
  BEGIN
    IF p_after IS NULL THEN
      RETURN QUERY SELECT s.school_id, s.cells FROM subvention_input_school s WHERE s.as_of = p_as_of;
    ELSE
      -- Dynamic, so that a few changed schools are planned as the index range they are.
      RETURN QUERY EXECUTE $q$
        SELECT s.school_id, s.cells FROM subvention_input_school s WHERE s.as_of = $1 AND s.generation > $2 $q$
        USING p_as_of, p_after;
    END IF;
  END $f$;
REVOKE ALL ON FUNCTION aikom_subvention_input_cells(date, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_subvention_input_cells(date, bigint) TO aikom_app;

-- The materialised dates (for operators and tests): when built and refreshed, how many schools and cells.
CREATE FUNCTION aikom_subvention_inputs()
  RETURNS TABLE (as_of date, generation bigint, built_at timestamptz, refreshed_at timestamptz, used_at timestamptz,
    schools integer, cells integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT i.as_of, i.generation, i.built_at, i.refreshed_at, i.used_at,
      (SELECT count(*)::integer FROM subvention_input_school s WHERE s.as_of = i.as_of),
      (SELECT count(*)::integer FROM subvention_input_cell c WHERE c.as_of = i.as_of)
    FROM subvention_input i ORDER BY i.as_of
  $$;
REVOKE ALL ON FUNCTION aikom_subvention_inputs() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_subvention_inputs() TO aikom_app;
