import { createHash } from 'node:crypto';
import { can } from '@aikom/domain/access/policy';
import { validatePupil } from '@aikom/domain/validation/validate';
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../../context';
import { baseTx, exchangeTx, type ExchangeTx } from '../../../db/schema-exchange';
import { AppError } from '../../../errors';
import { presentJob, type JobView } from '../../../jobs/job-runner';
import { decodeCursor, encodeCursor } from '../../../http/cursor';
import { AuditService } from '../../audit/service';
import { scopeOf, type Caller, type PlatformActor } from '../../auth/caller';
import { blindIndexes } from '../../pupils/identifiers';
import { PupilService } from '../../pupils/service';
import { serverValidationContext } from '../../pupils/validation';
import { tokenService } from '../oauth/tokens';
import { readAudit } from '../read-audit';
import { ExchangePupilRepository, type CurrentRow, type ExchangeSchool } from './repository';
import { BATCH_MAX_ASYNC, BATCH_MAX_SYNC, type BatchResult, type PlatformPupilView } from './schemas';
import {
  ExchangeWriter,
  rejected,
  storedRecord,
  type IssueView,
  type PreparedRecord,
  type RecordResult,
  type Rejected,
} from './writer';

export const BATCH_JOB = 'exchange.batch';
/** Rows per transaction of a batch job: the size of a synchronous batch. */
const JOB_CHUNK = BATCH_MAX_SYNC;
/** Idempotency keys are kept a day (draft-ietf-httpapi-idempotency-key-header leaves the period to the server). */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

const issue = (i: { code: string; path: string; message: string }): IssueView => ({
  code: i.code,
  path: i.path,
  message: i.message,
});

export interface PlatformCaller extends Caller {
  actor: PlatformActor;
}

export function platformCaller(caller: Caller): PlatformCaller {
  if (caller.actor.kind !== 'platform') throw new AppError('FORBIDDEN');
  return caller as PlatformCaller;
}

/**
 * Checks records against the catalogue outside the transaction (CPU work, no locks held): each must pass the
 * catalogue's errors, carry its external id and be enrolled at the school of the request.
 */
