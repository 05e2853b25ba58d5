import type { JobHandler } from '../../jobs/job-runner';
import { ImportService } from './service';

/** Parses and checks an uploaded file (queued by POST /schools/:schoolId/imports). */
export const parseImportJob: JobHandler = (ctx, job) => new ImportService(ctx).runParse(job);

/** Writes a previewed import in one bulk transaction (queued by POST /imports/:id/commit). */
export const commitImportJob: JobHandler = (ctx, job) => new ImportService(ctx).runCommit(job);
