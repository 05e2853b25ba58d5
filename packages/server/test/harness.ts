import { pino } from 'pino';
import { loadConfig, type AppConfig } from '../src/config';
import type { AppContext } from '../src/context';
import { createContext } from '../src/context-factory';
import type { Engine } from '../src/db/database';
import { buildApp, type App } from '../src/http/app';
import { AuditRepository } from '../src/modules/audit/repository';
import { KeyRing, generateKeyFile } from '../src/security/key-ring';
import { createTestDatabase, type TestDatabase } from './engines';

/** The fixed date of the integration tests (a weekday in the school year 2025-2026). */
export const TEST_NOW = new Date('2025-10-15T09:00:00Z');

export interface TestApp {
  app: App;
  ctx: AppContext;
  testDb: TestDatabase;
  /** Moves the clock forward (sessions, lockouts and TOTP steps depend on it). */
  advance(ms: number): void;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({ AIKOM_DEMO: '0', LOG_LEVEL: 'silent', DATA_DIR: '.cache/test-data', ...overrides });
}

/** An application on a fresh database of the given engine, at a fixed clock, without a listening socket. */
export async function createTestApp(
  engine: Engine,
  options: { now?: Date; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const testDb = await createTestDatabase(engine);
  const clock = { now: options.now ?? TEST_NOW };
  const ctx: AppContext = createContext({
    config: testConfig(options.env),
    db: testDb.db,
    keys: new KeyRing(generateKeyFile(clock.now)),
    log: pino({ level: 'silent' }),
    now: () => clock.now,
  });
  const app = await buildApp(ctx, { webDist: false, logger: false });
  return {
    app,
    ctx,
    testDb,
    advance: (ms) => {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    close: async () => {
      await app.close();
      await testDb.drop();
    },
  };
}

/** Seals pending audit entries into the chain (the server's background sequencer does this every second). */
export async function sealAudit(ctx: AppContext): Promise<void> {
  await new AuditRepository().sealAll(ctx.db);
}

/** The database, once every audit entry so far is sealed into the chain (for tests that read `audit_log`). */
export async function auditDb(ctx: AppContext): Promise<AppContext['db']['kysely']> {
  await sealAudit(ctx);
  return ctx.db.kysely;
}
