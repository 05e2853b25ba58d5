import { can } from '@aikom/domain/access/policy';
import type { PupilRecord } from '@aikom/domain/exchange-record';
import { parseSchoolYearLabel } from '@aikom/domain/school-year';
import { uuidv7 } from 'uuidv7';
import { currentSchoolYear } from '../school-years/current';
import { refusePortalEditOfPlatformData } from '../exchange/links/managed';
import type { AppContext } from '../../context';
import type { DbScope, Tx } from '../../db/database';
import type { ImportTx } from '../../db/schema-imports';
import { AppError, isAppError } from '../../errors';
import { decodeCursor, encodeCursor } from '../../http/cursor';
import { presentJob, type JobContext, type JobProblem, type JobView } from '../../jobs/job-runner';
import { AuditService } from '../audit/service';
import { scopeOf, type Caller, type UserActor } from '../auth/caller';
import { writePupilsBulk, type BulkPupil } from '../pupils/bulk-writer';
import { entryBasisOf } from '../transitions/first-grade';
import { PupilService } from '../pupils/service';
import { bulkKysely } from './bulk-kysely';
import { COLUMN_BY_KEY, TEMPLATE_COLUMNS, columnLetter, type FoundColumn } from './columns';
import { ukrainianDate } from './cells';
import { writeCsv } from './csv';
import {
  FileDuplicates,
  inFileIssue,
  nearIssue,
  registryIssue,
  registryMatches,
  registryNearMatches,
  rowKeys,
  type RowKeys,
} from './duplicates';
import { DEFAULT_READ_LIMITS, readDataRows, type ReadLimits } from './read-rows';
import { ImportRepository, type ExportRow, type ImportRow, type RowFilter, type StoredRow } from './repository';
import { checkRow, statusOf, type ReadRow, type RowContext, type RowIssue, type RowStatus } from './rows';
import { openTable, sniffFile } from './table';
import { exportWorkbook, reportWorkbook, sheetValue, templateWorkbook, type ReportRow } from './workbooks';

export const PARSE_JOB = 'import.parse';
export const COMMIT_JOB = 'import.commit';

export type CommitMode = 'all_or_nothing' | 'valid_only';
export type ImportStatus = 'parsing' | 'previewed' | 'committing' | 'committed' | 'failed' | 'discarded';

/** Rows validated, checked for duplicates and stored per transaction while a file is parsed. */
const BATCH_ROWS = 500;

/**
 * Who queued a job, as the job needs them for authorisation and the audit log: the actor without session secrets
 * (a job outlives the request; the session's CSRF token must not be stored with it).
 */
export interface JobCaller {
  actor: Omit<UserActor, 'sessionId' | 'csrfToken' | 'mfaPassed'>;
  requestId: string;
  ip: string | null;
  client: string;
}

const jobCallerOf = (caller: Caller): JobCaller => {
  if (caller.actor.kind !== 'user') throw new AppError('FORBIDDEN');
  const { sessionId: _s, csrfToken: _c, mfaPassed: _m, ...actor } = caller.actor;
  return { actor, requestId: caller.requestId, ip: caller.ip, client: caller.client };
};

const callerOfJob = (c: JobCaller): Caller => ({
  ...c,
  actor: { ...c.actor, sessionId: '', csrfToken: '', mfaPassed: true },
});

/** What a row keeps sealed: the cells as typed (for the report) and the normalised record (for the commit). */
interface RowPayload {
  values: Record<string, string>;
  record: Record<string, unknown>;
}

export interface RowView {
  rowNumber: number;
  status: RowStatus;
  duplicate: boolean;
  summary: { lastName: string | null; firstName: string | null; middleName: string | null; class: string | null };
  errors: IssueView[];
  warnings: IssueView[];
}

export interface IssueView {
  code: string;
  path: string;
  message: string;
  column: { key: string; header: string; letter: string | null } | null;
}

export interface ImportView {
  row: ImportRow;
  job: JobView | null;
}

type School = NonNullable<Awaited<ReturnType<ImportRepository['schoolById']>>>;
const scopeRef = (s: School) => ({ kind: 'school' as const, id: s.id, regionId: s.region_id, ouoId: s.ouo_id });

const rowAad = (importId: string, rowNo: number) => `pupil_import_row.payload:${importId}:${rowNo}`;
const fileAad = (importId: string) => `pupil_import_file.content:${importId}`;

