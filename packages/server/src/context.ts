import type { Logger } from 'pino';
import type { AppConfig } from './config';
import type { Database } from './db/database';
import type { JobRunner } from './jobs/job-runner';
import type { KeyRing } from './security/key-ring';

/** What every feature receives: configuration, the database, keys, a logger and the clock. */
export interface AppContext {
  readonly config: AppConfig;
  readonly db: Database;
  readonly keys: KeyRing;
  readonly log: Logger;
  /** Long work: queued, resumable jobs with progress. */
  readonly jobs: JobRunner;
  /** The clock, injectable so tests run at fixed dates. */
  now(): Date;
}
