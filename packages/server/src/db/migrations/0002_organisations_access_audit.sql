-- Organisations of the cascade, users, sessions and the hash-chained audit log.

-- МОН → regional education departments → ОУО → schools (ЗЗСО). region_id / ouo_id are denormalised ancestors so
-- that scope checks are a column comparison, not a tree walk.
CREATE TABLE organisation (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('ministry', 'region', 'ouo', 'school')),
  parent_id uuid REFERENCES organisation (id),
  region_id uuid REFERENCES organisation (id),
  ouo_id uuid REFERENCES organisation (id),
  name text NOT NULL,
  short_name text,
  name_key text NOT NULL,
  edrpou text UNIQUE CHECK (edrpou ~ '^[0-9]{8}$'),
  territory_id integer REFERENCES territory (id),
  school_type text CHECK (school_type IN ('primary', 'gymnasium', 'lyceum', 'complex', 'special',
    'sanatorium', 'rehabilitation', 'evening', 'boarding', 'other')),
  ownership text CHECK (ownership IN ('state', 'communal', 'private')),
  settlement_type text CHECK (settlement_type IN ('urban', 'rural')),
  status text NOT NULL DEFAULT 'operating' CHECK (status IN ('operating', 'relocated', 'suspended', 'closed')),
  original_territory_id integer REFERENCES territory (id),
  founder text,
  grade_min smallint,
  grade_max smallint,
  address text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'school' OR (ouo_id IS NOT NULL AND region_id IS NOT NULL)),
  CHECK (kind <> 'ouo' OR region_id IS NOT NULL),
  CHECK (status <> 'relocated' OR original_territory_id IS NOT NULL)
);
CREATE INDEX organisation_parent_idx ON organisation (parent_id);
CREATE INDEX organisation_region_idx ON organisation (region_id, kind);
CREATE INDEX organisation_ouo_idx ON organisation (ouo_id);
CREATE INDEX organisation_name_key_idx ON organisation (name_key text_pattern_ops);

-- Changes to organisations are history, not overwrite: every version is kept.
CREATE TABLE organisation_version (
  organisation_id uuid NOT NULL REFERENCES organisation (id),
  version integer NOT NULL,
  data jsonb NOT NULL,
  changed_by uuid,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (organisation_id, version)
);

-- An organisation is visible to its own scope, to the scopes above it, and (as a name) to the units below that
-- need to know their ancestors.
CREATE FUNCTION aikom_org_visible(org_id uuid, org_kind text, org_region uuid, org_ouo uuid) RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$
    SELECT aikom_scope_national()
      OR org_kind = 'ministry'
      OR org_region = aikom_scope_region() OR org_id = aikom_scope_region()
      OR org_ouo = aikom_scope_ouo() OR org_id = aikom_scope_ouo()
      OR org_id = aikom_scope_school()
      OR org_id = ANY ((SELECT aikom_scope_schools())::uuid[])
      OR org_id = aikom_setting('aikom.own_region')::uuid
      OR org_id = aikom_setting('aikom.own_ouo')::uuid
  $$;

ALTER TABLE organisation ENABLE ROW LEVEL SECURITY;
CREATE POLICY organisation_read ON organisation FOR SELECT
  USING (aikom_org_visible(id, kind, region_id, ouo_id));
-- Writes: only within the actor's administrative scope (never their ancestors).
CREATE POLICY organisation_write ON organisation FOR UPDATE
  USING ((SELECT aikom_scope_national()) OR region_id = (SELECT aikom_scope_region())
    OR ouo_id = (SELECT aikom_scope_ouo()) OR id = (SELECT aikom_scope_school()));
CREATE POLICY organisation_insert ON organisation FOR INSERT
  WITH CHECK ((SELECT aikom_scope_national()) OR region_id = (SELECT aikom_scope_region())
    OR ouo_id = (SELECT aikom_scope_ouo()));
GRANT SELECT, INSERT, UPDATE ON organisation TO aikom_app;

ALTER TABLE organisation_version ENABLE ROW LEVEL SECURITY;
CREATE POLICY organisation_version_scope ON organisation_version
  USING (EXISTS (SELECT 1 FROM organisation o WHERE o.id = organisation_id));
GRANT SELECT, INSERT ON organisation_version TO aikom_app;