/** The same transaction as the audit service types it (db/schema.ts's DB, until the import tables join it). */
const baseTx = (trx: ImportTx) => trx as unknown as Tx;

const problemOf = (e: AppError) => ({ code: e.code, message: e.detail ?? e.title, errors: e.errors, ...e.extra });

/**
 * The school's XLSX/CSV round trip of the exchange record: the template, the upload (parsed and validated by a job,
 * every row against the catalogue and the registry), the preview of rows, the commit in one bulk transaction, the
 * report of rejected rows, and the export of the school's pupils in the template's format.
 */
export class ImportService {
  private readonly repo = new ImportRepository();
  private readonly audit = new AuditService();

  constructor(
    private readonly ctx: AppContext,
    private readonly limits: ReadLimits = DEFAULT_READ_LIMITS,
  ) {}

  private scoped<T>(scope: DbScope, fn: (trx: ImportTx) => Promise<T>): Promise<T> {
    // The import tables are not in db/schema.ts's DB yet; the transaction is the same.
    return this.ctx.db.scoped(scope, (trx) => fn(trx as unknown as ImportTx));
  }

  private currentYear(): Promise<number> {
    return currentSchoolYear(this.ctx);
  }

  /** A school the caller may act on: hidden (404) outside their scope, refused (403) without the right. */
  private async school(
    trx: ImportTx,
    caller: Caller,
    schoolId: string,
    action: 'pupil:write' | 'pupil:export',
  ): Promise<School> {
    const school = await this.repo.schoolById(trx, schoolId);
    if (!school) throw new AppError('NOT_FOUND', { detail: 'Заклад не знайдено у вашій зоні доступу.' });
    if (!can(caller.actor, action, scopeRef(school))) throw new AppError('FORBIDDEN');
    return school;
  }

  /** An import the caller may act on (row-level security hides the others: 404). */
  private async importOf(trx: ImportTx, caller: Caller, id: string): Promise<ImportRow> {
    const imp = await this.repo.importById(trx, id);
    if (!imp) throw new AppError('NOT_FOUND', { detail: 'Імпорт не знайдено.' });
    await this.school(trx, caller, imp.school_id, 'pupil:write');
    return imp;
  }

  async template(caller: Caller, schoolId: string): Promise<{ file: Buffer; fileName: string }> {
    if (!can(caller.actor, 'pupil:write')) throw new AppError('FORBIDDEN');
    const school = await this.scoped(scopeOf(caller.actor), (trx) => this.school(trx, caller, schoolId, 'pupil:write'));
    const year = await this.currentYear();
    return {
      file: await templateWorkbook(school, `${year}-${year + 1}`),
      fileName: `aikom-shablon-${school.edrpou ?? school.id}.xlsx`,
    };
  }

  /**
   * Stores an upload (sealed) and queues its parsing. The cheap checks run first, so a PDF or a zip bomb is refused
   * at once and never stored.
   */
  async upload(
    caller: Caller,
    schoolId: string,
    file: { name: string; bytes: Buffer },
  ): Promise<{ importId: string; jobId: string }> {
    if (!can(caller.actor, 'pupil:write')) throw new AppError('FORBIDDEN');
    const jobCaller = jobCallerOf(caller);
    const scope = scopeOf(caller.actor);
    const school = await this.scoped(scope, async (trx) => {
      const s = await this.school(trx, caller, schoolId, 'pupil:write');
      // A school whose records come from an e-journal platform does not import them in the portal as well.
      await refusePortalEditOfPlatformData(trx, caller, s.id);
      return s;
    });
    const { format } = sniffFile(file.bytes);
    const id = uuidv7();
    const now = this.ctx.now();
    const schoolYear = await this.currentYear();
    await this.scoped(scope, async (trx) => {
      await this.repo.insertImport(
        trx,
        {
          id,
          school_id: school.id,
          ouo_id: school.ouo_id!,
          region_id: school.region_id!,
          school_year: schoolYear,
          file_name: file.name,
          file_bytes: file.bytes.length,
          file_info: JSON.stringify({ format }),
          created_by: jobCaller.actor.userId,
          created_at: now,
          updated_at: now,
        },
        this.ctx.keys.encrypt(file.bytes.toString('base64'), fileAad(id)),
      );
      await this.audit.record(baseTx(trx), caller, {
        action: 'import.create',
        objectType: 'import',
        objectId: id,
        details: { schoolId: school.id, fileBytes: file.bytes.length, format },
      });
    });
    const jobId = await this.enqueue(PARSE_JOB, id, school, jobCaller, scope, {}).catch(async (error: unknown) => {
      await this.scoped(scope, (trx) =>
        this.repo.updateImport(trx, id, {
          status: 'failed',
          error: JSON.stringify({ code: 'INTERNAL', message: 'Не вдалося поставити файл в чергу на обробку.' }),
        }),
      );
      throw error;
    });
    await this.scoped(scope, (trx) => this.repo.updateImport(trx, id, { job_id: jobId }));
    return { importId: id, jobId };
  }