export function prepareRecords(
  ctx: AppContext,
  edrpou: string,
  inputs: ReadonlyArray<{ index: number; body: unknown; externalId?: string }>,
  now: Date,
): { prepared: PreparedRecord[]; refused: Rejected[] } {
  const prepared: PreparedRecord[] = [];
  const refused: Rejected[] = [];
  const seen = new Map<string, number>();
  // One validation context for the whole batch (today, the reference index): the same for every record.
  const context = serverValidationContext(now);
  for (const { index, body, externalId: fromPath } of inputs) {
    const given =
      body && typeof body === 'object' && typeof (body as { externalId?: unknown }).externalId === 'string'
        ? (body as { externalId: string }).externalId
        : undefined;
    const externalId = fromPath ?? given ?? null;
    if (fromPath && given !== undefined && given !== fromPath) {
      refused.push(
        rejected(
          index,
          fromPath,
          'EXTERNAL_ID_MISMATCH',
          'externalId у записі не збігається з ідентифікатором у шляху.',
          {
            errors: [{ path: '/externalId', code: 'EXTERNAL_ID_MISMATCH', message: 'Не збігається з адресою запиту.' }],
          },
        ),
      );
      continue;
    }
    const v = validatePupil(body, context);
    const warnings = v.warnings.map(issue);
    if (v.errors.length > 0) {
      refused.push(
        rejected(index, externalId, 'PUPIL_INVALID', 'Запис учня має помилки.', {
          errors: v.errors.map(issue),
          warnings,
        }),
      );
      continue;
    }
    if (!externalId) {
      refused.push(
        rejected(index, null, 'EXTERNAL_ID_REQUIRED', 'Кожен запис платформи має містити externalId.', {
          errors: [
            { path: '/externalId', code: 'EXTERNAL_ID_REQUIRED', message: 'Укажіть ідентифікатор учня у платформі.' },
          ],
          warnings,
        }),
      );
      continue;
    }
    const r = { ...v.normalised, externalId };
    if (!r.enrollment) {
      refused.push(
        rejected(index, externalId, 'ENROLLMENT_REQUIRED', 'Укажіть заклад, клас і навчальний рік зарахування.', {
          errors: [
            { path: '/enrollment', code: 'ENROLLMENT_REQUIRED', message: 'Укажіть заклад, клас і навчальний рік.' },
          ],
          warnings,
        }),
      );
      continue;
    }
    if (r.enrollment.schoolEdrpou !== edrpou) {
      refused.push(
        rejected(
          index,
          externalId,
          'ENROLLMENT_SCHOOL_MISMATCH',
          `Запис зараховує учня до закладу ${r.enrollment.schoolEdrpou}, а надісланий до закладу ${edrpou}.`,
          {
            errors: [
              {
                path: '/enrollment/schoolEdrpou',
                code: 'ENROLLMENT_SCHOOL_MISMATCH',
                message: 'Код ЄДРПОУ закладу має збігатися із закладом в адресі запиту.',
              },
            ],
            warnings,
          },
        ),
      );
      continue;
    }
    const first = seen.get(externalId);
    if (first !== undefined) {
      refused.push(
        rejected(
          index,
          externalId,
          'DUPLICATE_IN_BATCH',
          `Запис з цим externalId уже є в цьому пакеті (запис № ${first + 1}).`,
          { warnings },
        ),
      );
      continue;
    }
    seen.set(externalId, index);
    prepared.push({
      index,
      externalId,
      record: r,
      warnings,
      bidx: blindIndexes(ctx.keys, {
        birthCertificate: r.birthCertificate
          ? {
              series: r.birthCertificate.series ?? '',
              number: r.birthCertificate.number,
              issuedCountry: r.birthCertificate.issuedCountry,
            }
          : null,
        unzr: r.unzr ?? null,
        rnokpp: r.rnokpp ?? null,
      }),
    });
  }
  return { prepared, refused };
}

export function summarise(results: readonly RecordResult[]): BatchResult['summary'] {
  const count = (s: RecordResult['status']) => results.filter((r) => r.status === s).length;
  return {
    records: results.length,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
  };
}

/** Why a single upsert was refused, as the HTTP answer (the batch returns the same as a per-record result). */
function refusal(r: Rejected): AppError {
  const extra = { rejection: r.code, warnings: r.warnings, ...(r.holder ? { holder: r.holder } : {}) };
  switch (r.code) {
    case 'PUPIL_INVALID':
      return new AppError('PUPIL_INVALID', { errors: r.errors, extra });
    case 'DUPLICATE_PERSON':
    case 'DUPLICATE_EXTERNAL_ID':
      return new AppError('DUPLICATE_PERSON', { detail: r.detail, extra });
    case 'PRECONDITION_FAILED':
      return new AppError('PRECONDITION_FAILED', {
        detail: r.detail,
        extra: { ...extra, ...(r.currentVersion !== undefined ? { currentVersion: r.currentVersion } : {}) },
      });
    case 'PUPIL_ENROLLED_ELSEWHERE':
    case 'SCHOOL_YEAR_MISMATCH':
    case 'DUPLICATE_IN_BATCH':
      return new AppError('CONFLICT', { detail: r.detail, extra });
    default:
      return new AppError('VALIDATION_FAILED', { detail: r.detail, errors: r.errors, extra });
  }
}

const requestHash = (edrpou: string, body: unknown) =>
  createHash('sha256')
    .update(`${edrpou}\u001f${JSON.stringify(body)}`)
    .digest();

const batchAad = (id: string) => `exchange_batch.payload:${id}`;

/**
 * The platform pupil API: the schools a platform serves, reads of their pupils, upserts by the platform's own id
 * (one or a batch; large batches as a job) and exits. Every call is audited with the platform's identity.
 */
