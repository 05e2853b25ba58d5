import { sql } from 'kysely';
/**
 * The verification story on the demo preset, through the API as the portal will do it: the verification officer
 * imports the five extracts (each a new version with provenance, linked by jobs), measures nothing by eye — the test
 * measures precision and recall against the generator's truth — reviews borderline pairs, detects the potentially
 * missing children and hands their cases to the ОУО, where a case worker closes one as found enrolled.
 */
import { randomBytes } from 'node:crypto';
import { evaluateLinks, linkByIdentifiersOnly, NameDictionary } from '@aikom/domain/linkage/index';
import type { ExtractKind } from '@aikom/domain/linkage/extract-formats';
import { createSyntheticExtracts, extractCsvLines, type ExtractItem } from '@aikom/tools/synth/extracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createUser, jobDiedForGood, signIn, type Org, type Session } from '../../../test/factories';
import { createTestApp, TEST_NOW, type TestApp, auditDb } from '../../../test/harness';
import { prepareInstance } from '../../bootstrap';
import { parseHostilitiesTsv, parseKatottgTsv, readDatasetText, readManifest } from '../../reference/reference-data';
import { seedSynthetic, type SeedReport } from '../seed/load-synthetic';
import { scopedAccess, systemAccess } from './access';
import { evaluateRegistryRun, registryTruth, snapshotTruth } from './evaluation';
import { loadPersons, loadRecords } from './linkage';
import type { VerificationTx } from '../../db/schema-verification';

const SEED = 3;
const TODAY = TEST_NOW.toISOString().slice(0, 10);
const KINDS: ExtractKind[] = ['births', 'deaths', 'idp', 'border', 'sought'];
/**
 * A small fixed data set: a demo-like region of 900 pupils in 5 schools, with more children outside school than the
 * national shares give, so that each fate has enough children to count. The quality on the national scale is measured
 * by `npm run bench` (tools/src/bench), not here.
 */
const SIZE = { pupils: 900, schools: 5 } as const;
const UNENROLLED = {
  deceased: 0.01,
  abroad: 0.05,
  returned: 0.006,
  idp: 0.01,
  deported: 0.005,
  missing: 0.005,
  unaccounted: 0.02,
};
const LONG = 120_000;

