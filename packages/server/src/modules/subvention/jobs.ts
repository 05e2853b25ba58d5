import type { JobHandler } from '../../jobs/job-runner';
import { AppError } from '../../errors';
import { SubventionService } from './service';

/**
 * Computes a queued allocation run (`subvention.allocate`): the registry's inputs as of the run's date, the formula
 * in memory, the budgets stored in one transaction. A retried job finds the run done and changes nothing.
 */
export const runAllocationJob: JobHandler = async (ctx, job) => {
  const runId = job.params.runId;
  if (typeof runId !== 'string')
    throw new AppError('BAD_REQUEST', { detail: 'Завдання без ідентифікатора розрахунку.' });
  await job.progress(0, 2, 'вхідні дані реєстру');
  let step = 0;
  const result = await new SubventionService(ctx).computeRun(runId, job.scope, async (note) => {
    await job.progress(step++, 2, note);
  });
  await job.progress(2, 2, 'готово');
  return result;
};
