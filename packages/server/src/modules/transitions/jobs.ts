import type { JobHandler } from '../../jobs/job-runner';
import { TransitionService } from './service';

export { TRANSITION_JOB } from './service';

/** The transition of many schools (POST /api/v1/transitions, `aikom rollover`): batches, skipping done schools. */
export const runTransitionJob: JobHandler = (ctx, job) => new TransitionService(ctx).runBulkJob(job);
