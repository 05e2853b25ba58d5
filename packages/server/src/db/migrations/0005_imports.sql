-- School imports of pupil records from XLSX/CSV: the uploaded file until it is parsed, the parsed rows (sealed:
-- they carry identifiers) with their validation results, and the import's state from preview to commit.

CREATE TABLE pupil_import (
  id uuid PRIMARY KEY,
  -- The school the file is imported into, and its ancestors: the scope of the import and of its rows.
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  -- The default school year of rows that do not name one (the current year at upload).
  school_year smallint NOT NULL,
  file_name text NOT NULL,
  file_bytes integer NOT NULL CHECK (file_bytes >= 0),
  -- Known once parsing started: xlsx or csv, sheet name, text encoding and delimiter of a CSV.
  file_info jsonb NOT NULL DEFAULT '{}',
  -- The columns found in the file: [{key, header, index}] (headers only, never values).
  columns jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'parsing' CHECK (status IN ('parsing', 'previewed', 'committing', 'committed',
    'failed', 'discarded')),
  commit_mode text CHECK (commit_mode IN ('all_or_nothing', 'valid_only')),
  rows_total integer NOT NULL DEFAULT 0,
  rows_valid integer NOT NULL DEFAULT 0,
  rows_with_errors integer NOT NULL DEFAULT 0,
  rows_with_warnings integer NOT NULL DEFAULT 0,
  rows_duplicate integer NOT NULL DEFAULT 0,
  rows_committed integer NOT NULL DEFAULT 0,
  -- Why the file could not be parsed, or why the last commit was refused: {code, message, errors}.
  error jsonb,
  -- The latest job of the import (parsing, then commit).
  job_id uuid,
  created_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  committed_at timestamptz,
  committed_by uuid REFERENCES app_user (id)
);
CREATE INDEX pupil_import_school_idx ON pupil_import (school_id, created_at);
CREATE INDEX pupil_import_ouo_idx ON pupil_import (ouo_id);
CREATE INDEX pupil_import_region_idx ON pupil_import (region_id);

-- The uploaded file between the upload and the parsing job (a job may run in another server process): sealed with
-- AES-256-GCM like the identifiers, and deleted when parsing ends.
CREATE TABLE pupil_import_file (
  import_id uuid PRIMARY KEY REFERENCES pupil_import (id) ON DELETE CASCADE,
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  content bytea NOT NULL
);

-- One data row of the file. `payload` is the sealed JSON of the row's original cell values and of its normalised
-- exchange record (AAD binds it to the import and row number); status, issues (rule codes and catalogue messages,
-- never values) and the class are kept in the clear for filtering and counting.
CREATE TABLE pupil_import_row (
  import_id uuid NOT NULL REFERENCES pupil_import (id) ON DELETE CASCADE,
  row_no integer NOT NULL CHECK (row_no > 0),
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  status text NOT NULL CHECK (status IN ('valid', 'warning', 'error')),
  duplicate boolean NOT NULL DEFAULT false,
  grade smallint,
  class_letter text,
  issues jsonb NOT NULL DEFAULT '[]',
  payload bytea NOT NULL,
  -- The pupil created from this row by the commit.
  person_id uuid REFERENCES person (id),
  PRIMARY KEY (import_id, row_no)
);
CREATE INDEX pupil_import_row_status_idx ON pupil_import_row (import_id, status, row_no);

ALTER TABLE pupil_import ENABLE ROW LEVEL SECURITY;
CREATE POLICY pupil_import_scope ON pupil_import USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR school_id = ANY ((SELECT aikom_scope_schools())::uuid[])
);
ALTER TABLE pupil_import_file ENABLE ROW LEVEL SECURITY;
CREATE POLICY pupil_import_file_scope ON pupil_import_file USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR school_id = ANY ((SELECT aikom_scope_schools())::uuid[])
);
ALTER TABLE pupil_import_row ENABLE ROW LEVEL SECURITY;
CREATE POLICY pupil_import_row_scope ON pupil_import_row USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR school_id = ANY ((SELECT aikom_scope_schools())::uuid[])
);
GRANT SELECT, INSERT, UPDATE, DELETE ON pupil_import, pupil_import_file, pupil_import_row TO aikom_app;

-- Duplicate detection for a whole file at once (one child is one person, like aikom_person_matches): for each row
-- number, the first person with one of the row's blind indexes or with its name key and birth date, answered with
-- the holding school only. Identifier matches rank before name-and-birth-date matches.
CREATE FUNCTION aikom_person_matches_many(p_bidx_row integer[], p_bidx bytea[], p_name_row integer[],
    p_birth_date date[], p_name_key text[])
  RETURNS TABLE (row_no integer, person_id uuid, school_id uuid, school_name text, school_edrpou text, match text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    WITH k AS (SELECT * FROM unnest(p_bidx_row, p_bidx) AS k(row_no, bidx)),
    n AS (SELECT * FROM unnest(p_name_row, p_birth_date, p_name_key) AS n(row_no, birth_date, name_key)),
    m AS (
      SELECT k.row_no, p.id, 1 AS rank FROM k JOIN person p ON p.birth_cert_bidx = k.bidx
      UNION ALL SELECT k.row_no, p.id, 1 FROM k JOIN person p ON p.unzr_bidx = k.bidx
      UNION ALL SELECT k.row_no, p.id, 1 FROM k JOIN person p ON p.rnokpp_bidx = k.bidx
      UNION ALL SELECT n.row_no, p.id, 2 FROM n JOIN person p ON p.birth_date = n.birth_date AND p.name_key = n.name_key
    )
    SELECT DISTINCT ON (m.row_no) m.row_no, p.id, p.school_id, o.name, o.edrpou,
      CASE WHEN m.rank = 1 THEN 'identifier' ELSE 'name_birth' END
    FROM m JOIN person p ON p.id = m.id LEFT JOIN organisation o ON o.id = p.school_id
    ORDER BY m.row_no, m.rank, p.id
  $$;
REVOKE ALL ON FUNCTION aikom_person_matches_many(integer[], bytea[], integer[], date[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_person_matches_many(integer[], bytea[], integer[], date[], text[]) TO aikom_app;

-- Near matches for a whole file (warned, not refused): the same birth date and a similar name, the closest one.
CREATE FUNCTION aikom_person_near_matches_many(p_row integer[], p_birth_date date[], p_phonetic_key text[])
  RETURNS TABLE (row_no integer, person_id uuid, school_id uuid, school_name text, school_edrpou text, similarity real)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT DISTINCT ON (n.row_no) n.row_no, p.id, p.school_id, o.name, o.edrpou,
      similarity(p.phonetic_key, n.phonetic_key)
    FROM unnest(p_row, p_birth_date, p_phonetic_key) AS n(row_no, birth_date, phonetic_key)
    JOIN person p ON p.birth_date = n.birth_date AND similarity(p.phonetic_key, n.phonetic_key) >= 0.55
    LEFT JOIN organisation o ON o.id = p.school_id
    ORDER BY n.row_no, 6 DESC, p.id
  $$;
REVOKE ALL ON FUNCTION aikom_person_near_matches_many(integer[], date[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_person_near_matches_many(integer[], date[], text[]) TO aikom_app;
