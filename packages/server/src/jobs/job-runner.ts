import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../context';
import type { DbScope } from '../db/database';
import { transactionHold } from '../db/pglite-dialect';
import { AppError, isAppError } from '../errors';

/**
 * Long work (imports, rollover, linkage, allocations) as recorded jobs. A job is queued in the `job` table,
 * claimed by the runner of a server process, and reports progress; the portal shows it as a live bar and the CLI
 * as a progress bar. Handlers commit their effects in transactions of their own choosing, so a job killed mid-way
 * leaves either nothing or whole units of work; on the next start the runner resumes it (handlers skip what is
 * done) or, past its attempts, fails it cleanly.
 */
export interface JobContext {
  readonly id: string;
  readonly params: Record<string, unknown>;
  /** The scope the job acts in (from whoever queued it). */
  readonly scope: DbScope;
  readonly attempt: number;
  progress(done: number, total?: number | null, note?: string): Promise<void>;
  /** True when cancellation was requested; handlers check it between units of work. */
  cancelled(): Promise<boolean>;
}

export type JobHandler = (ctx: AppContext, job: JobContext) => Promise<Record<string, unknown>>;

/** Why a job (or its subject) failed, as its record and its subject keep it; a problem's other members may follow. */
export interface JobProblem {
  code: string;
  message: string;
  [member: string]: unknown;
}

/**
 * What a kind of job does to its subject (an import, an allocation run, an extract) when the runner gives the job up
 * without its handler running to the end — the process died during every attempt. A handler that fails cleans up in
 * its own `catch`; this is the same for the case where no code of the handler gets to run: without it the subject
 * would stay `parsing` or `committing` for ever, and nobody could try again.
 */
export type JobAbandonHandler = (
  ctx: AppContext,
  job: { id: string; params: Record<string, unknown>; scope: DbScope },
  problem: JobProblem,
) => Promise<void>;

const ABANDONED: JobProblem = {
  code: 'JOB_ABANDONED',
  message: 'Завдання перервано кілька разів; його не завершено.',
};

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  progress: { done: number; total: number | null; note: string | null; percent: number | null };
  result: unknown;
  error: unknown;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const MAX_ATTEMPTS = 3;
const HEARTBEAT_MS = 5_000;
/** A running job whose heartbeat is older than this belongs to a process that died. */
const STALE_MS = 30_000;

export function presentJob(row: {
  id: string;
  kind: string;
  status: string;
  progress_done: number;
  progress_total: number | null;
  progress_note: string | null;
  result: unknown;
  error: unknown;
  attempts: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}): JobView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as JobStatus,
    progress: {
      done: row.progress_done,
      total: row.progress_total,
      note: row.progress_note,
      percent: row.progress_total
        ? Math.min(100, Math.round((100 * row.progress_done) / row.progress_total))
        : row.status === 'succeeded'
          ? 100
          : null,
    },
    result: row.result,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.created_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

export class JobRunner {
  readonly #handlers = new Map<string, JobHandler>();
  readonly #abandon = new Map<string, JobAbandonHandler>();
  #timer: NodeJS.Timeout | undefined;
  #recoverTimer: NodeJS.Timeout | undefined;
  #running = new Set<Promise<void>>();
  /** Queued jobs run by themselves only once start() was called (a server); tests and the CLI drain() instead. */
  #started = false;
  #stopped = false;

  constructor(private readonly ctx: AppContext) {}

  register(kind: string, handler: JobHandler, onAbandoned?: JobAbandonHandler): void {
    this.#handlers.set(kind, handler);
    if (onAbandoned) this.#abandon.set(kind, onAbandoned);
  }

