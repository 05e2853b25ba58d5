import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database';
import { AppError } from '../errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The migrations shipped with this build, in order. Files are named `NNNN_name.sql`. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      return {
        version: Number(file.slice(0, 4)),
        name: file.slice(5, -4),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

export interface MigrationReport {
  applied: Array<{ version: number; name: string }>;
  current: number;
}

/**
 * Applies pending migrations, forward only, each in its own transaction. An applied migration whose file changed is
 * an error (history of the schema is not rewritten); so is a database newer than this build.
 */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<MigrationReport> {
  await db.execScript(`
    CREATE TABLE IF NOT EXISTS schema_migration (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);
  const applied: MigrationReport['applied'] = [];
  for (const migration of migrations) {
    const done = await db.system(async (trx) => {
      // Two starting servers must not migrate at once.
      await sql`SELECT pg_advisory_xact_lock(4242001)`.execute(trx);
      const existing = await trx
        .selectFrom('schema_migration')
        .select(['version', 'checksum'])
        .where('version', '=', migration.version)
        .executeTakeFirst();
      if (existing) {
        if (existing.checksum !== migration.checksum) {
          throw new AppError('MIGRATION_CHANGED', {
            detail: `Міграцію ${migration.version} (${migration.name}) змінено після застосування.`,
          });
        }
        return false;
      }
      await sql.raw(migration.sql).execute(trx);
      await trx
        .insertInto('schema_migration')
        .values({ version: migration.version, name: migration.name, checksum: migration.checksum })
        .execute();
      return true;
    });
    if (done) applied.push({ version: migration.version, name: migration.name });
  }
  const current = await currentVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new AppError('DATABASE_TOO_NEW', {
      detail: `База даних має версію схеми ${current}, а ця збірка знає лише до ${latest}.`,
    });
  }
  return { applied, current };
}

export async function currentVersion(db: Database): Promise<number> {
  const row = await sql<{ v: number | null }>`SELECT max(version) AS v FROM schema_migration`.execute(db.kysely);
  return row.rows[0]?.v ?? 0;
}
