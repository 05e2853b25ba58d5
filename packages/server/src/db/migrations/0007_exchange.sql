-- Exchange with educational information systems (ОІС, e-journals): platforms and their OAuth clients, the schools
-- that chose them, the platforms' own pupil ids, idempotent batches, and the keys that sign access tokens.
-- Порядок 367 (as amended in 2024): enrolment, transfer and exit go through the registry or an ОІС connected to it.

-- A platform authorised by the ministry, with its OAuth 2.0 client (RFC 6749 § 4.4, client credentials). The secret
-- is stored only as an argon2id hash; after a rotation the previous secret keeps working for a grace period so that
-- an integrator can switch without downtime.
CREATE TABLE platform (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  operator text NOT NULL CHECK (length(operator) BETWEEN 1 AND 300),
  contact text NOT NULL CHECK (length(contact) BETWEEN 1 AND 300),
  client_id text NOT NULL UNIQUE CHECK (client_id ~ '^aikom_[a-z0-9]{20}$'),
  secret_hash text NOT NULL,
  previous_secret_hash text,
  previous_secret_valid_until timestamptz,
  secret_rotated_at timestamptz,
  scopes text[] NOT NULL DEFAULT '{pupils:read,pupils:write,changes:read,roster.readonly}'
    CHECK (scopes <@ '{pupils:read,pupils:write,changes:read,roster.readonly}'::text[]),
  rate_limit_per_minute integer NOT NULL DEFAULT 600 CHECK (rate_limit_per_minute BETWEEN 1 AND 1000000),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_by uuid,
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);
CREATE UNIQUE INDEX platform_name_idx ON platform (lower(name)) WHERE status = 'active';

-- Which platforms exist is public within the registry (a school chooses one); the secret hashes are not: the request
-- role may not read them at all. Credentials are authentication data, read before there is an actor: tokens are
-- issued, and the register is written (after the policy allowed the ministry to), on the owner connection, like
-- sign-in and sessions.
ALTER TABLE platform ENABLE ROW LEVEL SECURITY;
CREATE POLICY platform_read ON platform FOR SELECT USING (true);
GRANT SELECT (id, name, operator, contact, client_id, secret_rotated_at, scopes, rate_limit_per_minute, status,
  created_by, created_at, revoked_at, revoked_by, version) ON platform TO aikom_app;

-- A school's choice of platform: requested by the school's director, approved by its ОУО, ended by either side. Each
-- choice is one row whose state moves forward (requested → active → ended, or requested → rejected / cancelled); a
-- new choice is a new row, so the history of who served a school, and when, is kept.
CREATE TABLE platform_school (
  id uuid PRIMARY KEY,
  platform_id uuid NOT NULL REFERENCES platform (id),
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  status text NOT NULL CHECK (status IN ('requested', 'active', 'rejected', 'cancelled', 'ended')),
  requested_by uuid,
  requested_at timestamptz NOT NULL,
  request_note text,
  decided_by uuid,
  decided_at timestamptz,
  decision_note text,
  ended_by uuid,
  ended_at timestamptz,
  end_reason text CHECK (end_reason IN ('school', 'ouo', 'replaced', 'platform_revoked')),
  version integer NOT NULL DEFAULT 1,
  CHECK (status NOT IN ('active', 'rejected') OR decided_at IS NOT NULL),
  CHECK ((status = 'ended') = (ended_at IS NOT NULL))
);
-- At most one platform serves a school, and at most one request is open.
CREATE UNIQUE INDEX platform_school_active_idx ON platform_school (school_id) WHERE status = 'active';
CREATE UNIQUE INDEX platform_school_requested_idx ON platform_school (school_id) WHERE status = 'requested';
CREATE INDEX platform_school_platform_idx ON platform_school (platform_id, school_id) WHERE status = 'active';
CREATE INDEX platform_school_ouo_idx ON platform_school (ouo_id, status);
CREATE INDEX platform_school_school_idx ON platform_school (school_id, requested_at);

-- Visible to the school's scope and above, and to the platform itself (aikom.actor is the platform's id in its
-- transactions; user and platform ids are distinct UUIDs, so a user never matches).
ALTER TABLE platform_school ENABLE ROW LEVEL SECURITY;
CREATE POLICY platform_school_scope ON platform_school USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR platform_id = (SELECT aikom_actor())
);
GRANT SELECT, INSERT, UPDATE ON platform_school TO aikom_app;

