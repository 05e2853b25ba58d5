import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, createUser, pupilRecord, signIn, type Cascade, type Session } from '../../../test/factories';
import { createTestApp, type TestApp, auditDb } from '../../../test/harness';

describe.each(enginesUnderTest())('the pupil registry on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let editor: Session;
  let otherEditor: Session;
  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    editor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[0], { totp: true }));
    t.advance(31_000);
    otherEditor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[4], { totp: true }));
  });
  afterAll(async () => t?.close());

  const create = (s: Session, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/pupils', headers: s.headers, payload });
  let taras = '';

  it('creates a record, encrypts identifiers and shows the card with its history', async () => {
    const res = await create(
      editor,
      pupilRecord(c.schools[0], { birthCertificate: { series: 'i-бk', number: '123456' } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const saved = res.json<{ id: string; version: number; warnings: Array<{ code: string }> }>();
    taras = saved.id;
    expect(saved.warnings.map((w) => w.code)).toContain('BIRTH_CERT_SERIES_LATIN_LOOKALIKE');
    const row = await t.ctx.db.kysely
      .selectFrom('person')
      .selectAll()
      .where('id', '=', taras)
      .executeTakeFirstOrThrow();
    expect(row.identifiers_enc?.toString('utf8')).not.toContain('123456');
    expect(row.birth_cert_bidx).toHaveLength(16);
    const card = await t.app.inject({ url: `/api/v1/pupils/${taras}`, headers: editor.headers });
    expect(card.statusCode).toBe(200);
    expect(card.headers.etag).toBe('"1"');
    const body = card.json<{
      record: { birthCertificate: { series: string; number: string }; enrollment: { grade: number } };
      history: { enrolments: unknown[]; events: Array<{ kind: string }> };
    }>();
    expect(body.record.birthCertificate).toEqual({ series: 'І-БК', number: '123456' });
    expect(body.record.enrollment.grade).toBe(5);
    expect(body.history.enrolments).toHaveLength(1);
    expect(body.history.events.map((e) => e.kind)).toEqual(['created']);
  });

  it('refuses a record with errors, listing each field', async () => {
    const res = await create(
      editor,
      pupilRecord(c.schools[0], {
        lastName: 'Шевч3нко',
        birthCertificate: { series: 'БК', number: '12' },
        unknownField: 1,
      }),
    );
    expect(res.statusCode).toBe(422);
    const body = res.json<{ code: string; errors: Array<{ code: string; path: string }> }>();
    expect(body.code).toBe('PUPIL_INVALID');
    expect(body.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['/lastName', '/birthCertificate/series', '/birthCertificate/number']),
    );
  });

  it('one child is one person: another school is told who holds the record and what to do', async () => {
    const res = await create(otherEditor, pupilRecord(c.schools[4], { lastName: 'Шевченко', firstName: 'Тарас' }));
    expect(res.statusCode).toBe(409);
    const body = res.json<{ code: string; detail: string; holder: { edrpou: string } }>();
    expect(body.code).toBe('DUPLICATE_PERSON');
    expect(body.holder.edrpou).toBe(c.schools[0].edrpou);
    expect(body.detail).toContain('переведенням');
    // Same name and birth date without identifiers also counts.
    const byName = await create(otherEditor, pupilRecord(c.schools[4], { birthCertificate: undefined }));
    expect(byName.json<{ code: string }>().code).toBe('DUPLICATE_PERSON');
  });

  it('warns about a near match with the same birth date', async () => {
    const res = await create(
      otherEditor,
      pupilRecord(c.schools[4], {
        lastName: 'Шевчинко',
        firstName: 'Тарас',
        middleName: 'Григорович',
        birthCertificate: { series: 'ІІ-КО', number: '654321' },
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<{ warnings: Array<{ code: string }> }>().warnings.map((w) => w.code)).toContain(
      'DUPLICATE_SUSPECTED',
    );
  });

  it('updates with If-Match, keeps displacement as history and moves classes by closing the spell', async () => {
    const card = (await t.app.inject({ url: `/api/v1/pupils/${taras}`, headers: editor.headers })).json<{
      record: Record<string, unknown>;
    }>();
    const record = {
      ...card.record,
      displacement: { status: 'internal', since: '2022-04-01', originKatottg: 'UA23040010000033945' },
      enrollment: { ...(card.record.enrollment as object), classLetter: 'Б' },
    };
    const stale = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/pupils/${taras}`,
      headers: { ...editor.headers, 'if-match': '"7"' },
      payload: record,
    });
    expect(stale.statusCode).toBe(412);
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/pupils/${taras}`,
      headers: { ...editor.headers, 'if-match': '"1"' },
      payload: record,
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await t.app.inject({ url: `/api/v1/pupils/${taras}`, headers: editor.headers })).json<{
      version: number;
      record: { enrollment: { classLetter: string } };
      history: {
        displacement: Array<{ status: string }>;
        enrolments: Array<{ classLetter: string; exitReason: string | null }>;
        events: Array<{ kind: string }>;
      };
    }>();
    expect(after.version).toBe(2);
    expect(after.record.enrollment.classLetter).toBe('Б');
    expect(after.history.displacement.map((d) => d.status)).toEqual(['internal', 'none']);
    expect(after.history.enrolments.map((e) => [e.classLetter, e.exitReason])).toEqual([
      ['Б', null],
      ['А', 'class_change'],
    ]);
    expect(after.history.events.map((e) => e.kind)).toEqual(['updated', 'created']);
  });

  it('lists classes and pupils, and shows the data-quality panel', async () => {
    for (const [lastName, firstName, number] of [
      ['Коваленко', 'Марія', '111111'],
      ['Бондар', 'Олена', '222222'],
    ] as const) {
      const r = await create(
        editor,
        pupilRecord(c.schools[0], {
          lastName,
          firstName,
          middleName: 'Петрівна',
          sex: 'female',
          birthCertificate: { series: 'І-ЖС', number },
          contact: { status: 'lost', lostSince: '2025-09-20' },
        }),
      );
      expect(r.statusCode, r.body).toBe(201);
    }
    const classes = (
      await t.app.inject({ url: `/api/v1/schools/${c.schools[0].id}/classes`, headers: editor.headers })
    ).json<{ items: Array<{ label: string; pupils: number }> }>();
    expect(classes.items.map((x) => [x.label, x.pupils])).toEqual([
      ['5-А', 2],
      ['5-Б', 1],
    ]);
    const list = (
      await t.app.inject({
        url: `/api/v1/schools/${c.schools[0].id}/pupils?grade=5&class=${encodeURIComponent('А')}`,
        headers: editor.headers,
      })
    ).json<{ items: Array<{ lastName: string }> }>();
    expect(list.items.map((p) => p.lastName)).toEqual(['Бондар', 'Коваленко']);
    const panel = (
      await t.app.inject({
        url: `/api/v1/schools/${c.schools[0].id}/quality?code=CONTACT_LOST`,
        headers: editor.headers,
      })
    ).json<{ pupils: number; rules: Array<{ code: string; pupils: number }>; list: Array<{ lastName: string }> }>();
    expect(panel.pupils).toBe(3);
    expect(panel.rules.find((r) => r.code === 'CONTACT_LOST')?.pupils).toBe(2);
    expect(panel.list.map((p) => p.lastName).sort()).toEqual(['Бондар', 'Коваленко']);
  });

  it('finds a pupil by a misspelled or transliterated name, by birth date and by identifier', async () => {
    for (const q of ['Шевчинко', 'shevchenko taras', 'ШЕВЧЕНКО', 'Шевч']) {
      const r = await t.app.inject({
        url: `/api/v1/pupils/search?q=${encodeURIComponent(q)}`,
        headers: editor.headers,
      });
      expect(r.statusCode).toBe(200);
      expect(
        r.json<{ items: Array<{ id: string }> }>().items.map((p) => p.id),
        q,
      ).toContain(taras);
    }
    const byId = await t.app.inject({
      url: `/api/v1/pupils/search?identifier=${encodeURIComponent('І-БК 123456')}`,
      headers: editor.headers,
    });
    expect(byId.json<{ items: Array<{ id: string }> }>().items.map((p) => p.id)).toEqual([taras]);
    // The other school's pupil with a similar name is not in this school's scope.
    const names = (
      await t.app.inject({ url: `/api/v1/pupils/search?q=${encodeURIComponent('Шевченко')}`, headers: editor.headers })
    )
      .json<{ items: Array<{ lastName: string }> }>()
      .items.map((p) => p.lastName);
    expect(names).not.toContain('Шевчинко');
    // A region searches another way (the name indexes, not the scope's: aikom_pupil_search), with the same answers.
    t.advance(31_000);
    const region = await signIn(t.app, t.ctx, await createUser(t.ctx, 'region_admin', c.regions[0], { totp: true }));
    for (const q of ['Шевчинко', 'shevchenko taras', 'ШЕВЧЕНКО', 'Шевч']) {
      const r = await t.app.inject({
        url: `/api/v1/pupils/search?q=${encodeURIComponent(q)}`,
        headers: region.headers,
      });
      expect(
        r.json<{ items: Array<{ id: string }> }>().items.map((p) => p.id),
        q,
      ).toContain(taras);
    }
    const inRegion = (
      await t.app.inject({ url: `/api/v1/pupils/search?q=${encodeURIComponent('Шевченко')}`, headers: region.headers })
    ).json<{ items: Array<{ lastName: string }> }>().items;
    expect(inRegion.map((p) => p.lastName)).not.toContain('Шевчинко');
    expect(
      (await t.app.inject({ url: '/api/v1/pupils/search?identifier=hello', headers: editor.headers })).json<{
        code: string;
      }>().code,
    ).toBe('VALIDATION_FAILED');
  });

  it('records an exit with reason and destination', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/pupils/${taras}/exit`,
      headers: editor.headers,
      payload: { date: '2025-10-15', reason: 'transfer', destinationEdrpou: c.schools[4].edrpou },
    });
    expect(r.statusCode, r.body).toBe(204);
    const card = (await t.app.inject({ url: `/api/v1/pupils/${taras}`, headers: editor.headers })).json<{
      enrolled: boolean;
      history: { enrolments: Array<{ exitReason: string | null; destination: { schoolName: string } | null }> };
    }>();
    expect(card.enrolled).toBe(false);
    expect(card.history.enrolments[0]).toMatchObject({
      exitReason: 'transfer',
      destination: { schoolName: c.schools[4].name },
    });
  });

  it('answers the validation endpoint with the catalogue, without saving', async () => {
    const before = await t.ctx.db.kysely
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/validation/pupil',
      headers: editor.headers,
      payload: pupilRecord(c.schools[0], { unzr: '20140309-00010' }),
    });
    expect(r.statusCode).toBe(200);
    expect(r.json<{ warnings: Array<{ code: string }> }>().warnings.map((w) => w.code)).toContain('UNZR_CHECK_DIGIT');
    const after = await t.ctx.db.kysely
      .selectFrom('person')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const rules = (await t.app.inject({ url: '/api/v1/validation/rules' })).json<{
      rules: Record<string, { severity: string }>;
    }>();
    expect(rules.rules.UNZR_CHECK_DIGIT?.severity).toBe('warning');
  });

  it('audits every read of personal data', async () => {
    const actions = (await (await auditDb(t.ctx)).selectFrom('audit_log').select('action').execute()).map(
      (a) => a.action,
    );
    for (const a of ['pupil.create', 'pupil.read', 'pupil.update', 'pupil.list', 'pupil.search', 'pupil.exit'])
      expect(actions).toContain(a);
  });
});
