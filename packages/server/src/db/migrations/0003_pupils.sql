-- The pupil registry: persons, enrolment spells, dated status history, change events.

-- Trigram search over the ASCII phonetic key (typo- and transliteration-tolerant name search). The key is ASCII, so
-- trigram extraction does not depend on the database's locale.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE person (
  id uuid PRIMARY KEY,
  last_name text NOT NULL,
  first_name text NOT NULL,
  middle_name text,
  sex text NOT NULL CHECK (sex IN ('male', 'female')),
  -- May be missing on a record under correction (one of the four indicators of the MON letter of 27.06.2023).
  birth_date date,
  citizenship text CHECK (citizenship ~ '^[A-Z]{2}$'),
  residence_territory_id integer REFERENCES territory (id),
  residence_address text,
  education_form text NOT NULL DEFAULT 'day' CHECK (education_form IN ('day', 'evening', 'part_time', 'distance',
    'network', 'externship', 'family', 'patronage', 'dual')),
  special_needs boolean NOT NULL DEFAULT false,
  instruction_language text NOT NULL DEFAULT 'uk',
  -- Collation-independent keys computed by the application (packages/domain/names).
  name_key text NOT NULL,
  phonetic_key text NOT NULL,
  -- Identifiers (birth certificate, УНЗР, РНОКПП): one AES-256-GCM ciphertext of all three (key id prefix,
  -- AAD = table, column and row id) and a blind index of each (HMAC of the normalised value) for exact lookup and
  -- duplicate detection. The plaintext is never stored.
  birth_cert_kind text CHECK (birth_cert_kind IN ('ua', 'foreign')),
  birth_cert_country text CHECK (birth_cert_country ~ '^[A-Z]{2}$'),
  identifiers_enc bytea,
  birth_cert_bidx bytea,
  unzr_bidx bytea,
  rnokpp_bidx bytea,
  -- Current values of the dated histories below, kept in the same transaction for fast panels and reports.
  displacement_status text NOT NULL DEFAULT 'none' CHECK (displacement_status IN ('none', 'internal', 'external')),
  displacement_since date,
  displacement_origin_id integer REFERENCES territory (id),
  displacement_country text,
  contact_status text NOT NULL DEFAULT 'in_contact' CHECK (contact_status IN ('in_contact', 'lost', 'restored')),
  contact_lost_since date,
  -- The school that holds the record (the current or last spell) and its ancestors: the scope of the row.
  school_id uuid REFERENCES organisation (id),
  ouo_id uuid REFERENCES organisation (id),
  region_id uuid REFERENCES organisation (id),
  -- Result of the validation catalogue at the last save.
  quality_errors smallint NOT NULL DEFAULT 0,
  quality_warnings smallint NOT NULL DEFAULT 0,
  quality_codes text[] NOT NULL DEFAULT '{}',
  source text NOT NULL DEFAULT 'portal',
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX person_school_idx ON person (school_id);
CREATE INDEX person_ouo_idx ON person (ouo_id);
CREATE INDEX person_region_idx ON person (region_id);
CREATE INDEX person_birth_name_idx ON person (birth_date, name_key);
CREATE INDEX person_phonetic_idx ON person USING gin (phonetic_key gin_trgm_ops);
CREATE INDEX person_birth_cert_bidx_idx ON person (birth_cert_bidx) WHERE birth_cert_bidx IS NOT NULL;
CREATE INDEX person_unzr_bidx_idx ON person (unzr_bidx) WHERE unzr_bidx IS NOT NULL;
CREATE INDEX person_rnokpp_bidx_idx ON person (rnokpp_bidx) WHERE rnokpp_bidx IS NOT NULL;

ALTER TABLE person ENABLE ROW LEVEL SECURITY;
CREATE POLICY person_scope ON person USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR school_id = ANY ((SELECT aikom_scope_schools())::uuid[])
);
GRANT SELECT, INSERT, UPDATE ON person TO aikom_app;