-- The platform's own id of a pupil → the registry's person. One child is one person whichever platforms know it: a
-- platform's record is linked to the existing person when the identifiers match. One external id per person and
-- platform. The school columns are where the mapping was last used: the scope of the row.
CREATE TABLE platform_pupil (
  platform_id uuid NOT NULL REFERENCES platform (id),
  external_id text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 100),
  person_id uuid NOT NULL REFERENCES person (id),
  school_id uuid NOT NULL REFERENCES organisation (id),
  -- Denormalised ancestors of school_id, for the scope checks (not foreign keys: every key is a lookup per row of a
  -- batch, and the school's key already vouches for them).
  ouo_id uuid NOT NULL,
  region_id uuid NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (platform_id, external_id)
);
CREATE UNIQUE INDEX platform_pupil_person_idx ON platform_pupil (platform_id, person_id);
CREATE INDEX platform_pupil_school_idx ON platform_pupil (school_id);

-- The scope functions are wrapped in sub-selects so that they are evaluated once per statement, not once per row
-- (a platform may serve thousands of schools).
ALTER TABLE platform_pupil ENABLE ROW LEVEL SECURITY;
CREATE POLICY platform_pupil_scope ON platform_pupil USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
  OR (platform_id = (SELECT aikom_actor()) AND school_id = ANY ((SELECT aikom_scope_schools())::uuid[]))
);
GRANT SELECT, INSERT, UPDATE ON platform_pupil TO aikom_app;

