-- The year-end transition, transfers between schools and the in-transit pool (DOMAIN.md § 4).
--
-- A transition closes every open spell of a school's year with its reason (promoted, repeated, graduated or the
-- leaver's reason) and opens the spells of the next year (entry basis promotion / repeat, enrolment.transition_id =
-- the transition): history is never overwritten. Undo deletes exactly the spells the transition created and reopens
-- exactly the spells it closed, and only until the year that ended is closed.

-- Time-ordered UUIDs (version 7, RFC 9562) made in the database, for the rows set-based statements create: new ids
-- land at the right edge of the primary key's index, as the application's uuidv7() ids do.
CREATE FUNCTION aikom_uuidv7() RETURNS uuid
  LANGUAGE sql VOLATILE PARALLEL SAFE
  AS $$
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
      substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
      52, 1), 53, 1), 'hex')::uuid
  $$;
GRANT EXECUTE ON FUNCTION aikom_uuidv7() TO aikom_app;

-- School years are opened and closed by the ministry: the request role may write them only with national scope.
ALTER TABLE school_year ENABLE ROW LEVEL SECURITY;
CREATE POLICY school_year_read ON school_year FOR SELECT USING (true);
CREATE POLICY school_year_insert ON school_year FOR INSERT WITH CHECK ((SELECT aikom_scope_national()));
CREATE POLICY school_year_update ON school_year FOR UPDATE USING ((SELECT aikom_scope_national()));
GRANT INSERT, UPDATE ON school_year TO aikom_app;

-- The records a transition looks at one by one (validation errors, lost contact) among a school's pupils: a small
-- partial index, so that planning a batch of schools does not read every pupil's record.
CREATE INDEX person_transition_flag_idx ON person (school_id) WHERE quality_errors > 0 OR contact_status = 'lost';

-- One school's transition from a school year to the next, as applied (and, if so, undone). A school has at most one
-- applied transition per year: applying twice changes nothing, and a job that resumes skips the schools done.
CREATE TABLE transition (
  id uuid PRIMARY KEY,
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  from_year smallint NOT NULL REFERENCES school_year (id),
  to_year smallint NOT NULL REFERENCES school_year (id),
  status text NOT NULL CHECK (status IN ('applied', 'undone')),
  pupils integer NOT NULL CHECK (pupils >= 0),
  promoted integer NOT NULL CHECK (promoted >= 0),
  repeated integer NOT NULL CHECK (repeated >= 0),
  graduated integer NOT NULL CHECK (graduated >= 0),
  left_school integer NOT NULL CHECK (left_school >= 0),
  -- The plan as applied: classes with their moves, the new year's classes, the warnings (counts, never names).
  summary jsonb NOT NULL DEFAULT '{}',
  -- Whether records with validation errors were moved on with a warning (a bulk run over legacy data).
  validation_errors text NOT NULL DEFAULT 'block' CHECK (validation_errors IN ('block', 'warn')),
  -- The school's order on the transfer of pupils (наказ про переведення), recorded on the new spells.
  order_number text,
  job_id uuid REFERENCES job (id),
  source text NOT NULL,
  applied_by uuid,
  applied_at timestamptz NOT NULL,
  undone_by uuid,
  undone_at timestamptz,
  CHECK (to_year = from_year + 1),
  CHECK ((status = 'undone') = (undone_at IS NOT NULL))
);
CREATE UNIQUE INDEX transition_applied_idx ON transition (school_id, from_year) WHERE status = 'applied';
CREATE INDEX transition_school_idx ON transition (school_id, applied_at);
CREATE INDEX transition_ouo_idx ON transition (ouo_id, from_year);
CREATE INDEX transition_region_idx ON transition (region_id, from_year);
CREATE INDEX transition_job_idx ON transition (job_id) WHERE job_id IS NOT NULL;

ALTER TABLE transition ENABLE ROW LEVEL SECURITY;
CREATE POLICY transition_scope ON transition USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR school_id = ANY ((SELECT aikom_scope_schools())::uuid[])
);
GRANT SELECT, INSERT, UPDATE ON transition TO aikom_app;

