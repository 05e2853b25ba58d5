-- The stored state of pupils as the platform API reads it (ExchangePupilRepository.current), as a function whose
-- plan is kept for the session. Sent as a statement, it was parsed, rewritten with the row-level security of seven
-- tables and planned on every call: ≈ 6 ms of planning for ≈ 0.5 ms of execution, and a single read of the exchange
-- API runs it once. PL/pgSQL keeps the prepared statement per connection; `plan_cache_mode = force_generic_plan`
-- keeps one generic plan (the custom plans PostgreSQL would otherwise prefer for `= ANY ($1)` cost ≈ 2.5 ms each),
-- which is the same plan for one pupil or a batch of 1 000: every join is a LATERAL index probe by the person's key.
--
-- SECURITY INVOKER: the caller's row-level security applies exactly as it did to the statement (who sees what does
-- not change). With `p_lock` the persons are locked first (FOR UPDATE, in id order, as the statement did); the read
-- that follows is a new statement, so it sees the state committed before the lock was granted.
CREATE FUNCTION aikom_exchange_current(p_ids uuid[], p_platform uuid, p_lock boolean)
  RETURNS TABLE (id uuid, last_name text, first_name text, middle_name text, sex text, birth_date date,
    citizenship text, residence_territory_code text, residence_address text, education_form text,
    special_needs boolean, instruction_language text, birth_cert_kind text, birth_cert_country text,
    identifiers_enc bytea, displacement_status text, displacement_since date, displacement_origin_code text,
    displacement_country text, contact_status text, contact_lost_since date, school_id uuid, ouo_id uuid,
    region_id uuid, quality_errors smallint, quality_warnings smallint, quality_codes text[], source text,
    version integer, created_at timestamptz, updated_at timestamptz, open_id uuid, open_school_id uuid,
    open_school_year smallint, open_grade smallint, open_class_letter text, open_entry_date date,
    open_entry_order text, open_entry_basis text, school_edrpou text, idp_certificate text, contact_note text,
    last_exit_reason text, last_spell_id uuid, external_id text)
  LANGUAGE plpgsql VOLATILE SECURITY INVOKER
  SET search_path = public SET plan_cache_mode = force_generic_plan SET jit = off
  AS $$
  #variable_conflict use_column
  BEGIN
    IF p_lock THEN
      PERFORM 1 FROM person p WHERE p.id = ANY (p_ids) ORDER BY p.id FOR UPDATE OF p;
    END IF;
    RETURN QUERY
    SELECT p.id, p.last_name, p.first_name, p.middle_name, p.sex, p.birth_date, p.citizenship,
      rt.code, p.residence_address, p.education_form, p.special_needs,
      p.instruction_language, p.birth_cert_kind, p.birth_cert_country, p.identifiers_enc, p.displacement_status,
      p.displacement_since, ot.code, p.displacement_country, p.contact_status,
      p.contact_lost_since, p.school_id, p.ouo_id, p.region_id, p.quality_errors, p.quality_warnings,
      p.quality_codes, p.source, p.version, p.created_at, p.updated_at,
      e.id, e.school_id, e.school_year, e.grade, e.class_letter, e.entry_date, e.entry_order, e.entry_basis,
      e.edrpou,
      (SELECT d.idp_certificate FROM displacement_record d WHERE d.person_id = p.id
        ORDER BY d.recorded_at DESC, d.id DESC LIMIT 1),
      (SELECT c.note FROM contact_record c WHERE c.person_id = p.id
        ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1),
      last.exit_reason, last.id,
      m.external_id
    FROM person p
      LEFT JOIN LATERAL (SELECT t.code FROM territory t WHERE t.id = p.residence_territory_id OFFSET 0) rt ON true
      LEFT JOIN LATERAL (SELECT t.code FROM territory t WHERE t.id = p.displacement_origin_id OFFSET 0) ot ON true
      LEFT JOIN LATERAL (
        SELECT o.id, o.school_id, o.school_year, o.grade, o.class_letter, o.entry_date, o.entry_order,
          o.entry_basis, (SELECT s.edrpou FROM organisation s WHERE s.id = o.school_id) AS edrpou
        FROM enrolment o WHERE o.person_id = p.id AND o.exit_date IS NULL OFFSET 0) e ON true
      LEFT JOIN LATERAL (SELECT l.id, l.exit_reason FROM enrolment l WHERE l.person_id = p.id
        ORDER BY l.entry_date DESC, l.created_at DESC, l.id DESC LIMIT 1) last ON true
      LEFT JOIN LATERAL (SELECT x.external_id FROM platform_pupil x
        WHERE x.person_id = p.id AND x.platform_id = p_platform OFFSET 0) m ON true
    WHERE p.id = ANY (p_ids);
  END
  $$;
GRANT EXECUTE ON FUNCTION aikom_exchange_current(uuid[], uuid, boolean) TO aikom_app;

-- pupil_event_txid_idx (0011) indexes what pupil_event_feed_idx (txid, id) of 0007 already leads with: every query
-- on txid can use the other, and each pupil written paid for one more index entry.
DROP INDEX IF EXISTS pupil_event_txid_idx;