-- A platform's own mappings, wherever the pupil is now: a platform that pushes a pupil it mapped earlier at a school
-- it no longer serves must be told so, not fail on the primary key. Answers only for the calling platform.
CREATE FUNCTION aikom_exchange_mappings(p_external_ids text[])
  RETURNS TABLE (external_id text, person_id uuid, school_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT m.external_id, m.person_id, m.school_id FROM platform_pupil m
    WHERE m.platform_id = aikom_actor() AND m.external_id = ANY (p_external_ids)
  $$;
REVOKE ALL ON FUNCTION aikom_exchange_mappings(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_exchange_mappings(text[]) TO aikom_app;

-- aikom_person_matches for a whole batch in one statement (index-backed: one join per blind index and one on birth
-- date + name key). Like it, it answers with the holding school and the record's opaque id only, plus whether the
-- child is enrolled anywhere now (so a refusal can say what the holding school has to do). The probes are one JSON
-- array [{ord, cert, unzr, rnokpp, birth, name_key}] with blind indexes in hex.
CREATE FUNCTION aikom_exchange_matches(p_probes json)
  RETURNS TABLE (ord integer, person_id uuid, school_id uuid, school_name text, school_edrpou text, match text,
    enrolled boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    WITH q AS (
      SELECT j.ord, decode(j.cert, 'hex') AS cert, decode(j.unzr, 'hex') AS unzr, decode(j.rnokpp, 'hex') AS rnokpp,
        j.birth, j.name_key
      FROM json_to_recordset(p_probes) AS j(ord integer, cert text, unzr text, rnokpp text, birth date, name_key text)
    ), hits AS (
      SELECT q.ord, p.id, 1 AS rank FROM q JOIN person p ON p.birth_cert_bidx = q.cert
      UNION ALL SELECT q.ord, p.id, 1 FROM q JOIN person p ON p.unzr_bidx = q.unzr
      UNION ALL SELECT q.ord, p.id, 1 FROM q JOIN person p ON p.rnokpp_bidx = q.rnokpp
      UNION ALL SELECT q.ord, p.id, 2 FROM q JOIN person p ON p.birth_date = q.birth AND p.name_key = q.name_key
    ), best AS (
      SELECT DISTINCT ON (h.ord, h.id) h.ord, h.id, h.rank FROM hits h ORDER BY h.ord, h.id, h.rank
    )
    SELECT b.ord, p.id, p.school_id, o.name, o.edrpou,
      CASE WHEN b.rank = 1 THEN 'identifier' ELSE 'name_birth' END,
      EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = p.id AND e.exit_date IS NULL)
    FROM best b JOIN person p ON p.id = b.id LEFT JOIN organisation o ON o.id = p.school_id
    ORDER BY b.ord, b.rank, p.id
  $$;
REVOKE ALL ON FUNCTION aikom_exchange_matches(json) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_exchange_matches(json) TO aikom_app;

-- aikom_person_near_matches for a batch: the same birth date and a similar name (warnings, never refusals). Probes:
-- [{ord, birth, phonetic, exclude}].
CREATE FUNCTION aikom_exchange_near_matches(p_probes json)
  RETURNS TABLE (ord integer, person_id uuid, school_name text, school_edrpou text, similarity real)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT q.ord, p.id, o.name, o.edrpou, similarity(p.phonetic_key, q.phonetic)
    FROM json_to_recordset(p_probes) AS q(ord integer, birth date, phonetic text, exclude uuid)
      JOIN person p ON p.birth_date = q.birth
      LEFT JOIN organisation o ON o.id = p.school_id
    WHERE (q.exclude IS NULL OR p.id <> q.exclude) AND similarity(p.phonetic_key, q.phonetic) >= 0.55
    ORDER BY q.ord, 5 DESC
  $$;
REVOKE ALL ON FUNCTION aikom_exchange_near_matches(json) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_exchange_near_matches(json) TO aikom_app;

-- The names of the cascade's authorities (the ministry, regional departments, ОУО) are public facts: a platform
-- sees the ОУО and region of the schools it serves by name (the schools list, OneRoster orgs), not their records.
CREATE FUNCTION aikom_authority_public(p_ids uuid[])
  RETURNS TABLE (id uuid, kind text, parent_id uuid, name text, edrpou text, updated_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT o.id, o.kind, o.parent_id, o.name, o.edrpou, o.updated_at FROM organisation o
    WHERE o.kind IN ('ministry', 'region', 'ouo') AND o.id = ANY (p_ids)
  $$;
REVOKE ALL ON FUNCTION aikom_authority_public(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_authority_public(uuid[]) TO aikom_app;

-- Idempotency-Key of batch writes (draft-ietf-httpapi-idempotency-key-header): the key is taken in the same
-- transaction as the writes, so a retried request either replays the stored answer or, if the first attempt rolled
-- back, runs again; a concurrent duplicate waits for the first and then replays it.
CREATE TABLE exchange_idempotency (
  platform_id uuid NOT NULL REFERENCES platform (id),
  key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  request_hash bytea NOT NULL,
  school_id uuid NOT NULL REFERENCES organisation (id),
  status_code smallint,
  response jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (platform_id, key)
);
CREATE INDEX exchange_idempotency_created_idx ON exchange_idempotency (created_at);
ALTER TABLE exchange_idempotency ENABLE ROW LEVEL SECURITY;
CREATE POLICY exchange_idempotency_own ON exchange_idempotency USING (platform_id = (SELECT aikom_actor()));
GRANT SELECT, INSERT, UPDATE, DELETE ON exchange_idempotency TO aikom_app;

-- A batch too large for one request, processed by a job in chunks. The records are sealed like import files
-- (AES-256-GCM, AAD bound to the batch) and dropped when the job ends; per-chunk results are kept for the job's answer.
CREATE TABLE exchange_batch (
  id uuid PRIMARY KEY,
  platform_id uuid NOT NULL REFERENCES platform (id),
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  records integer NOT NULL CHECK (records > 0),
  payload bytea,
  chunks_done integer NOT NULL DEFAULT 0,
  results jsonb NOT NULL DEFAULT '[]',
  job_id uuid,
  created_at timestamptz NOT NULL,
  finished_at timestamptz
);
ALTER TABLE exchange_batch ENABLE ROW LEVEL SECURITY;
CREATE POLICY exchange_batch_scope ON exchange_batch USING (
  (platform_id = (SELECT aikom_actor()) AND school_id = ANY ((SELECT aikom_scope_schools())::uuid[]))
);
GRANT SELECT, INSERT, UPDATE ON exchange_batch TO aikom_app;

-- Keys that sign access tokens (ES256). The private key is sealed with the key file's data key, so a database backup
-- alone cannot mint tokens; every server process of an instance shares the keys through the database. A retired key
-- no longer signs but is still published in the JWKS until the tokens it signed have expired. Read and written on
-- the owner connection only.
CREATE TABLE oauth_signing_key (
  kid text PRIMARY KEY,
  alg text NOT NULL CHECK (alg = 'ES256'),
  public_jwk jsonb NOT NULL,
  private_enc bytea NOT NULL,
  created_at timestamptz NOT NULL,
  retired_at timestamptz
);
CREATE UNIQUE INDEX oauth_signing_key_active_idx ON oauth_signing_key ((true)) WHERE retired_at IS NULL;

-- The change feed reads events in commit-safe order: by transaction id, then id (see modules/exchange/changes), and
-- only below this horizon: the oldest transaction of this database still running, or, when none is, the next
-- transaction id to be assigned. Every event of a transaction below it is final (committed and visible, or never
-- to be). Transactions of the cluster's other databases are left out — they cannot write this database's
-- pupil_event — so a long transaction of another database on the same server does not hold the feed back; a
-- running transaction not positively known to be elsewhere counts. Evaluated in the reading statement's snapshot.
CREATE FUNCTION aikom_feed_horizon() RETURNS xid8
  LANGUAGE sql STABLE
  AS $$
    SELECT coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot()))
    FROM pg_snapshot_xip(pg_current_snapshot()) AS x
    WHERE NOT EXISTS (
      SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.granted AND l.transactionid = xid(x)
        AND a.datid IS NOT NULL AND a.datid <> (SELECT d.oid FROM pg_database d WHERE d.datname = current_database()))
  $$;
GRANT EXECUTE ON FUNCTION aikom_feed_horizon() TO aikom_app;

CREATE INDEX pupil_event_feed_idx ON pupil_event (txid, id);
CREATE INDEX pupil_event_school_feed_idx ON pupil_event (school_id, txid, id);