export class ExchangePupilService {
  private readonly repo = new ExchangePupilRepository();
  private readonly writer: ExchangeWriter;
  private readonly pupils: PupilService;
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {
    this.writer = new ExchangeWriter(ctx);
    this.pupils = new PupilService(ctx);
  }

  private scoped<T>(caller: Caller, fn: (trx: ExchangeTx) => Promise<T>): Promise<T> {
    return this.ctx.db.scoped(scopeOf(caller.actor), (trx) => fn(exchangeTx(trx)));
  }

  /** A school the platform serves (a school it does not serve is "not found": its existence is not revealed). */
  private async school(trx: ExchangeTx, caller: PlatformCaller, edrpou: string, action: 'pupil:read' | 'pupil:write') {
    const school = await this.repo.schoolByEdrpou(trx, edrpou);
    if (!school || !caller.actor.schoolIds.includes(school.id))
      throw new AppError('NOT_FOUND', {
        detail: `Заклад з кодом ЄДРПОУ ${edrpou} не обслуговується вашою платформою.`,
      });
    if (!can(caller.actor, action, { kind: 'school', id: school.id, regionId: school.region_id, ouoId: school.ouo_id }))
      throw new AppError('FORBIDDEN');
    return school;
  }

  present(row: CurrentRow): PlatformPupilView {
    return {
      pupilId: row.id,
      externalId: row.external_id,
      version: row.version,
      enrolled: row.open_id !== null,
      schoolEdrpou: row.school_edrpou,
      record: storedRecord(this.pupils, row),
      source: row.source,
      updatedAt: row.updated_at.toISOString(),
    };
  }

  /** The schools linked to the platform now. */
  async schools(caller: Caller) {
    const c = platformCaller(caller);
    const schools = await this.scoped(c, async (trx) => {
      const rows = await trx
        .selectFrom('platform_school as s')
        .innerJoin('organisation as o', 'o.id', 's.school_id')
        .leftJoin('territory as t', 't.id', 'o.territory_id')
        .select([
          'o.id',
          'o.edrpou',
          'o.name',
          'o.short_name',
          'o.status',
          'o.ouo_id',
          'o.region_id',
          'o.grade_min',
          'o.grade_max',
          't.code as territory_code',
          't.name as territory_name',
          's.decided_at',
        ])
        .where('s.platform_id', '=', c.actor.platformId)
        .where('s.status', '=', 'active')
        .orderBy('o.edrpou')
        .execute();
      const names = new Map(
        (
          await authorities(
            trx,
            rows.flatMap((r) => [r.ouo_id!, r.region_id!]),
          )
        ).map((a) => [a.id, a.name]),
      );
      return rows.map((r) => ({
        id: r.id,
        edrpou: r.edrpou!,
        name: r.name,
        shortName: r.short_name,
        status: r.status,
        ouo: { id: r.ouo_id!, name: names.get(r.ouo_id!) ?? '' },
        region: { id: r.region_id!, name: names.get(r.region_id!) ?? '' },
        territory: r.territory_code ? { code: r.territory_code, name: r.territory_name ?? '' } : null,
        gradeMin: r.grade_min,
        gradeMax: r.grade_max,
        since: r.decided_at!.toISOString(),
      }));
    });
    await readAudit(this.ctx).record(c, {
      action: 'exchange.schools.list',
      objectType: 'platform',
      objectId: c.actor.platformId,
      details: { count: schools.length },
    });
    return schools;
  }

  /** One pupil by the platform's id. */
  async get(caller: Caller, edrpou: string, externalId: string): Promise<PlatformPupilView> {
    const c = platformCaller(caller);
    const row = await this.scoped(c, async (trx) => {
      const school = await this.school(trx, c, edrpou, 'pupil:read');
      return this.mapped(trx, c, school, externalId);
    });
    await readAudit(this.ctx).record(c, { action: 'pupil.read', objectType: 'pupil', objectId: row.id });
    return this.present(row);
  }

