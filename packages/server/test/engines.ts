/**
 * Integration tests run the same cases on every engine: embedded PGlite always, and PostgreSQL when
 * TEST_DATABASE_URL is set (each test file gets a fresh database there, dropped at the end).
 * TEST_ENGINES=pglite|postgres narrows the set (CI runs each engine in its own pass).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type Engine } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { loadReferenceData } from '../src/reference/load-reference';

export function enginesUnderTest(): Engine[] {
  const wanted = (process.env.TEST_ENGINES ?? 'pglite,postgres').split(',').map((s) => s.trim());
  const engines: Engine[] = [];
  if (wanted.includes('pglite')) engines.push('pglite');
  if (wanted.includes('postgres') && process.env.TEST_DATABASE_URL) engines.push('postgres');
  if (engines.length === 0) throw new Error('no database engine selected for the integration tests');
  return engines;
}

export interface TestDatabase {
  db: Database;
  engine: Engine;
  /** Connection string of the fresh PostgreSQL database (postgres engine only). */
  url?: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, migrated database with reference data loaded. */
export async function createTestDatabase(engine: Engine, options: { reference?: boolean } = {}): Promise<TestDatabase> {
  let db: Database;
  let url: string | undefined;
  let drop = async () => {};
  if (engine === 'pglite') {
    db = await openDatabase({});
  } else {
    const admin = process.env.TEST_DATABASE_URL!;
    const name = `aikom_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    url = withDatabase(admin, name);
    db = await openDatabase({ databaseUrl: url, poolSize: 4 });
    drop = async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  await migrate(db);
  if (options.reference !== false) await loadReferenceData(db);
  return {
    db,
    engine,
    ...(url ? { url } : {}),
    drop: async () => {
      await db.close();
      await drop();
    },
  };
}