-- One enrolment spell: pupil × school × school year × grade × class. Spells are closed, never rewritten.
-- entry_date is the first day in the school, exit_date the last (inclusive): a pupil is enrolled on day D when
-- entry_date <= D AND (exit_date IS NULL OR exit_date >= D).
CREATE TABLE enrolment (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES person (id),
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  school_year smallint NOT NULL REFERENCES school_year (id),
  grade smallint NOT NULL CHECK (grade BETWEEN 1 AND 12),
  class_letter text NOT NULL,
  entry_date date NOT NULL,
  entry_basis text NOT NULL DEFAULT 'enrolment' CHECK (entry_basis IN ('enrolment', 'transfer', 'promotion',
    'repeat', 'first_grade', 'return', 'migration', 'class_change')),
  entry_order text,
  exit_date date,
  -- promoted / repeated / graduated close a spell at the year-end transition; class_change when a pupil moves to
  -- another class of the same school; the rest are the exit reasons of Порядок 367.
  exit_reason text CHECK (exit_reason IN ('promoted', 'repeated', 'graduated', 'class_change', 'transfer', 'abroad',
    'vocational', 'completed', 'deceased', 'other')),
  exit_destination_school_id uuid REFERENCES organisation (id),
  exit_destination_country text,
  exit_note text,
  previous_enrolment_id uuid REFERENCES enrolment (id),
  transition_id uuid,
  source text NOT NULL DEFAULT 'portal',
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (exit_date IS NULL OR exit_date >= entry_date),
  CHECK ((exit_date IS NULL) = (exit_reason IS NULL))
);
-- A child is enrolled in at most one school at a time.
CREATE UNIQUE INDEX enrolment_open_person_idx ON enrolment (person_id) WHERE exit_date IS NULL;
CREATE INDEX enrolment_person_idx ON enrolment (person_id, entry_date);
CREATE INDEX enrolment_class_idx ON enrolment (school_id, school_year, grade, class_letter);
CREATE INDEX enrolment_transition_idx ON enrolment (transition_id) WHERE transition_id IS NOT NULL;

ALTER TABLE enrolment ENABLE ROW LEVEL SECURITY;
CREATE POLICY enrolment_scope ON enrolment USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR school_id = ANY ((SELECT aikom_scope_schools())::uuid[])
  OR EXISTS (SELECT 1 FROM person p WHERE p.id = person_id)
);
GRANT SELECT, INSERT, UPDATE ON enrolment TO aikom_app;

-- Internal / external forced displacement, as dated history.
CREATE TABLE displacement_record (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES person (id),
  status text NOT NULL CHECK (status IN ('none', 'internal', 'external')),
  since date,
  origin_territory_id integer REFERENCES territory (id),
  country text,
  idp_certificate text,
  studies_remotely boolean,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid,
  source text NOT NULL DEFAULT 'portal'
);
CREATE INDEX displacement_record_person_idx ON displacement_record (person_id, recorded_at);

-- Contact with the pupil and/or their representatives, as dated history.
CREATE TABLE contact_record (
  id uuid PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES person (id),
  status text NOT NULL CHECK (status IN ('in_contact', 'lost', 'restored')),
  since date,
  note text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by uuid,
  source text NOT NULL DEFAULT 'portal'
);
CREATE INDEX contact_record_person_idx ON contact_record (person_id, recorded_at);

ALTER TABLE displacement_record ENABLE ROW LEVEL SECURITY;
CREATE POLICY displacement_record_scope ON displacement_record
  USING (EXISTS (SELECT 1 FROM person p WHERE p.id = person_id));
ALTER TABLE contact_record ENABLE ROW LEVEL SECURITY;
CREATE POLICY contact_record_scope ON contact_record
  USING (EXISTS (SELECT 1 FROM person p WHERE p.id = person_id));
GRANT SELECT, INSERT ON displacement_record, contact_record TO aikom_app;

