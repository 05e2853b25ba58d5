-- Verification against state registries: extracts imported as versioned snapshots with provenance, record linkage
-- with the pupil registry (links, the review queue, reviewers' decisions as an append-only log), and the cases of
-- potentially missing children assigned to the ОУО of the child's residence, with their history.
--
-- Registry extracts and cases are personal data of children. Only the ministry's verification officer
-- (ministry_verifier) sees the extracts and the linkage; a case is seen by the verification officer and by the case
-- workers (ouo_admin, ouo_specialist) of the ОУО it is handed to. These policies read the actor's role and
-- organisation from app_user themselves: the other national roles (ministry_admin, ministry_analyst) have the same
-- national scope setting, and must not see these tables.

CREATE FUNCTION aikom_is_verifier() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT coalesce((SELECT u.role = 'ministry_verifier' AND u.status = 'active'
      FROM app_user u WHERE u.id = aikom_actor()), false)
  $$;
REVOKE ALL ON FUNCTION aikom_is_verifier() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_is_verifier() TO aikom_app;

-- The ОУО whose cases the actor works, when the actor is an active ОУО administrator or specialist.
CREATE FUNCTION aikom_case_worker_ouo() RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT u.organisation_id FROM app_user u
    WHERE u.id = aikom_actor() AND u.status = 'active' AND u.role IN ('ouo_admin', 'ouo_specialist')
  $$;
REVOKE ALL ON FUNCTION aikom_case_worker_ouo() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_case_worker_ouo() TO aikom_app;

-- One version of one extract. Versions of a kind are numbered 1, 2, …; a new version never replaces an old one.
CREATE TABLE registry_snapshot (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('births', 'deaths', 'idp', 'border', 'sought')),
  version integer NOT NULL CHECK (version > 0),
  -- The registry and its holder, and the adapter that brought the extract (csv file today, trembita later).
  source text NOT NULL,
  adapter text NOT NULL,
  -- The date the extract describes.
  as_of date NOT NULL,
  -- Where it came from: file name, size, SHA-256, encoding and delimiter, or the exchange's request reference.
  provenance jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'importing' CHECK (status IN ('importing', 'imported', 'failed')),
  rows_total integer NOT NULL DEFAULT 0,
  rows_imported integer NOT NULL DEFAULT 0,
  rows_rejected integer NOT NULL DEFAULT 0,
  -- The first rejected rows: [{row, errors: [codes]}] (codes, never values).
  rejected jsonb NOT NULL DEFAULT '[]',
  -- Normalisation notes by code, with counts ({"LAST_NAME_LATIN_LOOKALIKE": 12, …}).
  notes jsonb NOT NULL DEFAULT '{}',
  error jsonb,
  job_id uuid,
  imported_by uuid REFERENCES app_user (id),
  imported_via text NOT NULL DEFAULT 'portal' CHECK (imported_via IN ('portal', 'cli', 'exchange')),
  created_at timestamptz NOT NULL DEFAULT now(),
  imported_at timestamptz,
  UNIQUE (kind, version)
);

-- An uploaded file between the upload and its import job (sealed like identifiers; deleted by the job).
CREATE TABLE registry_extract_file (
  snapshot_id uuid PRIMARY KEY REFERENCES registry_snapshot (id) ON DELETE CASCADE,
  content bytea NOT NULL
);

-- One record of a snapshot. Names are kept as read (canonical Cyrillic, or Latin for border crossings); identifiers
-- only as blind indexes (HMAC of the normalised value) and one sealed copy (AES-256-GCM, AAD = snapshot and row).
CREATE TABLE registry_record (
  snapshot_id uuid NOT NULL REFERENCES registry_snapshot (id) ON DELETE CASCADE,
  record_no integer NOT NULL CHECK (record_no > 0),
  source_record_id text NOT NULL,
  last_name text NOT NULL,
  first_name text NOT NULL,
  middle_name text,
  script text NOT NULL CHECK (script IN ('cyrillic', 'latin')),
  sex text CHECK (sex IN ('male', 'female')),
  birth_date date,
  residence_territory_id integer REFERENCES territory (id),
  -- Death date, crossing date, IDP registration date, date sought since.
  event_date date,
  -- Facts of the source that are no identifiers (direction and country of a crossing, status of a sought child).
  details jsonb NOT NULL DEFAULT '{}',
  identifiers_enc bytea,
  birth_cert_bidx bytea,
  unzr_bidx bytea,
  rnokpp_bidx bytea,
  notes text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (snapshot_id, record_no)
);
CREATE INDEX registry_record_source_idx ON registry_record (snapshot_id, source_record_id);