  private enqueue(
    kind: string,
    importId: string,
    school: School,
    caller: JobCaller,
    scope: DbScope,
    extra: Record<string, unknown>,
  ): Promise<string> {
    return this.ctx.jobs.enqueue(
      kind,
      { importId, caller, ...extra },
      {
        userId: caller.actor.userId,
        organisationId: caller.actor.organisationId,
        regionId: school.region_id,
        ouoId: school.ouo_id,
        schoolId: school.id,
        scope,
      },
    );
  }

  async get(caller: Caller, id: string): Promise<ImportView> {
    return this.scoped(scopeOf(caller.actor), async (trx) => {
      const row = await this.importOf(trx, caller, id);
      const job = row.job_id ? await this.repo.jobById(trx, row.job_id) : undefined;
      return { row, job: job ? presentJob(job) : null };
    });
  }

  async list(caller: Caller, schoolId: string): Promise<ImportRow[]> {
    return this.scoped(scopeOf(caller.actor), async (trx) => {
      await this.school(trx, caller, schoolId, 'pupil:write');
      return this.repo.importsOfSchool(trx, schoolId, 50);
    });
  }

  private openRow(importId: string, row: Pick<StoredRow, 'row_no' | 'payload'>): RowPayload {
    return JSON.parse(this.ctx.keys.decrypt(row.payload, rowAad(importId, row.row_no))) as RowPayload;
  }