-- The school's exceptions before the transition, per spell of the year that ends: a pupil who repeats the grade, or
-- one who leaves at the end of the year. Working data of the plan (withdrawn by deleting the row; every change is
-- audited); kept after the transition, so that an undone transition applied again gives the same result.
CREATE TABLE transition_exception (
  enrolment_id uuid PRIMARY KEY REFERENCES enrolment (id),
  person_id uuid NOT NULL REFERENCES person (id),
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  school_year smallint NOT NULL REFERENCES school_year (id),
  kind text NOT NULL CHECK (kind IN ('repeat', 'leave')),
  basis text CHECK (basis IN ('parent_request', 'council_decision')),
  reason text CHECK (reason IN ('transfer', 'abroad', 'vocational', 'other')),
  confirmed boolean NOT NULL DEFAULT true,
  class_letter text,
  destination_school_id uuid REFERENCES organisation (id),
  destination_country text CHECK (destination_country ~ '^[A-Z]{2}$'),
  exit_date date,
  note text CHECK (length(note) <= 1000),
  set_by uuid,
  set_at timestamptz NOT NULL,
  CHECK ((kind = 'repeat') = (basis IS NOT NULL)),
  CHECK ((kind = 'leave') = (reason IS NOT NULL))
);
CREATE INDEX transition_exception_school_idx ON transition_exception (school_id, school_year);

ALTER TABLE transition_exception ENABLE ROW LEVEL SECURITY;
CREATE POLICY transition_exception_scope ON transition_exception USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR school_id = ANY ((SELECT aikom_scope_schools())::uuid[])
);
GRANT SELECT, INSERT, UPDATE, DELETE ON transition_exception TO aikom_app;

-- Spells a transition closed without opening a successor (graduates and leavers): what undo reopens besides the
-- predecessors of the spells it deletes (enrolment.previous_enrolment_id).
CREATE TABLE transition_exit (
  transition_id uuid NOT NULL REFERENCES transition (id),
  enrolment_id uuid NOT NULL REFERENCES enrolment (id),
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  PRIMARY KEY (transition_id, enrolment_id)
);

CREATE INDEX transition_exit_enrolment_idx ON transition_exit (enrolment_id);

ALTER TABLE transition_exit ENABLE ROW LEVEL SECURITY;
CREATE POLICY transition_exit_scope ON transition_exit USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR school_id = ANY ((SELECT aikom_scope_schools())::uuid[])
);
GRANT SELECT, INSERT ON transition_exit TO aikom_app;

-- Deleting a spell checks every foreign key that points at it; without an index on the referencing column each check
-- reads the whole table, and undoing a large transition would be quadratic. The successor link is also how undo finds
-- the spells it reopens.
CREATE INDEX enrolment_previous_idx ON enrolment (previous_enrolment_id) WHERE previous_enrolment_id IS NOT NULL;

-- Undo may delete spells, and only these: the ones a transition created, while that transition is being undone (its
-- status is already 'undone' in the same transaction) and its year is not closed. Every other spell stays history.
GRANT DELETE ON enrolment TO aikom_app;
CREATE POLICY enrolment_delete_undone_transition ON enrolment AS RESTRICTIVE FOR DELETE USING (
  transition_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM transition t JOIN school_year y ON y.id = t.from_year
    WHERE t.id = enrolment.transition_id AND t.status = 'undone' AND y.status <> 'closed')
);

