import type { JobHandler } from '../../jobs/job-runner';
import { ReportService } from './service';

/**
 * Rebuilds the roll-ups of the job's scope (or of one region) for a date: the missing and out-of-date schools, chunk
 * by chunk, each chunk with its ОУО sums in one transaction. A job stopped mid-way leaves whole chunks done; run again,
 * it skips them (they are no longer out of date).
 */
export const refreshReportsJob: JobHandler = async (ctx, job) => {
  const params = job.params as { asOf?: string; regionId?: string };
  const result = await new ReportService(ctx).refresh(
    { kind: 'job', jobId: job.id, scope: job.scope },
    {
      date: params.asOf,
      filter: params.regionId ? { regionId: params.regionId } : {},
      onProgress: (done, total) => job.progress(done, total, 'заклади'),
      cancelled: () => job.cancelled(),
    },
  );
  return { ...result };
};