  /** A page of the preview: each row's summary and messages, by filter (reads names: audited). */
  async rows(
    caller: Caller,
    id: string,
    q: { filter: RowFilter; cursor?: string | undefined; limit: number },
  ): Promise<{ items: RowView[]; nextCursor: string | null }> {
    const after = decodeCursor(q.cursor, ['number'] as const)?.[0] ?? 0;
    return this.scoped(scopeOf(caller.actor), async (trx) => {
      const imp = await this.importOf(trx, caller, id);
      const rows = await this.repo.rowsPage(trx, id, q.filter, after, q.limit + 1);
      const page = rows.slice(0, q.limit);
      const columns = imp.columns as FoundColumn[];
      const items = page.map((r) => this.rowView(id, r, columns));
      await this.audit.record(baseTx(trx), caller, {
        action: 'import.rows',
        objectType: 'import',
        objectId: id,
        details: { filter: q.filter, count: items.length },
      });
      return { items, nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)!.row_no]) : null };
    });
  }

  private rowView(importId: string, r: StoredRow, columns: readonly FoundColumn[]): RowView {
    const { values, record } = this.openRow(importId, r);
    const text = (key: string, field: unknown) => (typeof field === 'string' ? field : (values[key] ?? null));
    const issues = r.issues as RowIssue[];
    const view = (i: RowIssue): IssueView => {
      const found = i.column ? columns.find((c) => c.key === i.column) : undefined;
      const def = i.column ? COLUMN_BY_KEY.get(i.column) : undefined;
      return {
        code: i.code,
        path: i.path,
        message: i.message,
        column: def
          ? { key: def.key, header: found?.header ?? def.header, letter: found ? columnLetter(found.index) : null }
          : null,
      };
    };
    return {
      rowNumber: r.row_no,
      status: r.status as RowStatus,
      duplicate: r.duplicate,
      summary: {
        lastName: text('lastName', record.lastName),
        firstName: text('firstName', record.firstName),
        middleName: text('middleName', record.middleName),
        class: r.grade !== null ? `${r.grade}${r.class_letter ? `-${r.class_letter}` : ''}` : null,
      },
      errors: issues.filter((i) => i.severity === 'error').map(view),
      warnings: issues.filter((i) => i.severity === 'warning').map(view),
    };
  }

  /** Queues the commit. `all_or_nothing` is refused at once when the preview found rows with errors. */
  async requestCommit(caller: Caller, id: string, mode: CommitMode): Promise<{ importId: string; jobId: string }> {
    const jobCaller = jobCallerOf(caller);
    const scope = scopeOf(caller.actor);
    const { imp, school } = await this.scoped(scope, async (trx) => {
      const imp = await this.importOf(trx, caller, id);
      if (imp.status === 'committed')
        throw new AppError('IMPORT_STATE', { detail: 'Цей імпорт уже записано до реєстру.' });
      if (imp.status !== 'previewed')
        throw new AppError('IMPORT_STATE', { detail: stateDetail(imp.status as ImportStatus) });
      if (imp.rows_valid === 0)
        throw new AppError('IMPORT_HAS_ERRORS', {
          detail:
            'У файлі немає жодного рядка без помилок: записувати нічого. Виправте рядки за звітом і завантажте файл знову.',
        });
      if (mode === 'all_or_nothing' && imp.rows_with_errors > 0) {
        const refusal = allOrNothingRefusal(imp.rows_with_errors);
        await this.repo.updateImport(trx, id, {
          error: JSON.stringify(problemOf(refusal)),
          updated_at: this.ctx.now(),
        });
        return { imp: null, school: null, refusal };
      }
      if (
        !(await this.repo.updateImport(
          trx,
          id,
          { status: 'committing', commit_mode: mode, error: null, updated_at: this.ctx.now() },
          ['previewed'],
        ))
      ) {
        throw new AppError('IMPORT_STATE', { detail: 'Імпорт саме змінюється; оновіть сторінку.' });
      }
      return { imp, school: (await this.repo.schoolById(trx, imp.school_id))!, refusal: null };
    }).then((r) => {
      // The refusal is recorded on the import (committed above) and then reported.
      if (r.refusal) throw r.refusal;
      return { imp: r.imp, school: r.school };
    });
    const jobId = await this.enqueue(COMMIT_JOB, imp.id, school, jobCaller, scope, { mode }).catch(
      async (error: unknown) => {
        await this.scoped(scope, (trx) => this.repo.updateImport(trx, id, { status: 'previewed' }, ['committing']));
        throw error;
      },
    );
    await this.scoped(scope, (trx) => this.repo.updateImport(trx, id, { job_id: jobId }));
    return { importId: id, jobId };
  }

  /** Discards a previewed (or failed) import: its rows and file are deleted, the import stays as a record. */
  async discard(caller: Caller, id: string): Promise<void> {
    await this.scoped(scopeOf(caller.actor), async (trx) => {
      const imp = await this.importOf(trx, caller, id);
      if (imp.status !== 'previewed' && imp.status !== 'failed')
        throw new AppError('IMPORT_STATE', { detail: stateDetail(imp.status as ImportStatus) });
      await this.repo.deleteRows(trx, id);
      await this.repo.deleteFile(trx, id);
      if (
        !(await this.repo.updateImport(trx, id, { status: 'discarded', updated_at: this.ctx.now() }, [
          'previewed',
          'failed',
        ]))
      ) {
        throw new AppError('IMPORT_STATE', { detail: 'Імпорт саме змінюється; оновіть сторінку.' });
      }
      await this.audit.record(baseTx(trx), caller, {
        action: 'import.discard',
        objectType: 'import',
        objectId: id,
        details: { schoolId: imp.school_id },
      });
    });
  }

  /** The report: rejected rows and rows with warnings, with their original values and messages (audited). */
  async report(caller: Caller, id: string): Promise<{ file: Buffer; fileName: string }> {
    const { rejected, warned, extra } = await this.scoped(scopeOf(caller.actor), async (trx) => {
      const imp = await this.importOf(trx, caller, id);
      if (imp.status === 'parsing' || imp.status === 'failed' || imp.status === 'discarded')
        throw new AppError('IMPORT_STATE', { detail: stateDetail(imp.status) });
      const rows = await this.repo.rowsWithStatus(trx, id, ['error', 'warning']);
      const toReport = (r: StoredRow): ReportRow => ({
        rowNo: r.row_no,
        values: this.openRow(id, r).values,
        issues: r.issues as RowIssue[],
      });
      const out = {
        rejected: rows.filter((r) => r.status === 'error').map(toReport),
        warned: rows.filter((r) => r.status === 'warning').map(toReport),
        extra: (imp.columns as FoundColumn[]).map((c) => c.key),
      };
      await this.audit.record(baseTx(trx), caller, {
        action: 'import.report',
        objectType: 'import',
        objectId: id,
        details: { rejected: out.rejected.length, warned: out.warned.length },
      });
      return out;
    });
    return { file: await reportWorkbook(rejected, warned, extra), fileName: `aikom-zvit-importu-${id}.xlsx` };
  }

  /** The school's current pupils in the template's format, identifiers decrypted (audited as `pupil.export`). */
  async export(caller: Caller, schoolId: string, format: 'xlsx' | 'csv'): Promise<{ file: Buffer; fileName: string }> {
    if (!can(caller.actor, 'pupil:export')) throw new AppError('FORBIDDEN');
    const pupils = new PupilService(this.ctx);
    const { school, rows } = await this.scoped(scopeOf(caller.actor), async (trx) => {
      const school = await this.school(trx, caller, schoolId, 'pupil:export');
      const rows = (await this.repo.exportRows(trx, schoolId)).map((p) =>
        TEMPLATE_COLUMNS.map((c) => flatValue(exportRecord(pupils, p, school), c.key)),
      );
      await this.audit.record(baseTx(trx), caller, {
        action: 'pupil.export',
        objectType: 'school',
        objectId: schoolId,
        details: { count: rows.length, format },
      });
      return { school, rows };
    });
    const day = this.ctx.now().toISOString().slice(0, 10);
    const base = `aikom-uchni-${school.edrpou ?? school.id}-${day}`;
    if (format === 'csv') {
      const text = (c: (typeof TEMPLATE_COLUMNS)[number], v: unknown) => {
        const s = sheetValue(c, v);
        return s === null ? '' : s instanceof Date ? ukrainianDate(s.toISOString().slice(0, 10)) : String(s);
      };
      return {
        file: writeCsv([
          TEMPLATE_COLUMNS.map((c) => c.header),
          ...rows.map((r) => TEMPLATE_COLUMNS.map((c, i) => text(c, r[i]))),
        ]),
        fileName: `${base}.csv`,
      };
    }
    const year = await this.currentYear();
    const values = rows.map((r) => TEMPLATE_COLUMNS.map((c, i) => sheetValue(c, r[i])));
    return { file: await exportWorkbook(school, `${year}-${year + 1}`, values), fileName: `${base}.xlsx` };
  }

  // ——— jobs ———

  /**
   * Parses an upload: every row read, checked by the catalogue, against the registry and the rows before it, and
   * stored sealed, a batch per transaction. Restartable: a job resumed after a crash starts the file again.
   */
  async runParse(job: JobContext): Promise<Record<string, unknown>> {
    const importId = String(job.params.importId);
    const imp = await this.scoped(job.scope, (trx) => this.repo.importById(trx, importId));
    if (!imp || imp.status !== 'parsing') return { skipped: true, status: imp?.status ?? null };
    try {
      const sealed = await this.scoped(job.scope, async (trx) => {
        await this.repo.deleteRows(trx, importId);
        return this.repo.fileContent(trx, importId);
      });
      if (!sealed)
        throw new AppError('IMPORT_INVALID', { detail: 'Завантажений файл уже недоступний; завантажте його знову.' });
      const bytes = Buffer.from(this.ctx.keys.decrypt(sealed, fileAad(importId)), 'base64');
      const table = await openTable(bytes);
      const { header, rows } = await readDataRows(table, this.limits);
      const fileInfo = {
        format: table.format,
        ...(table.format === 'xlsx'
          ? { sheet: header.sheet }
          : { encoding: table.encoding, delimiter: table.delimiter }),
        headerRow: header.rowNo,
      };
      const context = await this.scoped(job.scope, async (trx): Promise<RowContext> => {
        await this.repo.updateImport(trx, importId, {
          columns: JSON.stringify(header.columns),
          file_info: JSON.stringify(fileInfo),
          updated_at: this.ctx.now(),
        });
        return {
          school: { edrpou: imp.school_edrpou ?? '' },
          schoolYear: `${imp.school_year}-${imp.school_year + 1}`,
          knownYears: new Set(await this.repo.openSchoolYears(trx)),
          now: this.ctx.now(),
        };
      });
      const counts = { rows: 0, valid: 0, withErrors: 0, withWarnings: 0, duplicates: 0 };
      const inFile = new FileDuplicates();
      let batch: PreparedRow[] = [];
      const flush = async () => {
        await this.storeBatch(job.scope, imp, batch, counts);
        batch = [];
        await job.progress(counts.rows, null, `перевірено ${counts.rows} рядків`);
      };
      for await (const row of rows) {
        batch.push(this.prepare(row, context, inFile));
        if (batch.length >= BATCH_ROWS) {
          await flush();
          if (await job.cancelled()) return this.cancelParse(job.scope, importId);
        }
      }
      if (batch.length > 0) await flush();
      await this.scoped(job.scope, async (trx) => {
        await this.repo.updateImport(
          trx,
          importId,
          {
            status: 'previewed',
            rows_total: counts.rows,
            rows_valid: counts.valid,
            rows_with_errors: counts.withErrors,
            rows_with_warnings: counts.withWarnings,
            rows_duplicate: counts.duplicates,
            error: null,
            updated_at: this.ctx.now(),
          },
          ['parsing'],
        );
        await this.repo.deleteFile(trx, importId);
      });
      await job.progress(counts.rows, counts.rows, 'файл перевірено');
      return counts;
    } catch (error) {
      const appError = isAppError(error) ? error : new AppError('INTERNAL', { cause: error });
      const problem = isAppError(error)
        ? problemOf(error)
        : { code: 'INTERNAL', message: 'Під час обробки файлу сталася внутрішня помилка; завантажте його ще раз.' };
      await this.failParse(job.scope, importId, problem);
      throw isAppError(error) ? error : appError;
    }
  }

  /** A parse that cannot finish: its rows and the file go (the user uploads again), the import says why. */
  async failParse(scope: DbScope, importId: string, problem: JobProblem): Promise<void> {
    await this.scoped(scope, async (trx) => {
      await this.repo.deleteRows(trx, importId);
      await this.repo.deleteFile(trx, importId);
      await this.repo.updateImport(
        trx,
        importId,
        { status: 'failed', error: JSON.stringify(problem), updated_at: this.ctx.now() },
        ['parsing'],
      );
    });
  }

  /**
   * A commit that cannot finish wrote nothing (it is one transaction): the import is previewed again, with the
   * reason, so the user may commit once more. One that did commit is left as it is.
   */
  async failCommit(scope: DbScope, importId: string, problem: JobProblem): Promise<void> {
    await this.scoped(scope, (trx) =>
      this.repo.updateImport(
        trx,
        importId,
        { status: 'previewed', error: JSON.stringify(problem), updated_at: this.ctx.now() },
        ['committing'],
      ),
    );
  }

  private async cancelParse(scope: DbScope, importId: string): Promise<Record<string, unknown>> {
    await this.scoped(scope, async (trx) => {
      await this.repo.deleteRows(trx, importId);
      await this.repo.deleteFile(trx, importId);
      await this.repo.updateImport(trx, importId, { status: 'discarded', updated_at: this.ctx.now() }, ['parsing']);
    });
    return { cancelled: true };
  }

  private prepare(row: ReadRow, context: RowContext, inFile: FileDuplicates): PreparedRow {
    const checked = checkRow(row, context);
    const keys = rowKeys(this.ctx.keys, row.rowNo, checked.record);
    const firstRow = inFile.check(keys);
    const issues = firstRow === null ? checked.issues : [...checked.issues, inFileIssue(firstRow)];
    return { row, record: checked.record, keys, issues, inFileDuplicate: firstRow !== null };
  }

  /** Checks a batch against the registry (one query each for exact and near matches), seals and stores it. */
  private async storeBatch(
    scope: DbScope,
    imp: ImportRow,
    batch: readonly PreparedRow[],
    counts: { rows: number; valid: number; withErrors: number; withWarnings: number; duplicates: number },
  ): Promise<void> {
    await this.scoped(scope, async (trx) => {
      const exact = await registryMatches(
        this.repo,
        trx,
        batch.map((b) => b.keys),
      );
      const near = await registryNearMatches(
        this.repo,
        trx,
        batch.filter((b) => !exact.has(b.row.rowNo) && !b.inFileDuplicate).map((b) => b.keys),
      );
      const stored = batch.map((b) => {
        const match = exact.get(b.row.rowNo);
        const nearMatch = near.get(b.row.rowNo);
        const issues = [
          ...b.issues,
          ...(match ? [registryIssue(match, imp.school_id)] : nearMatch ? [nearIssue(nearMatch)] : []),
        ];
        const status = statusOf(issues);
        const duplicate = b.inFileDuplicate || match !== undefined;
        counts.rows++;
        if (status === 'error') counts.withErrors++;
        else counts.valid++;
        if (status === 'warning') counts.withWarnings++;
        if (duplicate) counts.duplicates++;
        const enrollment = (b.record.enrollment ?? {}) as Record<string, unknown>;
        const payload: RowPayload = { values: b.row.values, record: b.record };
        return {
          import_id: imp.id,
          row_no: b.row.rowNo,
          school_id: imp.school_id,
          ouo_id: imp.ouo_id,
          region_id: imp.region_id,
          status,
          duplicate,
          grade:
            typeof enrollment.grade === 'number' &&
            Number.isInteger(enrollment.grade) &&
            enrollment.grade >= 0 &&
            enrollment.grade < 100
              ? enrollment.grade
              : null,
          class_letter: typeof enrollment.classLetter === 'string' ? enrollment.classLetter.slice(0, 10) : null,
          issues: JSON.stringify(issues),
          payload: this.ctx.keys.encrypt(JSON.stringify(payload), rowAad(imp.id, b.row.rowNo)),
        };
      });
      await this.repo.insertRows(trx, stored);
    });
  }

  /**
   * Writes the rows without errors as pupils in one bulk transaction (COPY): duplicates are checked again inside
   * it, the import is marked committed and the commit audited there too, so a commit killed half-way leaves
   * nothing, and a commit resumed after it is done does nothing.
   */
  async runCommit(job: JobContext): Promise<Record<string, unknown>> {
    const importId = String(job.params.importId);
    const mode = job.params.mode as CommitMode;
    const caller = callerOfJob(job.params.caller as JobCaller);
    const imp = await this.scoped(job.scope, (trx) => this.repo.importById(trx, importId));
    if (!imp) throw new AppError('NOT_FOUND', { detail: 'Імпорт не знайдено.' });
    if (imp.status === 'committed') return { alreadyCommitted: true, written: imp.rows_committed };
    if (imp.status !== 'committing')
      throw new AppError('IMPORT_STATE', { detail: stateDetail(imp.status as ImportStatus) });
    try {
      if (mode === 'all_or_nothing' && imp.rows_with_errors > 0) throw allOrNothingRefusal(imp.rows_with_errors);
      const { school, candidates, territories } = await this.scoped(job.scope, async (trx) => {
        const school = await this.school(trx, caller, imp.school_id, 'pupil:write');
        await refusePortalEditOfPlatformData(trx, caller, school.id);
        const stored = await this.repo.rowsWithStatus(trx, importId, ['valid', 'warning']);
        const candidates = stored.map((r) => {
          const { record } = this.openRow(importId, r);
          return {
            rowNo: r.row_no,
            status: r.status,
            record: record as PupilRecord,
            issues: r.issues as RowIssue[],
            keys: rowKeys(this.ctx.keys, r.row_no, record),
          };
        });
        const codes = [
          ...new Set(
            candidates
              .flatMap((c) => [c.record.residence?.katottg, c.record.displacement?.originKatottg])
              .filter((x): x is string => !!x),
          ),
        ];
        const territories = new Map((await this.repo.territoryIds(trx, codes)).map((t) => [t.code, t.id]));
        return { school, candidates, territories };
      });
      await job.progress(0, candidates.length, 'запис учнів до реєстру');
      const now = this.ctx.now();
      const result = await this.ctx.db.bulk(async (w) => {
        const trx = bulkKysely(w);
        const lock = await this.repo.lockImport(trx, importId);
        if (lock?.status === 'committed') return { alreadyCommitted: true, written: 0, rejectedAtCommit: 0 };
        await this.repo.lockCommits(trx);
        const matches = await registryMatches(
          this.repo,
          trx,
          candidates.map((c) => c.keys),
        );
        const rejected = candidates.filter((c) => matches.has(c.rowNo));
        if (mode === 'all_or_nothing' && rejected.length > 0) throw allOrNothingRefusal(rejected.length);
        const accepted = candidates.filter((c) => !matches.has(c.rowNo));
        const pupils: BulkPupil[] = accepted.map((c) => ({
          record: c.record,
          quality: { errors: [], warnings: c.issues.filter((i) => i.severity === 'warning') },
          school: { id: school.id, ouo_id: school.ouo_id, region_id: school.region_id },
          schoolYear: parseSchoolYearLabel(c.record.enrollment!.schoolYear)!.id,
          // A child entering grade 1 is a first-grade enrolment, as on the portal's single-record path.
          entryBasis: entryBasisOf(c.record),
        }));
        const ids = await writePupilsBulk(w, pupils, {
          keys: this.ctx.keys,
          territoryId: (code) => (code ? (territories.get(code) ?? null) : null),
          source: 'import',
          actorUserId: caller.actor.kind === 'user' ? caller.actor.userId : null,
          actorPlatformId: null,
          now,
        });
        await this.repo.setPersons(
          trx,
          importId,
          accepted.map((c) => c.rowNo),
          ids,
        );
        await this.repo.rejectRows(
          trx,
          importId,
          rejected.map((c) => c.rowNo),
          rejected.map((c) => [...c.issues, registryIssue(matches.get(c.rowNo)!, school.id)]),
        );
        const rejectedTotal = imp.rows_with_errors + rejected.length;
        await this.repo.updateImport(trx, importId, {
          status: 'committed',
          commit_mode: mode,
          rows_committed: ids.length,
          rows_valid: imp.rows_valid - rejected.length,
          rows_with_errors: rejectedTotal,
          rows_with_warnings: imp.rows_with_warnings - rejected.filter((c) => c.status === 'warning').length,
          rows_duplicate: imp.rows_duplicate + rejected.length,
          error: null,
          committed_at: now,
          committed_by: caller.actor.kind === 'user' ? caller.actor.userId : null,
          updated_at: now,
        });
        await this.audit.record(baseTx(trx), caller, {
          action: 'import.commit',
          objectType: 'import',
          objectId: importId,
          details: { schoolId: school.id, mode, written: ids.length, rejected: rejectedTotal },
        });
        return { alreadyCommitted: false, written: ids.length, rejectedAtCommit: rejected.length };
      });
      await job.progress(result.written, candidates.length, 'записано');
      return result;
    } catch (error) {
      const problem = isAppError(error)
        ? problemOf(error)
        : { code: 'INTERNAL', message: 'Запис до реєстру не вдався; нічого не записано. Спробуйте ще раз.' };
      await this.failCommit(job.scope, importId, problem);
      throw error;
    }
  }
}