-- The ОУО of the hromada a territory lies in: an ОУО of the territory itself (a city district's department), of its
-- parent, or of its hromada (Kyiv and Sevastopol count as hromadas: territory.hromada_id). Used where a child's
-- residence decides who follows them up.
CREATE INDEX organisation_ouo_territory_idx ON organisation (territory_id) WHERE kind = 'ouo';
CREATE FUNCTION aikom_residence_ouo(p_territory integer) RETURNS TABLE (ouo_id uuid, region_id uuid)
  LANGUAGE sql STABLE
  AS $$
    SELECT o.id, o.region_id FROM territory t
      JOIN organisation o ON o.kind = 'ouo' AND o.territory_id IN (t.id, t.parent_id, t.hromada_id)
    WHERE t.id = p_territory
    ORDER BY CASE o.territory_id WHEN t.id THEN 0 WHEN t.parent_id THEN 1 ELSE 2 END, o.id
    LIMIT 1
  $$;

-- A transfer between schools: the hand-over record. Created when the leaving school names the receiving school
-- (status pending, shown to that school as an expected arrival) or, when it did not, by the arrival itself; it ends
-- arrived (both spells linked), or cancelled when the child arrives elsewhere. It carries no names — both sides, and
-- the authorities above each, see that a transfer happened; only the receiving school learns whom it concerns, through
-- aikom_pending_arrivals, and sees the record itself once it has enrolled the pupil.
CREATE TABLE pupil_transfer (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES person (id),
  from_enrolment_id uuid NOT NULL REFERENCES enrolment (id),
  from_school_id uuid NOT NULL REFERENCES organisation (id),
  from_ouo_id uuid NOT NULL REFERENCES organisation (id),
  from_region_id uuid NOT NULL REFERENCES organisation (id),
  from_territory_id integer REFERENCES territory (id),
  exit_date date NOT NULL,
  exit_reason text NOT NULL,
  to_school_id uuid REFERENCES organisation (id),
  to_ouo_id uuid REFERENCES organisation (id),
  to_region_id uuid REFERENCES organisation (id),
  to_territory_id integer REFERENCES territory (id),
  status text NOT NULL CHECK (status IN ('pending', 'arrived', 'cancelled')),
  to_enrolment_id uuid REFERENCES enrolment (id),
  arrived_on date,
  transition_id uuid REFERENCES transition (id),
  source text NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (status = 'cancelled' OR to_school_id IS NOT NULL),
  CHECK ((status = 'arrived') = (to_enrolment_id IS NOT NULL AND arrived_on IS NOT NULL))
);
CREATE UNIQUE INDEX pupil_transfer_pending_idx ON pupil_transfer (from_enrolment_id) WHERE status = 'pending';
CREATE INDEX pupil_transfer_person_idx ON pupil_transfer (person_id);
CREATE INDEX pupil_transfer_from_enrolment_idx ON pupil_transfer (from_enrolment_id);
CREATE INDEX pupil_transfer_to_enrolment_idx ON pupil_transfer (to_enrolment_id) WHERE to_enrolment_id IS NOT NULL;
CREATE INDEX pupil_transfer_to_school_idx ON pupil_transfer (to_school_id, status);
CREATE INDEX pupil_transfer_from_school_idx ON pupil_transfer (from_school_id, status);
CREATE INDEX pupil_transfer_arrived_idx ON pupil_transfer (arrived_on) WHERE status = 'arrived';
CREATE INDEX pupil_transfer_from_ouo_idx ON pupil_transfer (from_ouo_id, arrived_on);
CREATE INDEX pupil_transfer_to_ouo_idx ON pupil_transfer (to_ouo_id, arrived_on);
CREATE INDEX pupil_transfer_from_region_idx ON pupil_transfer (from_region_id, arrived_on);
CREATE INDEX pupil_transfer_to_region_idx ON pupil_transfer (to_region_id, arrived_on);
CREATE INDEX pupil_transfer_transition_idx ON pupil_transfer (transition_id) WHERE transition_id IS NOT NULL;

ALTER TABLE pupil_transfer ENABLE ROW LEVEL SECURITY;
CREATE POLICY pupil_transfer_scope ON pupil_transfer USING (
  (SELECT aikom_scope_national())
  OR from_region_id = (SELECT aikom_scope_region()) OR to_region_id = (SELECT aikom_scope_region())
  OR from_ouo_id = (SELECT aikom_scope_ouo()) OR to_ouo_id = (SELECT aikom_scope_ouo())
  OR from_school_id = (SELECT aikom_scope_school()) OR to_school_id = (SELECT aikom_scope_school())
  OR from_school_id = ANY ((SELECT aikom_scope_schools())::uuid[]) OR to_school_id = ANY ((SELECT aikom_scope_schools())::uuid[])
);
-- Pending transfers a transition created are deleted with it, and only those (see the enrolment policy above).
CREATE POLICY pupil_transfer_delete_undone_transition ON pupil_transfer AS RESTRICTIVE FOR DELETE USING (
  status = 'pending' AND transition_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM transition t WHERE t.id = pupil_transfer.transition_id AND t.status = 'undone')
);
GRANT SELECT, INSERT, UPDATE, DELETE ON pupil_transfer TO aikom_app;

