/**
 * One linkage run: a snapshot against its target — the pupil registry, or the births snapshot — through the domain's
 * engine (packages/domain/src/linkage). Both sides are streamed from the database once, in keyset pages, into compact
 * columns (names, birth dates, sex, hromada of residence, blind indexes: nothing is decrypted); reviewers' standing
 * decisions are applied; the links are written with COPY, with the run, in one transaction (a run killed mid-way
 * leaves nothing).
 *
 * Direction: each record of the "right" side keeps its best match on the "left". Pupils look for their births record
 * (a child enrolled twice finds the same record twice — a finding, not an error); records of the other extracts
 * look for their child (a child crossing the border twice has two crossings).
 */
import type { ExtractKind } from '@aikom/domain/linkage/extract-formats';
import {
  METHODS,
  NameDictionary,
  LinkageRecordsBuilder,
  linkRecords,
  STATUS_LINKED,
  STATUS_REVIEW,
  type LinkDecision,
  type LinkOptions,
  type LinkResult,
  type LinkageRecords,
} from '@aikom/domain/linkage/index';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../context';
import type { Access } from './access';
import { VerificationRepository, type LinkageRow, type SnapshotRow } from './repository';

export type LinkTarget = 'registry' | 'births';

const PAGE = 20_000;

/** A side of a linkage: its columns and the key of each record (a person id, or a record number). */
export interface LinkageSide {
  records: LinkageRecords;
  personIds: string[] | null;
  recordNos: Int32Array | null;
}

function addRow(b: LinkageRecordsBuilder, r: LinkageRow): void {
  b.add({
    lastName: r.last_name,
    firstName: r.first_name,
    middleName: r.middle_name,
    birthDate: r.birth_date,
    sex: r.sex === 'male' || r.sex === 'female' ? r.sex : null,
    hromada: r.hromada,
    birthCertificate: r.c,
    unzr: r.u,
    rnokpp: r.r,
  });
}

type Scoped = Access;

/** All pupils of the registry, in id order. */
export async function loadPersons(
  scoped: Scoped,
  dictionary: NameDictionary,
  onPage?: (n: number) => Promise<void> | void,
  page = PAGE,
): Promise<LinkageSide> {
  const repo = new VerificationRepository();
  const builder = new LinkageRecordsBuilder(dictionary, 1 << 16);
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const rows: LinkageRow[] = await scoped((trx) => repo.personsPage(trx, after, page));
    for (const r of rows) {
      addRow(builder, r);
      ids.push(r.key);
    }
    await onPage?.(ids.length);
    if (rows.length < page) break;
    after = rows[rows.length - 1]!.key;
  }
  return { records: builder.build(), personIds: ids, recordNos: null };
}

/** All records of a snapshot, in record order. */
export async function loadRecords(
  scoped: Scoped,
  dictionary: NameDictionary,
  snapshotId: string,
  onPage?: (n: number) => Promise<void> | void,
  page = PAGE,
): Promise<LinkageSide> {
  const repo = new VerificationRepository();
  const builder = new LinkageRecordsBuilder(dictionary, 1 << 16);
  const nos: number[] = [];
  let after = 0;
  for (;;) {
    const rows = await scoped((trx) => repo.recordsPage(trx, snapshotId, after, page));
    for (const r of rows) {
      addRow(builder, r);
      nos.push(Number(r.key));
    }
    await onPage?.(nos.length);
    if (rows.length < page) break;
    after = nos[nos.length - 1]!;
  }
  return { records: builder.build(), personIds: null, recordNos: Int32Array.from(nos) };
}

export interface RunOptions {
  upper?: number;
  lower?: number;
  seed?: number;
  jobId?: string | null;
  createdBy?: string | null;
  onProgress?: (stage: string, done: number, total: number) => Promise<void> | void;
}

export interface RunReport {
  runId: string;
  snapshotId: string;
  kind: ExtractKind;
  target: LinkTarget;
  targetSnapshotId: string | null;
  left: number;
  right: number;
  linked: number;
  review: number;
  byMethod: Record<string, number>;
  decisionsApplied: number;
  seconds: { load: number; link: number; write: number; total: number };
  stats: LinkResult['stats'];
}

/** Resolves standing decisions to record indexes of this linkage. */
async function decisionsOf(
  scoped: Scoped,
  snapshot: SnapshotRow,
  target: LinkTarget,
  targetSnapshotId: string | null,
  left: LinkageSide,
  right: LinkageSide,
  snapshotIsLeft: boolean,
): Promise<LinkDecision[]> {
  const repo = new VerificationRepository();
  return scoped(async (trx) => {
    const standing = await repo.standingDecisions(trx, snapshot.kind, target);
    if (standing.length === 0) return [];
    const own = await repo.recordNosBySource(
      trx,
      snapshot.id,
      standing.map((d) => d.source_record_id),
    );
    const targetNos =
      target === 'births'
        ? await repo.recordNosBySource(
            trx,
            targetSnapshotId!,
            standing.map((d) => d.target_key),
          )
        : null;
    const snapshotSide = snapshotIsLeft ? left : right;
    const targetSide = snapshotIsLeft ? right : left;
    const indexOfNo = (side: LinkageSide) => {
      const m = new Map<number, number>();
      side.recordNos!.forEach((no, i) => m.set(no, i));
      return m;
    };
    const snapshotIndex = indexOfNo(snapshotSide);
    const targetIndex =
      target === 'registry'
        ? new Map(targetSide.personIds!.map((id, i) => [id, i] as [string | number, number]))
        : new Map([...indexOfNo(targetSide)].map(([k, v]) => [k as string | number, v]));
    const out: LinkDecision[] = [];
    for (const d of standing) {
      const no = own.get(d.source_record_id);
      const s = no === undefined ? undefined : snapshotIndex.get(no);
      const key = target === 'registry' ? d.target_key : targetNos!.get(d.target_key);
      const t = key === undefined ? undefined : targetIndex.get(key);
      if (s === undefined || t === undefined) continue;
      out.push(
        snapshotIsLeft
          ? { left: s, right: t, match: d.decision === 'match' }
          : { left: t, right: s, match: d.decision === 'match' },
      );
    }
    return out;
  });
}

