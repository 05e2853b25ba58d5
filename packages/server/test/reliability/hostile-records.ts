/**
 * Hostile pupil records (issue 11, «Hostile input»): generated exchange records — valid ones, valid ones with random
 * mutations (fields deleted, replaced by hostile values, unknown members, arrays for objects), arbitrary JSON and
 * broken bodies — sent to every write path of a record: the platform upsert and batch, the portal's create and
 * update, and the first-grade enrolment. Each answer: no 5xx, a refusal is a problem with a known code, a refused
 * request wrote nothing, an accepted one wrote what it says. Cases: docs/reliability/hostile-input.md.
 */
import { isUnstorableText } from '@aikom/domain/storable-text';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { bearer } from '../../src/modules/exchange/testing';
import { pupilRecord, type Org } from '../factories';
import { expectHealthy, type HostileEnv } from './hostile-env';
import {
  bodyShape,
  checkAnswer,
  checkJobProblem,
  encodeBody,
  fingerprint,
  headerText,
  hostileText,
  hostileValue,
  mutate,
  mutation,
  runs,
  urlPart,
} from './hostile';

const LAST = ['Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Олійник', 'Мельник', 'Ґудзь', 'Мар’яненко', 'Їжак'];
const FIRST = ['Тарас', 'Олена', 'Марко', 'Ярина', 'Богдан', 'Євгенія', 'Юрій', 'Ігор', 'Соломія'];

/** A record the catalogue accepts (or nearly: some combinations are duplicates or draw warnings). */
function validRecord(school: Org, grade?: number): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      last: fc.constantFrom(...LAST),
      first: fc.constantFrom(...FIRST),
      female: fc.boolean(),
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 8 }),
      grade: grade ? fc.constant(grade) : fc.integer({ min: 1, max: 11 }),
      number: fc.integer({ min: 0, max: 999_999 }),
      letter: fc.constantFrom('А', 'Б', 'В'),
      internal: fc.boolean(),
    })
    .map((r) =>
      pupilRecord(school, {
        lastName: r.last,
        firstName: r.first,
        middleName: r.female ? 'Петрівна' : 'Петрович',
        sex: r.female ? 'female' : 'male',
        birthDate: `${2019 - (r.grade - 1)}-${String(r.month).padStart(2, '0')}-${String(r.day).padStart(2, '0')}`,
        birthCertificate: { series: 'І-БК', number: String(r.number).padStart(6, '0') },
        displacement: r.internal ? { status: 'internal', since: '2022-03-01' } : { status: 'none' },
        enrollment: {
          schoolEdrpou: school.edrpou,
          schoolYear: '2025-2026',
          grade: r.grade,
          classLetter: r.letter,
          entryDate: '2025-09-01',
          orderNumber: '12-у',
        },
      }),
    );
}

/** A record document: valid, mutated, or any JSON at all. */
function recordDoc(school: Org, grade?: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: validRecord(school, grade) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(validRecord(school, grade), fc.array(mutation, { minLength: 1, maxLength: 4 }))
        .map(([r, ms]) => mutate(r, ms)),
    },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** The body of a request around a document: JSON mostly, sometimes broken. */
const asBody = (doc: fc.Arbitrary<unknown>) =>
  fc.tuple(doc, bodyShape, fc.nat()).map(([d, shape, cut]) => encodeBody(d, shape, cut));

const contentType = fc.oneof(
  { weight: 20, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      '',
    ),
  },
);

const EXTERNAL_IDS = Array.from({ length: 24 }, (_, i) => `p-${i}`);
const externalId = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...EXTERNAL_IDS) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~:@-]{1,100}$/) },
  { weight: 1, arbitrary: hostileText },
);