interface PreparedRow {
  row: ReadRow;
  record: Record<string, unknown>;
  keys: RowKeys;
  issues: RowIssue[];
  inFileDuplicate: boolean;
}

function allOrNothingRefusal(rows: number): AppError {
  return new AppError('IMPORT_HAS_ERRORS', {
    detail:
      `У файлі ${rows} ${plural(rows, 'рядок', 'рядки', 'рядків')} з помилками, тому в режимі «все або нічого» нічого не записано. ` +
      'Виправте рядки за звітом про імпорт і завантажте файл знову або запишіть лише рядки без помилок.',
    extra: { rowsWithErrors: rows },
  });
}

function stateDetail(status: ImportStatus): string {
  switch (status) {
    case 'parsing':
      return 'Файл ще перевіряється; зачекайте, доки перевірку буде завершено.';
    case 'committing':
      return 'Імпорт саме записується до реєстру.';
    case 'committed':
      return 'Цей імпорт уже записано до реєстру.';
    case 'failed':
      return 'Файл не вдалося обробити; завантажте виправлений файл.';
    case 'discarded':
      return 'Цей імпорт скасовано.';
    case 'previewed':
      return 'Імпорт очікує на запис.';
  }
}

/** Ukrainian plural forms: 1 рядок, 2 рядки, 5 рядків (11–14 рядків). */
export function plural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

/** A stored pupil as an exchange record, with the latest IDP certificate and contact note of their histories. */
function exportRecord(pupils: PupilService, p: ExportRow, school: School): PupilRecord {
  const record = pupils.toRecord(p, p, school);
  if (p.idp_certificate && record.displacement && record.displacement.status !== 'none')
    record.displacement.idpCertificate = p.idp_certificate;
  if (p.contact_note && record.contact) record.contact.note = p.contact_note;
  return record;
}

function flatValue(record: PupilRecord, key: string): unknown {
  let node: unknown = record;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
