/**
 * All SQL of verification: snapshots and their records, linkage runs and links, reviewers' decisions, the detection
 * of potentially missing children and their cases. Methods taking a `VerificationTx` run inside
 * `ctx.db.scoped(scopeOf(actor), …)`, so row-level security applies (the extracts: the verification officer only;
 * cases: the officer and the assigned ОУО). Methods taking a `BulkWriter` run in the one owner transaction of an
 * import or a linkage (COPY), after the service has authorised the job.
 */
import { sql, type Insertable, type Selectable } from 'kysely';
import type { BulkWriter } from '../../db/database';
import type {
  RegistryLinkRunTable,
  RegistrySnapshotTable,
  VerificationCaseEventTable,
  VerificationCaseTable,
  VerificationDetectionTable,
  VerificationTx,
} from '../../db/schema-verification';

export type SnapshotRow = Selectable<RegistrySnapshotTable>;
export type RunRow = Selectable<RegistryLinkRunTable>;
export type CaseRow = Selectable<VerificationCaseTable>;
export type CaseEventRow = Selectable<VerificationCaseEventTable>;

/** One side of a linkage as read for the engine (blind indexes cut to their first 8 bytes: the engine uses 64 bits). */
export interface LinkageRow {
  key: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string | null;
  birth_date: string | null;
  hromada: number | null;
  c: Buffer | null;
  u: Buffer | null;
  r: Buffer | null;
}

export const RECORD_COLUMNS = [
  'snapshot_id',
  'record_no',
  'source_record_id',
  'last_name',
  'first_name',
  'middle_name',
  'script',
  'sex',
  'birth_date',
  'residence_territory_id',
  'event_date',
  'details',
  'identifiers_enc',
  'birth_cert_bidx',
  'unzr_bidx',
  'rnokpp_bidx',
  'notes',
] as const;

export const LINK_COLUMNS = [
  'run_id',
  'record_no',
  'person_id',
  'target_record_no',
  'model_status',
  'status',
  'method',
  'probability',
  'weight',
  'pattern',
  'ambiguous',
] as const;

/** The latest imported snapshot of each kind and their current linkage runs (a fragment for detection queries). */
const CURRENT = sql`
  snap AS (
    SELECT DISTINCT ON (kind) id, kind, version, as_of FROM registry_snapshot
    WHERE status = 'imported' ORDER BY kind, version DESC
  ),
  run AS (
    SELECT r.id, r.snapshot_id, r.target, s.kind FROM registry_link_run r JOIN snap s ON s.id = r.snapshot_id
    WHERE r.status = 'done'
      AND (r.target = 'registry' OR r.target_snapshot_id = (SELECT id FROM snap WHERE kind = 'births'))
  )`;

export interface CaseFilter {
  status?: string | undefined;
  reason?: string | undefined;
  regionId?: string | undefined;
  ouoId?: string | undefined;
  handedOver?: boolean | undefined;
  detectionId?: string | undefined;
  afterNumber: number;
  limit: number;
}

export class VerificationRepository {
  // ---------------------------------------------------------------------------------------------------------------
  // Snapshots

  async nextVersion(trx: VerificationTx, kind: string): Promise<number> {
    const r = await trx
      .selectFrom('registry_snapshot')
      .select(sql<number>`coalesce(max(version), 0) + 1`.as('next'))
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow();
    return r.next;
  }

  async insertSnapshot(trx: VerificationTx, row: Insertable<RegistrySnapshotTable>): Promise<void> {
    await trx.insertInto('registry_snapshot').values(row).execute();
  }

  async insertFile(trx: VerificationTx, snapshotId: string, content: Buffer): Promise<void> {
    await trx.insertInto('registry_extract_file').values({ snapshot_id: snapshotId, content }).execute();
  }

  async fileOf(trx: VerificationTx, snapshotId: string): Promise<Buffer | null> {
    const r = await trx
      .selectFrom('registry_extract_file')
      .select('content')
      .where('snapshot_id', '=', snapshotId)
      .executeTakeFirst();
    return r?.content ?? null;
  }

  snapshot(trx: VerificationTx, id: string): Promise<SnapshotRow | undefined> {
    return trx.selectFrom('registry_snapshot').selectAll().where('id', '=', id).executeTakeFirst();
  }

  snapshots(trx: VerificationTx, kind: string | undefined, limit: number): Promise<SnapshotRow[]> {
    let q = trx.selectFrom('registry_snapshot').selectAll();
    if (kind) q = q.where('kind', '=', kind);
    return q.orderBy('created_at', 'desc').orderBy('version', 'desc').limit(limit).execute();
  }

  async updateSnapshot(
    trx: VerificationTx,
    id: string,
    patch: Partial<Insertable<RegistrySnapshotTable>>,
  ): Promise<void> {
    await trx.updateTable('registry_snapshot').set(patch).where('id', '=', id).execute();
  }

  /** Fails a snapshot still being imported (one imported meanwhile stays as it is). */
  async failImporting(trx: VerificationTx, id: string, error: unknown): Promise<void> {
    await trx
      .updateTable('registry_snapshot')
      .set({ status: 'failed', error: JSON.stringify(error) })
      .where('id', '=', id)
      .where('status', '=', 'importing')
      .execute();
  }