-- One linkage of a snapshot with a target: the pupil registry, or the births snapshot (for the other kinds).
CREATE TABLE registry_link_run (
  id uuid PRIMARY KEY,
  snapshot_id uuid NOT NULL REFERENCES registry_snapshot (id),
  target text NOT NULL CHECK (target IN ('registry', 'births')),
  target_snapshot_id uuid REFERENCES registry_snapshot (id),
  status text NOT NULL DEFAULT 'done' CHECK (status IN ('done', 'superseded')),
  -- Thresholds and seed; the estimated model (m, u, λ); counts and timings.
  params jsonb NOT NULL DEFAULT '{}',
  model jsonb NOT NULL DEFAULT '{}',
  stats jsonb NOT NULL DEFAULT '{}',
  job_id uuid,
  created_by uuid REFERENCES app_user (id),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  CHECK ((target = 'births') = (target_snapshot_id IS NOT NULL))
);
CREATE INDEX registry_link_run_snapshot_idx ON registry_link_run (snapshot_id, target, status);

-- The best pair of each target record (a pupil, or a births record) in a run, when it is linked or in review.
-- `model_status` is what the model said; `status` is what stands after reviewers' decisions.
CREATE TABLE registry_link (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id uuid NOT NULL REFERENCES registry_link_run (id) ON DELETE CASCADE,
  record_no integer NOT NULL,
  person_id uuid REFERENCES person (id),
  target_record_no integer,
  model_status text NOT NULL CHECK (model_status IN ('linked', 'review')),
  status text NOT NULL CHECK (status IN ('linked', 'review', 'rejected')),
  method text NOT NULL CHECK (method IN ('identifier', 'probabilistic', 'decision')),
  probability real NOT NULL,
  weight real NOT NULL,
  pattern integer NOT NULL,
  ambiguous boolean NOT NULL DEFAULT false,
  CHECK ((person_id IS NULL) <> (target_record_no IS NULL))
);
CREATE INDEX registry_link_run_status_idx ON registry_link (run_id, status, id);
CREATE INDEX registry_link_record_idx ON registry_link (run_id, record_no);
CREATE INDEX registry_link_person_idx ON registry_link (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX registry_link_target_idx ON registry_link (run_id, target_record_no) WHERE target_record_no IS NOT NULL;

-- Reviewers' decisions on pairs, as an append-only log keyed by the records' stable ids (the source's record id and
-- the person, or the births record's source id), so that a decision applies to later versions of the extract too.
-- The latest entry for a pair stands; `withdrawn` gives the pair back to the model (a decision is reversible).
CREATE TABLE registry_link_decision (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('births', 'deaths', 'idp', 'border', 'sought')),
  source_record_id text NOT NULL,
  target text NOT NULL CHECK (target IN ('registry', 'births')),
  target_key text NOT NULL,
  decision text NOT NULL CHECK (decision IN ('match', 'non_match', 'withdrawn')),
  note text,
  link_id bigint,
  decided_by uuid REFERENCES app_user (id),
  decided_at timestamptz NOT NULL
);
CREATE INDEX registry_link_decision_pair_idx
  ON registry_link_decision (kind, target, source_record_id, target_key, decided_at);

-- One detection of potentially missing children: its parameters (school year, N days) and what it found.
CREATE TABLE verification_detection (
  id uuid PRIMARY KEY,
  params jsonb NOT NULL DEFAULT '{}',
  stats jsonb NOT NULL DEFAULT '{}',
  job_id uuid,
  created_by uuid REFERENCES app_user (id),
  started_at timestamptz NOT NULL,
  finished_at timestamptz
);

-- A potentially missing child. The subject is the pupil (`person:<id>`) or the births record (`births:<source id>`);
-- names and the birth date are copied so that the ОУО can look for the child without access to the extracts.
CREATE TABLE verification_case (
  id uuid PRIMARY KEY,
  number bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  subject_key text NOT NULL,
  person_id uuid REFERENCES person (id),
  last_name text NOT NULL,
  first_name text NOT NULL,
  middle_name text,
  sex text CHECK (sex IN ('male', 'female')),
  birth_date date,
  residence_territory_id integer REFERENCES territory (id),
  identifiers_enc bytea,
  reasons text[] NOT NULL CHECK (cardinality(reasons) > 0),
  evidence jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_work', 'found_enrolled', 'abroad', 'deceased',
    'not_found', 'escalated')),
  region_id uuid REFERENCES organisation (id),
  assigned_ouo_id uuid REFERENCES organisation (id),
  -- The ОУО sees the case from the moment the verification officer hands it over.
  handed_over_at timestamptz,
  detection_id uuid REFERENCES verification_detection (id),
  opened_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz,
  last_detected_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (handed_over_at IS NULL OR assigned_ouo_id IS NOT NULL)
);
-- One open case per child.
CREATE UNIQUE INDEX verification_case_open_subject_idx ON verification_case (subject_key)
  WHERE status IN ('new', 'in_work', 'not_found');
