/**
 * Kysely table types of migration 0007 (exchange with educational information systems), kept beside db/schema.ts
 * until they are merged into its `DB` interface and `TABLE_COLUMNS`; the exchange module uses
 * `Kysely<DB & ExchangeTables>` meanwhile.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { DB } from './schema';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
type JsonWithDefault<T = unknown> = ColumnType<T, string | T | undefined, string | T>;

export interface PlatformTable {
  id: string;
  name: string;
  operator: string;
  contact: string;
  client_id: string;
  secret_hash: string;
  previous_secret_hash: string | null;
  previous_secret_valid_until: Timestamp | null;
  secret_rotated_at: Timestamp | null;
  scopes: ColumnType<string[], string[] | undefined, string[]>;
  rate_limit_per_minute: Generated<number>;
  status: Generated<string>;
  created_by: string | null;
  created_at: Generated<Date>;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  version: Generated<number>;
}

export interface PlatformSchoolTable {
  id: string;
  platform_id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  status: string;
  requested_by: string | null;
  requested_at: Timestamp;
  request_note: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_note: string | null;
  ended_by: string | null;
  ended_at: Timestamp | null;
  end_reason: string | null;
  version: Generated<number>;
}

export interface PlatformPupilTable {
  platform_id: string;
  external_id: string;
  person_id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ExchangeIdempotencyTable {
  platform_id: string;
  key: string;
  request_hash: Buffer;
  school_id: string;
  status_code: number | null;
  response: Json | null;
  created_at: Timestamp;
}

export interface ExchangeBatchTable {
  id: string;
  platform_id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  records: number;
  payload: Buffer | null;
  chunks_done: Generated<number>;
  results: JsonWithDefault<unknown[]>;
  job_id: string | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface OauthSigningKeyTable {
  kid: string;
  alg: string;
  public_jwk: Json<Record<string, unknown>>;
  private_enc: Buffer;
  created_at: Timestamp;
  retired_at: Timestamp | null;
}

export interface ExchangeTables {
  platform: PlatformTable;
  platform_school: PlatformSchoolTable;
  platform_pupil: PlatformPupilTable;
  exchange_idempotency: ExchangeIdempotencyTable;
  exchange_batch: ExchangeBatchTable;
  oauth_signing_key: OauthSigningKeyTable;
}

/** A connection or transaction that knows the exchange tables. */
export type ExchangeTx = Kysely<DB & ExchangeTables>;

/** Column lists, for `TABLE_COLUMNS` of db/schema.ts (checked against the database by the exchange tests). */
export const EXCHANGE_TABLE_COLUMNS: { readonly [T in keyof ExchangeTables]: ReadonlyArray<keyof ExchangeTables[T]> } =
  {
    platform: [
      'id',
      'name',
      'operator',
      'contact',
      'client_id',
      'secret_hash',
      'previous_secret_hash',
      'previous_secret_valid_until',
      'secret_rotated_at',
      'scopes',
      'rate_limit_per_minute',
      'status',
      'created_by',
      'created_at',
      'revoked_at',
      'revoked_by',
      'version',
    ],
    platform_school: [
      'id',
      'platform_id',
      'school_id',
      'ouo_id',
      'region_id',
      'status',
      'requested_by',
      'requested_at',
      'request_note',
      'decided_by',
      'decided_at',
      'decision_note',
      'ended_by',
      'ended_at',
      'end_reason',
      'version',
    ],
    platform_pupil: [
      'platform_id',
      'external_id',
      'person_id',
      'school_id',
      'ouo_id',
      'region_id',
      'created_at',
      'updated_at',
    ],
    exchange_idempotency: ['platform_id', 'key', 'request_hash', 'school_id', 'status_code', 'response', 'created_at'],
    exchange_batch: [
      'id',
      'platform_id',
      'school_id',
      'ouo_id',
      'region_id',
      'records',
      'payload',
      'chunks_done',
      'results',
      'job_id',
      'created_at',
      'finished_at',
    ],
    oauth_signing_key: ['kid', 'alg', 'public_jwk', 'private_enc', 'created_at', 'retired_at'],
  };

/** The exchange tables' view of a transaction opened by `Database.scoped` / `system`. */
export const exchangeTx = (trx: Kysely<DB>): ExchangeTx => trx;

/** The same transaction for code that knows only `DB` (audit, the pupil registry). */
export const baseTx = (trx: ExchangeTx | Kysely<DB>): Kysely<DB> => trx;