CREATE TABLE app_user (
  id uuid PRIMARY KEY,
  login text NOT NULL UNIQUE CHECK (login = lower(login) AND login ~ '^[a-z0-9._@-]{3,64}$'),
  full_name text NOT NULL,
  email text,
  role text NOT NULL CHECK (role IN ('ministry_admin', 'ministry_analyst', 'ministry_verifier', 'region_admin',
    'region_analyst', 'ouo_admin', 'ouo_specialist', 'school_admin', 'school_editor')),
  organisation_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid REFERENCES organisation (id),
  ouo_id uuid REFERENCES organisation (id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'disabled')),
  password_hash text,
  password_changed_at timestamptz,
  totp_secret_enc bytea,
  totp_enrolled_at timestamptz,
  totp_last_step bigint,
  activation_code_hash text,
  activation_expires_at timestamptz,
  valid_until timestamptz,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  created_by uuid REFERENCES app_user (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX app_user_org_idx ON app_user (organisation_id);
CREATE INDEX app_user_region_idx ON app_user (region_id);
CREATE INDEX app_user_ouo_idx ON app_user (ouo_id);

-- Staff records are personal data too: visible only to the scope that holds the user's organisation.
ALTER TABLE app_user ENABLE ROW LEVEL SECURITY;
CREATE POLICY app_user_scope ON app_user USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region()) OR organisation_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo()) OR organisation_id = (SELECT aikom_scope_ouo())
  OR organisation_id = (SELECT aikom_scope_school())
  OR id = (SELECT aikom_actor())
);
GRANT SELECT, INSERT, UPDATE ON app_user TO aikom_app;

-- Sessions and sign-in attempts are read before there is an actor: the auth repository uses them
-- on the owner connection (administrators may only end sessions of users they manage, below).
CREATE TABLE user_session (
  id text PRIMARY KEY, -- SHA-256 of the cookie token; the token itself is never stored
  user_id uuid NOT NULL REFERENCES app_user (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  mfa_passed boolean NOT NULL DEFAULT false,
  ip text,
  user_agent text
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

-- Per-login and per-address sign-in failures for lockout with back-off.
CREATE TABLE login_attempt (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  login text NOT NULL,
  ip text,
  success boolean NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempt_login_idx ON login_attempt (login, at);

-- The audit log: append-only, each entry hash-chained to the previous one. The request role may only call
-- aikom_audit_append; it can neither insert directly nor update nor delete.
CREATE TABLE audit_log (
  id bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_user_id uuid,
  actor_platform_id uuid,
  actor_login text,
  role text,
  organisation_id uuid,
  region_id uuid,
  ouo_id uuid,
  client text NOT NULL,
  action text NOT NULL,
  object_type text,
  object_id text,
  request_id text,
  ip text,
  outcome text NOT NULL DEFAULT 'ok',
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash bytea NOT NULL,
  hash bytea NOT NULL
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, at);
CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id);
CREATE INDEX audit_log_region_idx ON audit_log (region_id, at);

-- The text that is hashed: every column in a fixed order with a fixed timestamp format.
CREATE FUNCTION aikom_audit_content(a audit_log) RETURNS bytea
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$
    SELECT convert_to(concat_ws(E'\x1f',
      a.id::text,
      to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      coalesce(a.actor_user_id::text, ''), coalesce(a.actor_platform_id::text, ''), coalesce(a.actor_login, ''),
      coalesce(a.role, ''), coalesce(a.organisation_id::text, ''), coalesce(a.region_id::text, ''),
      coalesce(a.ouo_id::text, ''), a.client, a.action, coalesce(a.object_type, ''), coalesce(a.object_id, ''),
      coalesce(a.request_id, ''), coalesce(a.ip, ''), a.outcome, a.details::text), 'UTF8')
  $$;

CREATE TABLE audit_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id bigint NOT NULL,
  last_hash bytea NOT NULL
);
INSERT INTO audit_head VALUES (true, 0, '\x'::bytea);

-- Appending is cheap and takes no lock: an entry is written, in the request's own transaction (so it commits or
-- rolls back with what it records), to audit_pending. A sequencer (the server, every second; `aikom audit verify`
-- before it checks) seals pending entries into the chain in order, under the head's lock, in batches — so the
-- chain is never a queue that every request waits in.
CREATE TABLE audit_pending (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_user_id uuid,
  actor_platform_id uuid,
  actor_login text,
  role text,
  organisation_id uuid,
  region_id uuid,
  ouo_id uuid,
  client text NOT NULL,
  action text NOT NULL,
  object_type text,
  object_id text,
  request_id text,
  ip text,
  outcome text NOT NULL DEFAULT 'ok',
  details jsonb NOT NULL DEFAULT '{}'
);