  private async mapped(trx: ExchangeTx, c: PlatformCaller, school: ExchangeSchool, externalId: string) {
    const [m] = await this.repo.mappings(trx, [externalId]);
    const [row] =
      m && c.actor.schoolIds.includes(m.school_id)
        ? await this.repo.current(trx, [m.person_id], { lock: false, platformId: c.actor.platformId })
        : [];
    if (!row || (row.school_id !== school.id && row.open_school_id !== school.id))
      throw new AppError('NOT_FOUND', { detail: 'Учня з таким ідентифікатором платформи в цьому закладі немає.' });
    return row;
  }

  /** The pupils enrolled at a school now, with their records (a platform's full resynchronisation). */
  async list(caller: Caller, edrpou: string, q: { limit: number; cursor?: string | undefined }) {
    const c = platformCaller(caller);
    const after = decodeCursor(q.cursor, ['string'] as const)?.[0];
    const answer = await this.scoped(c, async (trx) => {
      const school = await this.school(trx, c, edrpou, 'pupil:read');
      const ids = await this.repo.enrolledAt(trx, school.id, after, q.limit);
      const more = ids.length > q.limit;
      const pageIds = more ? ids.slice(0, q.limit) : ids;
      const rows = new Map(
        (await this.repo.current(trx, pageIds, { lock: false, platformId: c.actor.platformId })).map((r) => [r.id, r]),
      );
      const items = pageIds.map((id) => rows.get(id)).filter((r): r is CurrentRow => !!r);
      return {
        schoolId: school.id,
        items: items.map((r) => this.present(r)),
        nextCursor: more ? encodeCursor([pageIds.at(-1)!]) : null,
      };
    });
    await readAudit(this.ctx).record(c, {
      action: 'pupil.list',
      objectType: 'school',
      objectId: answer.schoolId,
      details: { count: answer.items.length },
    });
    return { items: answer.items, nextCursor: answer.nextCursor };
  }

  /** PUT one pupil by the platform's id: create, link or update (If-Match / If-None-Match: * when given). */
  async upsert(
    caller: Caller,
    edrpou: string,
    externalId: string,
    body: unknown,
    conditions: { ifMatch?: number; createOnly?: boolean },
  ) {
    const c = platformCaller(caller);
    const now = this.ctx.now();
    const { prepared, refused } = prepareRecords(this.ctx, edrpou, [{ index: 0, body, externalId }], now);
    if (refused[0]) throw refusal(refused[0]);
    const item = { ...prepared[0]!, ...conditions };
    const result = await this.scoped(c, async (trx) => {
      const school = await this.school(trx, c, edrpou, 'pupil:write');
      const [r] = await this.writer.apply(trx, { caller: c, school, source: `platform:${c.actor.clientId}`, now }, [
        item,
      ]);
      if (r!.status === 'rejected') return r!;
      await this.audit.record(baseTx(trx), c, {
        action: r!.status === 'created' ? 'pupil.create' : 'pupil.upsert',
        objectType: 'pupil',
        objectId: r!.pupilId,
        details: { schoolId: school.id, externalId, status: r!.status, linked: r!.linked },
      });
      return r!;
    });
    if (result.status === 'rejected') throw refusal(result);
    return result;
  }

