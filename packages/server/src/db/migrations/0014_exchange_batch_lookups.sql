-- The batch lookups of the platform API (0007) as one index probe per record and key. Written as joins of the whole
-- probe set, they were planned against json_to_recordset's fixed estimate of 100 rows: with a few thousand pupils in
-- the registry the planner hashed the probes and scanned every person once per blind index, so each batch read the
-- whole person table four times and a load slowed down as the registry grew. A LATERAL subquery per probe can only be
-- answered through the indexes (person_*_bidx_idx, person_birth_name_idx), whatever the table's size or statistics.
-- (OFFSET 0 and MATERIALIZED keep the planner from flattening the subqueries back into joins.) JIT compilation is off for them: the
-- estimates of a large batch pass its threshold, and compiling took longer than the lookups themselves (≈ 165 ms
-- against 30 ms for 1 000 probes). Same arguments, columns and answers as before.
CREATE OR REPLACE FUNCTION aikom_exchange_matches(p_probes json)
  RETURNS TABLE (ord integer, person_id uuid, school_id uuid, school_name text, school_edrpou text, match text,
    enrolled boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public SET jit = off
  AS $$
    WITH q AS (
      SELECT j.ord, decode(j.cert, 'hex') AS cert, decode(j.unzr, 'hex') AS unzr, decode(j.rnokpp, 'hex') AS rnokpp,
        j.birth, j.name_key
      FROM json_to_recordset(p_probes) AS j(ord integer, cert text, unzr text, rnokpp text, birth date, name_key text)
    ), best AS (
      SELECT DISTINCT ON (q.ord, h.id) q.ord, h.id, h.school_id, h.rank
      FROM q CROSS JOIN LATERAL (
        SELECT p.id, p.school_id, 1 AS rank FROM person p WHERE p.birth_cert_bidx = q.cert
        UNION ALL SELECT p.id, p.school_id, 1 FROM person p WHERE p.unzr_bidx = q.unzr
        UNION ALL SELECT p.id, p.school_id, 1 FROM person p WHERE p.rnokpp_bidx = q.rnokpp
        UNION ALL SELECT p.id, p.school_id, 2 FROM person p WHERE p.birth_date = q.birth AND p.name_key = q.name_key
      ) h
      ORDER BY q.ord, h.id, h.rank
    )
    SELECT b.ord, b.id, b.school_id, o.name, o.edrpou,
      CASE WHEN b.rank = 1 THEN 'identifier' ELSE 'name_birth' END,
      EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = b.id AND e.exit_date IS NULL)
    FROM best b LEFT JOIN organisation o ON o.id = b.school_id
    ORDER BY b.ord, b.rank, b.id
  $$;

CREATE OR REPLACE FUNCTION aikom_exchange_near_matches(p_probes json)
  RETURNS TABLE (ord integer, person_id uuid, school_name text, school_edrpou text, similarity real)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public SET jit = off
  AS $$
    WITH n AS MATERIALIZED (
      SELECT q.ord, c.id, c.school_id, c.similarity
      FROM json_to_recordset(p_probes) AS q(ord integer, birth date, phonetic text, exclude uuid)
        CROSS JOIN LATERAL (
          SELECT p.id, p.school_id, similarity(p.phonetic_key, q.phonetic) AS similarity
          FROM person p
          WHERE p.birth_date = q.birth AND (q.exclude IS NULL OR p.id <> q.exclude)
            AND similarity(p.phonetic_key, q.phonetic) >= 0.55
          OFFSET 0
        ) c
    )
    SELECT n.ord, n.id, o.name, o.edrpou, n.similarity
    FROM n LEFT JOIN organisation o ON o.id = n.school_id
    ORDER BY n.ord, 5 DESC
  $$;

-- A platform's own mappings (0007), one primary-key probe per external id for the same reason.
CREATE OR REPLACE FUNCTION aikom_exchange_mappings(p_external_ids text[])
  RETURNS TABLE (external_id text, person_id uuid, school_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public SET jit = off
  AS $$
    SELECT m.external_id, m.person_id, m.school_id
    FROM unnest(p_external_ids) AS k(external_id)
      CROSS JOIN LATERAL (
        SELECT x.external_id, x.person_id, x.school_id FROM platform_pupil x
        WHERE x.platform_id = aikom_actor() AND x.external_id = k.external_id
        OFFSET 0
      ) m
  $$;