-- Every change to a pupil is an event with actor, time and source; it is also the change feed.
CREATE TABLE pupil_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id uuid NOT NULL REFERENCES person (id),
  school_id uuid,
  ouo_id uuid,
  region_id uuid,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid,
  actor_platform_id uuid,
  source text NOT NULL,
  kind text NOT NULL,
  changes jsonb NOT NULL DEFAULT '{}',
  txid xid8 NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX pupil_event_person_idx ON pupil_event (person_id, id);
CREATE INDEX pupil_event_school_idx ON pupil_event (school_id, id);

ALTER TABLE pupil_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY pupil_event_scope ON pupil_event USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR school_id = ANY ((SELECT aikom_scope_schools())::uuid[])
);
GRANT SELECT, INSERT ON pupil_event TO aikom_app;

-- One child is one person: a school creating a record must learn whether another school already holds the child,
-- without seeing that school's records. These answer with the holding school (and the record's opaque id, so a
-- transfer can be asked for) and nothing else.
CREATE FUNCTION aikom_person_matches(p_bidx bytea[], p_birth_date date, p_name_key text, p_exclude uuid)
  RETURNS TABLE (person_id uuid, school_id uuid, school_name text, school_edrpou text, match text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT p.id, p.school_id, o.name, o.edrpou,
      CASE WHEN p.birth_cert_bidx = ANY (p_bidx) OR p.unzr_bidx = ANY (p_bidx) OR p.rnokpp_bidx = ANY (p_bidx)
        THEN 'identifier' ELSE 'name_birth' END
    FROM person p LEFT JOIN organisation o ON o.id = p.school_id
    WHERE (p_exclude IS NULL OR p.id <> p_exclude)
      AND (p.birth_cert_bidx = ANY (p_bidx) OR p.unzr_bidx = ANY (p_bidx) OR p.rnokpp_bidx = ANY (p_bidx)
        OR (p_birth_date IS NOT NULL AND p.birth_date = p_birth_date AND p.name_key = p_name_key))
    LIMIT 10
  $$;
REVOKE ALL ON FUNCTION aikom_person_matches(bytea[], date, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_person_matches(bytea[], date, text, uuid) TO aikom_app;

-- Near matches (warned, not refused): the same birth date and a similar name.
CREATE FUNCTION aikom_person_near_matches(p_birth_date date, p_phonetic_key text, p_exclude uuid)
  RETURNS TABLE (person_id uuid, school_id uuid, school_name text, school_edrpou text, similarity real)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT p.id, p.school_id, o.name, o.edrpou, similarity(p.phonetic_key, p_phonetic_key)
    FROM person p LEFT JOIN organisation o ON o.id = p.school_id
    WHERE p.birth_date = p_birth_date AND (p_exclude IS NULL OR p.id <> p_exclude)
      AND similarity(p.phonetic_key, p_phonetic_key) >= 0.55
    ORDER BY 5 DESC LIMIT 5
  $$;
REVOKE ALL ON FUNCTION aikom_person_near_matches(date, text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_person_near_matches(date, text, uuid) TO aikom_app;

-- A destination school of a transfer may lie outside the leaving school's scope: the school's id and name by its
-- ЄДРПОУ are public facts of the register of institutions.
CREATE FUNCTION aikom_school_by_edrpou(p_edrpou text) RETURNS TABLE (id uuid, name text, edrpou text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT id, name, edrpou FROM organisation WHERE kind = 'school' AND edrpou = p_edrpou $$;
REVOKE ALL ON FUNCTION aikom_school_by_edrpou(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_school_by_edrpou(text) TO aikom_app;

-- Name and code of any school by id (a pupil's earlier schools and transfer destinations may lie outside the
-- scope that sees the pupil today).
CREATE FUNCTION aikom_school_public(p_id uuid) RETURNS TABLE (name text, edrpou text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT name, edrpou FROM organisation WHERE kind = 'school' AND id = p_id $$;
REVOKE ALL ON FUNCTION aikom_school_public(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_school_public(uuid) TO aikom_app;