  /**
   * A batch of up to BATCH_MAX_SYNC records, answered per record, all in one transaction with the Idempotency-Key;
   * a larger one (or `async`) is sealed and queued as a job.
   */
  async batch(
    caller: Caller,
    edrpou: string,
    body: { records: unknown[] },
    key: string | undefined,
    options: { async?: boolean | undefined } = {},
  ): Promise<{ status: 200 | 202; body: unknown; replayed: boolean }> {
    const c = platformCaller(caller);
    if (!key)
      throw new AppError('IDEMPOTENCY_KEY_REQUIRED', {
        detail: 'Пакетний запис потребує заголовка Idempotency-Key (напр. UUID).',
      });
    if (body.records.length > BATCH_MAX_ASYNC)
      throw new AppError('BATCH_TOO_LARGE', { detail: `В одному пакеті — до ${BATCH_MAX_ASYNC} записів.` });
    const hash = requestHash(edrpou, body);
    if (options.async || body.records.length > BATCH_MAX_SYNC) return this.queue(c, edrpou, body, key, hash);
    const now = this.ctx.now();
    const { prepared, refused } = prepareRecords(
      this.ctx,
      edrpou,
      body.records.map((b, index) => ({ index, body: b })),
      now,
    );
    return this.scoped(c, async (trx) => {
      const school = await this.school(trx, c, edrpou, 'pupil:write');
      const replay = await this.claimKey(trx, c, key, hash, school.id, now);
      if (replay) return replay;
      const written = await this.writer.apply(
        trx,
        { caller: c, school, source: `platform:${c.actor.clientId}`, now },
        prepared,
      );
      const results = [...written, ...refused].sort((a, b) => a.index - b.index);
      const answer: BatchResult = { school: { id: school.id, edrpou }, summary: summarise(results), results };
      await trx
        .updateTable('exchange_idempotency')
        .set({ status_code: 200, response: JSON.stringify(answer) })
        .where('platform_id', '=', c.actor.platformId)
        .where('key', '=', key)
        .execute();
      await this.audit.record(baseTx(trx), c, batchAudit(school.id, results));
      return { status: 200 as const, body: answer, replayed: false };
    });
  }

  /**
   * Takes the idempotency key in this transaction. A concurrent request with the same key waits on the key's row
   * and then replays the first one's answer; a different request under a used key is refused.
   */
  private async claimKey(
    trx: ExchangeTx,
    c: PlatformCaller,
    key: string,
    hash: Buffer,
    schoolId: string,
    now: Date,
  ): Promise<{ status: 200 | 202; body: unknown; replayed: true } | null> {
    const claim = () =>
      trx
        .insertInto('exchange_idempotency')
        .values({ platform_id: c.actor.platformId, key, request_hash: hash, school_id: schoolId, created_at: now })
        .onConflict((oc) => oc.doNothing())
        .returning('key')
        .executeTakeFirst();
    // A new key (the usual case) is one statement; a used one is claimed again only once it has expired.
    if (await claim()) return null;
    const expired = await trx
      .deleteFrom('exchange_idempotency')
      .where('platform_id', '=', c.actor.platformId)
      .where('key', '=', key)
      .where('created_at', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS))
      .executeTakeFirst();
    if (expired.numDeletedRows > 0n && (await claim())) return null;
    const stored = await trx
      .selectFrom('exchange_idempotency')
      .select(['request_hash', 'status_code', 'response'])
      .where('platform_id', '=', c.actor.platformId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (!Buffer.from(stored.request_hash).equals(hash))
      throw new AppError('IDEMPOTENCY_KEY_REUSED', {
        detail: 'Цей Idempotency-Key уже використано для іншого запиту; для нового пакета створіть новий ключ.',
      });
    const response = stored.response as { batchId?: string } & Record<string, unknown>;
    if (stored.status_code === 202 && response.batchId) {
      const batch = await trx
        .selectFrom('exchange_batch')
        .select(['job_id'])
        .where('id', '=', response.batchId)
        .executeTakeFirst();
      const job = batch?.job_id ? await this.jobView(trx, batch.job_id) : null;
      return {
        status: 202,
        body: { ...response, ...(job ? { job, statusUrl: `/api/v1/jobs/${job.id}` } : {}) },
        replayed: true,
      };
    }
    await this.audit.record(baseTx(trx), c, {
      action: 'exchange.batch.replay',
      objectType: 'school',
      objectId: schoolId,
      details: { key },
    });
    return { status: (stored.status_code ?? 200) as 200, body: stored.response, replayed: true };
  }

  private async jobView(trx: ExchangeTx, id: string): Promise<JobView | null> {
    const row = await trx.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? presentJob(row) : null;
  }