-- Exits after which the child must still be at school somewhere (transfer, other, or finishing a school that ends
-- before grade 11 — packages/domain/src/rollover/exits.ts), with the ОУО of the child's residence fixed at the exit:
-- the index of the in-transit pool. A trigger writes it for every such exit, whichever path closed the spell (the
-- portal, a platform, the transition), so none is missed; reopening the spell (undo) removes it. Whether a child is
-- in the pool is decided at query time from the spells (aikom_transit_pool), never by a periodic job.
CREATE TABLE transit_exit (
  enrolment_id uuid PRIMARY KEY REFERENCES enrolment (id),
  person_id uuid NOT NULL REFERENCES person (id),
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  residence_territory_id integer REFERENCES territory (id),
  residence_ouo_id uuid REFERENCES organisation (id),
  residence_region_id uuid REFERENCES organisation (id),
  grade smallint NOT NULL,
  exit_date date NOT NULL,
  exit_reason text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX transit_exit_school_idx ON transit_exit (school_id, exit_date);
CREATE INDEX transit_exit_ouo_idx ON transit_exit (ouo_id, exit_date);
CREATE INDEX transit_exit_region_idx ON transit_exit (region_id, exit_date);
CREATE INDEX transit_exit_residence_ouo_idx ON transit_exit (residence_ouo_id, exit_date);
CREATE INDEX transit_exit_residence_region_idx ON transit_exit (residence_region_id, exit_date);
CREATE INDEX transit_exit_date_idx ON transit_exit (exit_date);
CREATE INDEX transit_exit_person_idx ON transit_exit (person_id);

ALTER TABLE transit_exit ENABLE ROW LEVEL SECURITY;
CREATE POLICY transit_exit_scope ON transit_exit FOR SELECT USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region()) OR residence_region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo()) OR residence_ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR school_id = ANY ((SELECT aikom_scope_schools())::uuid[])
);
GRANT SELECT ON transit_exit TO aikom_app;

CREATE FUNCTION aikom_transit_exit_track() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
  BEGIN
    IF NEW.exit_date IS NULL THEN
      DELETE FROM transit_exit WHERE enrolment_id = NEW.id;
    ELSE
      INSERT INTO transit_exit (enrolment_id, person_id, school_id, ouo_id, region_id, residence_territory_id,
          residence_ouo_id, residence_region_id, grade, exit_date, exit_reason)
        SELECT NEW.id, NEW.person_id, NEW.school_id, NEW.ouo_id, NEW.region_id, p.residence_territory_id,
          coalesce(r.ouo_id, NEW.ouo_id), coalesce(r.region_id, NEW.region_id), NEW.grade, NEW.exit_date,
          NEW.exit_reason
        FROM person p LEFT JOIN LATERAL aikom_residence_ouo(p.residence_territory_id) r ON true
        WHERE p.id = NEW.person_id
      ON CONFLICT (enrolment_id) DO UPDATE SET exit_date = excluded.exit_date, exit_reason = excluded.exit_reason;
    END IF;
    RETURN NULL;
  END $$;
CREATE TRIGGER enrolment_transit_exit AFTER UPDATE OF exit_date, exit_reason ON enrolment
  FOR EACH ROW
  WHEN ((NEW.exit_date IS NULL AND OLD.exit_date IS NOT NULL)
    OR (NEW.exit_date IS NOT NULL AND (NEW.exit_reason IN ('transfer', 'other')
      OR (NEW.exit_reason = 'graduated' AND NEW.grade < 11))))
  EXECUTE FUNCTION aikom_transit_exit_track();

