import fs from 'node:fs';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import type { AppConfig } from './config';
import type { AppContext } from './context';
import { openDatabase, type Database } from './db/database';
import { migrate } from './db/migrate';
import { AppError } from './errors';
import { loadReferenceData } from './reference/load-reference';
import { loadOrCreateKeyRing } from './security/key-ring';
import { createContext } from './context-factory';

/**
 * The embedded database is one process's: a lock file in DATA_DIR names the holder, so a second process (the CLI
 * while the server runs) is told so plainly instead of corrupting the data or failing obscurely.
 */
export class EmbeddedLock {
  private constructor(readonly file: string) {}

  static acquire(dataDir: string, purpose: string): EmbeddedLock {
    fs.mkdirSync(dataDir, { recursive: true });
    const file = path.join(dataDir, 'aikom.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(file, JSON.stringify({ pid: process.pid, purpose, since: new Date().toISOString() }), {
          flag: 'wx',
        });
        return new EmbeddedLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = readHolder(file);
        if (holder && isAlive(holder.pid)) {
          throw new AppError('DATABASE_LOCKED', {
            detail:
              `Вбудовану базу даних у ${dataDir} зараз використовує інший процес (${holder.purpose}, pid ${holder.pid}, з ${holder.since}). ` +
              'Зупиніть його або вкажіть DATABASE_URL для роботи з PostgreSQL.',
          });
        }
        fs.rmSync(file, { force: true }); // stale: its holder is gone
      }
    }
    throw new AppError('DATABASE_LOCKED', { detail: `Не вдалося заблокувати ${file}.` });
  }

  release(): void {
    const holder = readHolder(this.file);
    if (holder?.pid === process.pid) fs.rmSync(this.file, { force: true });
  }
}

function readHolder(file: string): { pid: number; purpose: string; since: string } | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number; purpose: string; since: string };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createLogger(config: AppConfig): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'aikom' },
    // Belt and braces: fields that could carry personal data or secrets are never written.
    redact: {
      paths: [
        'password',
        '*.password',
        'totp',
        '*.totp',
        'req.headers.cookie',
        'req.headers.authorization',
        'body',
        '*.body',
        // The embedded engine's errors carry the failed query's parameters: names, dates of birth, ciphertext.
        'err.params',
        'err.cause.params',
      ],
      censor: '[redacted]',
    },
  });
}

export interface Runtime {
  ctx: AppContext;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  purpose: string;
  /** Apply migrations and load reference data (default true). */
  prepare?: boolean;
  logger?: Logger;
  now?: () => Date;
}

/** Opens what a server or a CLI command needs: lock (embedded), keys, database (migrated), reference data. */
export async function openRuntime(config: AppConfig, options: RuntimeOptions): Promise<Runtime> {
  const lock = config.databaseUrl ? undefined : EmbeddedLock.acquire(config.dataDir, options.purpose);
  let db: Database | undefined;
  try {
    const log = options.logger ?? createLogger(config);
    const { ring, created } = loadOrCreateKeyRing(config.keyFile);
    if (created)
      log.warn({ keyFile: config.keyFile }, 'a new key file was created: keep it safe and apart from database backups');
    db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    if (options.prepare !== false) {
      await migrate(db);
      await loadReferenceData(db);
    }
    const ctx = createContext({ config, db, keys: ring, log, now: options.now ?? (() => new Date()) });
    const opened = db;
    return {
      ctx,
      close: async () => {
        await opened.close();
        lock?.release();
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    lock?.release();
    throw error;
  }
}