  /** The latest imported snapshot of a kind. */
  latestSnapshot(trx: VerificationTx, kind: string): Promise<SnapshotRow | undefined> {
    return trx
      .selectFrom('registry_snapshot')
      .selectAll()
      .where('kind', '=', kind)
      .where('status', '=', 'imported')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** KATOTTH code → territory id, for the whole codifier (31 748 rows: read once per import). */
  async territoryIds(trx: VerificationTx): Promise<Map<string, number>> {
    const rows = await trx.selectFrom('territory').select(['id', 'code']).execute();
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Bulk: import and linkage results (one owner transaction each, COPY)

  /** The snapshot as the bulk transaction sees it, locked against a second import of the same file. */
  async lockSnapshot(w: BulkWriter, id: string): Promise<{ status: string; kind: string } | undefined> {
    const rows = await w.query<{ status: string; kind: string }>(
      'SELECT status, kind FROM registry_snapshot WHERE id = $1 FOR UPDATE',
      [id],
    );
    return rows[0];
  }

  /**
   * Fresh statistics of the records, in the import's transaction (ANALYZE counts the transaction's own rows). Without
   * them the planner took a new snapshot of 4 M records for a few thousand rows and read each page of the linkage's
   * load by sorting the whole rest of the snapshot: 2.3 s a page, 200 pages.
   */
  async analyzeRecords(w: BulkWriter): Promise<void> {
    await w.query('ANALYZE registry_record');
  }

  async bulkInsertSnapshot(w: BulkWriter, s: Insertable<RegistrySnapshotTable>): Promise<void> {
    await w.query(
      `INSERT INTO registry_snapshot (id, kind, version, source, adapter, as_of, provenance, status, imported_by,
         imported_via, created_at)
       VALUES ($1, $2, (SELECT coalesce(max(version), 0) + 1 FROM registry_snapshot WHERE kind = $2), $3, $4, $5,
         $6, 'importing', $7, $8, $9)`,
      [
        s.id,
        s.kind,
        s.source,
        s.adapter,
        s.as_of,
        JSON.stringify(s.provenance ?? {}),
        s.imported_by ?? null,
        s.imported_via ?? 'cli',
        s.created_at,
      ],
    );
  }

  copyRecords(w: BulkWriter, rows: Iterable<readonly unknown[]>): Promise<number> {
    return w.copy('registry_record', RECORD_COLUMNS, rows);
  }

  async finishSnapshot(
    w: BulkWriter,
    id: string,
    r: {
      total: number;
      imported: number;
      rejected: number;
      rejectedRows: unknown[];
      notes: Record<string, number>;
      provenance: Record<string, unknown>;
      at: Date;
    },
  ): Promise<void> {
    await w.query(
      `UPDATE registry_snapshot SET status = 'imported', rows_total = $2, rows_imported = $3, rows_rejected = $4,
         rejected = $5, notes = $6, provenance = provenance || $7::jsonb, imported_at = $8
       WHERE id = $1`,
      [
        id,
        r.total,
        r.imported,
        r.rejected,
        JSON.stringify(r.rejectedRows),
        JSON.stringify(r.notes),
        JSON.stringify(r.provenance),
        r.at,
      ],
    );
    await w.query('DELETE FROM registry_extract_file WHERE snapshot_id = $1', [id]);
  }

  async snapshotVersion(w: BulkWriter, id: string): Promise<number> {
    const rows = await w.query<{ version: number }>('SELECT version FROM registry_snapshot WHERE id = $1', [id]);
    return rows[0]!.version;
  }

  async insertRun(w: BulkWriter, run: Insertable<RegistryLinkRunTable>): Promise<void> {
    await w.query(
      `UPDATE registry_link_run SET status = 'superseded'
       WHERE snapshot_id = $1 AND target = $2 AND status = 'done'`,
      [run.snapshot_id, run.target],
    );
    await w.query(
      `INSERT INTO registry_link_run (id, snapshot_id, target, target_snapshot_id, status, params, model, stats, job_id,
         created_by, started_at, finished_at)
       VALUES ($1, $2, $3, $4, 'done', $5, $6, $7, $8, $9, $10, $11)`,
      [
        run.id,
        run.snapshot_id,
        run.target,
        run.target_snapshot_id ?? null,
        JSON.stringify(run.params ?? {}),
        JSON.stringify(run.model ?? {}),
        JSON.stringify(run.stats ?? {}),
        run.job_id ?? null,
        run.created_by ?? null,
        run.started_at,
        run.finished_at,
      ],
    );
  }

  async setRunStats(w: BulkWriter, runId: string, stats: Record<string, unknown>): Promise<void> {
    await w.query('UPDATE registry_link_run SET stats = $2 WHERE id = $1', [runId, JSON.stringify(stats)]);
  }

  copyLinks(w: BulkWriter, rows: Iterable<readonly unknown[]>): Promise<number> {
    return w.copy('registry_link', LINK_COLUMNS, rows);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Linkage input (keyset pages; the registry side decrypts nothing)

  /** A page of pupils for linkage: names, birth date, sex, hromada of residence, blind indexes. */
  personsPage(trx: VerificationTx, afterId: string | null, limit: number): Promise<LinkageRow[]> {
    return sql<LinkageRow>`
      SELECT p.id AS key, p.last_name, p.first_name, p.middle_name, p.sex, p.birth_date,
        coalesce(t.hromada_id, t.id) AS hromada,
        substring(p.birth_cert_bidx FROM 1 FOR 8) AS c, substring(p.unzr_bidx FROM 1 FOR 8) AS u,
        substring(p.rnokpp_bidx FROM 1 FOR 8) AS r
      FROM person p LEFT JOIN territory t ON t.id = p.residence_territory_id
      WHERE ${afterId === null ? sql`true` : sql`p.id > ${afterId}::uuid`}
      ORDER BY p.id LIMIT ${limit}`
      .execute(trx)
      .then((r) => r.rows);
  }

  /**
   * A page of the records of a snapshot for linkage (key = record number): the records numbered after `afterNo`, at
   * most `limit`. Record numbers are dense (1…n, given in file order at import), so the page is also bounded by
   * number: whatever plan the statistics lead to, a page reads its own records and not the rest of the snapshot.
   */
  recordsPage(trx: VerificationTx, snapshotId: string, afterNo: number, limit: number): Promise<LinkageRow[]> {
    return sql<LinkageRow>`
      SELECT r.record_no::text AS key, r.last_name, r.first_name, r.middle_name, r.sex, r.birth_date,
        coalesce(t.hromada_id, t.id) AS hromada,
        substring(r.birth_cert_bidx FROM 1 FOR 8) AS c, substring(r.unzr_bidx FROM 1 FOR 8) AS u,
        substring(r.rnokpp_bidx FROM 1 FOR 8) AS r
      FROM registry_record r LEFT JOIN territory t ON t.id = r.residence_territory_id
      WHERE r.snapshot_id = ${snapshotId} AND r.record_no > ${afterNo} AND r.record_no <= ${afterNo + limit}
      ORDER BY r.record_no LIMIT ${limit}`
      .execute(trx)
      .then((r) => r.rows);
  }

  /** Record numbers of records of a snapshot by their source ids (to place decisions in a linkage). */
  async recordNosBySource(
    trx: VerificationTx,
    snapshotId: string,
    sourceIds: readonly string[],
  ): Promise<Map<string, number>> {
    if (sourceIds.length === 0) return new Map();
    const rows = await trx
      .selectFrom('registry_record')
      .select(['source_record_id', 'record_no'])
      .where('snapshot_id', '=', snapshotId)
      .where('source_record_id', 'in', sourceIds)
      .execute();
    return new Map(rows.map((r) => [r.source_record_id, r.record_no]));
  }

  /** The decision that stands for each pair of a kind and target (the latest entry; withdrawn pairs left out). */
  async standingDecisions(
    trx: VerificationTx,
    kind: string,
    target: string,
  ): Promise<Array<{ source_record_id: string; target_key: string; decision: string }>> {
    const r = await sql<{ source_record_id: string; target_key: string; decision: string }>`
      SELECT * FROM (
        SELECT DISTINCT ON (source_record_id, target_key) source_record_id, target_key, decision
        FROM registry_link_decision WHERE kind = ${kind} AND target = ${target}
        ORDER BY source_record_id, target_key, decided_at DESC, id DESC
      ) d WHERE decision <> 'withdrawn'`.execute(trx);
    return r.rows;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Runs, links, review

  runsOf(trx: VerificationTx, snapshotId: string): Promise<RunRow[]> {
    return trx
      .selectFrom('registry_link_run')
      .selectAll()
      .where('snapshot_id', '=', snapshotId)
      .orderBy('started_at', 'desc')
      .execute();
  }

  run(trx: VerificationTx, id: string): Promise<RunRow | undefined> {
    return trx.selectFrom('registry_link_run').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Links of current runs in a status, oldest first (the review queue is `status = 'review'`). */
  linksPage(
    trx: VerificationTx,
    q: { status: string; runId?: string | undefined; kind?: string | undefined; afterId: number; limit: number },
  ) {
    let query = trx
      .selectFrom('registry_link as l')
      .innerJoin('registry_link_run as r', 'r.id', 'l.run_id')
      .innerJoin('registry_snapshot as s', 's.id', 'r.snapshot_id')
      .select([
        'l.id',
        'l.run_id',
        'l.record_no',
        'l.person_id',
        'l.target_record_no',
        'l.model_status',
        'l.status',
        'l.method',
        'l.probability',
        'l.weight',
        'l.pattern',
        'l.ambiguous',
        'r.target',
        'r.snapshot_id',
        'r.target_snapshot_id',
        's.kind',
        's.version',
      ])
      .where('r.status', '=', 'done')
      .where('l.status', '=', q.status)
      .where('l.id', '>', q.afterId);
    if (q.runId) query = query.where('l.run_id', '=', q.runId);
    if (q.kind) query = query.where('s.kind', '=', q.kind);
    return query.orderBy('l.id').limit(q.limit).execute();
  }

  link(trx: VerificationTx, id: number) {
    return trx
      .selectFrom('registry_link as l')
      .innerJoin('registry_link_run as r', 'r.id', 'l.run_id')
      .innerJoin('registry_snapshot as s', 's.id', 'r.snapshot_id')
      .select([
        'l.id',
        'l.run_id',
        'l.record_no',
        'l.person_id',
        'l.target_record_no',
        'l.model_status',
        'l.status',
        'l.method',
        'l.probability',
        'l.weight',
        'l.pattern',
        'l.ambiguous',
        'r.target',
        'r.status as run_status',
        'r.snapshot_id',
        'r.target_snapshot_id',
        'r.model',
        's.kind',
        's.version',
      ])
      .where('l.id', '=', id)
      .executeTakeFirst();
  }

  async countLinks(trx: VerificationTx, runId: string): Promise<Record<string, number>> {
    const rows = await trx
      .selectFrom('registry_link')
      .select(['status', sql<number>`count(*)::int`.as('n')])
      .where('run_id', '=', runId)
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  record(trx: VerificationTx, snapshotId: string, recordNo: number) {
    return trx
      .selectFrom('registry_record as r')
      .leftJoin('territory as t', 't.id', 'r.residence_territory_id')
      .select([
        'r.record_no',
        'r.source_record_id',
        'r.last_name',
        'r.first_name',
        'r.middle_name',
        'r.script',
        'r.sex',
        'r.birth_date',
        'r.event_date',
        'r.details',
        'r.notes',
        't.code as residence_code',
        't.name as residence_name',
      ])
      .where('r.snapshot_id', '=', snapshotId)
      .where('r.record_no', '=', recordNo)
      .executeTakeFirst();
  }

  /** A pupil as the review screen shows them: names, birth date, sex, residence, current school (no identifiers). */
  async personForReview(trx: VerificationTx, personId: string) {
    const r = await sql<{
      id: string;
      last_name: string;
      first_name: string;
      middle_name: string | null;
      sex: string;
      birth_date: string | null;
      residence_code: string | null;
      residence_name: string | null;
      school_id: string | null;
      school_name: string | null;
      school_edrpou: string | null;
      enrolled: boolean;
    }>`
      SELECT p.id, p.last_name, p.first_name, p.middle_name, p.sex, p.birth_date, t.code AS residence_code,
        t.name AS residence_name, p.school_id, s.name AS school_name, s.edrpou AS school_edrpou,
        EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = p.id AND e.exit_date IS NULL) AS enrolled
      FROM person p
      LEFT JOIN territory t ON t.id = p.residence_territory_id
      LEFT JOIN LATERAL aikom_school_public(p.school_id) s ON true
      WHERE p.id = ${personId}`.execute(trx);
    return r.rows[0];
  }

  async setLinkStatus(trx: VerificationTx, id: number, status: string, method: string): Promise<void> {
    await trx.updateTable('registry_link').set({ status, method }).where('id', '=', id).execute();
  }

  async insertDecision(
    trx: VerificationTx,
    d: {
      id: string;
      kind: string;
      source_record_id: string;
      target: string;
      target_key: string;
      decision: string;
      note: string | null;
      link_id: number;
      decided_by: string;
      decided_at: Date;
    },
  ): Promise<void> {
    await trx.insertInto('registry_link_decision').values(d).execute();
  }

  decisionsOfPair(trx: VerificationTx, kind: string, target: string, sourceRecordId: string, targetKey: string) {
    return trx
      .selectFrom('registry_link_decision as d')
      .leftJoin('app_user as u', 'u.id', 'd.decided_by')
      .select(['d.id', 'd.decision', 'd.note', 'd.decided_at', 'd.link_id', 'u.full_name', 'u.login'])
      .where('d.kind', '=', kind)
      .where('d.target', '=', target)
      .where('d.source_record_id', '=', sourceRecordId)
      .where('d.target_key', '=', targetKey)
      .orderBy('d.decided_at')
      .orderBy('d.id')
      .execute();
  }

  /** The source id of a births record (the stable key of a decision about a pair with it). */
  async sourceIdOf(trx: VerificationTx, snapshotId: string, recordNo: number): Promise<string | undefined> {
    const r = await trx
      .selectFrom('registry_record')
      .select('source_record_id')
      .where('snapshot_id', '=', snapshotId)
      .where('record_no', '=', recordNo)
      .executeTakeFirst();
    return r?.source_record_id;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Evaluation against a synthetic ground truth (tests and the benchmark)

  /** The seeded pupils in id order (UUIDv7: the order they were written in) with their school's ЄДРПОУ. */
  seededPersons(trx: VerificationTx, afterId: string | null, limit: number) {
    let q = trx
      .selectFrom('person as p')
      .leftJoin('organisation as o', 'o.id', 'p.school_id')
      .select(['p.id', 'o.edrpou'])
      .where('p.source', '=', 'seed');
    if (afterId) q = q.where('p.id', '>', afterId);
    return q.orderBy('p.id').limit(limit).execute();
  }

  /** The source ids of a snapshot's records, by record number. */
  recordSourcesPage(trx: VerificationTx, snapshotId: string, afterNo: number, limit: number) {
    return trx
      .selectFrom('registry_record')
      .select(['record_no', 'source_record_id'])
      .where('snapshot_id', '=', snapshotId)
      .where('record_no', '>', afterNo)
      .orderBy('record_no')
      .limit(limit)
      .execute();
  }

  /** Every link of a run. */
  runLinksPage(trx: VerificationTx, runId: string, afterId: number, limit: number) {
    return trx
      .selectFrom('registry_link')
      .select(['id', 'record_no', 'person_id', 'target_record_no', 'status'])
      .where('run_id', '=', runId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Detection of potentially missing children

  async insertDetection(trx: VerificationTx, d: Insertable<VerificationDetectionTable>): Promise<void> {
    await trx.insertInto('verification_detection').values(d).execute();
  }

  async setDetectionJob(trx: VerificationTx, id: string, jobId: string): Promise<void> {
    await trx.updateTable('verification_detection').set({ job_id: jobId }).where('id', '=', id).execute();
  }

  async finishDetection(trx: VerificationTx, id: string, stats: Record<string, unknown>, at: Date): Promise<void> {
    await trx
      .updateTable('verification_detection')
      .set({ stats: JSON.stringify(stats), finished_at: at })
      .where('id', '=', id)
      .execute();
  }

  detection(trx: VerificationTx, id: string) {
    return trx.selectFrom('verification_detection').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The snapshots detection works on (the latest imported of each kind). */
  async currentSnapshots(
    trx: VerificationTx,
  ): Promise<Array<{ id: string; kind: string; version: number; as_of: string }>> {
    const r = await sql<{ id: string; kind: string; version: number; as_of: string }>`
      WITH ${CURRENT} SELECT id, kind, version, as_of FROM snap ORDER BY kind`.execute(trx);
    return r.rows;
  }

  /**
   * Children of school age in the births extract who are not enrolled anywhere (no linked pupil with an open spell),
   * not deceased (no linked death record; no pupil whose spell ended with death) and not known to have left the
   * country (a linked border exit with no entry after it; a pupil abroad), with the facts for their evidence.
   */
  async notEnrolled(trx: VerificationTx, window: { from: string; to: string }) {
    // Facts per births record are aggregated once (hash joins over the links), never looked up record by record.
    const r = await sql<{
      record_no: number;
      source_record_id: string;
      last_name: string;
      first_name: string;
      middle_name: string | null;
      sex: string | null;
      birth_date: string | null;
      residence_territory_id: number | null;
      identifiers_enc: Buffer | null;
      person_id: string | null;
      idp_residence_id: number | null;
      idp_registered_on: string | null;
      returned_on: string | null;
    }>`
      WITH ${CURRENT},
      pupils AS (
        SELECT l.record_no, min(l.person_id::text)::uuid AS person_id,
          bool_or(EXISTS (SELECT 1 FROM enrolment e WHERE e.person_id = l.person_id AND e.exit_date IS NULL)) AS enrolled,
          -- Abroad, deceased, or schooling completed, per the pupil's record (the last spell's end, or displacement).
          bool_or(p.displacement_status = 'external' OR EXISTS (
            SELECT 1 FROM enrolment e WHERE e.person_id = p.id
              AND e.exit_reason IN ('abroad', 'deceased', 'graduated', 'completed', 'vocational')
              AND NOT EXISTS (SELECT 1 FROM enrolment f WHERE f.person_id = p.id AND f.entry_date > e.entry_date)
          )) AS accounted
        FROM registry_link l
        JOIN run ON run.id = l.run_id AND run.kind = 'births' AND run.target = 'registry'
        JOIN person p ON p.id = l.person_id
        WHERE l.status = 'linked'
        GROUP BY l.record_no
      ),
      registries AS (
        SELECT l.target_record_no AS record_no,
          bool_or(run.kind = 'deaths') AS deceased,
          max(x.event_date) FILTER (WHERE run.kind = 'border' AND x.details->>'direction' = 'exit') AS last_exit,
          max(x.event_date) FILTER (WHERE run.kind = 'border' AND x.details->>'direction' = 'entry') AS last_entry,
          (array_agg(x.residence_territory_id ORDER BY x.event_date DESC NULLS LAST)
            FILTER (WHERE run.kind = 'idp' AND x.residence_territory_id IS NOT NULL))[1] AS idp_residence_id,
          max(x.event_date) FILTER (WHERE run.kind = 'idp') AS idp_registered_on
        FROM registry_link l
        JOIN run ON run.id = l.run_id AND run.target = 'births'
        JOIN registry_record x ON x.snapshot_id = run.snapshot_id AND x.record_no = l.record_no
        WHERE l.status = 'linked'
        GROUP BY l.target_record_no
      )
      SELECT b.record_no, b.source_record_id, b.last_name, b.first_name, b.middle_name, b.sex, b.birth_date,
        b.residence_territory_id, b.identifiers_enc, pu.person_id, rg.idp_residence_id, rg.idp_registered_on,
        CASE WHEN rg.last_entry IS NOT NULL AND rg.last_exit IS NOT NULL THEN rg.last_entry END AS returned_on
      FROM registry_record b
      LEFT JOIN pupils pu ON pu.record_no = b.record_no
      LEFT JOIN registries rg ON rg.record_no = b.record_no
      WHERE b.snapshot_id = (SELECT id FROM snap WHERE kind = 'births')
        AND b.birth_date BETWEEN ${window.from}::date AND ${window.to}::date
        AND NOT coalesce(pu.enrolled, false)
        AND NOT coalesce(pu.accounted, false)
        AND NOT coalesce(rg.deceased, false)
        -- Abroad: a border exit with no entry on or after it.
        AND NOT (rg.last_exit IS NOT NULL AND (rg.last_entry IS NULL OR rg.last_entry < rg.last_exit))
      ORDER BY b.record_no`.execute(trx);
    return r.rows;
  }

  /** Enrolled pupils whose contact was lost on or before `lostBy`. */
  async lostContact(trx: VerificationTx, lostBy: string) {
    const r = await sql<PersonCandidate & { lost_since: string | null }>`
      SELECT p.id AS person_id, p.last_name, p.first_name, p.middle_name, p.sex, p.birth_date, p.residence_territory_id,
        p.identifiers_enc, p.birth_cert_kind, p.birth_cert_country, p.school_id, p.ouo_id, p.region_id, s.name AS school_name, s.edrpou AS school_edrpou,
        coalesce(p.contact_lost_since, (SELECT coalesce(c.since, c.recorded_at::date) FROM contact_record c
          WHERE c.person_id = p.id AND c.status = 'lost' ORDER BY c.recorded_at DESC LIMIT 1)) AS lost_since
      FROM person p
      JOIN enrolment e ON e.person_id = p.id AND e.exit_date IS NULL
      LEFT JOIN LATERAL aikom_school_public(p.school_id) s ON true
      WHERE p.contact_status = 'lost'
        AND coalesce(p.contact_lost_since, (SELECT coalesce(c.since, c.recorded_at::date) FROM contact_record c
          WHERE c.person_id = p.id AND c.status = 'lost' ORDER BY c.recorded_at DESC LIMIT 1)) <= ${lostBy}::date
      ORDER BY p.id`.execute(trx);
    return r.rows;
  }

  /**
   * A page of the in-transit pool of the transfers module (`aikom_transit_pool`, migration 0006): pupils who left a
   * school after which they must still be at school somewhere, on or before `cutoff`, with no open or later spell and
   * no closed follow-up — with what a case needs about them.
   */
  async inTransitPage(
    trx: VerificationTx,
    cutoff: string,
    after: { exitDate: string; enrolmentId: string } | null,
    limit: number,
  ) {
    const r = await sql<
      PersonCandidate & {
        enrolment_id: string;
        exit_date: string;
        exit_reason: string;
        destination_name: string | null;
        destination_edrpou: string | null;
        destination_country: string | null;
        residence_ouo_id: string | null;
      }
    >`
      SELECT x.person_id, x.last_name, x.first_name, x.middle_name, x.sex, x.birth_date,
        p.residence_territory_id, p.identifiers_enc, p.birth_cert_kind, p.birth_cert_country,
        x.school_id, x.ouo_id, e.region_id, x.school_name, x.school_edrpou, x.enrolment_id, x.exit_date, x.exit_reason,
        x.destination_school_name AS destination_name, x.destination_school_edrpou AS destination_edrpou,
        x.destination_country, x.residence_ouo_id
      FROM aikom_transit_pool(${cutoff}::date, 'open', NULL, NULL, NULL, NULL, ${after?.exitDate ?? null}::date,
        ${after?.enrolmentId ?? null}::uuid, ${limit}::integer) x
      JOIN person p ON p.id = x.person_id
      JOIN enrolment e ON e.id = x.enrolment_id`.execute(trx);
    return r.rows;
  }

  /** Records of the list of children sought linked to a pupil or to a births record. */
  async soughtMatches(trx: VerificationTx) {
    const r = await sql<{
      record_no: number;
      source_record_id: string;
      details: Record<string, string>;
      event_date: string | null;
      last_name: string;
      first_name: string;
      middle_name: string | null;
      sex: string | null;
      birth_date: string | null;
      residence_territory_id: number | null;
      identifiers_enc: Buffer | null;
      person_id: string | null;
      births_record_no: number | null;
      births_source_id: string | null;
    }>`
      WITH ${CURRENT}
      SELECT x.record_no, x.source_record_id, x.details, x.event_date, x.last_name, x.first_name, x.middle_name, x.sex,
        x.birth_date, x.residence_territory_id, x.identifiers_enc,
        (SELECT l.person_id FROM registry_link l JOIN run ON run.id = l.run_id AND run.kind = 'sought'
          AND run.target = 'registry' WHERE l.record_no = x.record_no AND l.status = 'linked' LIMIT 1) AS person_id,
        bl.target_record_no AS births_record_no, b.source_record_id AS births_source_id
      FROM registry_record x
      LEFT JOIN LATERAL (
        SELECT l.target_record_no, run.id AS run_id FROM registry_link l JOIN run ON run.id = l.run_id
        WHERE run.kind = 'sought' AND run.target = 'births' AND l.record_no = x.record_no AND l.status = 'linked'
        LIMIT 1) bl ON true
      LEFT JOIN registry_record b ON b.snapshot_id = (SELECT id FROM snap WHERE kind = 'births')
        AND b.record_no = bl.target_record_no
      WHERE x.snapshot_id = (SELECT id FROM snap WHERE kind = 'sought')
        AND (bl.target_record_no IS NOT NULL OR EXISTS (
          SELECT 1 FROM registry_link l JOIN run ON run.id = l.run_id AND run.kind = 'sought' AND run.target = 'registry'
          WHERE l.record_no = x.record_no AND l.status = 'linked'))
      ORDER BY x.record_no`.execute(trx);
    return r.rows;
  }

  /** Persons linked to births records (to make the pupil the subject of a births-based case). */
  async personsOfBirths(trx: VerificationTx, recordNos: readonly number[]): Promise<Map<number, string>> {
    if (recordNos.length === 0) return new Map();
    const r = await sql<{ record_no: number; person_id: string }>`
      WITH ${CURRENT}
      SELECT l.record_no, min(l.person_id::text)::uuid AS person_id FROM registry_link l JOIN run ON run.id = l.run_id
      WHERE run.kind = 'births' AND run.target = 'registry' AND l.status = 'linked'
        AND l.record_no = ANY (${[...recordNos]}::int[])
      GROUP BY l.record_no`.execute(trx);
    return new Map(r.rows.map((x) => [x.record_no, x.person_id]));
  }

  /** Facts about pupils for evidence and case subjects: names, residence, their school, last spell. */
  async personFacts(trx: VerificationTx, ids: readonly string[]) {
    if (ids.length === 0) return [];
    const r = await sql<
      PersonCandidate & {
        enrolled: boolean;
        exit_date: string | null;
        exit_reason: string | null;
        displacement_status: string;
      }
    >`
      SELECT p.id AS person_id, p.last_name, p.first_name, p.middle_name, p.sex, p.birth_date, p.residence_territory_id,
        p.identifiers_enc, p.birth_cert_kind, p.birth_cert_country, p.school_id, p.ouo_id, p.region_id, s.name AS school_name, s.edrpou AS school_edrpou,
        p.displacement_status, e.exit_date IS NULL AS enrolled, e.exit_date, e.exit_reason
      FROM person p
      LEFT JOIN LATERAL (
        SELECT * FROM enrolment x WHERE x.person_id = p.id ORDER BY x.entry_date DESC, x.created_at DESC LIMIT 1
      ) e ON true
      LEFT JOIN LATERAL aikom_school_public(p.school_id) s ON true
      WHERE p.id = ANY (${[...ids]}::uuid[])`.execute(trx);
    return r.rows;
  }

  /**
   * The ОУО of each territory (the most specific unit first: a Kyiv district, then the hromada) and its region; or,
   * without an ОУО, the regional department of the territory's oblast.
   */
  async authoritiesOf(trx: VerificationTx, territoryIds: readonly number[]) {
    if (territoryIds.length === 0) return new Map<number, { ouoId: string | null; regionId: string | null }>();
    // The same residence → ОУО rule as the in-transit pool's (aikom_residence_ouo, migration 0006).
    const r = await sql<{ territory_id: number; ouo_id: string | null; region_id: string | null }>`
      SELECT t.id AS territory_id, ouo.ouo_id,
        coalesce(ouo.region_id, (SELECT o.id FROM organisation o WHERE o.kind = 'region'
          AND o.territory_id = t.oblast_id ORDER BY o.id LIMIT 1)) AS region_id
      FROM territory t
      LEFT JOIN LATERAL aikom_residence_ouo(t.id) ouo ON true
      WHERE t.id = ANY (${[...territoryIds]}::int[])`.execute(trx);
    return new Map(r.rows.map((x) => [x.territory_id, { ouoId: x.ouo_id, regionId: x.region_id }]));
  }

  /** The latest case of each subject (to update an open one, and not to reopen a closed one by itself). */
  async latestCases(trx: VerificationTx, subjectKeys: readonly string[]) {
    if (subjectKeys.length === 0) return new Map<string, CaseRow>();
    const r = await sql<CaseRow>`
      SELECT DISTINCT ON (subject_key) * FROM verification_case WHERE subject_key = ANY (${[...subjectKeys]}::text[])
      ORDER BY subject_key, opened_at DESC, number DESC`.execute(trx);
    return new Map(r.rows.map((c) => [c.subject_key, c]));
  }

  async insertCases(trx: VerificationTx, rows: Insertable<VerificationCaseTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('verification_case')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  }

  /** Refreshes the reasons and evidence of open cases found again (one statement per batch). */
  async redetectCases(
    trx: VerificationTx,
    rows: ReadonlyArray<{ id: string; reasons: string[]; evidence: unknown[] }>,
    at: Date,
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += 2000) {
      const part = rows.slice(i, i + 2000);
      await sql`
        UPDATE verification_case c SET reasons = string_to_array(x.reasons, ','), evidence = x.evidence::jsonb,
          last_detected_at = ${at}::timestamptz, updated_at = ${at}::timestamptz, version = c.version + 1
        FROM unnest(${part.map((r) => r.id)}::uuid[], ${part.map((r) => r.reasons.join(','))}::text[],
          ${part.map((r) => JSON.stringify(r.evidence))}::text[]) AS x(id, reasons, evidence)
        WHERE c.id = x.id`.execute(trx);
    }
  }

  async insertCaseEvents(trx: VerificationTx, rows: Insertable<VerificationCaseEventTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 1000) {
      await trx
        .insertInto('verification_case_event')
        .values(rows.slice(i, i + 1000))
        .execute();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Cases

  casesPage(trx: VerificationTx, f: CaseFilter) {
    let q = trx
      .selectFrom('verification_case as c')
      .leftJoin('organisation as o', 'o.id', 'c.assigned_ouo_id')
      .leftJoin('territory as t', 't.id', 'c.residence_territory_id')
      .select([
        'c.id',
        'c.number',
        'c.subject_key',
        'c.person_id',
        'c.last_name',
        'c.first_name',
        'c.middle_name',
        'c.sex',
        'c.birth_date',
        'c.reasons',
        'c.status',
        'c.region_id',
        'c.assigned_ouo_id',
        'o.name as ouo_name',
        't.code as residence_code',
        't.name as residence_name',
        'c.handed_over_at',
        'c.opened_at',
        'c.updated_at',
        'c.closed_at',
        'c.version',
      ])
      .where('c.number', '>', f.afterNumber);
    if (f.status) q = q.where('c.status', '=', f.status);
    if (f.reason) q = q.where(sql<boolean>`${f.reason} = ANY (c.reasons)`);
    if (f.regionId) q = q.where('c.region_id', '=', f.regionId);
    if (f.ouoId) q = q.where('c.assigned_ouo_id', '=', f.ouoId);
    if (f.detectionId) q = q.where('c.detection_id', '=', f.detectionId);
    if (f.handedOver !== undefined) q = q.where('c.handed_over_at', f.handedOver ? 'is not' : 'is', null);
    return q.orderBy('c.number').limit(f.limit).execute();
  }

  caseById(trx: VerificationTx, id: string) {
    return trx
      .selectFrom('verification_case as c')
      .leftJoin('organisation as o', 'o.id', 'c.assigned_ouo_id')
      .leftJoin('organisation as r', 'r.id', 'c.region_id')
      .leftJoin('territory as t', 't.id', 'c.residence_territory_id')
      .selectAll('c')
      .select(['o.name as ouo_name', 'r.name as region_name', 't.code as residence_code', 't.name as residence_name'])
      .where('c.id', '=', id)
      .executeTakeFirst();
  }

  caseEvents(trx: VerificationTx, caseId: string) {
    return trx
      .selectFrom('verification_case_event as e')
      .leftJoin('app_user as u', 'u.id', 'e.actor_user_id')
      .select([
        'e.id',
        'e.at',
        'e.kind',
        'e.from_status',
        'e.to_status',
        'e.note',
        'e.details',
        'u.full_name',
        'u.login',
      ])
      .where('e.case_id', '=', caseId)
      .orderBy('e.id')
      .execute();
  }

  /** Moves a case if it still has the version the caller saw; false when someone else changed it first. */
  async updateCase(
    trx: VerificationTx,
    id: string,
    version: number,
    patch: {
      status?: string;
      closed_at?: Date | null;
      assigned_ouo_id?: string;
      region_id?: string | null;
      handed_over_at?: Date;
      updated_at: Date;
    },
  ): Promise<boolean> {
    const r = await trx
      .updateTable('verification_case')
      .set({ ...patch, version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Hands the cases of a detection that have an ОУО and are not handed over yet; returns their ids. */
  async handOver(
    trx: VerificationTx,
    detectionId: string | null,
    caseIds: readonly string[] | null,
    at: Date,
  ): Promise<string[]> {
    let q = trx
      .updateTable('verification_case')
      .set({ handed_over_at: at, updated_at: at, version: sql`version + 1` })
      .where('handed_over_at', 'is', null)
      .where('assigned_ouo_id', 'is not', null)
      .where('status', 'in', ['new', 'in_work', 'not_found']);
    if (detectionId) q = q.where('detection_id', '=', detectionId);
    if (caseIds) q = q.where('id', 'in', caseIds.length > 0 ? [...caseIds] : ['00000000-0000-0000-0000-000000000000']);
    const rows = await q.returning('id').execute();
    return rows.map((r) => r.id);
  }

  ouo(trx: VerificationTx, id: string) {
    return trx
      .selectFrom('organisation')
      .select(['id', 'name', 'region_id'])
      .where('id', '=', id)
      .where('kind', '=', 'ouo')
      .executeTakeFirst();
  }

  /** Cases by region and status (what the caller may see). */
  async dashboard(trx: VerificationTx) {
    const rows = await trx
      .selectFrom('verification_case as c')
      .leftJoin('organisation as r', 'r.id', 'c.region_id')
      .select(['c.region_id', 'r.name as region_name', 'c.status', sql<number>`count(*)::int`.as('n')])
      .groupBy(['c.region_id', 'r.name', 'c.status'])
      .execute();
    const reasons = await trx
      .selectFrom(sql<{ reason: string }>`(SELECT unnest(reasons) AS reason FROM verification_case)`.as('x'))
      .select(['x.reason', sql<number>`count(*)::int`.as('n')])
      .groupBy('x.reason')
      .execute();
    return { rows, reasons };
  }
}

export interface PersonCandidate {
  person_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string;
  birth_date: string | null;
  residence_territory_id: number | null;
  identifiers_enc: Buffer | null;
  birth_cert_kind: string | null;
  birth_cert_country: string | null;
  school_id: string | null;
  ouo_id: string | null;
  region_id: string | null;
  school_name: string | null;
  school_edrpou: string | null;
}