export function recordCases(env: () => HostileEnv): void {
  /** The version of a platform pupil by its external id (undefined when the platform has not sent it). */
  const platformVersion = async (ext: string): Promise<number | undefined> => {
    // An id PostgreSQL cannot hold (U+0000, a lone surrogate) was never stored: the server refuses such text at the
    // boundary, and asking the database for it would fail the query rather than answer "none".
    if (isUnstorableText(ext)) return undefined;
    const { t, platformId } = env();
    const r = await t.ctx.db.kysely
      .selectFrom('platform_pupil')
      .innerJoin('person', 'person.id', 'platform_pupil.person_id')
      .select('person.version')
      .where('platform_pupil.platform_id', '=', platformId)
      .where('platform_pupil.external_id', '=', ext)
      .executeTakeFirst();
    return r?.version;
  };

  it('the platform upsert (PUT …/pupils/{externalId}) refuses cleanly and writes nothing it refuses', async () => {
    const { t, c, token } = env();
    const edrpou = fc.oneof(
      { weight: 12, arbitrary: fc.constant(c.schools[0].edrpou!) },
      {
        weight: 1,
        arbitrary: fc.oneof(
          fc.constant(c.schools[2].edrpou!),
          fc.stringMatching(/^[0-9]{8}$/),
          hostileText.map((s) => s.slice(0, 40)),
        ),
      },
    );
    const conditions = fc.record(
      {
        'if-match': fc.oneof(
          fc.constantFrom('"1"', '"2"', 'W/"1"', '"999999999"', '"0"', '"-1"', '*', '"1", "2"'),
          headerText,
        ),
        'if-none-match': fc.oneof(fc.constant('*'), headerText),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        edrpou,
        externalId,
        asBody(recordDoc(c.schools[0])),
        conditions,
        contentType,
        async (school, ext, body, cond, type) => {
          const before = await fingerprint(t.ctx);
          const res = await t.app.inject({
            method: 'PUT',
            url: `/api/v1/schools/${urlPart(school)}/pupils/${urlPart(ext)}`,
            headers: { ...bearer(token), ...(type ? { 'content-type': type } : {}), ...cond },
            payload: body,
          });
          const code = checkAnswer(res, `PUT ${ext}`);
          if (code) {
            expect(await fingerprint(t.ctx), `refused with ${code} but wrote`).toEqual(before);
          } else {
            const saved = res.json<{ version: number; status: string }>();
            expect(await platformVersion(ext)).toBe(saved.version);
            if (saved.status === 'unchanged') expect(await fingerprint(t.ctx)).toEqual(before);
          }
        },
      ),
      runs('exchange PUT', 1101, 200, 10_000),
    );
    await expectHealthy(env());
  });

  it('the platform batch refuses cleanly; its per-record results say exactly what was written', async () => {
    const { t, c, token } = env();
    const record = fc
      .tuple(recordDoc(c.schools[0]), externalId, fc.boolean())
      .map(([doc, ext, withId]) =>
        withId && doc && typeof doc === 'object' && !Array.isArray(doc) ? { ...doc, externalId: ext } : doc,
      );
    const batchDoc = fc.oneof(
      { weight: 8, arbitrary: fc.array(record, { minLength: 1, maxLength: 8 }).map((records) => ({ records })) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.array(record, { maxLength: 3 }), fc.array(mutation, { minLength: 1, maxLength: 3 }))
          .map(([records, ms]) => mutate({ records }, ms)),
      },
      { weight: 1, arbitrary: hostileValue },
    );
    const key = fc.oneof(
      { weight: 10, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom('fixed-key-1', 'fixed-key-2') },
      { weight: 1, arbitrary: headerText },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
    const query = fc.oneof(
      { weight: 10, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.constantFrom('?async=true', '?async=false', '?async=1', '?async=yes') },
      { weight: 1, arbitrary: hostileText.map((s) => `?async=${urlPart(s)}&async=true`) },
    );
    await fc.assert(
      fc.asyncProperty(asBody(batchDoc), key, query, async (body, idem, q) => {
        const parsed = safeParse(body) as { records?: Array<{ externalId?: unknown }> } | undefined;
        const ids = Array.isArray(parsed?.records)
          ? parsed.records.map((r) => (r && typeof r.externalId === 'string' ? r.externalId : null))
          : [];
        const versions = new Map<string, number | undefined>();
        for (const id of ids) if (id !== null) versions.set(id, await platformVersion(id));
        const before = await fingerprint(t.ctx);
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/schools/${c.schools[0].edrpou}/pupils:batch${q}`,
          headers: {
            ...bearer(token),
            'content-type': 'application/json',
            ...(idem !== undefined ? { 'idempotency-key': idem } : {}),
          },
          payload: body,
        });
        const code = checkAnswer(res, 'batch');
        if (code) {
          expect(await fingerprint(t.ctx), `refused with ${code} but wrote`).toEqual(before);
          return;
        }
        if (res.statusCode === 202) {
          await t.ctx.jobs.drain();
          const { job } = res.json<{ job: { id: string } }>();
          const row = await t.ctx.db.kysely
            .selectFrom('job')
            .select(['status', 'error'])
            .where('id', '=', job.id)
            .executeTakeFirstOrThrow();
          checkJobProblem(row.error as { code?: unknown } | null, 'batch job');
          return;
        }
        if (res.headers['idempotent-replayed'] === 'true') return;
        const r = res.json<{
          summary: Record<'records' | 'created' | 'updated' | 'unchanged' | 'rejected', number>;
          results: Array<{ index: number; externalId: string | null; status: string; version?: number; code?: string }>;
        }>();
        expect(r.results).toHaveLength(ids.length);
        const s = r.summary;
        expect(s.created + s.updated + s.unchanged + s.rejected).toBe(s.records);
        const lastWrite = new Map<string, number>();
        for (const x of r.results) {
          if (x.status === 'rejected') {
            expect(typeof x.code === 'string' && x.code.length > 0, JSON.stringify(x)).toBe(true);
          } else if (x.externalId !== null && x.version !== undefined) lastWrite.set(x.externalId, x.version);
        }
        for (const x of r.results) {
          if (x.status !== 'rejected' || x.externalId === null || lastWrite.has(x.externalId)) continue;
          expect(await platformVersion(x.externalId), `rejected ${x.externalId} was written`).toBe(
            versions.get(x.externalId),
          );
        }
        for (const [ext, version] of lastWrite) expect(await platformVersion(ext)).toBe(version);
      }),
      runs('exchange batch', 1102, 80, 3_000),
    );
    await expectHealthy(env());
  });

  it('the portal create (POST /pupils) refuses cleanly and writes nothing it refuses', async () => {
    const { t, c, editor } = env();
    await fc.assert(
      fc.asyncProperty(asBody(recordDoc(c.schools[2])), contentType, fc.boolean(), async (body, type, csrf) => {
        const before = await fingerprint(t.ctx);
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/pupils',
          headers: {
            cookie: editor.cookie,
            ...(csrf || type !== 'application/json' ? { 'x-csrf-token': editor.csrf } : {}),
            ...(type ? { 'content-type': type } : {}),
          },
          payload: body,
        });
        const code = checkAnswer(res, 'portal create');
        if (code) {
          expect(await fingerprint(t.ctx), `refused with ${code} but wrote`).toEqual(before);
        } else {
          const saved = res.json<{ id: string; version: number }>();
          const row = await t.ctx.db.kysely
            .selectFrom('person')
            .select('version')
            .where('id', '=', saved.id)
            .executeTakeFirst();
          expect(row?.version).toBe(saved.version);
        }
      }),
      runs('portal create', 1103, 150, 6_000),
    );
    await expectHealthy(env());
  });

  it('the portal update (PUT /pupils/{id}) refuses cleanly and leaves the version as it was', async () => {
    const { t, c, editor, portalPupils } = env();
    const ifMatch = fc.oneof(
      { weight: 8, arbitrary: fc.constant('current') },
      { weight: 1, arbitrary: fc.constantFrom('"0"', '"999999999"', '*', 'W/"1"', '"1" ') },
      { weight: 1, arbitrary: headerText },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
    const target = fc.oneof(
      { weight: 12, arbitrary: fc.nat({ max: 2 }).map(String) },
      { weight: 1, arbitrary: fc.oneof(fc.uuid(), hostileText) },
    );
    await fc.assert(
      fc.asyncProperty(asBody(recordDoc(c.schools[2])), ifMatch, target, async (body, im, which) => {
        const id = /^\d$/.test(which) ? portalPupils[Number(which)]! : which;
        const current = await t.ctx.db.kysely
          .selectFrom('person')
          .select('version')
          .where('id', '=', portalPupils[/^\d$/.test(which) ? Number(which) : 0]!)
          .executeTakeFirstOrThrow();
        const before = await fingerprint(t.ctx);
        const res = await t.app.inject({
          method: 'PUT',
          url: `/api/v1/pupils/${urlPart(id)}`,
          headers: {
            ...editor.headers,
            'content-type': 'application/json',
            ...(im === 'current' ? { 'if-match': `"${current.version}"` } : im !== undefined ? { 'if-match': im } : {}),
          },
          payload: body,
        });
        const code = checkAnswer(res, 'portal update');
        if (code) {
          expect(await fingerprint(t.ctx), `refused with ${code} but wrote`).toEqual(before);
        } else {
          const saved = res.json<{ version: number }>();
          const row = await t.ctx.db.kysely
            .selectFrom('person')
            .select('version')
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
          expect(row.version).toBe(saved.version);
        }
      }),
      runs('portal update', 1104, 150, 6_000),
    );
    await expectHealthy(env());
  });

  it('the first-grade enrolment (POST /schools/{id}/first-graders) refuses cleanly and writes nothing it refuses', async () => {
    const { t, c, editor } = env();
    const doc = fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .tuple(recordDoc(c.schools[2], 1), fc.option(fc.oneof(fc.constant('2025-08-20'), hostileText)))
          .map(([record, applicationDate]) => ({ record, ...(applicationDate !== null ? { applicationDate } : {}) })),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(validRecord(c.schools[2], 1), fc.array(mutation, { minLength: 1, maxLength: 3 }))
          .map(([record, ms]) => mutate({ record, applicationDate: '2025-08-20' }, ms)),
      },
    );
    await fc.assert(
      fc.asyncProperty(asBody(doc), async (body) => {
        const before = await fingerprint(t.ctx);
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/schools/${c.schools[2].id}/first-graders`,
          headers: { ...editor.headers, 'content-type': 'application/json' },
          payload: body,
        });
        const code = checkAnswer(res, 'first grader');
        if (code) expect(await fingerprint(t.ctx), `refused with ${code} but wrote`).toEqual(before);
      }),
      runs('first graders', 1105, 100, 3_000),
    );
    await expectHealthy(env());
  });
}

function safeParse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
