import type { JobHandler } from '../../jobs/job-runner';
import { ExchangePupilService } from './pupils/service';

export { BATCH_JOB } from './pupils/service';

/** A platform's large batch, chunk by chunk (see ExchangePupilService.runBatchJob). */
export const exchangeBatchJob: JobHandler = (ctx, job) => new ExchangePupilService(ctx).runBatchJob(job);
