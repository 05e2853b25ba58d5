/**
 * Kysely table types, kept by hand beside the SQL migrations (the migrations are the truth; an integration test
 * compares these column lists with the database).
 */
import type { ColumnType, Generated } from 'kysely';
import { EXCHANGE_TABLE_COLUMNS, type ExchangeTables } from './schema-exchange';
import { IMPORT_TABLE_COLUMNS, type ImportTables } from './schema-imports';

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
  cancel_requested: Generated<boolean>;
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

export interface AuditPendingTable {
  id: Generated<number>;
  at: Generated<Date>;
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
  outcome: Generated<string>;
  details: JsonWithDefault<Record<string, unknown>>;
}

export interface AuditHeadTable {
  singleton: Generated<boolean>;
  last_id: number;
  last_hash: Buffer;
}

export interface PersonTable {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string;
  birth_date: DateString | null;
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
  identifiers_enc: Buffer | null;
  birth_cert_bidx: Buffer | null;
  unzr_bidx: Buffer | null;
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

export interface CampaignTable {
  id: string;
  title: string;
  instructions: Generated<string>;
  deadline: DateString;
  scope_kind: string;
  scope_region_id: string | null;
  indicators: Generated<number[]>;
  required_rules: string[];
  requires_confirmation: Generated<boolean>;
  reminder_days: number | null;
  status: Generated<string>;
  school_year: number;
  created_by: string | null;
  organisation_id: string;
  created_at: Generated<Date>;
  closed_at: Timestamp | null;
  event_watermark: Generated<number>;
  refreshed_xmin: string | null;
  last_reconciled_at: Timestamp | null;
}

export interface CampaignSchoolTable {
  campaign_id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  pupils: Generated<number>;
  done: Generated<number>;
  confirmed_at: Timestamp | null;
  confirmed_by: string | null;
  confirmed_late: boolean | null;
  changed_after_confirmation: Generated<boolean>;
  completed_at: Timestamp | null;
  updated_at: Generated<Date>;
}

export interface CampaignProgressTable {
  campaign_id: string;
  day: DateString;
  region_id: string;
  schools: number;
  schools_done: number;
  schools_confirmed: number;
  pupils: number;
  pupils_done: number;
}

export interface CampaignReminderTable {
  id: string;
  campaign_id: string;
  kind: string;
  sent_by: string | null;
  organisation_id: string | null;
  schools: number;
  sent_at: Generated<Date>;
}

export interface NotificationTable {
  id: string;
  organisation_id: string;
  region_id: string | null;
  ouo_id: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: Generated<Date>;
  read_at: Timestamp | null;
  read_by: string | null;
}

export interface MailOutboxTable {
  id: string;
  to_address: string;
  to_user_id: string | null;
  organisation_id: string | null;
  region_id: string | null;
  ouo_id: string | null;
  subject: string;
  body: string;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
  error: string | null;
}

export interface SchemaMigrationTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

/** Every table: the core ones below and each feature's own (declared beside their migrations). */
export interface DB extends ImportTables, ExchangeTables {
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
  audit_pending: AuditPendingTable;
  audit_head: AuditHeadTable;
  person: PersonTable;
  enrolment: EnrolmentTable;
  displacement_record: DisplacementRecordTable;
  contact_record: ContactRecordTable;
  pupil_event: PupilEventTable;
  campaign: CampaignTable;
  campaign_school: CampaignSchoolTable;
  campaign_progress: CampaignProgressTable;
  campaign_reminder: CampaignReminderTable;
  notification: NotificationTable;
  mail_outbox: MailOutboxTable;
  schema_migration: SchemaMigrationTable;
}

/** Every column of a table, listed once: the type check fails when a column is missing or unknown. */
type Columns<T> = ReadonlyArray<keyof T> & { readonly __all?: never };
function columns<T>() {
  return <const L extends ReadonlyArray<keyof T>>(
    list: L & ([Exclude<keyof T, L[number]>] extends [never] ? unknown : { missing: Exclude<keyof T, L[number]> }),
  ): Columns<T> => list;
}

/**
 * Column lists of the tables, checked against the types above by the compiler and against the database by an
 * integration test (so the hand-kept types cannot drift from the migrations).
 */
export const TABLE_COLUMNS: { readonly [T in keyof DB]: Columns<DB[T]> } = {
  territory: columns<TerritoryTable>()([
    'id',
    'code',
    'parent_id',
    'level',
    'category',
    'name',
    'name_key',
    'oblast_id',
    'raion_id',
    'hromada_id',
  ]),
  territory_hostility: columns<TerritoryHostilityTable>()([
    'id',
    'territory_id',
    'kind',
    'listed_name',
    'date_start',
    'date_end',
  ]),
  reference_edition: columns<ReferenceEditionTable>()(['name', 'edition', 'checksum', 'loaded_at']),
  school_year: columns<SchoolYearTable>()([
    'id',
    'label',
    'starts_on',
    'ends_on',
    'status',
    'is_current',
    'opened_at',
    'closed_at',
  ]),
  job: columns<JobTable>()([
    'id',
    'kind',
    'status',
    'params',
    'progress_done',
    'progress_total',
    'progress_note',
    'result',
    'error',
    'attempts',
    'cancel_requested',
    'created_by',
    'organisation_id',
    'region_id',
    'ouo_id',
    'school_id',
    'created_at',
    'started_at',
    'heartbeat_at',
    'finished_at',
  ]),
  organisation: columns<OrganisationTable>()([
    'id',
    'kind',
    'parent_id',
    'region_id',
    'ouo_id',
    'name',
    'short_name',
    'name_key',
    'edrpou',
    'territory_id',
    'school_type',
    'ownership',
    'settlement_type',
    'status',
    'original_territory_id',
    'founder',
    'grade_min',
    'grade_max',
    'address',
    'version',
    'created_at',
    'updated_at',
  ]),
  organisation_version: columns<OrganisationVersionTable>()([
    'organisation_id',
    'version',
    'data',
    'changed_by',
    'changed_at',
  ]),
  app_user: columns<AppUserTable>()([
    'id',
    'login',
    'full_name',
    'email',
    'role',
    'organisation_id',
    'region_id',
    'ouo_id',
    'status',
    'password_hash',
    'password_changed_at',
    'totp_secret_enc',
    'totp_enrolled_at',
    'totp_last_step',
    'activation_code_hash',
    'activation_expires_at',
    'valid_until',
    'failed_logins',
    'locked_until',
    'last_login_at',
    'created_by',
    'created_at',
    'updated_at',
    'version',
  ]),
  user_session: columns<UserSessionTable>()([
    'id',
    'user_id',
    'csrf_token',
    'created_at',
    'last_seen_at',
    'expires_at',
    'revoked_at',
    'mfa_passed',
    'ip',
    'user_agent',
  ]),
  login_attempt: columns<LoginAttemptTable>()(['id', 'login', 'ip', 'success', 'at']),
  audit_pending: columns<AuditPendingTable>()([
    'id',
    'at',
    'actor_user_id',
    'actor_platform_id',
    'actor_login',
    'role',
    'organisation_id',
    'region_id',
    'ouo_id',
    'client',
    'action',
    'object_type',
    'object_id',
    'request_id',
    'ip',
    'outcome',
    'details',
  ]),
  audit_head: columns<AuditHeadTable>()(['singleton', 'last_id', 'last_hash']),
  audit_log: columns<AuditLogTable>()([
    'id',
    'at',
    'actor_user_id',
    'actor_platform_id',
    'actor_login',
    'role',
    'organisation_id',
    'region_id',
    'ouo_id',
    'client',
    'action',
    'object_type',
    'object_id',
    'request_id',
    'ip',
    'outcome',
    'details',
    'prev_hash',
    'hash',
  ]),
  person: columns<PersonTable>()([
    'id',
    'last_name',
    'first_name',
    'middle_name',
    'sex',
    'birth_date',
    'citizenship',
    'residence_territory_id',
    'residence_address',
    'education_form',
    'special_needs',
    'instruction_language',
    'name_key',
    'phonetic_key',
    'birth_cert_kind',
    'birth_cert_country',
    'identifiers_enc',
    'birth_cert_bidx',
    'unzr_bidx',
    'rnokpp_bidx',
    'displacement_status',
    'displacement_since',
    'displacement_origin_id',
    'displacement_country',
    'contact_status',
    'contact_lost_since',
    'school_id',
    'ouo_id',
    'region_id',
    'quality_errors',
    'quality_warnings',
    'quality_codes',
    'source',
    'version',
    'created_at',
    'updated_at',
  ]),
  enrolment: columns<EnrolmentTable>()([
    'id',
    'person_id',
    'school_id',
    'ouo_id',
    'region_id',
    'school_year',
    'grade',
    'class_letter',
    'entry_date',
    'entry_basis',
    'entry_order',
    'exit_date',
    'exit_reason',
    'exit_destination_school_id',
    'exit_destination_country',
    'exit_note',
    'previous_enrolment_id',
    'transition_id',
    'source',
    'created_by',
    'created_at',
  ]),
  displacement_record: columns<DisplacementRecordTable>()([
    'id',
    'person_id',
    'status',
    'since',
    'origin_territory_id',
    'country',
    'idp_certificate',
    'studies_remotely',
    'recorded_at',
    'recorded_by',
    'source',
  ]),
  contact_record: columns<ContactRecordTable>()([
    'id',
    'person_id',
    'status',
    'since',
    'note',
    'recorded_at',
    'recorded_by',
    'source',
  ]),
  pupil_event: columns<PupilEventTable>()([
    'id',
    'person_id',
    'school_id',
    'ouo_id',
    'region_id',
    'at',
    'actor_user_id',
    'actor_platform_id',
    'source',
    'kind',
    'changes',
    'txid',
  ]),
  campaign: columns<CampaignTable>()([
    'id',
    'title',
    'instructions',
    'deadline',
    'scope_kind',
    'scope_region_id',
    'indicators',
    'required_rules',
    'requires_confirmation',
    'reminder_days',
    'status',
    'school_year',
    'created_by',
    'organisation_id',
    'created_at',
    'closed_at',
    'event_watermark',
    'refreshed_xmin',
    'last_reconciled_at',
  ]),
  campaign_school: columns<CampaignSchoolTable>()([
    'campaign_id',
    'school_id',
    'ouo_id',
    'region_id',
    'pupils',
    'done',
    'confirmed_at',
    'confirmed_by',
    'confirmed_late',
    'changed_after_confirmation',
    'completed_at',
    'updated_at',
  ]),
  campaign_progress: columns<CampaignProgressTable>()([
    'campaign_id',
    'day',
    'region_id',
    'schools',
    'schools_done',
    'schools_confirmed',
    'pupils',
    'pupils_done',
  ]),
  campaign_reminder: columns<CampaignReminderTable>()([
    'id',
    'campaign_id',
    'kind',
    'sent_by',
    'organisation_id',
    'schools',
    'sent_at',
  ]),
  notification: columns<NotificationTable>()([
    'id',
    'organisation_id',
    'region_id',
    'ouo_id',
    'kind',
    'title',
    'body',
    'link',
    'created_at',
    'read_at',
    'read_by',
  ]),
  mail_outbox: columns<MailOutboxTable>()([
    'id',
    'to_address',
    'to_user_id',
    'organisation_id',
    'region_id',
    'ouo_id',
    'subject',
    'body',
    'created_at',
    'sent_at',
    'error',
  ]),
  ...IMPORT_TABLE_COLUMNS,
  ...EXCHANGE_TABLE_COLUMNS,
  schema_migration: columns<SchemaMigrationTable>()(['version', 'name', 'checksum', 'applied_at']),
};