  /** Seals a large batch and queues it; the answer names the job to follow. */
  private async queue(
    c: PlatformCaller,
    edrpou: string,
    body: { records: unknown[] },
    key: string,
    hash: Buffer,
  ): Promise<{ status: 200 | 202; body: unknown; replayed: boolean }> {
    const now = this.ctx.now();
    const batchId = uuidv7();
    const claimed = await this.scoped(c, async (trx) => {
      const school = await this.school(trx, c, edrpou, 'pupil:write');
      const replay = await this.claimKey(trx, c, key, hash, school.id, now);
      if (replay) return { replay };
      await trx
        .insertInto('exchange_batch')
        .values({
          id: batchId,
          platform_id: c.actor.platformId,
          school_id: school.id,
          ouo_id: school.ouo_id,
          region_id: school.region_id,
          records: body.records.length,
          payload: this.ctx.keys.encrypt(JSON.stringify(body.records), batchAad(batchId)),
          created_at: now,
        })
        .execute();
      const answer = { school: { id: school.id, edrpou }, records: body.records.length, batchId };
      await trx
        .updateTable('exchange_idempotency')
        .set({ status_code: 202, response: JSON.stringify(answer) })
        .where('platform_id', '=', c.actor.platformId)
        .where('key', '=', key)
        .execute();
      await this.audit.record(baseTx(trx), c, {
        action: 'exchange.batch.queue',
        objectType: 'school',
        objectId: school.id,
        details: { batchId, records: body.records.length },
      });
      return { school, answer };
    });
    if ('replay' in claimed) return claimed.replay!;
    // Queued after the batch is committed, so the job always finds it.
    const jobId = await this.ctx.jobs.enqueue(
      BATCH_JOB,
      { batchId, platformId: c.actor.platformId },
      {
        userId: c.actor.platformId,
        schoolId: claimed.school.id,
        ouoId: claimed.school.ouo_id,
        regionId: claimed.school.region_id,
        scope: scopeOf(c.actor),
      },
    );
    const job = await this.scoped(c, async (trx) => {
      await trx.updateTable('exchange_batch').set({ job_id: jobId }).where('id', '=', batchId).execute();
      return this.jobView(trx, jobId);
    });
    return { status: 202, body: { ...claimed.answer, job, statusUrl: `/api/v1/jobs/${jobId}` }, replayed: false };
  }

