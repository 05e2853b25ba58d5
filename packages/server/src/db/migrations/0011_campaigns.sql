-- Data-update campaigns (the MON letter of 27.06.2023): what schools must bring up to date by a deadline, the live
-- completion of every school, confirmations, reminders and in-app notifications.

CREATE TABLE campaign (
  id uuid PRIMARY KEY,
  title text NOT NULL,
  instructions text NOT NULL DEFAULT '',
  deadline date NOT NULL,
  scope_kind text NOT NULL CHECK (scope_kind IN ('all', 'region', 'list')),
  scope_region_id uuid REFERENCES organisation (id),
  indicators smallint[] NOT NULL DEFAULT '{}',
  required_rules text[] NOT NULL,
  requires_confirmation boolean NOT NULL DEFAULT true,
  reminder_days smallint CHECK (reminder_days BETWEEN 1 AND 60),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  school_year smallint NOT NULL REFERENCES school_year (id),
  created_by uuid REFERENCES app_user (id),
  organisation_id uuid NOT NULL REFERENCES organisation (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  -- The change feed position up to which every school's figures are known to be current (see the refresher).
  event_watermark bigint NOT NULL DEFAULT 0,
  refreshed_xmin xid8,
  last_reconciled_at timestamptz,
  CHECK (scope_kind <> 'region' OR scope_region_id IS NOT NULL)
);

-- One row per school of the campaign: its live figures, kept current from the change feed.
CREATE TABLE campaign_school (
  campaign_id uuid NOT NULL REFERENCES campaign (id),
  school_id uuid NOT NULL REFERENCES organisation (id),
  ouo_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid NOT NULL REFERENCES organisation (id),
  pupils integer NOT NULL DEFAULT 0,
  done integer NOT NULL DEFAULT 0,
  confirmed_at timestamptz,
  confirmed_by uuid REFERENCES app_user (id),
  confirmed_late boolean,
  changed_after_confirmation boolean NOT NULL DEFAULT false,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (campaign_id, school_id)
);
CREATE INDEX campaign_school_region_idx ON campaign_school (campaign_id, region_id);
CREATE INDEX campaign_school_ouo_idx ON campaign_school (campaign_id, ouo_id);
CREATE INDEX campaign_school_school_idx ON campaign_school (school_id);

-- Completion over time: one row per campaign, region and day (the latest figures of that day).
CREATE TABLE campaign_progress (
  campaign_id uuid NOT NULL REFERENCES campaign (id),
  day date NOT NULL,
  region_id uuid NOT NULL REFERENCES organisation (id),
  schools integer NOT NULL,
  schools_done integer NOT NULL,
  schools_confirmed integer NOT NULL,
  pupils integer NOT NULL,
  pupils_done integer NOT NULL,
  PRIMARY KEY (campaign_id, day, region_id)
);

-- Reminders sent (by an ОУО, a region, the ministry, or automatically N days before the deadline).
CREATE TABLE campaign_reminder (
  id uuid PRIMARY KEY,
  campaign_id uuid NOT NULL REFERENCES campaign (id),
  kind text NOT NULL CHECK (kind IN ('manual', 'automatic')),
  sent_by uuid REFERENCES app_user (id),
  organisation_id uuid REFERENCES organisation (id),
  schools integer NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX campaign_reminder_automatic_idx ON campaign_reminder (campaign_id) WHERE kind = 'automatic';

-- In-app notifications to an organisation's users (reminders, reopened items).
CREATE TABLE notification (
  id uuid PRIMARY KEY,
  organisation_id uuid NOT NULL REFERENCES organisation (id),
  region_id uuid,
  ouo_id uuid,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  link text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  read_by uuid
);
CREATE INDEX notification_org_idx ON notification (organisation_id, created_at DESC);

-- E-mail: sent through SMTP when configured; without SMTP the messages stay here as a visible outbox.
CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY,
  to_address text NOT NULL,
  to_user_id uuid REFERENCES app_user (id),
  organisation_id uuid REFERENCES organisation (id),
  region_id uuid,
  ouo_id uuid,
  subject text NOT NULL,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  error text
);
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (created_at) WHERE sent_at IS NULL;

-- Finding the transactions that were still running at the last refresh.
CREATE INDEX IF NOT EXISTS pupil_event_txid_idx ON pupil_event (txid);

ALTER TABLE campaign_school ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaign_school_scope ON campaign_school USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo())
  OR school_id = (SELECT aikom_scope_school())
);
-- A campaign is visible to whoever sees one of its schools (and to its creator's scope).
ALTER TABLE campaign ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaign_scope ON campaign USING (
  (SELECT aikom_scope_national())
  OR scope_region_id = (SELECT aikom_scope_region())
  OR EXISTS (SELECT 1 FROM campaign_school cs WHERE cs.campaign_id = campaign.id)
);
ALTER TABLE campaign_progress ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaign_progress_scope ON campaign_progress USING (
  (SELECT aikom_scope_national()) OR region_id = (SELECT aikom_scope_region())
  OR EXISTS (SELECT 1 FROM campaign_school cs WHERE cs.campaign_id = campaign_progress.campaign_id)
);
ALTER TABLE campaign_reminder ENABLE ROW LEVEL SECURITY;
CREATE POLICY campaign_reminder_scope ON campaign_reminder USING (
  (SELECT aikom_scope_national()) OR EXISTS (SELECT 1 FROM campaign c WHERE c.id = campaign_id)
);
-- A notification is read by its organisation's users; it may be sent to any organisation of the sender's scope.
ALTER TABLE notification ENABLE ROW LEVEL SECURITY;
CREATE POLICY notification_read ON notification FOR SELECT USING (
  (SELECT aikom_scope_national())
  OR organisation_id = (SELECT aikom_scope_school()) OR organisation_id = (SELECT aikom_scope_ouo())
  OR organisation_id = (SELECT aikom_scope_region())
);
CREATE POLICY notification_mark_read ON notification FOR UPDATE USING (
  organisation_id = (SELECT aikom_scope_school()) OR organisation_id = (SELECT aikom_scope_ouo())
  OR organisation_id = (SELECT aikom_scope_region()) OR (SELECT aikom_scope_national())
);
CREATE POLICY notification_send ON notification FOR INSERT WITH CHECK (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region()) OR organisation_id = (SELECT aikom_scope_region())
  OR ouo_id = (SELECT aikom_scope_ouo()) OR organisation_id = (SELECT aikom_scope_ouo())
  OR organisation_id = (SELECT aikom_scope_school())
);
ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY mail_outbox_scope ON mail_outbox USING (
  (SELECT aikom_scope_national())
  OR region_id = (SELECT aikom_scope_region()) OR ouo_id = (SELECT aikom_scope_ouo())
);
GRANT SELECT, INSERT, UPDATE ON campaign, campaign_school, campaign_progress, campaign_reminder, notification, mail_outbox TO aikom_app;