CREATE INDEX verification_case_subject_idx ON verification_case (subject_key, opened_at);
CREATE INDEX verification_case_ouo_idx ON verification_case (assigned_ouo_id, status, number);
CREATE INDEX verification_case_region_idx ON verification_case (region_id, status);
CREATE INDEX verification_case_status_idx ON verification_case (status, number);

-- The history of a case: opened, re-detected, handed over, moved, noted. Never rewritten.
CREATE TABLE verification_case_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES verification_case (id),
  at timestamptz NOT NULL,
  actor_user_id uuid REFERENCES app_user (id),
  kind text NOT NULL CHECK (kind IN ('opened', 'detected', 'handed_over', 'status', 'note')),
  from_status text,
  to_status text,
  note text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX verification_case_event_case_idx ON verification_case_event (case_id, id);

ALTER TABLE registry_snapshot ENABLE ROW LEVEL SECURITY;
ALTER TABLE registry_extract_file ENABLE ROW LEVEL SECURITY;
ALTER TABLE registry_record ENABLE ROW LEVEL SECURITY;
ALTER TABLE registry_link_run ENABLE ROW LEVEL SECURITY;
ALTER TABLE registry_link ENABLE ROW LEVEL SECURITY;
ALTER TABLE registry_link_decision ENABLE ROW LEVEL SECURITY;
ALTER TABLE verification_detection ENABLE ROW LEVEL SECURITY;
ALTER TABLE verification_case ENABLE ROW LEVEL SECURITY;
ALTER TABLE verification_case_event ENABLE ROW LEVEL SECURITY;

CREATE POLICY registry_snapshot_verifier ON registry_snapshot USING ((SELECT aikom_is_verifier()));
CREATE POLICY registry_extract_file_verifier ON registry_extract_file USING ((SELECT aikom_is_verifier()));
CREATE POLICY registry_record_verifier ON registry_record USING ((SELECT aikom_is_verifier()));
CREATE POLICY registry_link_run_verifier ON registry_link_run USING ((SELECT aikom_is_verifier()));
CREATE POLICY registry_link_verifier ON registry_link USING ((SELECT aikom_is_verifier()));
CREATE POLICY registry_link_decision_verifier ON registry_link_decision USING ((SELECT aikom_is_verifier()));
CREATE POLICY verification_detection_verifier ON verification_detection USING ((SELECT aikom_is_verifier()));

CREATE POLICY verification_case_read ON verification_case FOR SELECT USING (
  (SELECT aikom_is_verifier())
  OR (handed_over_at IS NOT NULL AND assigned_ouo_id = (SELECT aikom_case_worker_ouo()))
);
CREATE POLICY verification_case_update ON verification_case FOR UPDATE USING (
  (SELECT aikom_is_verifier())
  OR (handed_over_at IS NOT NULL AND assigned_ouo_id = (SELECT aikom_case_worker_ouo()))
) WITH CHECK (
  (SELECT aikom_is_verifier())
  OR (handed_over_at IS NOT NULL AND assigned_ouo_id = (SELECT aikom_case_worker_ouo()))
);
CREATE POLICY verification_case_insert ON verification_case FOR INSERT WITH CHECK ((SELECT aikom_is_verifier()));

CREATE POLICY verification_case_event_read ON verification_case_event FOR SELECT
  USING (EXISTS (SELECT 1 FROM verification_case c WHERE c.id = case_id));
CREATE POLICY verification_case_event_insert ON verification_case_event FOR INSERT
  WITH CHECK (EXISTS (SELECT 1 FROM verification_case c WHERE c.id = case_id));

GRANT SELECT, INSERT, UPDATE ON registry_snapshot, registry_record, registry_link_run, registry_link,
  verification_detection, verification_case TO aikom_app;
GRANT SELECT, INSERT, DELETE ON registry_extract_file TO aikom_app;
GRANT SELECT, INSERT ON registry_link_decision, verification_case_event TO aikom_app;
