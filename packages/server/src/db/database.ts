import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Mutex, PGliteDialect, transactionHold } from './pglite-dialect';
import type { DB } from './schema';

export type Engine = 'pglite' | 'postgres';

/**
 * What the database is told about the actor for one transaction (the `aikom.*` settings that row-level security
 * policies read). A field left out is not set, so it never matches.
 */
export interface DbScope {
  national?: boolean;
  region?: string;
  ouo?: string;
  school?: string;
  /** Schools a platform acts for. */
  schools?: readonly string[];
  actor?: string;
  /** The actor's own region and ОУО, so their names stay visible below them. */
  ownRegion?: string;
  ownOuo?: string;
}

/** A connection or a transaction (repositories accept both; services decide the transaction). */
export type Tx = Kysely<DB>;

/** A transaction that can also stream rows in with COPY (bulk paths: seed, imports, rollover). */
export interface BulkWriter {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** COPY rows (arrays of values in column order; null for NULL) into a table. */
  copy(table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number>;
  /** COPY rows already rendered in COPY text format (copyLine) into a table. */
  copyText(table: string, columns: readonly string[], text: string): Promise<void>;
  /** COPY a table (or a query in parentheses) out to a file in COPY text format. */
  copyToFile(source: string, file: string): Promise<void>;
  /** COPY a file in COPY text format into a table. */
  copyFromFile(table: string, columns: readonly string[] | null, file: string): Promise<void>;
}

export interface Database {
  readonly engine: Engine;
  /** The owner connection: migrations, system jobs, sign-in. Row-level security does not apply to it. */
  readonly kysely: Kysely<DB>;
  /** Runs fn in a transaction as the request role with the actor's scope: row-level security applies. */
  scoped<T>(scope: DbScope, fn: (trx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn in an owner transaction. */
  system<T>(fn: (trx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn in one owner transaction with COPY available. All or nothing. */
  bulk<T>(fn: (writer: BulkWriter) => Promise<T>): Promise<T>;
  /** Executes a multi-statement SQL script (migrations). */
  execScript(text: string): Promise<void>;
  close(): Promise<void>;
}

const SETTINGS: ReadonlyArray<[keyof DbScope, string]> = [
  ['national', 'aikom.scope_national'],
  ['region', 'aikom.scope_region'],
  ['ouo', 'aikom.scope_ouo'],
  ['school', 'aikom.scope_school'],
  ['schools', 'aikom.scope_schools'],
  ['actor', 'aikom.actor'],
  ['ownRegion', 'aikom.own_region'],
  ['ownOuo', 'aikom.own_ouo'],
];

function settingValue(scope: DbScope, key: keyof DbScope): string {
  const value = scope[key];
  if (value === undefined || value === false) return '';
  if (value === true) return 'on';
  if (Array.isArray(value)) return value.join(',');
  return value as string;
}

/**
 * Enters the request role and the actor's scope in one round trip: `role` is a setting like the scope's (what
 * SET LOCAL ROLE does), and a request's transaction pays every round trip on a busy server.
 */
async function enterScope(trx: Tx, scope: DbScope): Promise<void> {
  const names = ['role', ...SETTINGS.map(([, name]) => name)];
  const values = ['aikom_app', ...SETTINGS.map(([key]) => settingValue(scope, key))];
  await sql`SELECT set_config(n, v, true) FROM unnest(${names}::text[], ${values}::text[]) AS s(n, v)`.execute(trx);
}

/** COPY text format: tab-separated, \N for NULL, backslash escapes. */
export function copyLine(row: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += '\t';
    const v = row[i];
    if (v === null || v === undefined) line += '\\N';
    else if (Buffer.isBuffer(v) || v instanceof Uint8Array) line += '\\\\x' + Buffer.from(v).toString('hex');
    else if (Array.isArray(v)) line += escapeCopy(pgArray(v as unknown[]));
    else if (v instanceof Date) line += v.toISOString();
    else if (typeof v === 'string') line += escapeCopy(v);
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') line += String(v);
    else line += escapeCopy(JSON.stringify(v));
  }
  return line + '\n';
}

const COPY_SPECIAL = /[\\\t\n\r]/;

function escapeCopy(s: string): string {
  // Most values need no escaping; testing first avoids building a new string for each.
  if (!COPY_SPECIAL.test(s)) return s;
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function pgArray(values: readonly unknown[]): string {
  return (
    '{' +
    values
      .map((v) => (v === null ? 'NULL' : '"' + String(v as string | number).replace(/["\\]/g, '\\$&') + '"'))
      .join(',') +
    '}'
  );
}

const COPY_CHUNK_ROWS = 20_000;

function* chunks(rows: Iterable<readonly unknown[]>, size: number): Generator<string[]> {
  let chunk: string[] = [];
  for (const row of rows) {
    chunk.push(copyLine(row));
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

const copySql = (table: string, columns: readonly string[]) => `COPY ${table} (${columns.join(', ')}) FROM STDIN`;

// Dates stay 'YYYY-MM-DD' strings (a JS Date would shift them by the time zone); bigint counts become numbers.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

class PostgresDatabase implements Database {
  readonly engine = 'postgres' as const;
  readonly kysely: Kysely<DB>;

  constructor(private readonly pool: pg.Pool) {
    this.kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }

  scoped<T>(scope: DbScope, fn: (trx: Tx) => Promise<T>): Promise<T> {
    return this.kysely.transaction().execute(async (trx) => {
      await enterScope(trx, scope);
      return fn(trx);
    });
  }

  system<T>(fn: (trx: Tx) => Promise<T>): Promise<T> {
    return this.kysely.transaction().execute(fn);
  }

  async bulk<T>(fn: (writer: BulkWriter) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const writer: BulkWriter = {
        query: async <R>(text: string, params?: readonly unknown[]) =>
          (await client.query(text, params as unknown[])).rows as R[],
        copy: async (table, columns, rows) => {
          let count = 0;
          const stream = client.query(copyFrom(copySql(table, columns)));
          const source = Readable.from(
            (function* () {
              for (const chunk of chunks(rows, COPY_CHUNK_ROWS)) {
                count += chunk.length;
                yield chunk.join('');
              }
            })(),
          );
          await pipeline(source, stream);
          return count;
        },
        copyText: async (table, columns, text) => {
          await pipeline(Readable.from([text]), client.query(copyFrom(copySql(table, columns))));
        },
        copyToFile: async (source, file) => {
          await pipeline(client.query(copyTo(`COPY ${source} TO STDOUT`)), fs.createWriteStream(file));
        },
        copyFromFile: async (table, columns, file) => {
          await pipeline(
            fs.createReadStream(file),
            client.query(copyFrom(`COPY ${table}${columns ? ` (${columns.join(', ')})` : ''} FROM STDIN`)),
          );
        },
      };
      const result = await fn(writer);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async execScript(text: string): Promise<void> {
    await this.pool.query(text);
  }

  async close(): Promise<void> {
    await this.kysely.destroy();
  }
}

class PGliteDatabase implements Database {
  readonly engine = 'pglite' as const;
  readonly kysely: Kysely<DB>;

  constructor(
    private readonly pg: PGlite,
    private readonly mutex: Mutex,
  ) {
    this.kysely = new Kysely<DB>({ dialect: new PGliteDialect(pg, mutex) });
  }

  scoped<T>(scope: DbScope, fn: (trx: Tx) => Promise<T>): Promise<T> {
    return transactionHold.run({ held: false }, () =>
      this.kysely.transaction().execute(async (trx) => {
        await enterScope(trx, scope);
        return fn(trx);
      }),
    );
  }

  system<T>(fn: (trx: Tx) => Promise<T>): Promise<T> {
    return transactionHold.run({ held: false }, () => this.kysely.transaction().execute(fn));
  }

  bulk<T>(fn: (writer: BulkWriter) => Promise<T>): Promise<T> {
    if (transactionHold.getStore()?.held) {
      return Promise.reject(
        new Error('the embedded database is held by this transaction: a bulk transaction cannot start inside it'),
      );
    }
    return transactionHold.run({ held: true }, () =>
      this.mutex.run(async () => {
        await this.pg.query('BEGIN');
        try {
          const writer: BulkWriter = {
            query: async <R>(text: string, params?: readonly unknown[]) =>
              (await this.pg.query<R>(text, params as unknown[])).rows,
            copy: async (table, columns, rows) => {
              let count = 0;
              for (const chunk of chunks(rows, COPY_CHUNK_ROWS)) {
                await this.pg.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
                  blob: new Blob([chunk.join('')]),
                });
                count += chunk.length;
              }
              return count;
            },
            copyText: async (table, columns, text) => {
              await this.pg.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
                blob: new Blob([text]),
              });
            },
            copyToFile: async (source, file) => {
              const r = await this.pg.query(`COPY ${source} TO '/dev/blob'`);
              // PGlite returns no blob at all for an empty result.
              fs.writeFileSync(file, r.blob ? Buffer.from(await r.blob.arrayBuffer()) : Buffer.alloc(0));
            },
            copyFromFile: async (table, columns, file) => {
              if (fs.statSync(file).size === 0) return;
              await this.pg.query(`COPY ${table}${columns ? ` (${columns.join(', ')})` : ''} FROM '/dev/blob'`, [], {
                blob: new Blob([fs.readFileSync(file)]),
              });
            },
          };
          const result = await fn(writer);
          await this.pg.query('COMMIT');
          return result;
        } catch (error) {
          await this.pg.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    );
  }

  async execScript(text: string): Promise<void> {
    await this.mutex.run(async () => {
      await this.pg.exec(text);
    });
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => {
      if (!this.pg.closed) await this.pg.close();
    });
  }
}

export interface OpenOptions {
  /** PostgreSQL connection string; when absent the embedded database is used. */
  databaseUrl?: string | undefined;
  /** Directory of the embedded database; absent = in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
}

/** Opens the embedded database (PGlite) or PostgreSQL, by configuration. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // A connection that breaks while idle (server restart) must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    // The pool listens only to idle clients. A checked-out client (a transaction between its statements, a COPY)
    // whose connection is ended by the server (restart, 57P01) emits 'error' with no listener, which would end the
    // process; the statement in progress fails on its own, and the pool drops the broken client on release.
    pool.on('connect', (client) => client.on('error', () => undefined));
    return new PostgresDatabase(pool);
  }
  const dir = options.dataDir ? path.join(options.dataDir, 'pg') : undefined;
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const instance = await PGlite.create({
    ...(dir ? { dataDir: dir } : {}),
    extensions: { pg_trgm },
    parsers: {
      [pgliteTypes.DATE]: (v: string) => v,
      [pgliteTypes.INT8]: (v: string) => Number(v),
      [pgliteTypes.BYTEA]: (v: string) => Buffer.from(v.slice(2), 'hex'),
    },
  });
  return new PGliteDatabase(instance, new Mutex());
}
