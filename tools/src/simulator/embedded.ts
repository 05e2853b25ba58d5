/**
 * A registry started in this process for the simulator and the benchmarks: a fresh database (a new PostgreSQL
 * database on the server of `databaseUrl`, dropped at the end, or an embedded PGlite in a temporary directory),
 * migrated, with the schools of a synthetic preset and no pupils, one platform serving `schools` of them, and the
 * HTTP API listening on 127.0.0.1 (an ephemeral port).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { prepareInstance } from '@aikom/server/bootstrap';
import { loadConfig } from '@aikom/server/config';
import type { AppContext } from '@aikom/server/context';
import { createContext } from '@aikom/server/context-factory';
import { openDatabase, type Database } from '@aikom/server/db/database';
import { migrate } from '@aikom/server/db/migrate';
import { buildApp, type App } from '@aikom/server/http/app';
import { linkSchools, registerTestPlatform, type TestPlatform } from '@aikom/server/modules/exchange/testing';
import { seedSynthetic } from '@aikom/server/modules/seed/load-synthetic';
import { loadReferenceData } from '@aikom/server/reference/load-reference';
import { KeyRing, generateKeyFile } from '@aikom/server/security/key-ring';
import { createSyntheticDataset, type Preset, type SyntheticDataset } from '../synth/generate';
import { referenceData } from './reference';

export interface EmbeddedOptions {
  /** A PostgreSQL server to create the database on (its URL names a database we may CREATE DATABASE from). */
  databaseUrl?: string | undefined;
  preset: Preset;
  seed: number;
  /** How many of the preset's schools the platform serves (the largest first). */
  schools: number;
  /** Load the organisations only (default) or the preset's pupils too (a registry that already holds them). */
  withPupils?: boolean;
}

export interface EmbeddedRegistry {
  baseUrl: string;
  app: App;
  ctx: AppContext;
  engine: 'pglite' | 'postgres';
  platform: TestPlatform;
  schools: string[];
  dataset: SyntheticDataset;
  today: string;
  close(): Promise<void>;
}

/** A fresh database: a new PostgreSQL database (dropped by `drop`) or PGlite in a temporary directory. */
export async function freshDatabase(
  databaseUrl: string | undefined,
  label: string,
): Promise<{ db: Database; url: string | undefined; drop(): Promise<void> }> {
  if (!databaseUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aikom-${label}-`));
    const db = await openDatabase({ dataDir: dir });
    return {
      db,
      url: undefined,
      drop: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `aikom_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(databaseUrl);
  u.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: u.toString(), poolSize: 12 });
  return {
    db,
    url: u.toString(),
    drop: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A context on a database, at the real clock, with a fresh key ring and no log. */
export async function contextOn(db: Database): Promise<AppContext> {
  await migrate(db);
  await loadReferenceData(db);
  const ctx = createContext({
    config: loadConfig({ AIKOM_DEMO: '0', LOG_LEVEL: 'silent', DATA_DIR: os.tmpdir() }),
    db,
    keys: new KeyRing(generateKeyFile(new Date())),
    log: pino({ level: 'silent' }),
    now: () => new Date(),
  });
  await prepareInstance(ctx);
  return ctx;
}

export async function startEmbeddedRegistry(o: EmbeddedOptions): Promise<EmbeddedRegistry> {
  const fresh = await freshDatabase(o.databaseUrl, 'sim');
  try {
    const ctx = await contextOn(fresh.db);
    const today = ctx.now().toISOString().slice(0, 10);
    await seedSynthetic(ctx, { preset: o.preset, seed: o.seed, organisationsOnly: !o.withPupils });
    const year = Number(
      (
        await ctx.db.kysely
          .selectFrom('school_year')
          .select('id')
          .where('is_current', '=', true)
          .executeTakeFirstOrThrow()
      ).id,
    );
    const dataset = createSyntheticDataset(referenceData(), {
      preset: o.preset,
      seed: o.seed,
      schoolYear: year,
      today,
    });
    const schools = [...dataset.plan.schools]
      .sort((a, b) => b.records - a.records)
      .slice(0, o.schools)
      .map((s) => s.edrpou);
    const platform = await registerTestPlatform(ctx, `Симулятор ${o.preset}-${o.seed}`, {
      rateLimitPerMinute: 1_000_000,
    });
    await linkSchools(ctx, platform.id, schools);
    const app = await buildApp(ctx, { webDist: false, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      app,
      ctx,
      engine: fresh.db.engine,
      platform,
      schools,
      dataset,
      today,
      close: async () => {
        await app.close();
        await fresh.drop();
      },
    };
  } catch (error) {
    await fresh.drop().catch(() => undefined);
    throw error;
  }
}