  /** Queues a job; the scope fields are what the job may touch and who may see it. */
  async enqueue(
    kind: string,
    params: Record<string, unknown>,
    owner: {
      userId?: string | null;
      organisationId?: string | null;
      regionId?: string | null;
      ouoId?: string | null;
      schoolId?: string | null;
      scope: DbScope;
    },
  ): Promise<string> {
    if (!this.#handlers.has(kind)) throw new Error(`no handler for job kind ${kind}`);
    const id = uuidv7();
    await this.ctx.db.kysely
      .insertInto('job')
      .values({
        id,
        kind,
        params: JSON.stringify({ ...params, __scope: owner.scope }),
        created_by: owner.userId ?? null,
        organisation_id: owner.organisationId ?? null,
        region_id: owner.regionId ?? null,
        ouo_id: owner.ouoId ?? null,
        school_id: owner.schoolId ?? null,
        created_at: this.ctx.now(),
      })
      .execute();
    this.kick();
    return id;
  }

  async get(id: string, scope: DbScope): Promise<JobView> {
    const row = await this.ctx.db.scoped(scope, (trx) =>
      trx.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst(),
    );
    if (!row) throw new AppError('JOB_NOT_FOUND');
    return presentJob(row);
  }

  /**
   * Stops a job. Seeing a job is not enough to stop it: only whoever started it may (a read-only analyst of the
   * region must not be able to halt a school's import; OWASP ASVS 4.0.3 § 4.1.3, least privilege).
   */
  async cancel(id: string, scope: DbScope): Promise<void> {
    const owner = await this.ctx.db.scoped(scope, (trx) =>
      trx.selectFrom('job').select('created_by').where('id', '=', id).executeTakeFirst(),
    );
    if (!owner) throw new AppError('JOB_NOT_FOUND');
    if (!scope.actor || owner.created_by !== scope.actor)
      throw new AppError('FORBIDDEN', { detail: 'Зупинити завдання може лише той, хто його запустив.' });
    const r = await this.ctx.db.scoped(scope, (trx) =>
      trx
        .updateTable('job')
        .set({ status: 'cancelled', finished_at: this.ctx.now() })
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .executeTakeFirst(),
    );
    if (Number(r.numUpdatedRows) === 0) {
      // Running jobs see the request at their next check.
      await this.ctx.db.scoped(scope, (trx) =>
        trx
          .updateTable('job')
          .set({ cancel_requested: true })
          .where('id', '=', id)
          .where('status', '=', 'running')
          .execute(),
      );
    }
  }

  /** Starts polling; first returns jobs of dead processes to the queue (or fails them past their attempts). */
  async start(pollMs = 1_000): Promise<void> {
    this.#stopped = false;
    this.#started = true;
    await this.recover();
    this.#timer = setInterval(() => this.kick(), pollMs);
    this.#timer.unref();
    // On PostgreSQL another server may die while this one runs (or this one restarted before the dead one's
    // heartbeat went stale): its jobs are picked up once their heartbeat is old, not only at the next start. (On
    // the embedded database this process is the only one, and recover() at start took every job left running.)
    if (this.ctx.db.engine === 'postgres')
      this.#recoverTimer = setInterval(() => {
        void this.recover()
          .then((n) => {
            if (n > 0) this.kick();
          })
          .catch((error: unknown) => this.ctx.log.warn({ err: error }, 'job recovery failed'));
      }, STALE_MS / 2);
    this.#recoverTimer?.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    if (this.#recoverTimer) clearInterval(this.#recoverTimer);
    await Promise.allSettled([...this.#running]);
  }

  /** Runs queued jobs now, in this process, until none is left (CLI and tests). */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.claim();
      if (!claimed) return;
      await this.execute(claimed);
    }
  }

  /**
   * Returns jobs of dead processes to the queue (or fails them past their attempts): at start, and on PostgreSQL
   * periodically.
   */
  async recover(): Promise<number> {
    const now = this.ctx.now();
    // The embedded database is one process's (the DATA_DIR lock): a job still marked running when that process
    // opens it was left by a process that died, however fresh its heartbeat (a server killed and started again at
    // once would otherwise leave it running for ever). On PostgreSQL only a stale heartbeat tells a dead runner.
    const stale = this.ctx.db.engine === 'pglite' ? new Date(now.getTime() + 1) : new Date(now.getTime() - STALE_MS);
    const { failed, requeued } = await this.ctx.db.system(async (trx) => {
      const failed = await trx
        .updateTable('job')
        .set({ status: 'failed', finished_at: now, error: JSON.stringify(ABANDONED) })
        .where('status', '=', 'running')
        .where('heartbeat_at', '<', stale)
        .where('attempts', '>=', MAX_ATTEMPTS)
        .returning(['id', 'kind', 'params'])
        .execute();
      const requeued = await trx
        .updateTable('job')
        .set({ status: 'queued', progress_note: 'відновлення після перерваної роботи' })
        .where('status', '=', 'running')
        .where('heartbeat_at', '<', stale)
        .executeTakeFirst();
      return { failed, requeued: Number(requeued.numUpdatedRows) };
    });
    // After the job is failed for good: a subject whose clean-up fails is logged and stays as it was; the job's
    // record already tells what happened.
    for (const job of failed) {
      const onAbandoned = this.#abandon.get(job.kind);
      if (!onAbandoned) continue;
      const { __scope, ...params } = job.params as { __scope?: DbScope };
      await onAbandoned(this.ctx, { id: job.id, params, scope: __scope ?? {} }, ABANDONED).catch((error: unknown) =>
        this.ctx.log.error({ err: error, job: job.id, kind: job.kind }, 'clean-up of an abandoned job failed'),
      );
    }
    return failed.length + requeued;
  }

  private kick(): void {
    if (!this.#started || this.#stopped || this.#running.size > 0) return;
    const p = (async () => {
      try {
        for (;;) {
          if (this.#stopped) return;
          const claimed = await this.claim();
          if (!claimed) return;
          await this.execute(claimed);
        }
      } catch (error) {
        this.ctx.log.error({ err: error }, 'job runner failed');
      }
    })();
    this.#running.add(p);
    void p.finally(() => this.#running.delete(p));
  }

  private async claim(): Promise<{
    id: string;
    kind: string;
    params: Record<string, unknown>;
    attempts: number;
  } | null> {
    const kinds = [...this.#handlers.keys()];
    if (kinds.length === 0) return null;
    const now = this.ctx.now();
    return this.ctx.db.system(async (trx) => {
      const r = await sql<{ id: string; kind: string; params: Record<string, unknown>; attempts: number }>`
        UPDATE job SET status = 'running', attempts = attempts + 1, started_at = coalesce(started_at, ${now}::timestamptz),
          heartbeat_at = ${now}::timestamptz
        WHERE id = (
          SELECT id FROM job WHERE status = 'queued' AND kind = ANY (${kinds}::text[])
          ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, params, attempts`.execute(trx);
      return r.rows[0] ?? null;
    });
  }

  private async execute(job: {
    id: string;
    kind: string;
    params: Record<string, unknown>;
    attempts: number;
  }): Promise<void> {
    const handler = this.#handlers.get(job.kind)!;
    const { __scope, ...params } = job.params as { __scope?: DbScope };
    let lastBeat = 0;
    const jobCtx: JobContext = {
      id: job.id,
      params,
      scope: __scope ?? {},
      attempt: job.attempts,
      progress: async (done, total, note) => {
        // Inside a transaction on the embedded engine the single connection is taken: the figure would not be
        // visible before commit anyway, so it waits for the next report made outside.
        if (transactionHold.getStore()?.held) return;
        const now = this.ctx.now();
        const force = total !== undefined || note !== undefined;
        if (!force && Date.now() - lastBeat < 250) return;
        lastBeat = Date.now();
        await this.ctx.db.kysely
          .updateTable('job')
          .set({
            progress_done: done,
            ...(total !== undefined ? { progress_total: total } : {}),
            ...(note !== undefined ? { progress_note: note } : {}),
            heartbeat_at: now,
          })
          .where('id', '=', job.id)
          .execute();
      },
      cancelled: async () => {
        const r = await this.ctx.db.kysely
          .selectFrom('job')
          .select(['status', 'cancel_requested'])
          .where('id', '=', job.id)
          .executeTakeFirst();
        return r?.status === 'cancelled' || r?.cancel_requested === true;
      },
    };
    const beat = setInterval(() => {
      void this.ctx.db.kysely
        .updateTable('job')
        .set({ heartbeat_at: this.ctx.now() })
        .where('id', '=', job.id)
        .execute()
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    try {
      const result = await handler(this.ctx, jobCtx);
      await this.ctx.db.kysely
        .updateTable('job')
        .set({
          status: (await jobCtx.cancelled()) ? 'cancelled' : 'succeeded',
          result: JSON.stringify(result),
          finished_at: this.ctx.now(),
        })
        .where('id', '=', job.id)
        .execute();
    } catch (error) {
      const problem = isAppError(error)
        ? { code: error.code, message: error.detail ?? error.title, errors: error.errors }
        : { code: 'INTERNAL', message: 'Завдання завершилося помилкою; дані не змінено.' };
      if (!isAppError(error)) this.ctx.log.error({ err: error, job: job.id, kind: job.kind }, 'job failed');
      await this.ctx.db.kysely
        .updateTable('job')
        .set({ status: 'failed', error: JSON.stringify(problem), finished_at: this.ctx.now() })
        .where('id', '=', job.id)
        .execute();
    } finally {
      clearInterval(beat);
    }
  }
}