-- Follow-up of an in-transit case, as dated history: notes, the closing (with its reason) and a reopening. Visible to
-- the school the child left and to the ОУО of the child's residence (and the authorities above them).
CREATE TABLE transit_case_event (
  id uuid PRIMARY KEY,
  enrolment_id uuid NOT NULL REFERENCES transit_exit (enrolment_id),
  person_id uuid NOT NULL REFERENCES person (id),
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  residence_ouo_id uuid REFERENCES organisation (id),
  residence_region_id uuid REFERENCES organisation (id),
  kind text NOT NULL CHECK (kind IN ('note', 'closed', 'reopened')),
  reason text CHECK (reason IN ('abroad_confirmed', 'vocational_confirmed', 'enrolled_unregistered', 'deceased',
    'duplicate_record', 'other')),
  note text CHECK (length(note) <= 2000),
  at timestamptz NOT NULL,
  by_user uuid,
  by_organisation uuid,
  CHECK ((kind = 'closed') = (reason IS NOT NULL))
);
CREATE INDEX transit_case_event_exit_idx ON transit_case_event (enrolment_id, at);

ALTER TABLE transit_case_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY transit_case_event_scope ON transit_case_event USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region()) OR residence_region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo()) OR residence_ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR school_id = ANY ((SELECT aikom_scope_schools())::uuid[])
);
GRANT SELECT, INSERT ON transit_case_event TO aikom_app;