CREATE FUNCTION aikom_audit_append(
  p_actor_user_id uuid, p_actor_platform_id uuid, p_actor_login text, p_role text, p_organisation_id uuid,
  p_region_id uuid, p_ouo_id uuid, p_client text, p_action text, p_object_type text, p_object_id text,
  p_request_id text, p_ip text, p_outcome text, p_details jsonb
) RETURNS bigint
  LANGUAGE sql SECURITY DEFINER SET search_path = public
  AS $$
    INSERT INTO audit_pending (actor_user_id, actor_platform_id, actor_login, role, organisation_id, region_id, ouo_id,
      client, action, object_type, object_id, request_id, ip, outcome, details)
    VALUES (p_actor_user_id, p_actor_platform_id, p_actor_login, p_role, p_organisation_id, p_region_id, p_ouo_id,
      p_client, p_action, p_object_type, p_object_id, p_request_id, p_ip, coalesce(p_outcome, 'ok'),
      coalesce(p_details, '{}'::jsonb))
    RETURNING id
  $$;

-- Seals up to p_limit pending entries into the chain; returns how many.
CREATE FUNCTION aikom_audit_seal(p_limit integer) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
  AS $$
  DECLARE
    head audit_head;
    r audit_pending;
    entry audit_log;
    sealed bigint[] := '{}';
  BEGIN
    SELECT * INTO head FROM audit_head WHERE singleton FOR UPDATE;
    FOR r IN SELECT * FROM audit_pending ORDER BY id LIMIT p_limit LOOP
      entry := ROW(head.last_id + 1, r.at, r.actor_user_id, r.actor_platform_id, r.actor_login, r.role,
        r.organisation_id, r.region_id, r.ouo_id, r.client, r.action, r.object_type, r.object_id, r.request_id, r.ip,
        r.outcome, r.details, head.last_hash, '\x'::bytea)::audit_log;
      entry.hash := sha256(entry.prev_hash || aikom_audit_content(entry));
      INSERT INTO audit_log SELECT entry.*;
      head.last_id := entry.id;
      head.last_hash := entry.hash;
      sealed := sealed || r.id;
    END LOOP;
    IF cardinality(sealed) > 0 THEN
      -- Exactly the entries sealed: one committed meanwhile with a lower id waits for the next round.
      DELETE FROM audit_pending WHERE id = ANY (sealed);
      UPDATE audit_head SET last_id = head.last_id, last_hash = head.last_hash WHERE singleton;
    END IF;
    RETURN cardinality(sealed);
  END $$;
REVOKE ALL ON FUNCTION aikom_audit_seal(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_audit_seal(integer) TO aikom_app;
REVOKE ALL ON FUNCTION aikom_audit_append FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_audit_append TO aikom_app;

-- Security officers read the log of their scope.
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_log_read ON audit_log FOR SELECT USING (
  (SELECT aikom_scope_national()) OR region_id = (SELECT aikom_scope_region())
);
GRANT SELECT ON audit_log TO aikom_app;

-- Even the owner cannot rewrite history through ordinary statements; verification catches anything else.
CREATE FUNCTION aikom_audit_immutable() RETURNS trigger
  LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
  END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION aikom_audit_immutable();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION aikom_audit_immutable();

-- ЄДРПОУ is unique nationally, but a region admin must not see other regions' schools: this answers only
-- "taken or not".
CREATE FUNCTION aikom_edrpou_taken(p_edrpou text, p_except uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT EXISTS (SELECT 1 FROM organisation WHERE edrpou = p_edrpou AND (p_except IS NULL OR id <> p_except)) $$;
REVOKE ALL ON FUNCTION aikom_edrpou_taken(text, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_edrpou_taken(text, uuid) TO aikom_app;

CREATE FUNCTION aikom_login_taken(p_login text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT EXISTS (SELECT 1 FROM app_user WHERE login = lower(p_login)) $$;
REVOKE ALL ON FUNCTION aikom_login_taken(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aikom_login_taken(text) TO aikom_app;

-- An administrator who disables or resets a user they can see ends that user's sessions (and nothing else).
ALTER TABLE user_session ENABLE ROW LEVEL SECURITY;
CREATE POLICY user_session_scope ON user_session USING (EXISTS (SELECT 1 FROM app_user u WHERE u.id = user_id));
GRANT SELECT (id, user_id, revoked_at), UPDATE (revoked_at) ON user_session TO aikom_app;