function multipart(name: string, bytes: Buffer) {
  const boundary = `----aikom${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const csv = (kind: ExtractKind, items: readonly ExtractItem[]) =>
  Buffer.from(
    [
      ...extractCsvLines(
        kind,
        items.map((i) => i.row),
      ),
    ].join(''),
    'utf8',
  );

describe.each(enginesUnderTest())('verification against state registries on %s', (engine) => {
  let t: TestApp;
  let seeded: SeedReport;
  let verifier: Session;
  let analyst: Session;
  let verifierId: string;
  const items = new Map<ExtractKind, ExtractItem[]>();
  const snapshots = new Map<ExtractKind, string>();
  let extracts: ReturnType<typeof createSyntheticExtracts>;

  const db = () => t.ctx.db.kysely as unknown as VerificationTx;
  const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: s.headers });
  const post = (s: Session, url: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url, headers: s.headers, payload: payload as Record<string, unknown> });
  const uploadExtract = async (kind: ExtractKind, bytes: Buffer, query = '') => {
    const body = multipart(`${kind}.csv`, bytes);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/verification/extracts?kind=${kind}${query}`,
      headers: { ...verifier.headers, ...body.headers },
      payload: body.payload,
    });
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    await prepareInstance(t.ctx);
    seeded = await seedSynthetic(t.ctx, { preset: 'demo', seed: SEED, ...SIZE });
    const manifest = readManifest();
    extracts = createSyntheticExtracts(
      {
        codifier: parseKatottgTsv(readDatasetText(manifest.katottg)),
        hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
      },
      { preset: 'demo', seed: SEED, schoolYear: 2025, today: TODAY, ...SIZE },
      { unenrolled: UNENROLLED },
    );
    for (const kind of KINDS) items.set(kind, [...extracts.items(kind)]);
    const ministry = seeded.organisations.get('ministry')!;
    const org: Org = {
      id: ministry.id,
      name: ministry.name,
      kind: 'ministry',
      regionId: null,
      ouoId: null,
      edrpou: null,
    };
    const v = await createUser(t.ctx, 'ministry_verifier', org, { totp: true });
    verifierId = v.id;
    verifier = await signIn(t.app, t.ctx, v);
    t.advance(31_000);
    analyst = await signIn(t.app, t.ctx, await createUser(t.ctx, 'ministry_analyst', org, { totp: true }));
    t.advance(31_000);
  }, LONG);
  afterAll(async () => t?.close());

  it(
    'imports each extract as a new version with provenance, and links it',
    async () => {
      // A list linked with the births extract before there is one: refused before anything is stored.
      const early = await uploadExtract('deaths', csv('deaths', items.get('deaths')!), `&asOf=2025-10-01`);
      expect(early.statusCode, early.body).toBe(409);
      expect(early.json<{ code: string }>().code).toBe('REGISTRY_BIRTHS_MISSING');
      expect((await get(verifier, '/api/v1/verification/extracts')).json<{ items: unknown[] }>().items).toEqual([]);
      for (const kind of KINDS) {
        const res = await uploadExtract(kind, csv(kind, items.get(kind)!), `&asOf=2025-10-01`);
        expect(res.statusCode, res.body).toBe(202);
        const { snapshotId } = res.json<{ snapshotId: string; jobId: string }>();
        snapshots.set(kind, snapshotId);
        await t.ctx.jobs.drain();
        const s = await get(verifier, `/api/v1/verification/extracts/${snapshotId}`);
        expect(s.statusCode, s.body).toBe(200);
        const body = s.json<{
          status: string;
          version: number;
          asOf: string;
          counts: { rows: number; imported: number; rejected: number };
          provenance: { sha256: string; encoding: string; delimiter: string; name: string };
          runs: Array<{ target: string; counts: Record<string, number>; model?: { lambda: number } }>;
        }>();
        expect(body).toMatchObject({ status: 'imported', version: 1, asOf: '2025-10-01' });
        expect(body.counts).toEqual({ rows: items.get(kind)!.length, imported: items.get(kind)!.length, rejected: 0 });
        expect(body.provenance).toMatchObject({ name: `${kind}.csv`, encoding: 'utf-8', delimiter: ';' });
        expect(body.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
        const targets = body.runs.map((r) => r.target).sort();
        expect(targets, kind).toEqual(
          kind === 'births' ? ['registry'] : kind === 'sought' ? ['births', 'registry'] : ['births'],
        );
        expect(body.runs.every((r) => (r.model?.lambda ?? 0) > 0)).toBe(true);
      }
      // Identifiers are stored as blind indexes and sealed, never in the clear.
      const births = items.get('births')!.find((i) => i.row.birth_cert_number)!;
      const row = await db()
        .selectFrom('registry_record')
        .select(['identifiers_enc', 'birth_cert_bidx'])
        .where('source_record_id', '=', births.truth.recordId)
        .executeTakeFirstOrThrow();
      expect(row.birth_cert_bidx).toHaveLength(16);
      expect(row.identifiers_enc!.toString('latin1')).not.toContain(births.row.birth_cert_number);
    },
    LONG,
  );

  it(
    'links the births extract with the registry at precision and recall of at least 0.99, above the identifier baseline',
    async () => {
      const access = systemAccess(t.ctx);
      const persons = await registryTruth(access, extracts.dataset);
      const bySource = new Map(items.get('births')!.map((i) => [i.truth.recordId, i.truth.truthId]));
      const births = await snapshotTruth(access, snapshots.get('births')!, bySource);
      const snapshot = await get(verifier, `/api/v1/verification/extracts/${snapshots.get('births')}`);
      const run = snapshot.json<{ runs: Array<{ id: string }> }>().runs[0]!;
      const q = await evaluateRegistryRun(access, run.id, births, persons);
      expect(q.linked.truePairs).toBeGreaterThan(800);
      expect(q.linked.precision).toBeGreaterThanOrEqual(0.99);
      expect(q.linked.recall).toBeGreaterThanOrEqual(0.99);
      // The exact-identifier baseline on the same columns.
      const dictionary = new NameDictionary();
      const left = await loadRecords(access, dictionary, snapshots.get('births')!);
      const right = await loadPersons(access, dictionary);
      const baseline = evaluateLinks(
        linkByIdentifiersOnly(left.records, right.records),
        () => true,
        Int32Array.from(left.recordNos!, (no) => births.get(no) ?? 0),
        Int32Array.from(right.personIds!, (id) => persons.get(id) ?? 0),
      );
      expect(baseline.truePairs).toBe(q.linked.truePairs);
      expect(baseline.recall).toBeLessThan(q.linked.recall);
    },
    LONG,
  );

  it('reads a snapshot and the registry for linkage page by page, every record once and in order', async () => {
    const access = systemAccess(t.ctx);
    const id = snapshots.get('births')!;
    const whole = await loadRecords(access, new NameDictionary(), id);
    // Pages of 97 records: many pages, the last one short, as on the national scale with pages of 20 000.
    const paged = await loadRecords(access, new NameDictionary(), id, undefined, 97);
    expect(whole.records.size).toBe(items.get('births')!.length);
    expect([...paged.recordNos!]).toEqual([...whole.recordNos!]);
    expect([...whole.recordNos!]).toEqual(Array.from({ length: whole.records.size }, (_, k) => k + 1));
    const persons = await loadPersons(access, new NameDictionary());
    const personsPaged = await loadPersons(access, new NameDictionary(), undefined, 97);
    expect(personsPaged.personIds).toEqual(persons.personIds);
    expect(new Set(persons.personIds).size).toBe(persons.records.size);
  });

  it(
    'lets the officer review borderline pairs, decide them, and keeps the decisions for the next linkage',
    async () => {
      const birthsId = snapshots.get('births')!;
      // Thresholds out of order (with the default lower one of 0.2) are refused before any job is queued.
      const unordered = await post(verifier, `/api/v1/verification/extracts/${birthsId}/link`, { upper: 0.1 });
      expect(unordered.statusCode, unordered.body).toBe(400);
      expect(unordered.json<{ errors: Array<{ code: string }> }>().errors.map((e) => e.code)).toEqual([
        'THRESHOLDS_ORDER',
      ]);
      // Stricter thresholds put more pairs in review.
      const relink = await post(verifier, `/api/v1/verification/extracts/${birthsId}/link`, {
        upper: 0.999999,
        lower: 0.001,
      });
      expect(relink.statusCode, relink.body).toBe(202);
      await t.ctx.jobs.drain();
      const queue = await get(verifier, `/api/v1/verification/pairs?kind=births&limit=5`);
      expect(queue.statusCode, queue.body).toBe(200);
      const pairs = queue.json<{
        items: Array<{
          linkId: number;
          probability: number;
          comparisons: Array<{ field: string; level: string | null; weight: number }>;
          left: { recordId: string; lastName: string; side: string };
          right: { personId: string; lastName: string; side: string; school: { name: string } | null };
        }>;
      }>().items;
      expect(pairs.length).toBeGreaterThanOrEqual(2);
      for (const p of pairs) {
        expect(p.left.side).toBe('extract');
        expect(p.right.side).toBe('registry');
        expect(p.probability).toBeGreaterThanOrEqual(0.001);
        expect(p.probability).toBeLessThan(0.999999);
        expect(p.comparisons.map((c) => c.field)).toContain('birthDate');
      }
      const [first, second] = pairs as [(typeof pairs)[0], (typeof pairs)[0]];
      const accept = await post(verifier, `/api/v1/verification/pairs/${first.linkId}/decision`, {
        decision: 'match',
        note: 'Та сама дитина: збіг свідоцтва в паперовій справі',
      });
      expect(accept.statusCode, accept.body).toBe(200);
      expect(accept.json()).toMatchObject({ status: 'linked', decision: 'match' });
      const reject = await post(verifier, `/api/v1/verification/pairs/${second.linkId}/decision`, {
        decision: 'non_match',
      });
      expect(reject.json()).toMatchObject({ status: 'rejected' });
      // Reversible: the rejection is withdrawn, and the history keeps both entries.
      const withdraw = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/verification/pairs/${second.linkId}/decision`,
        headers: verifier.headers,
      });
      expect(withdraw.statusCode, withdraw.body).toBe(200);
      const detail = await get(verifier, `/api/v1/verification/pairs/${second.linkId}`);
      expect(detail.json<{ decisions: Array<{ decision: string }> }>().decisions.map((d) => d.decision)).toEqual([
        'non_match',
        'withdrawn',
      ]);
      const again = await post(verifier, `/api/v1/verification/pairs/${second.linkId}/decision`, {
        decision: 'non_match',
        note: 'Різні діти',
      });
      expect(again.statusCode).toBe(200);

      // The next linkage (default thresholds) applies the standing decisions.
      await post(verifier, `/api/v1/verification/extracts/${birthsId}/link`, {});
      await t.ctx.jobs.drain();
      const linked = await get(verifier, `/api/v1/verification/pairs?status=linked&kind=births&limit=200`);
      const decided = linked.json<{
        items: Array<{ method: string; right: { personId: string }; left: { recordId: string } }>;
      }>().items;
      expect(
        decided.some(
          (p) =>
            p.method === 'decision' &&
            p.right.personId === first.right.personId &&
            p.left.recordId === first.left.recordId,
        ),
      ).toBe(true);
      const secondRecord = await db()
        .selectFrom('registry_record')
        .select('record_no')
        .where('snapshot_id', '=', birthsId)
        .where('source_record_id', '=', second.left.recordId)
        .executeTakeFirstOrThrow();
      const current = await db()
        .selectFrom('registry_link as l')
        .innerJoin('registry_link_run as r', 'r.id', 'l.run_id')
        .select(['l.record_no', 'l.status'])
        .where('r.status', '=', 'done')
        .where('r.snapshot_id', '=', birthsId)
        .where('l.person_id', '=', second.right.personId)
        .execute();
      // The rejected pair is not offered again: the pupil finds another record or none.
      expect(current.filter((l) => l.record_no === secondRecord.record_no)).toEqual([]);
    },
    LONG,
  );

  it(
    'keeps extracts and pairs from everyone but the verification officer',
    async () => {
      for (const url of ['/api/v1/verification/extracts', '/api/v1/verification/pairs']) {
        const res = await get(analyst, url);
        expect(res.statusCode, url).toBe(403);
      }
      // And the database refuses on its own: a national scope without the verification role reads no extract.
      const admin = await t.ctx.db.kysely
        .selectFrom('app_user')
        .select('id')
        .where('role', '=', 'ministry_analyst')
        .executeTakeFirstOrThrow();
      const seen = await scopedAccess(t.ctx, { national: true, actor: admin.id })((trx) =>
        trx.selectFrom('registry_record').select('record_no').limit(5).execute(),
      );
      expect(seen).toHaveLength(0);
      const asVerifier = await scopedAccess(t.ctx, { national: true, actor: verifierId })((trx) =>
        trx.selectFrom('registry_record').select('record_no').limit(5).execute(),
      );
      expect(asVerifier).toHaveLength(5);
    },
    LONG,
  );

  let detectionId = '';

  it(
    'detects the potentially missing children the generator made, and not the accounted-for ones',
    async () => {
      // One pupil left a school weeks ago and is enrolled nowhere: in transit.
      const leaver = await t.ctx.db.kysely
        .selectFrom('enrolment')
        .select(['id', 'person_id'])
        .where('exit_date', 'is', null)
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      await t.ctx.db.kysely
        .updateTable('enrolment')
        .set({ exit_date: '2025-09-19', exit_reason: 'transfer' })
        .where('id', '=', leaver.id)
        .execute();
      const res = await post(verifier, '/api/v1/verification/detections', { lostContactDays: 30 });
      expect(res.statusCode, res.body).toBe(202);
      detectionId = res.json<{ detectionId: string }>().detectionId;
      await t.ctx.jobs.drain();
      const d = await get(verifier, `/api/v1/verification/detections/${detectionId}`);
      const stats = d.json<{ stats: { opened: number; candidates: Record<string, number>; withoutOuo: number } }>()
        .stats;
      expect(stats.opened).toBeGreaterThan(0);
      expect(stats.candidates.in_transit).toBeGreaterThanOrEqual(1);
      expect(stats.candidates.lost_contact).toBeGreaterThan(0);
      expect(stats.candidates.sought_match).toBeGreaterThan(0);
      // Every child lives in a hromada the demo has an ОУО for: every case has one to go to.
      expect(stats.withoutOuo).toBe(0);

      // Against the truth: children of school age no school knows, and not dead or abroad, are found; the dead and the
      // departed are not.
      const fateOf = new Map(items.get('births')!.map((i) => [i.truth.recordId, i.truth.fate]));
      const cases: Array<{ id: string; reasons: Array<{ code: string }> }> = [];
      let cursor: string | null = null;
      do {
        const page = await get(verifier, `/api/v1/verification/cases?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.statusCode, page.body).toBe(200);
        const body = page.json<{
          items: Array<{ id: string; reasons: Array<{ code: string }> }>;
          nextCursor: string | null;
        }>();
        cases.push(...body.items);
        cursor = body.nextCursor;
      } while (cursor);
      const subjects = await db().selectFrom('verification_case').select(['subject_key', 'reasons']).execute();
      const births = subjects
        .filter((s) => s.subject_key.startsWith('births:') && s.reasons.includes('not_enrolled'))
        .map((s) => s.subject_key.slice('births:'.length));
      const found = births.map((id) => fateOf.get(id));
      const missing = ['unaccounted', 'idp', 'returned', 'deported', 'missing'];
      // The deceased and the departed are accounted for through their linked records: at most a stray one is listed
      // (a border crossing whose pair waits in review).
      const accounted = items
        .get('births')!
        .filter((i) => i.truth.fate === 'deceased' || i.truth.fate === 'abroad').length;
      expect(accounted).toBeGreaterThan(40);
      expect(found.filter((f) => f === 'deceased' || f === 'abroad').length / accounted).toBeLessThanOrEqual(0.02);
      const expected = items.get('births')!.filter((i) => missing.includes(i.truth.fate)).length;
      const hits = found.filter((f) => f !== undefined && missing.includes(f)).length;
      expect(hits / expected).toBeGreaterThanOrEqual(0.95);
      // The others listed are mostly pupils whose births record found no pupil (or a pair a reviewer rejected above):
      // the ОУО finds them enrolled, which is what the cases are for.
      expect(hits / births.length).toBeGreaterThanOrEqual(0.9);
      expect(cases.length).toBe(subjects.length);
      const leaverCase = subjects.find((x) => x.subject_key === `person:${leaver.person_id}`);
      expect(leaverCase?.reasons).toContain('in_transit');
    },
    LONG,
  );

  it(
    'hands the cases to the ОУО, where a case worker sees only theirs and closes one as found enrolled',
    async () => {
      const handover = await post(verifier, '/api/v1/verification/cases/handover', { detectionId });
      expect(handover.statusCode, handover.body).toBe(200);
      expect(handover.json<{ handedOver: number }>().handedOver).toBeGreaterThan(0);
      const theCase = (await db()
        .selectFrom('verification_case')
        .select(['id', 'assigned_ouo_id'])
        .where('assigned_ouo_id', 'is not', null)
        .where('subject_key', 'like', 'births:%')
        .orderBy('number')
        .limit(1)
        .executeTakeFirstOrThrow()) as { id: string; assigned_ouo_id: string };
      const ouo = [...seeded.organisations.values()].find((o) => o.id === theCase.assigned_ouo_id)!;
      const ouoOrg: Org = {
        id: ouo.id,
        name: ouo.name,
        kind: 'ouo',
        regionId: ouo.regionId,
        ouoId: null,
        edrpou: null,
      };
      const worker = await signIn(t.app, t.ctx, await createUser(t.ctx, 'ouo_specialist', ouoOrg, { totp: true }));
      t.advance(31_000);
      const other = [...seeded.organisations.values()].find((o) => o.kind === 'ouo' && o.id !== ouo.id)!;
      const stranger = await signIn(
        t.app,
        t.ctx,
        await createUser(
          t.ctx,
          'ouo_admin',
          { id: other.id, name: other.name, kind: 'ouo', regionId: other.regionId, ouoId: null, edrpou: null },
          { totp: true },
        ),
      );
      t.advance(31_000);

      const list = await get(worker, '/api/v1/verification/cases?limit=200');
      expect(list.statusCode, list.body).toBe(200);
      const mine = list.json<{ items: Array<{ id: string; ouo: { id: string } }> }>().items;
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((c) => c.ouo.id === ouo.id)).toBe(true);
      expect((await get(stranger, `/api/v1/verification/cases/${theCase.id}`)).statusCode).toBe(404);
      expect((await get(analyst, `/api/v1/verification/cases/${theCase.id}`)).statusCode).toBe(403);

      const card = await get(worker, `/api/v1/verification/cases/${theCase.id}`);
      expect(card.statusCode, card.body).toBe(200);
      const c = card.json<{
        version: number;
        status: { code: string };
        reasons: Array<{ code: string; label: string }>;
        evidence: Array<{ code: string }>;
        identifiers: { birthCertificate: { series: string } | null };
        allowedStatuses: Array<{ code: string }>;
      }>();
      expect(c.status.code).toBe('new');
      expect(c.reasons.map((r) => r.code)).toContain('not_enrolled');
      expect(c.evidence.map((e) => e.code)).toContain('births_record');
      expect(c.allowedStatuses.map((s) => s.code)).toEqual([
        'in_work',
        'found_enrolled',
        'abroad',
        'deceased',
        'not_found',
      ]);

      const work = await post(worker, `/api/v1/verification/cases/${theCase.id}/status`, {
        status: 'in_work',
        version: c.version,
      });
      expect(work.statusCode, work.body).toBe(200);
      const noNote = await post(worker, `/api/v1/verification/cases/${theCase.id}/status`, {
        status: 'found_enrolled',
        version: c.version + 1,
      });
      expect(noNote.statusCode).toBe(422);
      expect(noNote.json<{ code: string }>().code).toBe('CASE_NOTE_REQUIRED');
      const stale = await post(worker, `/api/v1/verification/cases/${theCase.id}/status`, {
        status: 'found_enrolled',
        version: c.version,
        note: 'Навчається',
      });
      expect(stale.statusCode).toBe(412);
      const found = await post(worker, `/api/v1/verification/cases/${theCase.id}/status`, {
        status: 'found_enrolled',
        version: c.version + 1,
        note: 'Навчається в ліцеї сусідньої громади, родина переїхала влітку',
      });
      expect(found.statusCode, found.body).toBe(200);
      const closed = await get(worker, `/api/v1/verification/cases/${theCase.id}`);
      const h = closed.json<{
        status: { code: string };
        closedAt: string | null;
        allowedStatuses: unknown[];
        history: Array<{ kind: string; toStatus: string | null }>;
      }>();
      expect(h.status.code).toBe('found_enrolled');
      expect(h.closedAt).not.toBeNull();
      expect(h.allowedStatuses).toEqual([]);
      expect(h.history.map((e) => `${e.kind}:${e.toStatus ?? ''}`)).toEqual([
        'opened:new',
        'handed_over:',
        'status:in_work',
        'status:found_enrolled',
      ]);
      // A closed case is not reopened by the next detection.
      await post(verifier, '/api/v1/verification/detections', {});
      await t.ctx.jobs.drain();
      const after = await get(verifier, `/api/v1/verification/cases/${theCase.id}`);
      expect(after.json<{ status: { code: string } }>().status.code).toBe('found_enrolled');

      // Every read of a case was audited.
      const audited = await (
        await auditDb(t.ctx)
      )
        .selectFrom('audit_log')
        .select(['action'])
        .where('object_id', '=', theCase.id)
        .execute();
      expect(audited.map((a) => a.action).filter((a) => a === 'verification.case.read').length).toBeGreaterThanOrEqual(
        3,
      );

      // Dashboards: the officer sees every region, the case worker their own cases only.
      const national = (await get(verifier, '/api/v1/verification/dashboard')).json<{
        total: number;
        byStatus: Record<string, number>;
        chart: { categories: string[]; series: Array<{ status: string; data: number[] }> };
      }>();
      expect(national.total).toBe(Object.values(national.byStatus).reduce((a, b) => a + b, 0));
      expect(national.byStatus.found_enrolled).toBe(1);
      const sum = national.chart.series.reduce((a, s) => a + s.data.reduce((x, y) => x + y, 0), 0);
      expect(sum).toBe(national.total);
      const local = (await get(worker, '/api/v1/verification/dashboard')).json<{ total: number }>();
      expect(local.total).toBe(mine.length);
      expect(local.total).toBeLessThan(national.total);
    },
    LONG,
  );

  it('an extract whose import job is given up after its last attempt is failed with the reason, and not the latest', async () => {
    const latest = (await get(verifier, '/api/v1/verification/extracts?kind=deaths')).json<{
      items: Array<{ id: string; status: string }>;
    }>().items;
    const res = await uploadExtract('deaths', csv('deaths', items.get('deaths')!), `&asOf=2025-10-02`);
    expect(res.statusCode, res.body).toBe(202);
    const { snapshotId, jobId } = res.json<{ snapshotId: string; jobId: string }>();
    await jobDiedForGood(t.ctx, jobId);
    expect(await t.ctx.jobs.recover()).toBe(1);
    const s = (await get(verifier, `/api/v1/verification/extracts/${snapshotId}`)).json<{
      status: string;
      error: { code: string } | null;
      counts: { imported: number };
    }>();
    expect([s.status, s.error?.code, s.counts.imported]).toEqual(['failed', 'JOB_ABANDONED', 0]);
    const stored = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM registry_record WHERE snapshot_id = ${snapshotId}::uuid`.execute(t.ctx.db.kysely);
    expect(stored.rows[0]!.n).toBe(0);
    const after = (await get(verifier, '/api/v1/verification/extracts?kind=deaths')).json<{
      items: Array<{ id: string; status: string }>;
    }>().items;
    expect(after.filter((x) => x.status === 'imported')).toEqual(latest.filter((x) => x.status === 'imported'));
  });
});
