import type { JobHandler } from '../../jobs/job-runner';
import { VerificationService } from './service';

/** Reads an uploaded extract into its snapshot (queued by POST /verification/extracts), then queues its linkage. */
export const importExtractJob: JobHandler = (ctx, job) => new VerificationService(ctx).runImportJob(job);

/** Links a snapshot with its targets (queued after an import, or by POST /verification/extracts/:id/link). */
export const linkExtractJob: JobHandler = (ctx, job) => new VerificationService(ctx).runLinkJob(job);

/** Detects potentially missing children and opens their cases (queued by POST /verification/detections). */
export const detectMissingJob: JobHandler = (ctx, job) => new VerificationService(ctx).runDetectJob(job);
