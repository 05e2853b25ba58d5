import type { AppContext } from './context';
import { JobRunner } from './jobs/job-runner';
import { JOB_ABANDONED, JOB_HANDLERS } from './jobs/handlers';

/** Assembles the application context and registers every job handler with its runner. */
export function createContext(parts: Omit<AppContext, 'jobs'>): AppContext {
  const ctx = { ...parts } as { -readonly [K in keyof AppContext]: AppContext[K] };
  ctx.jobs = new JobRunner(ctx);
  for (const [kind, handler] of Object.entries(JOB_HANDLERS)) ctx.jobs.register(kind, handler, JOB_ABANDONED[kind]);
  return ctx;
}
