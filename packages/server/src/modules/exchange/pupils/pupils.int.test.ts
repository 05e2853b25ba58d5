import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../../test/engines';
import { createCascade, createUser, pupilRecord, signIn, type Cascade, type Session } from '../../../../test/factories';
import { createTestApp, type TestApp, auditDb } from '../../../../test/harness';
import { bearer, linkSchools, platformToken, registerTestPlatform, type TestPlatform } from '../testing';

interface Saved {
  pupilId: string;
  status: string;
  version: number;
  linked: boolean;
  warnings: Array<{ code: string }>;
}

describe.each(enginesUnderTest())('the platform pupil API on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let a: TestPlatform;
  let b: TestPlatform;
  let tokenA: string;
  let tokenB: string;
  let director: Session;
  let ouoAdmin: Session;
  let editor: Session;
  let otherOuoAdmin: Session;
  let cert = 200000;
  const nextCert = () => ({ series: 'І-БК', number: String(++cert) });

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    a = await registerTestPlatform(t.ctx, 'Платформа А');
    b = await registerTestPlatform(t.ctx, 'Платформа Б');
    director = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_admin', c.schools[0], { totp: true }));
    t.advance(31_000);
    ouoAdmin = await signIn(t.app, t.ctx, await createUser(t.ctx, 'ouo_admin', c.ouos[0], { totp: true }));
    t.advance(31_000);
    editor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[0], { totp: true }));
    t.advance(31_000);
    otherOuoAdmin = await signIn(t.app, t.ctx, await createUser(t.ctx, 'ouo_admin', c.ouos[2], { totp: true }));
    await linkSchools(t.ctx, b.id, [c.schools[4].edrpou!]);
  });
  afterAll(async () => t?.close());

  const put = (token: string, edrpou: string, ext: string, body: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/schools/${edrpou}/pupils/${ext}`,
      headers: { ...bearer(token), ...headers },
      payload: body as Record<string, unknown>,
    });
  const batch = (token: string, edrpou: string, records: unknown[], key?: string, query = '') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${edrpou}/pupils:batch${query}`,
      headers: { ...bearer(token), ...(key ? { 'idempotency-key': key } : {}) },
      payload: { records },
    });

  it('a school chooses a platform: the director asks, the ОУО approves, the portal shows it as managed', async () => {
    const school = c.schools[0];
    const before = await t.app.inject({ url: `/api/v1/schools/${school.id}/platform`, headers: editor.headers });
    expect(before.json()).toMatchObject({ managedBy: 'portal', platform: null, ownedFields: [] });
    // Only the director of the school may ask; an editor may not.
    const byEditor = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${school.id}/platform-requests`,
      headers: editor.headers,
      payload: { platformId: a.id },
    });
    expect(byEditor.statusCode).toBe(403);
    const req = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${school.id}/platform-requests`,
      headers: director.headers,
      payload: { platformId: a.id, note: 'Користуємося цим журналом з 2023 року' },
    });
    expect(req.statusCode, req.body).toBe(201);
    const link = req.json<{ id: string; status: string }>();
    expect(link.status).toBe('requested');
    // Until approved, the platform does not serve the school.
    tokenA = await platformToken(t.app, a);
    expect((await t.app.inject({ url: '/api/v1/schools', headers: bearer(tokenA) })).json()).toEqual({ items: [] });
    const queue = await t.app.inject({ url: '/api/v1/platform-links?status=requested', headers: ouoAdmin.headers });
    expect(queue.json<{ items: Array<{ id: string }> }>().items.map((l) => l.id)).toEqual([link.id]);
    // An ОУО of another region neither sees nor decides it.
    expect(
      (await t.app.inject({ url: '/api/v1/platform-links?status=requested', headers: otherOuoAdmin.headers })).json(),
    ).toMatchObject({ items: [] });
    const foreign = await t.app.inject({
      method: 'POST',
      url: `/api/v1/platform-links/${link.id}/approve`,
      headers: otherOuoAdmin.headers,
      payload: {},
    });
    expect([403, 404]).toContain(foreign.statusCode);
    const self = await t.app.inject({
      method: 'POST',
      url: `/api/v1/platform-links/${link.id}/approve`,
      headers: director.headers,
      payload: {},
    });
    expect(self.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/platform-links/${link.id}/approve`,
      headers: ouoAdmin.headers,
      payload: { note: 'Погоджено' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'active' });
    const after = await t.app.inject({ url: `/api/v1/schools/${school.id}/platform`, headers: editor.headers });
    expect(after.json()).toMatchObject({
      managedBy: 'platform',
      platform: { id: a.id, name: 'Платформа А' },
      portalMayExit: true,
    });
    expect(after.json<{ ownedFields: string[] }>().ownedFields).toEqual(
      expect.arrayContaining(['lastName', 'enrollment']),
    );
    await linkSchools(t.ctx, a.id, [c.schools[1].edrpou!]);
    tokenA = await platformToken(t.app, a);
    tokenB = await platformToken(t.app, b);
    const schools = (await t.app.inject({ url: '/api/v1/schools', headers: bearer(tokenA) })).json<{
      items: Array<{ edrpou: string; ouo: { name: string }; region: { name: string } }>;
    }>();
    expect(schools.items.map((s) => s.edrpou).sort()).toEqual([c.schools[0].edrpou, c.schools[1].edrpou].sort());
    expect(schools.items[0]!.ouo.name).toBe(c.ouos[0].name);
    expect(schools.items[0]!.region.name).toBe(c.regions[0].name);
  });

  it('creates, reads, leaves unchanged and updates a pupil by the platform’s id, with ETags', async () => {
    const edrpou = c.schools[0].edrpou!;
    const record = pupilRecord(c.schools[0], { lastName: 'Коваленко', birthCertificate: nextCert() });
    const created = await put(tokenA, edrpou, 'ej-1', record);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const saved = created.json<Saved>();
    expect(saved).toMatchObject({ status: 'created', version: 1, linked: false });
    const got = await t.app.inject({ url: `/api/v1/schools/${edrpou}/pupils/ej-1`, headers: bearer(tokenA) });
    expect(got.statusCode).toBe(200);
    expect(got.headers.etag).toBe('"1"');
    expect(got.json()).toMatchObject({
      pupilId: saved.pupilId,
      externalId: 'ej-1',
      enrolled: true,
      source: `platform:${a.clientId}`,
      record: { lastName: 'Коваленко', externalId: 'ej-1', enrollment: { grade: 5, classLetter: 'А' } },
    });
    const same = await put(tokenA, edrpou, 'ej-1', { ...record, externalId: 'ej-1' });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ status: 'unchanged', version: 1 });
    const moved = await put(
      tokenA,
      edrpou,
      'ej-1',
      {
        ...record,
        contact: { status: 'lost', lostSince: '2025-10-01', note: 'Не відповідає з жовтня' },
        enrollment: { ...(record.enrollment as object), classLetter: 'Б' },
      },
      { 'if-match': '"1"' },
    );
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'updated', version: 2 });
    const stale = await put(tokenA, edrpou, 'ej-1', record, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'PRECONDITION_FAILED', currentVersion: 2 });
    const createOnly = await put(tokenA, edrpou, 'ej-1', record, { 'if-none-match': '*' });
    expect(createOnly.statusCode).toBe(412);
    // History, not overwrite: the class change closed one spell and opened another; the contact is a new row.
    const spells = await t.ctx.db.kysely
      .selectFrom('enrolment')
      .select(['class_letter', 'exit_reason', 'entry_basis'])
      .where('person_id', '=', saved.pupilId)
      .orderBy('created_at')
      .execute();
    expect(spells).toEqual([
      { class_letter: 'А', exit_reason: 'class_change', entry_basis: 'enrolment' },
      { class_letter: 'Б', exit_reason: null, entry_basis: 'class_change' },
    ]);
    const contacts = await t.ctx.db.kysely
      .selectFrom('contact_record')
      .select(['status', 'note', 'source'])
      .where('person_id', '=', saved.pupilId)
      .orderBy('recorded_at')
      .execute();
    expect(contacts.map((x) => x.status)).toEqual(['in_contact', 'lost']);
    expect(contacts[1]!.source).toBe(`platform:${a.clientId}`);
    // After the class change the same record is unchanged again (the class spell starts on the day of the change).
    const again = await put(tokenA, edrpou, 'ej-1', {
      ...record,
      contact: { status: 'lost', lostSince: '2025-10-01', note: 'Не відповідає з жовтня' },
      enrollment: { ...(record.enrollment as object), classLetter: 'Б' },
    });
    expect(again.json()).toMatchObject({ status: 'unchanged', version: 2 });
    const events = await t.ctx.db.kysely
      .selectFrom('pupil_event')
      .select(['kind', 'actor_platform_id', 'source'])
      .where('person_id', '=', saved.pupilId)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['created', 'updated']);
    expect(events.every((e) => e.actor_platform_id === a.id)).toBe(true);
    const audit = await (
      await auditDb(t.ctx)
    )
      .selectFrom('audit_log')
      .select(['action', 'actor_platform_id', 'client'])
      .where('object_id', '=', saved.pupilId)
      .orderBy('id')
      .execute();
    expect(audit.map((x) => x.action)).toEqual([
      'pupil.create',
      'pupil.read',
      'pupil.upsert',
      'pupil.upsert',
      'pupil.upsert',
    ]);
    expect(audit.every((x) => x.actor_platform_id === a.id && x.client === `platform:${a.clientId}`)).toBe(true);
  });

  it('refuses a record with errors, a mismatched school or id, listing what is wrong', async () => {
    const edrpou = c.schools[0].edrpou!;
    const bad = await put(
      tokenA,
      edrpou,
      'ej-bad',
      pupilRecord(c.schools[0], { lastName: 'Шевч3нко', birthCertificate: { series: 'БК', number: '1' } }),
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: Array<{ path: string }> }>().errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['/lastName', '/birthCertificate/series']),
    );
    const mismatch = await put(tokenA, edrpou, 'ej-x', pupilRecord(c.schools[1], { birthCertificate: nextCert() }));
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json()).toMatchObject({ rejection: 'ENROLLMENT_SCHOOL_MISMATCH' });
    const ids = await put(tokenA, edrpou, 'ej-y', {
      ...pupilRecord(c.schools[0], { birthCertificate: nextCert() }),
      externalId: 'ej-z',
    });
    expect(ids.json()).toMatchObject({ rejection: 'EXTERNAL_ID_MISMATCH' });
  });

  it('links a platform’s record to the child the registry already holds; another platform is told who holds it', async () => {
    // The school had entered the child in the portal before it chose its platform (schools[1] is served by A now,
    // so the record is made directly, as the legacy data were).
    const record = pupilRecord(c.schools[1], {
      lastName: 'Мельник',
      firstName: 'Олена',
      sex: 'female',
      birthCertificate: nextCert(),
    });
    const editor1 = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[2], { totp: true }));
    const inPortal = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pupils',
      headers: editor1.headers,
      payload: pupilRecord(c.schools[2], {
        lastName: 'Мельник',
        firstName: 'Олена',
        sex: 'female',
        birthCertificate: record.birthCertificate,
      }),
    });
    expect(inPortal.statusCode, inPortal.body).toBe(201);
    // schools[2] is not served by A: A is told the child is held elsewhere, nothing is created.
    const refused = await put(tokenA, c.schools[1].edrpou!, 'ej-2', record);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'DUPLICATE_PERSON',
      rejection: 'DUPLICATE_PERSON',
      holder: { edrpou: c.schools[2].edrpou, enrolled: true },
    });
    // When that school joins A too, A's record is linked to the same child.
    await linkSchools(t.ctx, a.id, [c.schools[2].edrpou!]);
    tokenA = await platformToken(t.app, a);
    const linked = await put(tokenA, c.schools[2].edrpou!, 'ej-2', {
      ...record,
      enrollment: { ...(record.enrollment as object), schoolEdrpou: c.schools[2].edrpou },
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ pupilId: inPortal.json<{ id: string }>().id, linked: true });
    const persons = await t.ctx.db.kysely
      .selectFrom('person')
      .select('id')
      .where('last_name', '=', 'Мельник')
      .execute();
    expect(persons).toHaveLength(1);
  });

  it('the portal may not edit a platform’s school’s records, but may record an exit', async () => {
    const edrpou = c.schools[0].edrpou!;
    const created = await put(
      tokenA,
      edrpou,
      'ej-3',
      pupilRecord(c.schools[0], { lastName: 'Бондар', birthCertificate: nextCert() }),
    );
    const id = created.json<Saved>().pupilId;
    const edit = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/pupils/${id}`,
      headers: { ...editor.headers, 'if-match': '"1"' },
      payload: pupilRecord(c.schools[0], { lastName: 'Бондаренко' }),
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'PLATFORM_MANAGED', platform: { name: 'Платформа А' } });
    expect(edit.json<{ detail: string }>().detail).toContain('«Платформа А»');
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pupils',
      headers: editor.headers,
      payload: pupilRecord(c.schools[0], { lastName: 'Новенький', birthCertificate: nextCert() }),
    });
    expect(create.json()).toMatchObject({ code: 'PLATFORM_MANAGED' });
    const exit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/pupils/${id}/exit`,
      headers: editor.headers,
      payload: { date: '2025-10-14', reason: 'abroad', destinationCountry: 'PL' },
    });
    expect(exit.statusCode, exit.body).toBe(204);
    const got = await t.app.inject({ url: `/api/v1/schools/${edrpou}/pupils/ej-3`, headers: bearer(tokenA) });
    expect(got.json()).toMatchObject({ enrolled: false, record: { lastName: 'Бондар' } });
    // The platform enrols the child again (the family came back): a new spell after the closed one.
    const back = await put(
      tokenA,
      edrpou,
      'ej-3',
      pupilRecord(c.schools[0], { lastName: 'Бондар', birthCertificate: { series: 'І-БК', number: String(cert) } }),
    );
    expect(back.json()).toMatchObject({ status: 'updated', version: 3 });
    const spells = await t.ctx.db.kysely
      .selectFrom('enrolment')
      .select(['entry_basis', 'exit_reason'])
      .where('person_id', '=', id)
      .orderBy('created_at')
      .execute();
    expect(spells).toEqual([
      { entry_basis: 'enrolment', exit_reason: 'abroad' },
      { entry_basis: 'return', exit_reason: null },
    ]);
  });

  it('records exits and moves within the platform’s schools by the rules of the registry', async () => {
    const created = await put(
      tokenA,
      c.schools[0].edrpou!,
      'ej-4',
      pupilRecord(c.schools[0], { lastName: 'Ткаченко', birthCertificate: nextCert() }),
    );
    const id = created.json<Saved>().pupilId;
    const record = pupilRecord(c.schools[1], {
      lastName: 'Ткаченко',
      birthCertificate: { series: 'І-БК', number: String(cert) },
    });
    // Still enrolled at schools[0]: the other school may not take the child yet.
    const early = await put(tokenA, c.schools[1].edrpou!, 'ej-4', record);
    expect(early.json()).toMatchObject({ rejection: 'PUPIL_ENROLLED_ELSEWHERE' });
    const future = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${c.schools[0].edrpou}/pupils/ej-4/exit`,
      headers: bearer(tokenA),
      payload: { date: '2025-12-01', reason: 'transfer', destinationEdrpou: c.schools[1].edrpou },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json<{ errors: Array<{ code: string }> }>().errors[0]!.code).toBe('EXIT_IN_FUTURE');
    const exit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${c.schools[0].edrpou}/pupils/ej-4/exit`,
      headers: bearer(tokenA),
      payload: { date: '2025-10-15', reason: 'transfer', destinationEdrpou: c.schools[1].edrpou },
    });
    expect(exit.statusCode, exit.body).toBe(204);
    const arrived = await put(tokenA, c.schools[1].edrpou!, 'ej-4', record);
    expect(arrived.json()).toMatchObject({ status: 'updated', pupilId: id });
    const spells = await t.ctx.db.kysely
      .selectFrom('enrolment')
      .select(['school_id', 'entry_basis', 'exit_reason', 'previous_enrolment_id'])
      .where('person_id', '=', id)
      .orderBy('created_at')
      .execute();
    expect(spells.map((s) => [s.school_id, s.entry_basis, s.exit_reason])).toEqual([
      [c.schools[0].id, 'enrolment', 'transfer'],
      [c.schools[1].id, 'transfer', null],
    ]);
    const exitEvent = await t.ctx.db.kysely
      .selectFrom('pupil_event')
      .select(['source', 'actor_platform_id'])
      .where('person_id', '=', id)
      .where('kind', '=', 'exited')
      .executeTakeFirstOrThrow();
    expect(exitEvent).toEqual({ source: `platform:${a.clientId}`, actor_platform_id: a.id });
  });

  it('batches: per-record results, Idempotency-Key replay, refusal of a reused key', async () => {
    const edrpou = c.schools[0].edrpou!;
    const ok1 = {
      ...pupilRecord(c.schools[0], { lastName: 'Гончаренко', birthCertificate: nextCert() }),
      externalId: 'b-1',
    };
    const invalid = {
      ...pupilRecord(c.schools[0], { birthDate: '2030-01-01', birthCertificate: nextCert() }),
      externalId: 'b-2',
    };
    const twin = { ...ok1, externalId: 'b-3' };
    const noId = pupilRecord(c.schools[0], { lastName: 'Безід', birthCertificate: nextCert() });
    const records = [ok1, invalid, twin, noId];
    expect((await batch(tokenA, edrpou, records)).json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
    const first = await batch(tokenA, edrpou, records, 'key-1');
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json<{
      summary: Record<string, number>;
      results: Array<{ status: string; code?: string; index: number }>;
    }>();
    expect(body.summary).toEqual({ records: 4, created: 1, updated: 0, unchanged: 0, rejected: 3 });
    expect(body.results.map((r) => [r.index, r.status, r.code ?? null])).toEqual([
      [0, 'created', null],
      [1, 'rejected', 'PUPIL_INVALID'],
      [2, 'rejected', 'DUPLICATE_IN_BATCH'],
      [3, 'rejected', 'EXTERNAL_ID_REQUIRED'],
    ]);
    const replay = await batch(tokenA, edrpou, records, 'key-1');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    const reused = await batch(tokenA, edrpou, [ok1], 'key-1');
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const second = await batch(tokenA, edrpou, [ok1], 'key-2');
    expect(second.json()).toMatchObject({ summary: { unchanged: 1 } });
    // One audit entry per batch, naming the pupils it created.
    const entries = await (
      await auditDb(t.ctx)
    )
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'pupil.batch')
      .orderBy('id')
      .execute();
    expect((entries[0]!.details as { createdIds: string[] }).createdIds).toHaveLength(1);
  });

  it('a large batch runs as a job with progress and results', async () => {
    const edrpou = c.schools[1].edrpou!;
    const records = Array.from({ length: 5 }, (_, i) => ({
      ...pupilRecord(c.schools[1], {
        lastName: 'Пакетенко',
        firstName: ['Іван', 'Марія', 'Петро', 'Олег', 'Зоя'][i],
        birthCertificate: nextCert(),
      }),
      externalId: `job-${i}`,
    }));
    records[4] = { ...records[4]!, birthDate: '2031-01-01' } as never;
    const res = await batch(tokenA, edrpou, records, 'job-key', '?async=true');
    expect(res.statusCode, res.body).toBe(202);
    const accepted = res.json<{ job: { id: string; status: string }; statusUrl: string }>();
    expect(['queued', 'running', 'succeeded']).toContain(accepted.job.status);
    await t.ctx.jobs.drain();
    // The runner may have taken the job as it was queued: wait for it to end.
    let job = await t.app.inject({ url: accepted.statusUrl, headers: bearer(tokenA) });
    for (let i = 0; i < 200 && ['queued', 'running'].includes(job.json<{ status: string }>().status); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = await t.app.inject({ url: accepted.statusUrl, headers: bearer(tokenA) });
    }
    expect(job.statusCode).toBe(200);
    expect(job.json()).toMatchObject({
      status: 'succeeded',
      result: {
        summary: { records: 5, created: 4, rejected: 1 },
        rejected: [{ externalId: 'job-4', code: 'PUPIL_INVALID' }],
      },
    });
    // The sealed records are gone once the job ended.
    const left = await sql<{ payload: Buffer | null }>`SELECT payload FROM exchange_batch`.execute(t.ctx.db.kysely);
    expect(left.rows.every((r) => r.payload === null)).toBe(true);
    // Another platform cannot see the job.
    expect((await t.app.inject({ url: accepted.statusUrl, headers: bearer(tokenB) })).statusCode).toBe(404);
    const replay = await batch(tokenA, edrpou, records, 'job-key', '?async=true');
    expect(replay.json()).toMatchObject({ job: { id: accepted.job.id } });
  });

  it('platform B never sees a school or pupil of platform A', async () => {
    const own = (await t.app.inject({ url: '/api/v1/schools', headers: bearer(tokenB) })).json<{
      items: Array<{ edrpou: string }>;
    }>();
    expect(own.items.map((s) => s.edrpou)).toEqual([c.schools[4].edrpou]);
    const edrpouA = c.schools[0].edrpou!;
    for (const req of [
      { url: `/api/v1/schools/${edrpouA}/pupils/ej-1` },
      { url: `/api/v1/schools/${edrpouA}/records` },
      { method: 'PUT' as const, url: `/api/v1/schools/${edrpouA}/pupils/ej-1`, payload: pupilRecord(c.schools[0]) },
      {
        method: 'POST' as const,
        url: `/api/v1/schools/${edrpouA}/pupils/ej-1/exit`,
        payload: { date: '2025-10-01', reason: 'other' },
      },
    ]) {
      const res = await t.app.inject({ ...req, headers: bearer(tokenB) });
      expect(res.statusCode, req.url).toBe(404);
      expect(res.body).not.toContain('Коваленко');
    }
    const batchRes = await batch(tokenB, edrpouA, [{ ...pupilRecord(c.schools[0]), externalId: 'x' }], 'b-key');
    expect(batchRes.statusCode).toBe(404);
    // B's own mapping namespace is separate: B may use the same external id for its own pupil.
    const mine = await put(
      tokenB,
      c.schools[4].edrpou!,
      'ej-1',
      pupilRecord(c.schools[4], { lastName: 'Лисенко', birthCertificate: nextCert() }),
    );
    expect(mine.statusCode, mine.body).toBe(201);
    // The database refuses on its own: B's scope sees none of A's mappings or pupils.
    const seen = await t.ctx.db.scoped({ schools: [c.schools[4].id], actor: b.id }, async (trx) => ({
      mappings: (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM platform_pupil WHERE platform_id = ${a.id}::uuid`.execute(trx)
      ).rows[0]!.n,
      pupils: (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM person WHERE school_id = ${c.schools[0].id}::uuid`.execute(trx)
      ).rows[0]!.n,
      links: (
        await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM platform_school WHERE platform_id = ${a.id}::uuid`.execute(trx)
      ).rows[0]!.n,
    }));
    expect(seen).toEqual({ mappings: 0, pupils: 0, links: 0 });
  });

  it('lists a school’s enrolled pupils with their records, page by page', async () => {
    const edrpou = c.schools[0].edrpou!;
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Awaited<ReturnType<typeof t.app.inject>> = await t.app.inject({
        url: `/api/v1/schools/${edrpou}/records?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        headers: bearer(tokenA),
      });
      expect(res.statusCode, res.body).toBe(200);
      const page: { items: Array<{ pupilId: string; enrolled: boolean }>; nextCursor: string | null } = res.json();
      expect(page.items.every((p) => p.enrolled)).toBe(true);
      all.push(...page.items.map((p) => p.pupilId));
      cursor = page.nextCursor;
    } while (cursor);
    const enrolled = await t.ctx.db.kysely
      .selectFrom('enrolment')
      .select('person_id')
      .where('school_id', '=', c.schools[0].id)
      .where('exit_date', 'is', null)
      .orderBy('person_id')
      .execute();
    expect(all).toEqual(enrolled.map((e) => e.person_id));
  });

  it('ending the link takes the school away from the platform and back to the portal', async () => {
    const status = await t.app.inject({
      url: `/api/v1/schools/${c.schools[0].id}/platform`,
      headers: director.headers,
    });
    const linkId = status.json<{ linkId: string }>().linkId;
    const end = await t.app.inject({
      method: 'POST',
      url: `/api/v1/platform-links/${linkId}/end`,
      headers: director.headers,
      payload: {},
    });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json()).toMatchObject({ status: 'ended', endReason: 'school' });
    const tok = await platformToken(t.app, a);
    const res = await t.app.inject({ url: `/api/v1/schools/${c.schools[0].edrpou}/records`, headers: bearer(tok) });
    expect(res.statusCode).toBe(404);
    const after = await t.app.inject({ url: `/api/v1/schools/${c.schools[0].id}/platform`, headers: director.headers });
    expect(after.json()).toMatchObject({ managedBy: 'portal', platform: null });
    expect(after.json<{ history: Array<{ status: string }> }>().history.map((h) => h.status)).toEqual(['ended']);
  });
});
