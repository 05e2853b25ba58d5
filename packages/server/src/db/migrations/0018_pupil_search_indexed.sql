-- The pupil search (PupilRepository.search) for wide scopes. Under row-level security PostgreSQL evaluates a query's
-- own conditions only after the policy's, unless they are leakproof: the trigram match (`<%`, pg_trgm) and LIKE are
-- not, so neither could use an index, and a region's search read every pupil of its region and matched each name
-- (a surname with a typo and a first name: 1.8 s on three cores in the national preset; 0.2–0.4 s with the indexes).
-- The function is SECURITY DEFINER so that its conditions can use the indexes, and it applies the scope itself:
-- exactly the clauses of the person policy (0003), from the same settings, so it returns exactly the pupils the
-- policy would let the caller see (a caller without a scope sees none). The open spell joined to each is the person's
-- own, which the enrolment policy lets through whenever the person is visible.
--
-- The query is built per call (EXECUTE), with only the clauses of this scope and search, and planned with their
-- values:
-- - a school, a platform's schools or an ОУО holds a few thousand pupils at most: the scope's index finds them and the
--   names are matched there (the name conditions are written so that no name index is considered);
-- - a region or the country: the name prefix (person_name_key_idx) and the trigram match (person_phonetic_idx). When
--   the prefix alone already gives a page of pupils (a common surname typed in full: ≈ 38 000 «Ткаченко» in the
--   national preset), only those are ranked: they match the typed letters exactly and rank first anyway, and the
--   trigram candidates of such a surname are hundreds of thousands.
CREATE INDEX IF NOT EXISTS person_name_key_idx ON person (name_key text_pattern_ops);

CREATE FUNCTION aikom_pupil_search(p_school uuid, p_birth date, p_bidx bytea, p_prefix text, p_phonetic text,
    p_limit integer)
  RETURNS TABLE (id uuid, last_name text, first_name text, middle_name text, sex text, birth_date date,
    grade integer, class_letter text, enrolment_id text, displacement_status text, contact_status text,
    quality_errors smallint, quality_warnings smallint, quality_codes text[], school_id uuid, version integer,
    score real)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
  AS $$
  DECLARE
    scope text[] := '{}';
    conditions text[] := '{}';
    wide boolean;
    exact bigint;
  BEGIN
    IF NOT aikom_scope_national() THEN
      IF aikom_scope_region() IS NOT NULL THEN scope := scope || 'p.region_id = $7'::text; END IF;
      IF aikom_scope_ouo() IS NOT NULL THEN scope := scope || 'p.ouo_id = $8'::text; END IF;
      IF aikom_scope_school() IS NOT NULL THEN scope := scope || 'p.school_id = $9'::text; END IF;
      IF cardinality(aikom_scope_schools()) > 0 THEN scope := scope || 'p.school_id = ANY ($10)'::text; END IF;
      IF cardinality(scope) = 0 THEN RETURN; END IF;
      conditions := conditions || ('(' || array_to_string(scope, ' OR ') || ')');
    END IF;
    IF p_school IS NOT NULL THEN conditions := conditions || 'p.school_id = $1'::text; END IF;
    IF p_birth IS NOT NULL THEN conditions := conditions || 'p.birth_date = $2'::text; END IF;
    IF p_bidx IS NOT NULL THEN
      conditions := conditions || '(p.birth_cert_bidx = $3 OR p.unzr_bidx = $3 OR p.rnokpp_bidx = $3)'::text;
    END IF;
    IF p_prefix IS NOT NULL AND p_phonetic IS NOT NULL THEN
      wide := aikom_scope_national() OR (aikom_scope_region() IS NOT NULL AND aikom_scope_ouo() IS NULL
        AND aikom_scope_school() IS NULL AND cardinality(aikom_scope_schools()) = 0);
      IF NOT wide THEN
        -- Not indexable on purpose: the scope's index is the way in.
        conditions := conditions
          || '((p.name_key || '''') LIKE $4 OR word_similarity($5, p.phonetic_key) >= $11)'::text;
      ELSE
        EXECUTE 'SELECT count(*) FROM (SELECT 1 FROM person p WHERE '
            || array_to_string(conditions || 'p.name_key LIKE $4'::text, ' AND ') || ' LIMIT $6) x'
          INTO exact
          USING p_school, p_birth, p_bidx, p_prefix, p_phonetic, p_limit, aikom_scope_region(), aikom_scope_ouo(),
            aikom_scope_school(), aikom_scope_schools();
        conditions := conditions || CASE WHEN exact >= p_limit THEN 'p.name_key LIKE $4'::text
          ELSE '(p.name_key LIKE $4 OR $5 <% p.phonetic_key)'::text END;
      END IF;
    END IF;
    RETURN QUERY EXECUTE
      'SELECT p.id, p.last_name, p.first_name, p.middle_name, p.sex, p.birth_date,
         coalesce(e.grade, 0)::integer, coalesce(e.class_letter, ''''), coalesce(e.id::text, ''''),
         p.displacement_status, p.contact_status, p.quality_errors, p.quality_warnings, p.quality_codes,
         coalesce(e.school_id, p.school_id), p.version, '
      || CASE WHEN p_phonetic IS NOT NULL THEN 'word_similarity($5, p.phonetic_key)' ELSE '1::real' END || '
       FROM person p LEFT JOIN enrolment e ON e.person_id = p.id AND e.exit_date IS NULL'
      || CASE WHEN cardinality(conditions) > 0 THEN ' WHERE ' || array_to_string(conditions, ' AND ') ELSE '' END || '
       ORDER BY 17 DESC, aikom_uk_sort(p.name_key)
       LIMIT $6'
      USING p_school, p_birth, p_bidx, p_prefix, p_phonetic, p_limit, aikom_scope_region(), aikom_scope_ouo(),
        aikom_scope_school(), aikom_scope_schools(), coalesce(current_setting('pg_trgm.word_similarity_threshold', true), '0.6')::real;
  END
  $$;
REVOKE ALL ON FUNCTION aikom_pupil_search(uuid, date, bytea, text, text, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_pupil_search(uuid, date, bytea, text, text, integer) TO aikom_app;
