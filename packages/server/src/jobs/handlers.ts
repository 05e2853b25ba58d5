import type { JobHandler } from './job-runner';
import { commitImportJob, parseImportJob } from '../modules/imports/jobs';
import { COMMIT_JOB, PARSE_JOB } from '../modules/imports/service';
import { BATCH_JOB, exchangeBatchJob } from '../modules/exchange/jobs';
import { refreshReportsJob } from '../modules/reports/jobs';
import { REFRESH_JOB } from '../modules/reports/service';
import { runAllocationJob } from '../modules/subvention/jobs';
import { RUN_JOB as SUBVENTION_RUN_JOB } from '../modules/subvention/service';
import { detectMissingJob, importExtractJob, linkExtractJob } from '../modules/verification/jobs';
import { DETECT_JOB, IMPORT_JOB as VERIFICATION_IMPORT_JOB, LINK_JOB } from '../modules/verification/service';
import { runTransitionJob, TRANSITION_JOB } from '../modules/transitions/jobs';

/** Every kind of job and its handler (features add theirs here). */
export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  [PARSE_JOB]: parseImportJob,
  [COMMIT_JOB]: commitImportJob,
  [BATCH_JOB]: exchangeBatchJob,
  [REFRESH_JOB]: refreshReportsJob,
  [SUBVENTION_RUN_JOB]: runAllocationJob,
  [VERIFICATION_IMPORT_JOB]: importExtractJob,
  [LINK_JOB]: linkExtractJob,
  [DETECT_JOB]: detectMissingJob,
  [TRANSITION_JOB]: runTransitionJob,
};