-- The in-transit pool: exits (transit_exit) after which the child has no open spell and no later spell, the exit at
-- least N school days ago (p_cutoff, computed by the application: packages/domain/src/rollover/school-days.ts), with
-- the case's state. Rows are limited to the caller's scope — the school left, or the ОУО of residence, or above —
-- and carry what follow-up needs: the child's name and birth date, the grade, the exit and where to. The ОУО of
-- residence may see these although the record belongs to a school outside its scope: finding a child who dropped
-- out of school is its duty. p_state: 'open' (in the pool), 'closed' (closed cases), 'waiting' (left recently, the N
-- days not yet over), 'any' (one case by p_enrolment, whatever its state).
CREATE FUNCTION aikom_transit_pool(p_cutoff date, p_state text, p_school uuid, p_ouo uuid, p_region uuid,
    p_enrolment uuid, p_after_date date, p_after_id uuid, p_limit integer)
  RETURNS TABLE (enrolment_id uuid, person_id uuid, last_name text, first_name text, middle_name text, sex text,
    birth_date date, grade smallint, class_letter text, exit_date date, exit_reason text,
    destination_school_id uuid, destination_school_name text, destination_school_edrpou text,
    destination_country text, school_id uuid, school_name text, school_edrpou text, ouo_id uuid,
    residence_ouo_id uuid, residence_ouo_name text, residence_territory_code text, residence_territory_name text,
    case_status text, case_reason text, case_at timestamptz, notes integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT x.enrolment_id, x.person_id, p.last_name, p.first_name, p.middle_name, p.sex, p.birth_date, x.grade,
      e.class_letter, x.exit_date, x.exit_reason, e.exit_destination_school_id, d.name, d.edrpou,
      e.exit_destination_country, x.school_id, s.name, s.edrpou, x.ouo_id, x.residence_ouo_id, ro.name, rt.code,
      rt.name, coalesce(c.kind, 'open'), c.reason, c.at,
      (SELECT count(*)::int FROM transit_case_event n WHERE n.enrolment_id = x.enrolment_id AND n.kind = 'note')
    FROM transit_exit x
    JOIN enrolment e ON e.id = x.enrolment_id
    JOIN person p ON p.id = x.person_id
    JOIN organisation s ON s.id = x.school_id
    LEFT JOIN organisation d ON d.id = e.exit_destination_school_id
    LEFT JOIN organisation ro ON ro.id = x.residence_ouo_id
    LEFT JOIN territory rt ON rt.id = x.residence_territory_id
    LEFT JOIN LATERAL (
      SELECT ce.kind, ce.reason, ce.at FROM transit_case_event ce
      WHERE ce.enrolment_id = x.enrolment_id AND ce.kind IN ('closed', 'reopened')
      ORDER BY ce.at DESC, ce.id DESC LIMIT 1) c ON true
    WHERE (aikom_scope_national()
        OR x.region_id = aikom_scope_region() OR x.residence_region_id = aikom_scope_region()
        OR x.ouo_id = aikom_scope_ouo() OR x.residence_ouo_id = aikom_scope_ouo()
        OR x.school_id = aikom_scope_school() OR x.school_id = ANY ((SELECT aikom_scope_schools())::uuid[]))
      AND (p_school IS NULL OR x.school_id = p_school)
      AND (p_ouo IS NULL OR x.ouo_id = p_ouo OR x.residence_ouo_id = p_ouo)
      AND (p_region IS NULL OR x.region_id = p_region OR x.residence_region_id = p_region)
      AND (p_enrolment IS NULL OR x.enrolment_id = p_enrolment)
      AND NOT EXISTS (SELECT 1 FROM enrolment o WHERE o.person_id = x.person_id AND o.exit_date IS NULL)
      AND NOT EXISTS (SELECT 1 FROM enrolment l
        WHERE l.person_id = x.person_id AND l.id <> x.enrolment_id AND l.entry_date >= x.exit_date)
      AND CASE p_state
        WHEN 'open' THEN x.exit_date <= p_cutoff AND coalesce(c.kind, 'open') <> 'closed'
        WHEN 'closed' THEN c.kind = 'closed'
        WHEN 'waiting' THEN x.exit_date > p_cutoff AND coalesce(c.kind, 'open') <> 'closed'
        WHEN 'any' THEN true
        ELSE false END
      AND (p_after_date IS NULL OR (x.exit_date, x.enrolment_id) > (p_after_date, p_after_id))
    ORDER BY x.exit_date, x.enrolment_id
    LIMIT p_limit
  $$;
REVOKE ALL ON FUNCTION aikom_transit_pool(date, text, uuid, uuid, uuid, uuid, date, uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_transit_pool(date, text, uuid, uuid, uuid, uuid, date, uuid, integer) TO aikom_app;

-- Expected arrivals of a school: pending transfers naming it, with what the school needs to recognise the child when
-- the parents come (name, birth date, grade and class, the school left) and nothing more — no identifiers, no
-- address, no history. Answered only for a school in the caller's scope.
CREATE FUNCTION aikom_pending_arrivals(p_school uuid)
  RETURNS TABLE (transfer_id uuid, person_id uuid, last_name text, first_name text, middle_name text, sex text,
    birth_date date, grade smallint, class_letter text, exit_date date, exit_reason text, from_school_id uuid,
    from_school_name text, from_school_edrpou text, has_identifiers boolean, created_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT t.id, t.person_id, p.last_name, p.first_name, p.middle_name, p.sex, p.birth_date, e.grade, e.class_letter,
      t.exit_date, t.exit_reason, t.from_school_id, s.name, s.edrpou,
      (p.birth_cert_bidx IS NOT NULL OR p.unzr_bidx IS NOT NULL OR p.rnokpp_bidx IS NOT NULL), t.created_at
    FROM pupil_transfer t
    JOIN person p ON p.id = t.person_id
    JOIN enrolment e ON e.id = t.from_enrolment_id
    JOIN organisation s ON s.id = t.from_school_id
    WHERE t.to_school_id = p_school AND t.status = 'pending'
      AND (aikom_scope_national() OR t.to_region_id = aikom_scope_region() OR t.to_ouo_id = aikom_scope_ouo()
        OR t.to_school_id = aikom_scope_school() OR t.to_school_id = ANY ((SELECT aikom_scope_schools())::uuid[]))
      AND NOT EXISTS (SELECT 1 FROM enrolment o WHERE o.person_id = t.person_id AND o.exit_date IS NULL)
    ORDER BY t.exit_date, t.id
  $$;
REVOKE ALL ON FUNCTION aikom_pending_arrivals(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_pending_arrivals(uuid) TO aikom_app;

-- A school that holds the child's documents looks for the child among pupils who left a school and are enrolled
-- nowhere: by an identifier (blind index), or — for a record without identifiers — by name and birth date, exactly.
-- The answer is what confirms the match (name, birth date, the last school, grade and exit), nothing more.
CREATE FUNCTION aikom_arrival_candidates(p_bidx bytea, p_birth_date date, p_name_key text)
  RETURNS TABLE (person_id uuid, last_name text, first_name text, middle_name text, sex text, birth_date date,
    school_id uuid, school_name text, school_edrpou text, grade smallint, class_letter text, exit_date date,
    exit_reason text, match text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT p.id, p.last_name, p.first_name, p.middle_name, p.sex, p.birth_date, e.school_id, s.name, s.edrpou,
      e.grade, e.class_letter, e.exit_date, e.exit_reason,
      CASE WHEN p.birth_cert_bidx = p_bidx OR p.unzr_bidx = p_bidx OR p.rnokpp_bidx = p_bidx
        THEN 'identifier' ELSE 'name_birth' END
    FROM person p
    JOIN LATERAL (SELECT * FROM enrolment l WHERE l.person_id = p.id
      ORDER BY l.entry_date DESC, l.created_at DESC LIMIT 1) e ON true
    JOIN organisation s ON s.id = e.school_id
    WHERE ((p_bidx IS NOT NULL AND (p.birth_cert_bidx = p_bidx OR p.unzr_bidx = p_bidx OR p.rnokpp_bidx = p_bidx))
        OR (p_birth_date IS NOT NULL AND p.birth_date = p_birth_date AND p.name_key = p_name_key
          AND p.birth_cert_bidx IS NULL AND p.unzr_bidx IS NULL AND p.rnokpp_bidx IS NULL))
      AND e.exit_date IS NOT NULL
      AND e.exit_reason NOT IN ('deceased')
    ORDER BY p.id
    LIMIT 5
  $$;
REVOKE ALL ON FUNCTION aikom_arrival_candidates(bytea, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_arrival_candidates(bytea, date, text) TO aikom_app;

-- The hand-over: the receiving school takes over the record of a child enrolled nowhere. Allowed when the leaving
-- school named this school (a pending transfer), or when the caller proves it holds the child's documents (an
-- identifier of the record; name and birth date only for a record without identifiers). The record's scope moves to
-- the receiving school (so that it, and no longer the school left, sees the record); other pending transfers of the
-- child are cancelled. Returns the spell the new one follows, for the link (enrolment.previous_enrolment_id); the
-- caller then opens the new spell in the same transaction.
CREATE FUNCTION aikom_transfer_hand_over(p_person uuid, p_school uuid, p_transfer uuid, p_bidx bytea,
    p_birth_date date, p_name_key text, p_now timestamptz)
  RETURNS TABLE (previous_enrolment_id uuid, previous_exit_date date, previous_exit_reason text, transfer_id uuid,
    outcome text)
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
  DECLARE
    s organisation;
    p person;
    last enrolment;
    t pupil_transfer;
    proven boolean;
  BEGIN
    SELECT * INTO s FROM organisation WHERE id = p_school AND kind = 'school';
    IF s.id IS NULL OR NOT (aikom_scope_national() OR s.region_id = aikom_scope_region()
        OR s.ouo_id = aikom_scope_ouo() OR s.id = aikom_scope_school() OR s.id = ANY ((SELECT aikom_scope_schools())::uuid[])) THEN
      RETURN QUERY SELECT NULL::uuid, NULL::date, NULL::text, NULL::uuid, 'school'::text;
      RETURN;
    END IF;
    SELECT * INTO p FROM person WHERE id = p_person FOR UPDATE;
    IF p.id IS NULL THEN
      RETURN QUERY SELECT NULL::uuid, NULL::date, NULL::text, NULL::uuid, 'not_found'::text;
      RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM enrolment WHERE person_id = p_person AND exit_date IS NULL) THEN
      RETURN QUERY SELECT NULL::uuid, NULL::date, NULL::text, NULL::uuid, 'enrolled'::text;
      RETURN;
    END IF;
    IF p_transfer IS NOT NULL THEN
      SELECT * INTO t FROM pupil_transfer
        WHERE id = p_transfer AND person_id = p_person AND to_school_id = p_school AND status = 'pending' FOR UPDATE;
      IF t.id IS NULL THEN
        RETURN QUERY SELECT NULL::uuid, NULL::date, NULL::text, NULL::uuid, 'no_transfer'::text;
        RETURN;
      END IF;
    ELSE
      -- Comparisons with NULL are NULL: each is made false explicitly, so that a missing value never proves a match.
      proven := coalesce(p.birth_cert_bidx = p_bidx, false) OR coalesce(p.unzr_bidx = p_bidx, false)
        OR coalesce(p.rnokpp_bidx = p_bidx, false)
        OR (p.birth_cert_bidx IS NULL AND p.unzr_bidx IS NULL AND p.rnokpp_bidx IS NULL
          AND coalesce(p.birth_date = p_birth_date, false) AND coalesce(p.name_key = p_name_key, false));
      IF NOT proven THEN
        RETURN QUERY SELECT NULL::uuid, NULL::date, NULL::text, NULL::uuid, 'mismatch'::text;
        RETURN;
      END IF;
    END IF;
    SELECT * INTO last FROM enrolment WHERE person_id = p_person ORDER BY entry_date DESC, created_at DESC LIMIT 1;
    UPDATE person SET school_id = s.id, ouo_id = s.ouo_id, region_id = s.region_id, version = version + 1,
      updated_at = p_now WHERE id = p_person;
    UPDATE pupil_transfer SET status = 'cancelled', updated_at = p_now
      WHERE person_id = p_person AND status = 'pending' AND id IS DISTINCT FROM t.id;
    RETURN QUERY SELECT last.id, last.exit_date, last.exit_reason, t.id, 'ok'::text;
  END $$;
REVOKE ALL ON FUNCTION aikom_transfer_hand_over(uuid, uuid, uuid, bytea, date, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_transfer_hand_over(uuid, uuid, uuid, bytea, date, text, timestamptz) TO aikom_app;

-- Pupils who left for abroad, by exit date (the migration report).
CREATE INDEX enrolment_exit_abroad_idx ON enrolment (exit_date) WHERE exit_reason = 'abroad';

-- The place of a receiving school in the cascade (its id, ОУО, region and territory): public facts of the register of
-- institutions, needed to hand a transfer over to a school outside the leaving school's scope.
CREATE FUNCTION aikom_school_target(p_id uuid)
  RETURNS TABLE (id uuid, ouo_id uuid, region_id uuid, territory_id integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT id, ouo_id, region_id, territory_id FROM organisation WHERE kind = 'school' AND id = p_id $$;
REVOKE ALL ON FUNCTION aikom_school_target(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_school_target(uuid) TO aikom_app;

-- What undoing a transition would lose, counted across scopes (a graduate may since be enrolled at a school the
-- leaving school cannot see): spells it opened that have changed since, pupils it let go who are enrolled again, and
-- follow-up recorded on them. Answered only for a transition in the caller's scope; counts, never records.
CREATE FUNCTION aikom_transition_undo_conflicts(p_transition uuid)
  RETURNS TABLE (changed_spells integer, enrolled_elsewhere integer, case_events integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT
      (SELECT count(*)::int FROM enrolment n WHERE n.transition_id = t.id AND n.exit_date IS NOT NULL),
      (SELECT count(*)::int FROM transition_exit x JOIN enrolment o ON o.id = x.enrolment_id
        WHERE x.transition_id = t.id AND EXISTS (SELECT 1 FROM enrolment l
          WHERE l.person_id = o.person_id AND l.id <> o.id AND (l.exit_date IS NULL OR l.entry_date >= o.exit_date))),
      (SELECT count(*)::int FROM transit_case_event c JOIN transition_exit x ON x.enrolment_id = c.enrolment_id
        WHERE x.transition_id = t.id)
    FROM transition t
    WHERE t.id = p_transition
      AND (aikom_scope_national() OR t.region_id = aikom_scope_region() OR t.ouo_id = aikom_scope_ouo()
        OR t.school_id = aikom_scope_school() OR t.school_id = ANY ((SELECT aikom_scope_schools())::uuid[]))
  $$;
REVOKE ALL ON FUNCTION aikom_transition_undo_conflicts(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_transition_undo_conflicts(uuid) TO aikom_app;
