-- Foundation: the request role, the actor's scope as transaction settings, reference territories, jobs.
-- PostgreSQL 15 SQL: runs unchanged on PGlite and on Debian's PostgreSQL 15.

-- Requests run as this role (no BYPASSRLS, owns nothing), so row-level security applies to them even when the
-- connection itself is made by the owner or a superuser.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'aikom_app') THEN
    CREATE ROLE aikom_app NOLOGIN NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- created concurrently by another database of the same cluster
END $$;

DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'aikom_app', 'MEMBER') THEN
    EXECUTE format('GRANT aikom_app TO %I', current_user);
  END IF;
END $$;

GRANT USAGE ON SCHEMA public TO aikom_app;

-- The actor's scope, set per transaction with set_config(name, value, true). A setting is NULL unless it applies,
-- so a policy can compare columns to all of them with OR and never match by accident.
CREATE FUNCTION aikom_setting(name text) RETURNS text
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting(name, true), '') $$;

CREATE FUNCTION aikom_scope_national() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(aikom_setting('aikom.scope_national') = 'on', false) $$;

CREATE FUNCTION aikom_scope_region() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT aikom_setting('aikom.scope_region')::uuid $$;

CREATE FUNCTION aikom_scope_ouo() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT aikom_setting('aikom.scope_ouo')::uuid $$;

CREATE FUNCTION aikom_scope_school() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT aikom_setting('aikom.scope_school')::uuid $$;

-- Platforms act for a list of schools (those linked to them).
CREATE FUNCTION aikom_scope_schools() RETURNS uuid[]
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(string_to_array(aikom_setting('aikom.scope_schools'), ',')::uuid[], '{}'::uuid[]) $$;

CREATE FUNCTION aikom_actor() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT aikom_setting('aikom.actor')::uuid $$;

-- Ukrainian alphabetical order (Г < Ґ, Е < Є, И < І < Ї < Й; the apostrophe ignored), independent of the database's
-- collation and of ICU data the embedded engine does not carry: each letter maps to a code point in alphabet order.
CREATE FUNCTION aikom_uk_sort(value text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT translate(value, 'АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя''’ʼ', 'ɐɑɒɓɔɕɖɗɘəɚɛɜɝɞɟɠɡɢɣɤɥɦɧɨɩɪɫɬɭɮɯɰɐɑɒɓɔɕɖɗɘəɚɛɜɝɞɟɠɡɢɣɤɥɦɧɨɩɪɫɬɭɮɯɰ') $$;

-- KATOTTH (Мінрегіон order 290 of 26.11.2020), edition of 2025-05-16.
CREATE TABLE territory (
  id integer PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^UA[0-9]{17}$'),
  parent_id integer REFERENCES territory (id),
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  category char(1) NOT NULL CHECK (category IN ('O', 'K', 'P', 'H', 'M', 'X', 'C', 'B', 'T')),
  name text NOT NULL,
  name_key text NOT NULL,
  oblast_id integer,
  raion_id integer,
  hromada_id integer
);
CREATE INDEX territory_parent_idx ON territory (parent_id, name_key);
CREATE INDEX territory_name_key_idx ON territory (name_key text_pattern_ops);
CREATE INDEX territory_hromada_idx ON territory (hromada_id);

-- The list of territories of hostilities and temporary occupation (Мінрегіон order 376 of 28.02.2025 as amended).
CREATE TABLE territory_hostility (
  id integer PRIMARY KEY,
  territory_id integer NOT NULL REFERENCES territory (id),
  kind text NOT NULL CHECK (kind IN ('possible_hostilities', 'active_hostilities',
    'active_hostilities_with_state_eresources', 'temporarily_occupied')),
  listed_name text NOT NULL,
  date_start date,
  date_end date,
  CHECK (date_end IS NULL OR date_start IS NULL OR date_end >= date_start)
);
CREATE INDEX territory_hostility_territory_idx ON territory_hostility (territory_id);

-- Which edition of the reference data is loaded (so a newer committed edition is loaded on start).
CREATE TABLE reference_edition (
  name text PRIMARY KEY,
  edition text NOT NULL,
  checksum text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);

GRANT SELECT ON territory, territory_hostility, reference_edition TO aikom_app;

-- School years: `2024-2025` runs 1 September 2024 – 31 August 2025. Keyed by the starting calendar year.
CREATE TABLE school_year (
  id smallint PRIMARY KEY CHECK (id BETWEEN 1991 AND 2100),
  label text NOT NULL UNIQUE,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('planned', 'open', 'closed')),
  is_current boolean NOT NULL DEFAULT false,
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE UNIQUE INDEX school_year_current_idx ON school_year (is_current) WHERE is_current;
GRANT SELECT ON school_year TO aikom_app;

-- Long work (imports, rollover, linkage, allocations) as recorded jobs with progress.
CREATE TABLE job (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  params jsonb NOT NULL DEFAULT '{}',
  progress_done bigint NOT NULL DEFAULT 0,
  progress_total bigint,
  progress_note text,
  result jsonb,
  error jsonb,
  attempts integer NOT NULL DEFAULT 0,
  cancel_requested boolean NOT NULL DEFAULT false,
  created_by uuid,
  organisation_id uuid,
  region_id uuid,
  ouo_id uuid,
  school_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  heartbeat_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX job_status_idx ON job (status, created_at);
GRANT SELECT, INSERT, UPDATE ON job TO aikom_app;
ALTER TABLE job ENABLE ROW LEVEL SECURITY;
CREATE POLICY job_scope ON job USING (
  (SELECT aikom_scope_national())
  OR created_by = (SELECT aikom_actor())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
);
