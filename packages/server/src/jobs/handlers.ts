import type { JobHandler } from './job-runner';
import { commitImportJob, parseImportJob } from '../modules/imports/jobs';
import { COMMIT_JOB, PARSE_JOB } from '../modules/imports/service';
import { BATCH_JOB, exchangeBatchJob } from '../modules/exchange/jobs';
import { refreshReportsJob } from '../modules/reports/jobs';
import { REFRESH_JOB } from '../modules/reports/service';

/** Every kind of job and its handler (features add theirs here). */
export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  [PARSE_JOB]: parseImportJob,
  [COMMIT_JOB]: commitImportJob,
  [BATCH_JOB]: exchangeBatchJob,
  [REFRESH_JOB]: refreshReportsJob,
};