/**
 * Links a snapshot with a target and stores the run. `access` is the verification officer's scope (row-level
 * security lets nobody else read the extracts) or, for the operator CLI, the owner.
 */
export async function runLinkage(
  ctx: AppContext,
  access: Access,
  snapshot: SnapshotRow,
  target: LinkTarget,
  targetSnapshot: SnapshotRow | null,
  options: RunOptions = {},
): Promise<RunReport> {
  const repo = new VerificationRepository();
  const scoped: Scoped = access;
  const started = ctx.now();
  const t0 = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const dictionary = new NameDictionary();
  const own = await loadRecords(scoped, dictionary, snapshot.id, (n) =>
    progress('load:extract', n, snapshot.rows_imported),
  );
  const other =
    target === 'registry'
      ? await loadPersons(scoped, dictionary, (n) => progress('load:registry', n, 0))
      : await loadRecords(scoped, dictionary, targetSnapshot!.id, (n) =>
          progress('load:births', n, targetSnapshot!.rows_imported),
        );
  // Births against the registry: pupils (right) look for their births record (left); otherwise records of the
  // snapshot (right) look for their child (left).
  const snapshotIsLeft = snapshot.kind === 'births' && target === 'registry';
  const left = snapshotIsLeft ? own : other;
  const right = snapshotIsLeft ? other : own;
  const decisions = await decisionsOf(
    scoped,
    snapshot,
    target,
    targetSnapshot?.id ?? null,
    left,
    right,
    snapshotIsLeft,
  );
  const t1 = performance.now();
  const linkOptions: LinkOptions = {
    ...(options.upper !== undefined ? { upper: options.upper } : {}),
    ...(options.lower !== undefined ? { lower: options.lower } : {}),
    seed: options.seed ?? 1,
    decisions,
    onProgress: (stage, done, total) => void progress(`link:${stage}`, done, total),
  };
  const result = linkRecords(left.records, right.records, linkOptions);
  const t2 = performance.now();

  const runId = uuidv7();
  const byMethod: Record<string, number> = {};
  let linked = 0;
  let review = 0;
  const upper = result.upper;
  function* rows(): Generator<unknown[]> {
    for (let r = 0; r < right.records.size; r++) {
      const status = result.status[r]!;
      if (status !== STATUS_LINKED && status !== STATUS_REVIEW) continue;
      const l = result.best[r]!;
      const method = METHODS[result.method[r]!]!;
      byMethod[method] = (byMethod[method] ?? 0) + 1;
      if (status === STATUS_LINKED) linked++;
      else review++;
      const modelStatus =
        method === 'decision'
          ? result.probability[r]! >= upper
            ? 'linked'
            : 'review'
          : status === STATUS_LINKED
            ? 'linked'
            : 'review';
      const ambiguous = result.runnerUp[r]! >= 0 && result.runnerUpProbability[r]! >= result.lower;
      const base = [
        status === STATUS_LINKED ? 'linked' : 'review',
        method,
        Math.fround(result.probability[r]!),
        Math.fround(result.weight[r]!),
        result.pattern[r]!,
        ambiguous,
      ];
      const [st, m, p, w, pt, amb] = base;
      if (snapshotIsLeft)
        yield [runId, left.recordNos![l]!, right.personIds![r]!, null, modelStatus, st, m, p, w, pt, amb];
      else if (target === 'registry')
        yield [runId, right.recordNos![r]!, left.personIds![l]!, null, modelStatus, st, m, p, w, pt, amb];
      else yield [runId, right.recordNos![r]!, null, left.recordNos![l]!, modelStatus, st, m, p, w, pt, amb];
    }
  }
  const stats = { ...result.stats };
  await ctx.db.bulk(async (w) => {
    await repo.insertRun(w, {
      id: runId,
      snapshot_id: snapshot.id,
      target,
      target_snapshot_id: targetSnapshot?.id ?? null,
      params: {
        upper: result.upper,
        lower: result.lower,
        seed: linkOptions.seed,
        direction: snapshotIsLeft ? 'registry_to_extract' : 'extract_to_target',
      },
      model: result.parameters as unknown as Record<string, unknown>,
      stats: {},
      job_id: options.jobId ?? null,
      created_by: options.createdBy ?? null,
      started_at: started,
      finished_at: ctx.now(),
    });
    await repo.copyLinks(w, rows());
    const t3 = performance.now();
    const seconds = {
      load: round((t1 - t0) / 1000),
      link: round((t2 - t1) / 1000),
      write: round((t3 - t2) / 1000),
      total: round((t3 - t0) / 1000),
    };
    Object.assign(stats, { seconds, linked, review, byMethod, decisionsApplied: decisions.length });
    await repo.setRunStats(w, runId, stats);
  });
  const s = stats as typeof stats & { seconds: RunReport['seconds'] };
  return {
    runId,
    snapshotId: snapshot.id,
    kind: snapshot.kind as ExtractKind,
    target,
    targetSnapshotId: targetSnapshot?.id ?? null,
    left: left.records.size,
    right: right.records.size,
    linked,
    review,
    byMethod,
    decisionsApplied: decisions.length,
    seconds: s.seconds,
    stats: result.stats,
  };
}

const round = (x: number) => Math.round(x * 100) / 100;