  /** The job of a large batch: chunk by chunk, each in its own transaction; a resumed job skips finished chunks. */
  async runBatchJob(job: {
    params: Record<string, unknown>;
    progress(done: number, total?: number | null, note?: string): Promise<void>;
    cancelled(): Promise<boolean>;
  }): Promise<Record<string, unknown>> {
    const { batchId, platformId } = job.params as { batchId: string; platformId: string };
    const actor = await tokenService(this.ctx).actorOf(platformId);
    if (!actor) throw new AppError('FORBIDDEN', { detail: 'Платформу відкликано: пакет не оброблено.' });
    const c: PlatformCaller = { actor, requestId: `job:${batchId}`, ip: null, client: `platform:${actor.clientId}` };
    const batch = await this.scoped(c, (trx) =>
      trx.selectFrom('exchange_batch').selectAll().where('id', '=', batchId).executeTakeFirst(),
    );
    if (!batch)
      throw new AppError('NOT_FOUND', { detail: 'Пакет не знайдено або заклад більше не обслуговується платформою.' });
    const school = await this.scoped(c, (trx) =>
      trx.selectFrom('organisation').select('edrpou').where('id', '=', batch.school_id).executeTakeFirstOrThrow(),
    );
    const edrpou = school.edrpou!;
    let summary = { records: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
    let rejectedRecords: RecordResult[] = [];
    for (const chunk of batch.results as Array<{ summary: typeof summary; rejected: RecordResult[] }>) {
      summary = addSummary(summary, chunk.summary);
      rejectedRecords = [...rejectedRecords, ...chunk.rejected];
    }
    if (batch.payload) {
      const records = JSON.parse(this.ctx.keys.decrypt(batch.payload, batchAad(batchId))) as unknown[];
      const chunks = Math.ceil(records.length / JOB_CHUNK);
      await job.progress(batch.chunks_done * JOB_CHUNK, records.length, 'записи');
      for (let i = batch.chunks_done; i < chunks; i++) {
        if (await job.cancelled()) break;
        const now = this.ctx.now();
        const slice = records
          .slice(i * JOB_CHUNK, (i + 1) * JOB_CHUNK)
          .map((b, k) => ({ index: i * JOB_CHUNK + k, body: b }));
        const { prepared, refused } = prepareRecords(this.ctx, edrpou, slice, now);
        const chunkResult = await this.scoped(c, async (trx) => {
          const s = await this.school(trx, c, edrpou, 'pupil:write');
          const written = await this.writer.apply(
            trx,
            { caller: c, school: s, source: `platform:${actor.clientId}`, now },
            prepared,
          );
          const results = [...written, ...refused].sort((a, b) => a.index - b.index);
          const part = { summary: summarise(results), rejected: results.filter((r) => r.status === 'rejected') };
          await trx
            .updateTable('exchange_batch')
            .set({
              chunks_done: i + 1,
              results: JSON.stringify([...batch.results, part]),
            })
            .where('id', '=', batchId)
            .execute();
          batch.results.push(part);
          await this.audit.record(baseTx(trx), c, {
            ...batchAudit(s.id, results),
            details: { ...batchAudit(s.id, results).details, batchId, chunk: i },
          });
          return part;
        });
        summary = addSummary(summary, chunkResult.summary);
        rejectedRecords = [...rejectedRecords, ...chunkResult.rejected];
        await job.progress(Math.min((i + 1) * JOB_CHUNK, records.length), records.length);
      }
      await this.scoped(c, (trx) =>
        trx
          .updateTable('exchange_batch')
          .set({ payload: null, finished_at: this.ctx.now() })
          .where('id', '=', batchId)
          .execute(),
      );
    }
    return { batchId, school: { id: batch.school_id, edrpou }, summary, rejected: rejectedRecords };
  }

  /** The exit of Порядок 367, by the platform's id: the registry's own rules (PupilService.exit). */
  async exit(
    caller: Caller,
    edrpou: string,
    externalId: string,
    input: { date: string; reason: string; destinationEdrpou?: string; destinationCountry?: string; note?: string },
  ): Promise<void> {
    const c = platformCaller(caller);
    const row = await this.scoped(c, async (trx) => {
      const school = await this.school(trx, c, edrpou, 'pupil:write');
      const r = await this.mapped(trx, c, school, externalId);
      if (r.open_school_id !== school.id)
        throw new AppError('CONFLICT', { detail: 'Учень уже не навчається в цьому закладі.' });
      return r;
    });
    await this.pupils.exit(c, row.id, input, `platform:${c.actor.clientId}`);
  }
}

function addSummary(a: BatchResult['summary'], b: BatchResult['summary']): BatchResult['summary'] {
  return {
    records: a.records + b.records,
    created: a.created + b.created,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
    rejected: a.rejected + b.rejected,
  };
}

/** One audit entry per batch: the pupils it changed (ids, never data) and why records were refused. */
function batchAudit(schoolId: string, results: readonly RecordResult[]) {
  const ids = (s: RecordResult['status']) =>
    results.filter((r) => r.status === s).map((r) => (r as { pupilId: string }).pupilId);
  return {
    action: 'pupil.batch',
    objectType: 'school',
    objectId: schoolId,
    details: {
      ...summarise(results),
      createdIds: ids('created'),
      updatedIds: ids('updated'),
      rejectedCodes: [...new Set(results.filter((r) => r.status === 'rejected').map((r) => r.code))],
    },
  };
}

/** The public names of ОУО and regions. */
export async function authorities(trx: ExchangeTx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const r = await sql<{
    id: string;
    kind: string;
    parent_id: string | null;
    name: string;
    edrpou: string | null;
    updated_at: Date;
  }>`
    SELECT * FROM aikom_authority_public(${[...new Set(ids)]}::uuid[])`.execute(trx);
  return r.rows;
}
