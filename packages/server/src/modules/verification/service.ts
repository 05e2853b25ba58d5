/**
 * Verification against state registries: the rules and the authorisation of every step — importing extracts as
 * versioned snapshots, linking them (jobs), reviewing borderline pairs, detecting potentially missing children,
 * handing their cases to the ОУО and working the cases. Every read of personal data is audited.
 *
 * Who: extracts, linkage, review and detection — the ministry's verification officer (`verification:manage`); cases
 * — the officer and the case workers of the ОУО a case is handed to (`verification:case`; row-level security
 * enforces the same in the database).
 */
import { can } from '@aikom/domain/access/policy';
import type { ExtractKind } from '@aikom/domain/linkage/extract-formats';
import {
  CASE_REASON_LABELS,
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  caseMove,
  OPEN_CASE_STATUSES,
  type CaseActorRole,
  type CaseReason,
  type CaseStatus,
} from '@aikom/domain/linkage/missing-children';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../context';
import type { DbScope, Tx } from '../../db/database';
import type { VerificationTx } from '../../db/schema-verification';
import { AppError } from '../../errors';
import { decodeCursor, encodeCursor } from '../../http/cursor';
import type { JobContext, JobProblem } from '../../jobs/job-runner';
import { AuditService } from '../audit/service';
import { scopeOf, type Caller, type UserActor } from '../auth/caller';
import { scopedAccess, systemAccess, type Access } from './access';
import { caseAad, detectMissingChildren, type CaseIdentifiers, type DetectionParams } from './detection';
import { importRecords, sourceName, type ImportResult } from './extract-import';
import { runLinkage, type LinkTarget, type RunReport } from './linkage';
import { presentCaseSummary, presentRun, presentSnapshot, presentComparisons, statusLabel } from './presenters';
import { VerificationRepository, type CaseFilter, type SnapshotRow } from './repository';
import type { CaseDetail, Dashboard, Pair, Snapshot } from './schemas';
import { CsvExtractSource, type RegistryExtractSource } from './sources';

/** The model's default thresholds of the match probability (packages/domain/src/linkage/link.ts). */
const DEFAULT_UPPER = 0.99;
const DEFAULT_LOWER = 0.2;

export const IMPORT_JOB = 'verification.import';
export const LINK_JOB = 'verification.link';
export const DETECT_JOB = 'verification.detect';

/** What each kind is linked with: births with the registry; the others with the births extract (and sought children
 * with the registry too, for children the births extract does not know). */
export const LINK_TARGETS: Readonly<Record<ExtractKind, readonly LinkTarget[]>> = {
  births: ['registry'],
  deaths: ['births'],
  idp: ['births'],
  border: ['births'],
  sought: ['births', 'registry'],
};

export const DEFAULT_LOST_CONTACT_DAYS = 30;

/** The caller of a job, without session secrets (a job outlives the request). */
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

const fileAad = (snapshotId: string) => `registry_extract_file.content:${snapshotId}`;

