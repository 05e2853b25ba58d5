/**
 * Kysely table types, kept by hand beside the SQL migrations (the migrations are the truth; an integration test
 * compares these column lists with the database).
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateString = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** A JSON column with a default in the table: optional on insert. */
type JsonWithDefault<T = unknown> = ColumnType<T, string | T | undefined, string | T>;

export interface TerritoryTable {
  id: number;
  code: string;
  parent_id: number | null;
  level: number;
  category: string;
  name: string;
  name_key: string;
  oblast_id: number | null;
  raion_id: number | null;
  hromada_id: number | null;
}

export interface TerritoryHostilityTable {
  id: number;
  territory_id: number;
  kind: string;
  listed_name: string;
  date_start: DateString | null;
  date_end: DateString | null;
}

export interface ReferenceEditionTable {
  name: string;
  edition: string;
  checksum: string;
  loaded_at: Generated<Date>;
}

export interface SchoolYearTable {
  id: number;
  label: string;
  starts_on: DateString;
  ends_on: DateString;
  status: Generated<string>;
  is_current: Generated<boolean>;
  opened_at: Generated<Date>;
  closed_at: Timestamp | null;
}

export interface JobTable {
  id: string;
  kind: string;
  status: Generated<string>;
  params: JsonWithDefault<Record<string, unknown>>;
  progress_done: Generated<number>;
  progress_total: number | null;
  progress_note: string | null;
  result: Json | null;
  error: Json | null;
  attempts: Generated<number>;
  created_by: string | null;
  organisation_id: string | null;
  region_id: string | null;
  ouo_id: string | null;
  school_id: string | null;
  created_at: Generated<Date>;
  started_at: Timestamp | null;
  heartbeat_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface OrganisationTable {
  id: string;
  kind: string;
  parent_id: string | null;
  region_id: string | null;
  ouo_id: string | null;
  name: string;
  short_name: string | null;
  name_key: string;
  edrpou: string | null;
  territory_id: number | null;
  school_type: string | null;
  ownership: string | null;
  settlement_type: string | null;
  status: Generated<string>;
  original_territory_id: number | null;
  founder: string | null;
  grade_min: number | null;
  grade_max: number | null;
  address: string | null;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OrganisationVersionTable {
  organisation_id: string;
  version: number;
  data: Json<Record<string, unknown>>;
  changed_by: string | null;
  changed_at: Generated<Date>;
}

export interface AppUserTable {
  id: string;
  login: string;
  full_name: string;
  email: string | null;
  role: string;
  organisation_id: string;
  region_id: string | null;
  ouo_id: string | null;
  status: Generated<string>;
  password_hash: string | null;
  password_changed_at: Timestamp | null;
  totp_secret_enc: Buffer | null;
  totp_enrolled_at: Timestamp | null;
  totp_last_step: number | null;
  activation_code_hash: string | null;
  activation_expires_at: Timestamp | null;
  valid_until: Timestamp | null;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  last_login_at: Timestamp | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface UserSessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  mfa_passed: Generated<boolean>;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  login: string;
  ip: string | null;
  success: boolean;
  at: Generated<Date>;
}

export interface AuditLogTable {
  id: number;
  at: Date;
  actor_user_id: string | null;
  actor_platform_id: string | null;
  actor_login: string | null;
  role: string | null;
  organisation_id: string | null;
  region_id: string | null;
  ouo_id: string | null;
  client: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  request_id: string | null;
  ip: string | null;
  outcome: string;
  details: JsonWithDefault<Record<string, unknown>>;
  prev_hash: Buffer;
  hash: Buffer;
}

export interface PersonTable {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string;
  birth_date: DateString;
  citizenship: string | null;
  residence_territory_id: number | null;
  residence_address: string | null;
  education_form: Generated<string>;
  special_needs: Generated<boolean>;
  instruction_language: Generated<string>;
  name_key: string;
  phonetic_key: string;
  birth_cert_kind: string | null;
  birth_cert_country: string | null;
  birth_cert_enc: Buffer | null;
  birth_cert_bidx: Buffer | null;
  unzr_enc: Buffer | null;
  unzr_bidx: Buffer | null;
  rnokpp_enc: Buffer | null;
  rnokpp_bidx: Buffer | null;
  displacement_status: Generated<string>;
  displacement_since: DateString | null;
  displacement_origin_id: number | null;
  displacement_country: string | null;
  contact_status: Generated<string>;
  contact_lost_since: DateString | null;
  school_id: string | null;
  ouo_id: string | null;
  region_id: string | null;
  quality_errors: Generated<number>;
  quality_warnings: Generated<number>;
  quality_codes: Generated<string[]>;
  source: Generated<string>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EnrolmentTable {
  id: string;
  person_id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  school_year: number;
  grade: number;
  class_letter: string;
  entry_date: DateString;
  entry_basis: Generated<string>;
  entry_order: string | null;
  exit_date: DateString | null;
  exit_reason: string | null;
  exit_destination_school_id: string | null;
  exit_destination_country: string | null;
  exit_note: string | null;
  previous_enrolment_id: string | null;
  transition_id: string | null;
  source: Generated<string>;
  created_by: string | null;
  created_at: Generated<Date>;
}

export interface DisplacementRecordTable {
  id: string;
  person_id: string;
  status: string;
  since: DateString | null;
  origin_territory_id: number | null;
  country: string | null;
  idp_certificate: string | null;
  studies_remotely: boolean | null;
  recorded_at: Generated<Date>;
  recorded_by: string | null;
  source: Generated<string>;
}

export interface ContactRecordTable {
  id: string;
  person_id: string;
  status: string;
  since: DateString | null;
  note: string | null;
  recorded_at: Generated<Date>;
  recorded_by: string | null;
  source: Generated<string>;
}

export interface PupilEventTable {
  id: Generated<number>;
  person_id: string;
  school_id: string | null;
  ouo_id: string | null;
  region_id: string | null;
  at: Generated<Date>;
  actor_user_id: string | null;
  actor_platform_id: string | null;
  source: string;
  kind: string;
  changes: JsonWithDefault<Record<string, unknown>>;
  txid: Generated<string>;
}

export interface SchemaMigrationTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface DB {
  territory: TerritoryTable;
  territory_hostility: TerritoryHostilityTable;
  reference_edition: ReferenceEditionTable;
  school_year: SchoolYearTable;
  job: JobTable;
  organisation: OrganisationTable;
  organisation_version: OrganisationVersionTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
  person: PersonTable;
  enrolment: EnrolmentTable;
  displacement_record: DisplacementRecordTable;
  contact_record: ContactRecordTable;
  pupil_event: PupilEventTable;
  schema_migration: SchemaMigrationTable;
}
