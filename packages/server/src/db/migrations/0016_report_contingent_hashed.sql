-- A school's ZNZ-1 counts its pupils by fourteen attributes (aikom_report_contingent, 0008). Measured on the
-- national preset for the largest school (3 850 pupils), two parts of the plan cost more than reading the pupils:
--
-- 1. The origin's oblast code was a join of the whole codifier (31 748 territories) into a hash table, built on
--    every call, for the few displaced pupils who have an origin. It is now looked up per pupil who has one: a
--    STRICT function is not called at all for the others.
-- 2. The planner groups the rows by sorting them on the fourteen keys, text compared by the collation; hashing them
--    costs a third of that. It estimates one group per row (it cannot know pupils share attributes), and the two
--    plans then cost nearly the same to it, so it is told to prefer hashing inside this function only.
--
-- The result is the same rows: the oblast of the origin, as the join gave it (NULL without an origin or when the
-- origin has no oblast), and the same groups.
CREATE FUNCTION aikom_territory_oblast_code(p_territory integer) RETURNS text
  LANGUAGE sql STABLE STRICT
  AS $$
    SELECT o.code FROM territory t JOIN territory o ON o.id = t.oblast_id WHERE t.id = p_territory
  $$;

CREATE OR REPLACE FUNCTION aikom_report_contingent(p_schools uuid[], p_as_of date)
  RETURNS TABLE (school_id uuid, grade smallint, class_letter text, sex text, birth_year integer,
    education_form text, instruction_language text, special_needs boolean, displacement_status text,
    origin_region text, country text, contact_status text, has_errors boolean, has_warnings boolean, n integer)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public SET enable_sort = off
  AS $$
  #variable_conflict use_column
  BEGIN
    -- PL/pgSQL rather than SQL: its query plan is kept for the session (a school's report runs this every time).
    RETURN QUERY
    SELECT e.school_id, e.grade, e.class_letter, p.sex, extract(year FROM p.birth_date)::integer,
      p.education_form, p.instruction_language, p.special_needs, p.displacement_status,
      aikom_territory_oblast_code(p.displacement_origin_id), p.displacement_country, p.contact_status,
      p.quality_errors > 0, p.quality_warnings > 0, count(*)::integer
    FROM enrolment e
    JOIN person p ON p.id = e.person_id
    WHERE e.school_id = ANY (aikom_report_schools_in_scope(p_schools))
      AND e.entry_date <= p_as_of AND (e.exit_date IS NULL OR e.exit_date >= p_as_of)
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14;
  END $$;

-- The report's other two readings of a school's spells — the movement of the period and the registry's own counts —
-- were plain statements under row-level security: planned on every call, with the policies' sub-plans, they took
-- longer to plan than to run. As definer functions like the contingent they keep their plans for the session and
-- read the spells of the schools of the caller's scope only (aikom_report_schools_in_scope), which is what the
-- policies let the report's caller see of those schools. Same rows as before (modules/reports/repository.ts).
CREATE FUNCTION aikom_report_movement(p_schools uuid[], p_year_start date, p_as_of date, p_previous_year smallint)
  RETURNS TABLE (school_id uuid, kind text, grade smallint, reason text, n integer)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
  AS $$
  #variable_conflict use_column
  BEGIN
    -- One pass over the spells of this and the previous school year; a spell may be an arrival and an exit.
    RETURN QUERY
    SELECT e.school_id, m.kind, e.grade, m.reason, count(*)::integer
    FROM enrolment e
    CROSS JOIN LATERAL (VALUES
      ('arrival', e.entry_basis, e.entry_date > p_year_start AND e.entry_date <= p_as_of),
      ('exit', e.exit_reason, e.exit_date >= p_year_start AND e.exit_date < p_as_of),
      ('yearEnd', e.exit_reason, e.school_year = p_previous_year AND e.exit_reason IS NOT NULL)
    ) AS m (kind, reason, hit)
    WHERE e.school_id = ANY (aikom_report_schools_in_scope(p_schools)) AND e.school_year >= p_previous_year AND m.hit
      -- The three conditions once more, on the spell: most spells of a school meet none of them and are dropped
      -- before the three-way expansion, which costs more per spell than the scan.
      AND ((e.entry_date > p_year_start AND e.entry_date <= p_as_of)
        OR (e.exit_date >= p_year_start AND e.exit_date < p_as_of)
        OR (e.school_year = p_previous_year AND e.exit_reason IS NOT NULL))
    GROUP BY 1, 2, 3, 4;
  END $$;
REVOKE ALL ON FUNCTION aikom_report_movement(uuid[], date, date, smallint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_report_movement(uuid[], date, date, smallint) TO aikom_app;

CREATE FUNCTION aikom_report_registry(p_schools uuid[], p_as_of date)
  RETURNS TABLE (school_id uuid, pupils integer, classes integer, last_event_id bigint)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
  AS $$
  #variable_conflict use_column
  BEGIN
    -- Spells open on the date and distinct classes; the school's last pupil event (to tell later whether its report
    -- row is out of date). Grouped by class, then counted: count(DISTINCT (grade, class_letter)) sorts row values.
    RETURN QUERY
    SELECT s.id, coalesce(r.pupils, 0)::integer, coalesce(r.classes, 0)::integer,
      coalesce((SELECT max(v.id) FROM pupil_event v WHERE v.school_id = s.id), 0)::bigint
    FROM unnest(aikom_report_schools_in_scope(p_schools)) AS s (id)
    LEFT JOIN LATERAL (
      SELECT sum(k.n) AS pupils, count(*) AS classes
      FROM (
        SELECT count(*) AS n
        FROM enrolment e
        WHERE e.school_id = s.id AND e.entry_date <= p_as_of AND (e.exit_date IS NULL OR e.exit_date >= p_as_of)
        GROUP BY e.grade, e.class_letter
      ) k
    ) r ON true;
  END $$;
REVOKE ALL ON FUNCTION aikom_report_registry(uuid[], date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_report_registry(uuid[], date) TO aikom_app;