/** The audit service types its transaction as db/schema.ts's DB; the verification tables join it later. */
const baseTx = (trx: VerificationTx) => trx as unknown as Tx;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export class VerificationService {
  private readonly repo = new VerificationRepository();
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {}

  private access(caller: Caller): Access {
    return scopedAccess(this.ctx, scopeOf(caller.actor));
  }

  private requireManage(caller: Caller): UserActor {
    if (caller.actor.kind !== 'user' || !can(caller.actor, 'verification:manage')) throw new AppError('FORBIDDEN');
    return caller.actor;
  }

  private requireCase(caller: Caller): UserActor & { role: CaseActorRole } {
    if (caller.actor.kind !== 'user' || !can(caller.actor, 'verification:case')) throw new AppError('FORBIDDEN');
    return caller.actor as UserActor & { role: CaseActorRole };
  }

  private today(): string {
    return this.ctx.now().toISOString().slice(0, 10);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Extracts

  /**
   * Refuses, before anything is stored, an extract that is to be linked with the births extract when there is none
   * yet: otherwise it would be imported and its linkage fail half-way.
   */
  async assertLinkable(access: Access, kind: ExtractKind): Promise<void> {
    if (!LINK_TARGETS[kind].includes('births')) return;
    const births = await access((trx) => this.repo.latestSnapshot(trx, 'births'));
    if (!births) {
      throw new AppError('REGISTRY_BIRTHS_MISSING', {
        detail: 'Записи цього витягу шукають дитину у витягу про народження: спершу завантажте його.',
      });
    }
  }

  /** Stores an uploaded CSV extract (sealed) as a new snapshot and queues its import (then its linkage). */
  async upload(
    caller: Caller,
    q: { kind: ExtractKind; asOf?: string | undefined; link?: boolean | undefined },
    file: { name: string; bytes: Buffer },
  ): Promise<{ snapshotId: string; jobId: string }> {
    const actor = this.requireManage(caller);
    const scope = scopeOf(actor);
    const id = uuidv7();
    const now = this.ctx.now();
    const asOf = q.asOf ?? this.today();
    if (asOf > this.today()) {
      throw new AppError('VALIDATION_FAILED', {
        errors: [{ path: '/asOf', code: 'AS_OF_IN_FUTURE', message: 'Дата витягу не може бути пізнішою за сьогодні.' }],
      });
    }
    if (q.link !== false) await this.assertLinkable(this.access(caller), q.kind);
    await this.access(caller)(async (trx) => {
      await this.repo.insertSnapshot(trx, {
        id,
        kind: q.kind,
        version: await this.repo.nextVersion(trx, q.kind),
        source: sourceName(q.kind),
        adapter: 'csv',
        as_of: asOf,
        provenance: JSON.stringify({ adapter: 'csv', name: file.name, uploadedBytes: file.bytes.length }),
        imported_by: actor.userId,
        imported_via: 'portal',
        created_at: now,
      });
      await this.repo.insertFile(trx, id, this.ctx.keys.encrypt(file.bytes.toString('base64'), fileAad(id)));
      await this.audit.record(baseTx(trx), caller, {
        action: 'verification.extract.upload',
        objectType: 'registry_snapshot',
        objectId: id,
        details: { kind: q.kind, bytes: file.bytes.length },
      });
    });
    const jobId = await this.enqueue(IMPORT_JOB, { snapshotId: id, link: q.link !== false }, caller, scope);
    await this.access(caller)((trx) => this.repo.updateSnapshot(trx, id, { job_id: jobId }));
    return { snapshotId: id, jobId };
  }

  private enqueue(kind: string, params: Record<string, unknown>, caller: Caller, scope: DbScope): Promise<string> {
    const c = jobCallerOf(caller);
    return this.ctx.jobs.enqueue(
      kind,
      { ...params, caller: c },
      {
        userId: c.actor.userId,
        organisationId: c.actor.organisationId,
        scope,
      },
    );
  }

  /** An import that cannot finish stored no rows (one transaction): the snapshot says it failed and why. */
  async failImport(scope: DbScope, snapshotId: string, problem: JobProblem): Promise<void> {
    await scopedAccess(this.ctx, scope)((trx) => this.repo.failImporting(trx, snapshotId, problem));
  }

  /** The import job: reads the stored file into the snapshot in one transaction; then queues the linkage. */
  async runImportJob(job: JobContext): Promise<Record<string, unknown>> {
    const { snapshotId, link } = job.params as { snapshotId: string; link: boolean };
    const caller = callerOfJob(job.params.caller as JobCaller);
    const access = scopedAccess(this.ctx, job.scope);
    const { snapshot, file } = await access(async (trx) => ({
      snapshot: await this.repo.snapshot(trx, snapshotId),
      file: await this.repo.fileOf(trx, snapshotId),
    }));
    if (!snapshot) throw new AppError('NOT_FOUND', { detail: 'Версію витягу не знайдено.' });
    if (snapshot.status === 'imported') return { snapshotId, alreadyImported: true };
    if (!file) throw new AppError('REGISTRY_SNAPSHOT_STATE', { detail: 'Файл витягу вже оброблено або видалено.' });
    const bytes = Buffer.from(this.ctx.keys.decrypt(file, fileAad(snapshotId)), 'base64');
    const name = String((snapshot.provenance as { name?: string }).name ?? 'extract.csv');
    let result: ImportResult;
    try {
      result = await this.importInto(
        snapshot,
        CsvExtractSource.fromBuffer(snapshot.kind as ExtractKind, name, bytes),
        access,
        (rows) => job.progress(rows, null, 'рядки витягу'),
      );
    } catch (error) {
      const e = error instanceof AppError ? error : new AppError('INTERNAL', { cause: error });
      await this.failImport(job.scope, snapshotId, { ...e.extra, code: e.code, message: e.detail ?? e.title });
      throw error;
    }
    await access((trx) =>
      this.audit.record(baseTx(trx), caller, {
        action: 'verification.extract.import',
        objectType: 'registry_snapshot',
        objectId: snapshotId,
        details: { kind: snapshot.kind, imported: result.imported, rejected: result.rejected },
      }),
    );
    const linkJob = link ? await this.enqueue(LINK_JOB, { snapshotId }, caller, job.scope) : null;
    return { snapshotId, imported: result.imported, rejected: result.rejected, linkJobId: linkJob };
  }

  /** Imports rows into a snapshot in one bulk transaction (the snapshot row exists, status `importing`). */
  private async importInto(
    snapshot: SnapshotRow,
    source: RegistryExtractSource,
    access: Access,
    onProgress?: (rows: number) => Promise<void>,
  ): Promise<ImportResult> {
    const territories = await access((trx) => this.repo.territoryIds(trx));
    const now = this.ctx.now();
    return this.ctx.db.bulk(async (w) => {
      const locked = await this.repo.lockSnapshot(w, snapshot.id);
      if (locked?.status !== 'importing')
        throw new AppError('REGISTRY_SNAPSHOT_STATE', { detail: 'Цю версію витягу вже оброблено.' });
      const result = await importRecords(w, this.ctx.keys, snapshot.id, source, territories, onProgress);
      await this.repo.finishSnapshot(w, snapshot.id, {
        total: result.total,
        imported: result.imported,
        rejected: result.rejected,
        rejectedRows: result.rejectedRows,
        notes: result.notes,
        provenance: result.provenance,
        at: now,
      });
      return result;
    });
  }

  /**
   * The operator's import from a file on the server (`aikom registry import`): no signed-in user, so it runs as the
   * owner and is audited as the CLI.
   */
  importFile(
    kind: ExtractKind,
    file: string,
    options: { asOf?: string; onProgress?: (rows: number) => void } = {},
  ): Promise<{ snapshot: Snapshot; result: ImportResult }> {
    return this.importRows(CsvExtractSource.fromFile(kind, file), options);
  }

  /** Imports the rows of any source as a new snapshot, as the owner (the CLI, the benchmark). */
  async importRows(
    source: RegistryExtractSource,
    options: { asOf?: string; onProgress?: (rows: number) => void } = {},
  ): Promise<{ snapshot: Snapshot; result: ImportResult }> {
    const id = uuidv7();
    const now = this.ctx.now();
    const kind = source.kind;
    const access = systemAccess(this.ctx);
    const territories = await access((trx) => this.repo.territoryIds(trx));
    const result = await this.ctx.db.bulk(async (w) => {
      await this.repo.bulkInsertSnapshot(w, {
        id,
        kind,
        version: 0,
        source: sourceName(kind),
        adapter: source.provenance().adapter,
        as_of: options.asOf ?? this.today(),
        provenance: { name: source.provenance().name },
        imported_via: 'cli',
        created_at: now,
      });
      const r = await importRecords(w, this.ctx.keys, id, source, territories, (n) => options.onProgress?.(n));
      await this.repo.finishSnapshot(w, id, {
        total: r.total,
        imported: r.imported,
        rejected: r.rejected,
        rejectedRows: r.rejectedRows,
        notes: r.notes,
        provenance: r.provenance,
        at: now,
      });
      return r;
    });
    const snapshot = await access(async (trx) => {
      await this.audit.record(
        baseTx(trx),
        null,
        {
          action: 'verification.extract.import',
          objectType: 'registry_snapshot',
          objectId: id,
          details: { kind, imported: result.imported, rejected: result.rejected, via: 'cli' },
        },
        { login: 'cli' },
      );
      return (await this.repo.snapshot(trx, id))!;
    });
    return { snapshot: presentSnapshot(snapshot, []), result };
  }

  async snapshots(caller: Caller, kind: ExtractKind | undefined): Promise<Snapshot[]> {
    this.requireManage(caller);
    return this.listSnapshots(this.access(caller), kind);
  }

  /** Versions of the extracts with their current runs (the officer's scope, or the owner's for the CLI). */
  listSnapshots(access: Access, kind?: ExtractKind): Promise<Snapshot[]> {
    return access(async (trx) => {
      const rows = await this.repo.snapshots(trx, kind, 100);
      const out: Snapshot[] = [];
      for (const s of rows) {
        const runs = await this.repo.runsOf(trx, s.id);
        const presented = [];
        for (const r of runs.filter((x) => x.status === 'done'))
          presented.push(presentRun(r, await this.repo.countLinks(trx, r.id)));
        out.push(presentSnapshot(s, presented));
      }
      return out;
    });
  }

  async snapshot(caller: Caller, id: string): Promise<Snapshot> {
    this.requireManage(caller);
    return this.access(caller)(async (trx) => {
      const s = await this.repo.snapshot(trx, id);
      if (!s) throw new AppError('NOT_FOUND', { detail: 'Версію витягу не знайдено.' });
      const runs = [];
      for (const r of await this.repo.runsOf(trx, id))
        runs.push(presentRun(r, await this.repo.countLinks(trx, r.id), r.status === 'done'));
      return presentSnapshot(s, runs);
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Linkage

  async requestLink(
    caller: Caller,
    snapshotId: string,
    body: { upper?: number | undefined; lower?: number | undefined },
  ): Promise<{ jobId: string }> {
    const actor = this.requireManage(caller);
    // The thresholds that will apply (the model's defaults for the one not given) must be in order.
    if ((body.lower ?? DEFAULT_LOWER) > (body.upper ?? DEFAULT_UPPER)) {
      throw new AppError('VALIDATION_FAILED', {
        errors: [{ path: '/lower', code: 'THRESHOLDS_ORDER', message: 'Нижній поріг не може перевищувати верхній.' }],
      });
    }
    const s = await this.access(caller)((trx) => this.repo.snapshot(trx, snapshotId));
    if (!s) throw new AppError('NOT_FOUND', { detail: 'Версію витягу не знайдено.' });
    if (s.status !== 'imported') throw new AppError('REGISTRY_SNAPSHOT_STATE', { detail: 'Витяг ще не завантажено.' });
    return {
      jobId: await this.enqueue(LINK_JOB, { snapshotId, upper: body.upper, lower: body.lower }, caller, scopeOf(actor)),
    };
  }

  /** Links a snapshot with each of its targets (in the officer's scope, or as the owner from the CLI). */
  async link(
    access: Access,
    snapshotId: string,
    options: {
      upper?: number | undefined;
      lower?: number | undefined;
      jobId?: string | null;
      createdBy?: string | null;
      onProgress?: (stage: string, done: number, total: number) => Promise<void> | void;
    },
  ): Promise<RunReport[]> {
    const { snapshot, births } = await access(async (trx) => ({
      snapshot: await this.repo.snapshot(trx, snapshotId),
      births: await this.repo.latestSnapshot(trx, 'births'),
    }));
    if (!snapshot) throw new AppError('NOT_FOUND', { detail: 'Версію витягу не знайдено.' });
    if (snapshot.status !== 'imported')
      throw new AppError('REGISTRY_SNAPSHOT_STATE', { detail: 'Витяг ще не завантажено.' });
    const reports: RunReport[] = [];
    for (const target of LINK_TARGETS[snapshot.kind as ExtractKind]) {
      if (target === 'births' && !births) {
        throw new AppError('REGISTRY_BIRTHS_MISSING', {
          detail: 'Записи цього витягу шукають дитину у витягу про народження: спершу завантажте його.',
        });
      }
      reports.push(
        await runLinkage(this.ctx, access, snapshot, target, target === 'births' ? births! : null, {
          upper: options.upper,
          lower: options.lower,
          jobId: options.jobId ?? null,
          createdBy: options.createdBy ?? null,
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        }),
      );
    }
    return reports;
  }

  async runLinkJob(job: JobContext): Promise<Record<string, unknown>> {
    const p = job.params as { snapshotId: string; upper?: number; lower?: number; relinkOthers?: boolean };
    const caller = callerOfJob(job.params.caller as JobCaller);
    const access = scopedAccess(this.ctx, job.scope);
    const reports = await this.link(access, p.snapshotId, {
      upper: p.upper,
      lower: p.lower,
      jobId: job.id,
      createdBy: caller.actor.kind === 'user' ? caller.actor.userId : null,
      onProgress: (stage, done, total) => job.progress(done, total || null, stage),
    });
    await access((trx) =>
      this.audit.record(baseTx(trx), caller, {
        action: 'verification.link',
        objectType: 'registry_snapshot',
        objectId: p.snapshotId,
        details: {
          runs: reports.map((r) => ({ runId: r.runId, target: r.target, linked: r.linked, review: r.review })),
        },
      }),
    );
    // A new births version: the other extracts' links to the births extract are to the old one; link them again.
    const queued: string[] = [];
    if (reports[0]?.kind === 'births') {
      const current = await access((trx) => this.repo.currentSnapshots(trx));
      for (const s of current.filter((x) => x.kind !== 'births'))
        queued.push(await this.enqueue(LINK_JOB, { snapshotId: s.id }, caller, job.scope));
    }
    return { runs: reports, queued };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Review

  private async pairOf(
    trx: VerificationTx,
    linkId: number,
  ): Promise<Pair & { sourceRecordId: string; targetKey: string }> {
    const l = await this.repo.link(trx, linkId);
    if (!l) throw new AppError('NOT_FOUND', { detail: 'Пару не знайдено.' });
    const kind = l.kind as ExtractKind;
    const registryParty = async (personId: string) => {
      const p = await this.repo.personForReview(trx, personId);
      if (!p) throw new AppError('NOT_FOUND', { detail: 'Учня пари не знайдено.' });
      return {
        side: 'registry' as const,
        kind: 'pupil',
        recordId: null,
        personId: p.id,
        lastName: p.last_name,
        firstName: p.first_name,
        middleName: p.middle_name,
        sex: p.sex,
        birthDate: p.birth_date,
        residence: p.residence_code ? { code: p.residence_code, name: p.residence_name ?? '' } : null,
        eventDate: null,
        details: {},
        school: p.school_id ? { id: p.school_id, name: p.school_name, edrpou: p.school_edrpou } : null,
        enrolled: p.enrolled,
      };
    };
    const recordParty = async (snapshotId: string, recordNo: number, side: 'extract' | 'births', k: string) => {
      const r = await this.repo.record(trx, snapshotId, recordNo);
      if (!r) throw new AppError('NOT_FOUND', { detail: 'Запис пари не знайдено.' });
      return {
        side,
        kind: k,
        recordId: r.source_record_id,
        personId: null,
        lastName: r.last_name,
        firstName: r.first_name,
        middleName: r.middle_name,
        sex: r.sex,
        birthDate: r.birth_date,
        residence: r.residence_code ? { code: r.residence_code, name: r.residence_name ?? '' } : null,
        eventDate: r.event_date,
        details: r.details,
        school: null,
        enrolled: null,
      };
    };
    const extract = await recordParty(l.snapshot_id, l.record_no, 'extract', kind);
    const other =
      l.target === 'registry'
        ? await registryParty(l.person_id!)
        : await recordParty(l.target_snapshot_id!, l.target_record_no!, 'births', 'births');
    return {
      linkId: l.id,
      runId: l.run_id,
      kind,
      target: l.target as Pair['target'],
      status: l.status as Pair['status'],
      modelStatus: l.model_status as Pair['modelStatus'],
      method: l.method as Pair['method'],
      probability: l.probability,
      weight: l.weight,
      ambiguous: l.ambiguous,
      comparisons: presentComparisons(l.model, l.pattern),
      left: extract,
      right: other,
      sourceRecordId: extract.recordId,
      targetKey: l.target === 'registry' ? l.person_id! : other.recordId!,
    };
  }

  /** A page of pairs (the review queue by default), side by side. Names are personal data: audited. */
  async pairs(
    caller: Caller,
    q: {
      status?: string | undefined;
      runId?: string | undefined;
      kind?: string | undefined;
      cursor?: string | undefined;
      limit?: number | undefined;
    },
  ): Promise<{ items: Pair[]; nextCursor: string | null }> {
    this.requireManage(caller);
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor, ['number'] as const)?.[0] ?? 0;
    return this.access(caller)(async (trx) => {
      const rows = await this.repo.linksPage(trx, {
        status: q.status ?? 'review',
        runId: q.runId,
        kind: q.kind,
        afterId: after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const items: Pair[] = [];
      for (const r of page) {
        const { sourceRecordId: _s, targetKey: _t, ...pair } = await this.pairOf(trx, r.id);
        items.push(pair);
      }
      await this.audit.record(baseTx(trx), caller, {
        action: 'verification.pairs.read',
        objectType: 'registry_link',
        details: { status: q.status ?? 'review', count: items.length, linkIds: items.map((i) => i.linkId) },
      });
      return { items, nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1]!.id]) : null };
    });
  }

  async pair(caller: Caller, linkId: number) {
    this.requireManage(caller);
    return this.access(caller)(async (trx) => {
      const { sourceRecordId, targetKey, ...pair } = await this.pairOf(trx, linkId);
      const decisions = await this.repo.decisionsOfPair(trx, pair.kind, pair.target, sourceRecordId, targetKey);
      await this.audit.record(baseTx(trx), caller, {
        action: 'verification.pair.read',
        objectType: 'registry_link',
        objectId: String(linkId),
      });
      return {
        ...pair,
        decisions: decisions.map((d) => ({
          id: d.id,
          decision: d.decision as 'match' | 'non_match' | 'withdrawn',
          note: d.note,
          decidedAt: iso(d.decided_at)!,
          decidedBy: d.full_name ?? d.login ?? null,
          linkId: d.link_id,
        })),
      };
    });
  }

  /**
   * A reviewer's decision on a pair: `match` links it, `non_match` unlinks it (also a pair the model linked). The
   * decision is kept in the log by the records' stable ids, so the next linkage of a later version applies it too.
   */
  async decide(
    caller: Caller,
    linkId: number,
    decision: 'match' | 'non_match' | 'withdrawn',
    note: string | undefined,
  ) {
    const actor = this.requireManage(caller);
    return this.access(caller)(async (trx) => {
      const { sourceRecordId, targetKey, ...pair } = await this.pairOf(trx, linkId);
      const run = await this.repo.run(trx, pair.runId);
      if (run?.status !== 'done') {
        throw new AppError('LINK_DECISION_STATE', { detail: 'Ця пара з попереднього звʼязування; відкрийте поточну.' });
      }
      const history = await this.repo.decisionsOfPair(trx, pair.kind, pair.target, sourceRecordId, targetKey);
      const standing = history.at(-1)?.decision;
      if (decision === 'withdrawn' && (standing === undefined || standing === 'withdrawn')) {
        throw new AppError('LINK_DECISION_STATE', { detail: 'Щодо цієї пари немає рішення, яке можна скасувати.' });
      }
      await this.repo.insertDecision(trx, {
        id: uuidv7(),
        kind: pair.kind,
        source_record_id: sourceRecordId,
        target: pair.target,
        target_key: targetKey,
        decision,
        note: note?.trim() || null,
        link_id: linkId,
        decided_by: actor.userId,
        decided_at: this.ctx.now(),
      });
      const status = decision === 'match' ? 'linked' : decision === 'non_match' ? 'rejected' : pair.modelStatus;
      const method =
        decision === 'withdrawn' ? (pair.method === 'decision' ? 'probabilistic' : pair.method) : 'decision';
      await this.repo.setLinkStatus(trx, linkId, status, method);
      await this.audit.record(baseTx(trx), caller, {
        action: `verification.pair.${decision}`,
        objectType: 'registry_link',
        objectId: String(linkId),
        details: { kind: pair.kind, target: pair.target },
      });
      return { linkId, status, decision };
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Detection and hand-over

  async requestDetection(
    caller: Caller,
    body: { lostContactDays?: number | undefined; transitDays?: number | undefined },
  ) {
    const actor = this.requireManage(caller);
    const params: DetectionParams = {
      lostContactDays: body.lostContactDays ?? DEFAULT_LOST_CONTACT_DAYS,
      transitDays: body.transitDays ?? this.ctx.config.transitDays,
    };
    const id = uuidv7();
    await this.access(caller)((trx) =>
      this.repo.insertDetection(trx, {
        id,
        params: JSON.stringify(params),
        created_by: actor.userId,
        started_at: this.ctx.now(),
      }),
    );
    const jobId = await this.enqueue(DETECT_JOB, { detectionId: id, params }, caller, scopeOf(actor));
    await this.access(caller)((trx) => this.repo.setDetectionJob(trx, id, jobId));
    return { detectionId: id, jobId };
  }

  async runDetectJob(job: JobContext): Promise<Record<string, unknown>> {
    const { detectionId, params } = job.params as { detectionId: string; params: DetectionParams };
    const caller = callerOfJob(job.params.caller as JobCaller);
    const access = scopedAccess(this.ctx, job.scope);
    const stats = await this.detect(
      access,
      detectionId,
      params,
      caller.actor.kind === 'user' ? caller.actor.userId : null,
    );
    await access((trx) =>
      this.audit.record(baseTx(trx), caller, {
        action: 'verification.detect',
        objectType: 'verification_detection',
        objectId: detectionId,
        details: { opened: stats.opened, updated: stats.updated, children: stats.children },
      }),
    );
    return { detectionId, ...stats };
  }

  /** Runs a detection (the job, or the CLI as the owner) and records its figures. */
  async detect(access: Access, detectionId: string, params: DetectionParams, actorUserId: string | null) {
    const stats = await detectMissingChildren(this.ctx, access, detectionId, params, actorUserId);
    await access((trx) =>
      this.repo.finishDetection(trx, detectionId, stats as unknown as Record<string, unknown>, this.ctx.now()),
    );
    return stats;
  }

  /** The CLI's detection: a detection row, then the run, as the owner. */
  async detectAsOperator(params: DetectionParams) {
    const access = systemAccess(this.ctx);
    const id = uuidv7();
    await access((trx) =>
      this.repo.insertDetection(trx, { id, params: JSON.stringify(params), started_at: this.ctx.now() }),
    );
    return { detectionId: id, ...(await this.detect(access, id, params, null)) };
  }

  async detection(caller: Caller, id: string) {
    this.requireManage(caller);
    const d = await this.access(caller)((trx) => this.repo.detection(trx, id));
    if (!d) throw new AppError('NOT_FOUND', { detail: 'Перевірку не знайдено.' });
    return {
      id: d.id,
      params: d.params,
      stats: d.stats,
      jobId: d.job_id,
      startedAt: iso(d.started_at)!,
      finishedAt: iso(d.finished_at),
    };
  }

  /** Hands cases to their ОУО: all not yet handed of a detection, or the listed ones. */
  async handOver(caller: Caller, body: { detectionId?: string | undefined; caseIds?: string[] | undefined }) {
    const actor = this.requireManage(caller);
    if (!body.detectionId && !body.caseIds) {
      throw new AppError('VALIDATION_FAILED', {
        errors: [{ path: '/detectionId', code: 'HANDOVER_TARGET', message: 'Укажіть перевірку або перелік справ.' }],
      });
    }
    const now = this.ctx.now();
    return this.access(caller)(async (trx) => {
      const ids = await this.repo.handOver(trx, body.detectionId ?? null, body.caseIds ?? null, now);
      await this.repo.insertCaseEvents(
        trx,
        ids.map((id) => ({ case_id: id, at: now, actor_user_id: actor.userId, kind: 'handed_over', details: '{}' })),
      );
      await this.audit.record(baseTx(trx), caller, {
        action: 'verification.cases.handover',
        objectType: 'verification_case',
        details: { count: ids.length, detectionId: body.detectionId ?? null },
      });
      return { handedOver: ids.length };
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Cases

  async cases(
    caller: Caller,
    q: Omit<CaseFilter, 'afterNumber' | 'limit'> & { cursor?: string | undefined; limit?: number | undefined },
  ) {
    const actor = this.requireCase(caller);
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['number'] as const)?.[0] ?? 0;
    // An ОУО's case workers see their own ОУО's cases (row-level security says the same; the filter keeps it indexed).
    const ouoId = actor.role === 'ministry_verifier' ? q.ouoId : actor.organisationId;
    return this.access(caller)(async (trx) => {
      const rows = await this.repo.casesPage(trx, { ...q, ouoId, afterNumber: after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      await this.audit.record(baseTx(trx), caller, {
        action: 'verification.cases.read',
        objectType: 'verification_case',
        details: { count: page.length, status: q.status ?? null, reason: q.reason ?? null },
      });
      return {
        items: page.map((r) => presentCaseSummary(r)),
        nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1]!.number]) : null,
      };
    });
  }

  private allowedStatuses(role: CaseActorRole, from: CaseStatus) {
    return CASE_STATUSES.filter((to) => {
      const refusal = caseMove(role, from, to, 'перевірка переходу');
      return refusal === null;
    }).map(statusLabel);
  }

  async caseDetail(caller: Caller, id: string): Promise<CaseDetail> {
    const actor = this.requireCase(caller);
    return this.access(caller)(async (trx) => {
      const c = await this.repo.caseById(trx, id);
      if (!c) throw new AppError('NOT_FOUND', { detail: 'Справу не знайдено.' });
      const events = await this.repo.caseEvents(trx, id);
      const identifiers: CaseIdentifiers = c.identifiers_enc
        ? (JSON.parse(this.ctx.keys.decrypt(c.identifiers_enc, caseAad(id))) as CaseIdentifiers)
        : { birthCertificate: null, unzr: null, rnokpp: null };
      await this.audit.record(baseTx(trx), caller, {
        action: 'verification.case.read',
        objectType: 'verification_case',
        objectId: id,
        details: { identifiers: c.identifiers_enc !== null },
      });
      return {
        ...presentCaseSummary(c),
        subject: { kind: c.subject_key.startsWith('person:') ? 'person' : 'births', personId: c.person_id },
        region: c.region_id ? { id: c.region_id, name: c.region_name } : null,
        identifiers,
        evidence: c.evidence as Array<Record<string, unknown>>,
        allowedStatuses: this.allowedStatuses(actor.role, c.status as CaseStatus),
        history: events.map((e) => ({
          at: iso(e.at)!,
          kind: e.kind,
          fromStatus: e.from_status,
          toStatus: e.to_status,
          note: e.note,
          by: e.full_name ?? e.login ?? null,
          details: e.details,
        })),
      };
    });
  }

  /** Moves a case (new → in work → outcome; not found → escalated), with the note the outcome needs. */
  async moveCase(caller: Caller, id: string, body: { status: string; note?: string | undefined; version: number }) {
    const actor = this.requireCase(caller);
    const now = this.ctx.now();
    return this.access(caller)(async (trx) => {
      const c = await this.repo.caseById(trx, id);
      if (!c) throw new AppError('NOT_FOUND', { detail: 'Справу не знайдено.' });
      const from = c.status as CaseStatus;
      const refusal = caseMove(actor.role, from, body.status, body.note);
      if (refusal === 'CASE_NOTE_REQUIRED') {
        throw new AppError('CASE_NOTE_REQUIRED', {
          errors: [
            {
              path: '/note',
              code: refusal,
              message: 'Для цього статусу опишіть, як його встановлено (де навчається дитина, який документ).',
            },
          ],
        });
      }
      if (refusal) {
        throw new AppError('CASE_TRANSITION_INVALID', {
          detail: `Справу у статусі «${CASE_STATUS_LABELS[from].uk}» не можна перевести в цей статус.`,
          extra: { allowed: this.allowedStatuses(actor.role, from).map((s) => s.code) },
        });
      }
      const to = body.status as CaseStatus;
      const closes = !OPEN_CASE_STATUSES.has(to);
      if (
        !(await this.repo.updateCase(trx, id, body.version, {
          status: to,
          closed_at: closes ? now : null,
          updated_at: now,
        }))
      ) {
        throw new AppError('PRECONDITION_FAILED', { extra: { currentVersion: c.version } });
      }
      await this.repo.insertCaseEvents(trx, [
        {
          case_id: id,
          at: now,
          actor_user_id: actor.userId,
          kind: 'status',
          from_status: from,
          to_status: to,
          note: body.note?.trim() || null,
          details: '{}',
        },
      ]);
      await this.audit.record(baseTx(trx), caller, {
        action: 'verification.case.status',
        objectType: 'verification_case',
        objectId: id,
        details: { from, to },
      });
      return { id, status: statusLabel(to), version: c.version + 1 };
    });
  }

  async addNote(caller: Caller, id: string, note: string) {
    const actor = this.requireCase(caller);
    const now = this.ctx.now();
    return this.access(caller)(async (trx) => {
      const c = await this.repo.caseById(trx, id);
      if (!c) throw new AppError('NOT_FOUND', { detail: 'Справу не знайдено.' });
      await this.repo.insertCaseEvents(trx, [
        { case_id: id, at: now, actor_user_id: actor.userId, kind: 'note', note: note.trim(), details: '{}' },
      ]);
      await this.audit.record(baseTx(trx), caller, {
        action: 'verification.case.note',
        objectType: 'verification_case',
        objectId: id,
      });
      return { id };
    });
  }

  /** Assigns (or reassigns) a case to an ОУО and hands it over. */
  async assign(caller: Caller, id: string, body: { ouoId: string; note?: string | undefined }) {
    const actor = this.requireManage(caller);
    const now = this.ctx.now();
    return this.access(caller)(async (trx) => {
      const c = await this.repo.caseById(trx, id);
      if (!c) throw new AppError('NOT_FOUND', { detail: 'Справу не знайдено.' });
      const ouo = await this.repo.ouo(trx, body.ouoId);
      if (!ouo) throw new AppError('NOT_FOUND', { detail: 'Орган управління освітою не знайдено.' });
      if (
        !(await this.repo.updateCase(trx, id, c.version, {
          assigned_ouo_id: ouo.id,
          region_id: ouo.region_id,
          handed_over_at: now,
          updated_at: now,
        }))
      ) {
        throw new AppError('PRECONDITION_FAILED', { extra: { currentVersion: c.version } });
      }
      await this.repo.insertCaseEvents(trx, [
        {
          case_id: id,
          at: now,
          actor_user_id: actor.userId,
          kind: 'handed_over',
          note: body.note?.trim() || null,
          details: JSON.stringify({ ouoId: ouo.id, previous: c.assigned_ouo_id }),
        },
      ]);
      await this.audit.record(baseTx(trx), caller, {
        action: 'verification.case.assign',
        objectType: 'verification_case',
        objectId: id,
        details: { ouoId: ouo.id },
      });
      return { id, ouo: { id: ouo.id, name: ouo.name } };
    });
  }

  /** Cases by region and status, chart-ready (what the caller may see: the officer all, an ОУО its own). */
  async dashboard(caller: Caller): Promise<Dashboard> {
    this.requireCase(caller);
    return this.access(caller)(async (trx) => {
      const { rows, reasons } = await this.repo.dashboard(trx);
      const regions = new Map<
        string,
        { regionId: string | null; name: string; total: number; byStatus: Record<string, number> }
      >();
      const byStatus: Record<string, number> = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0]));
      let total = 0;
      for (const r of rows) {
        const key = r.region_id ?? '';
        const region = regions.get(key) ?? {
          regionId: r.region_id,
          name: r.region_name ?? 'Без регіону',
          total: 0,
          byStatus: Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])),
        };
        region.byStatus[r.status] = (region.byStatus[r.status] ?? 0) + r.n;
        region.total += r.n;
        regions.set(key, region);
        byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
        total += r.n;
      }
      const byRegion = [...regions.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'uk'));
      await this.audit.record(baseTx(trx), caller, {
        action: 'verification.dashboard.read',
        objectType: 'verification_case',
        details: { total },
      });
      return {
        generatedAt: this.ctx.now().toISOString(),
        total,
        statuses: CASE_STATUSES.map(statusLabel),
        byStatus,
        byReason: reasons.map((r) => ({
          code: r.reason,
          label: CASE_REASON_LABELS[r.reason as CaseReason]?.uk ?? r.reason,
          count: r.n,
        })),
        byRegion,
        chart: {
          categories: byRegion.map((r) => r.name),
          series: CASE_STATUSES.map((s) => ({
            status: s,
            name: CASE_STATUS_LABELS[s].uk,
            data: byRegion.map((r) => r.byStatus[s] ?? 0),
          })),
        },
      };
    });
  }
}
