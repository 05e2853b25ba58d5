import type { JobHandler } from './job-runner';

/** Every kind of job and its handler (features add theirs here). */
export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {};
