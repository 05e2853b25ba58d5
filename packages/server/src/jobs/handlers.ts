import type { JobAbandonHandler, JobHandler } from './job-runner';
import { ImportService } from '../modules/imports/service';
import { SubventionService } from '../modules/subvention/service';
import { VerificationService } from '../modules/verification/service';
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

/**
 * What each kind with a subject of its own does to it when the runner gives the job up (the process died during every
 * attempt): the subject is left where its users can act again. Kinds without one (the roll-up refresh, the linkage,
 * the detection, a platform's batch and the transition, whose job record is what their users follow) need none.
 */
export const JOB_ABANDONED: Readonly<Record<string, JobAbandonHandler>> = {
  [PARSE_JOB]: (ctx, job, problem) => new ImportService(ctx).failParse(job.scope, String(job.params.importId), problem),
  [COMMIT_JOB]: (ctx, job, problem) =>
    new ImportService(ctx).failCommit(job.scope, String(job.params.importId), problem),
  [SUBVENTION_RUN_JOB]: (ctx, job, problem) =>
    new SubventionService(ctx).failRun(String(job.params.runId), job.scope, problem),
  [VERIFICATION_IMPORT_JOB]: (ctx, job, problem) =>
    new VerificationService(ctx).failImport(job.scope, String(job.params.snapshotId), problem),
};
