import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import {
  createCascade,
  createUser,
  pupilRecord,
  signIn,
  type Cascade,
  type Org,
  type Session,
  type TestUser,
} from '../../../test/factories';
import { createTestApp, type TestApp, auditDb } from '../../../test/harness';
import { transitionTx } from '../../db/schema-transitions';
import { schoolYears } from '../transitions/testing';

const DAY = 86_400_000;

interface PoolBody {
  days: number;
  cutoff: string;
  items: Array<{
    enrolmentId: string;
    personId: string;
    pupil: { lastName: string };
    schoolDays: number;
    exitReason: string;
    destination: { school: { id: string } | null; country: string | null };
    residence: { ouo: { id: string } | null };
    case: { status: string; notes: number };
  }>;
}

describe.each(enginesUnderTest())('transfers and the in-transit pool on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  const s: Record<string, Session> = {};
  const people: Record<string, TestUser> = {};
  /** Moves the clock on by whole days; sessions do not last that long, so the users named sign in again. */
  const later = async (days: number, who: readonly string[]) => {
    t.advance(days * DAY);
    for (const key of who) {
      const user = people[key]!;
      s[key] = await signIn(t.app, t.ctx, user);
      t.advance(31_000);
    }
  };
  let stryiSettlement = '';
  let certificate = 300000;

  const school = (i: number): Org => c.schools[i as 0];
  const create = async (who: Session, at: Org, over: Record<string, unknown> = {}) => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pupils',
      headers: who.headers,
      payload: pupilRecord(at, { birthCertificate: { series: 'І-БК', number: String(++certificate) }, ...over }),
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json<{ id: string }>().id;
  };
  const exit = (who: Session, id: string, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/v1/pupils/${id}/exit`, headers: who.headers, payload: body });
  const pool = async (who: Session, query = 'state=open') => {
    const r = await t.app.inject({ url: `/api/v1/transit?${query}`, headers: who.headers });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<PoolBody>();
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await schoolYears(t.ctx, [{ id: 2025 }]);
    const users: Array<[string, Parameters<typeof createUser>[1], Org]> = [
      ['a', 'school_editor', c.schools[0]],
      ['b', 'school_editor', c.schools[4]],
      ['c', 'school_editor', c.schools[2]],
      ['ouoA', 'ouo_admin', c.ouos[0]],
      ['ouoOther', 'ouo_admin', c.ouos[1]],
      ['ouoStryi', 'ouo_specialist', c.ouos[3]],
      ['regionLviv', 'region_analyst', c.regions[1]],
      ['analyst', 'ministry_analyst', c.ministry],
    ];
    for (const [key, role, org] of users) {
      people[key] = await createUser(t.ctx, role, org, { totp: true });
      s[key] = await signIn(t.app, t.ctx, people[key]);
      t.advance(31_000);
    }
    // A settlement of the Стрийська hromada (served by ouos[3]): where the first pupil lives.
    const tx = t.ctx.db.kysely;
    const hromada = await tx
      .selectFrom('territory')
      .select('id')
      .where('name', '=', 'Стрийська')
      .where('category', '=', 'H')
      .executeTakeFirstOrThrow();
    stryiSettlement = (
      await tx
        .selectFrom('territory')
        .select('code')
        .where('parent_id', '=', hromada.id)
        .where('category', '=', 'M')
        .executeTakeFirstOrThrow()
    ).code;
  });
  afterAll(async () => t?.close());

  let taras = '';
  let transferId = '';

  it('an exit naming a school hands the pupil over: the receiving school expects them, sees no record', async () => {
    taras = await create(s.a!, school(0), { residence: { katottg: stryiSettlement, address: 'вул. Шевченка, 1' } });
    const r = await exit(s.a!, taras, { date: '2025-10-15', reason: 'transfer', destinationEdrpou: school(4).edrpou });
    expect(r.statusCode, r.body).toBe(204);
    const arrivals = await t.app.inject({ url: `/api/v1/schools/${school(4).id}/arrivals`, headers: s.b!.headers });
    expect(arrivals.statusCode, arrivals.body).toBe(200);
    const items = arrivals.json<{
      items: Array<{ transferId: string; pupil: Record<string, unknown>; from: { id: string }; grade: number }>;
    }>().items;
    expect(items).toHaveLength(1);
    transferId = items[0]!.transferId;
    expect(items[0]).toMatchObject({
      pupil: { lastName: 'Шевченко', birthDate: '2014-03-09' },
      from: { id: school(0).id },
      grade: 5,
    });
    // The glimpse carries no identifiers and no address.
    expect(arrivals.body).not.toContain(String(certificate));
    expect(arrivals.body).not.toContain('Шевченка, 1');
    // Nobody else expects the pupil, and the receiving school cannot open the record yet.
    const elsewhere = await t.app.inject({ url: `/api/v1/schools/${school(2).id}/arrivals`, headers: s.c!.headers });
    expect(elsewhere.json<{ items: unknown[] }>().items).toEqual([]);
    const foreignList = await t.app.inject({ url: `/api/v1/schools/${school(4).id}/arrivals`, headers: s.c!.headers });
    expect([403, 404]).toContain(foreignList.statusCode);
    const card = await t.app.inject({ url: `/api/v1/pupils/${taras}`, headers: s.b!.headers });
    expect([403, 404]).toContain(card.statusCode);
    const out = await t.app.inject({
      url: `/api/v1/schools/${school(0).id}/transfers?direction=out`,
      headers: s.a!.headers,
    });
    expect(out.json<{ items: Array<{ status: string; pupil: unknown }> }>().items).toMatchObject([
      { status: 'pending', pupil: { lastName: 'Шевченко' } },
    ]);
  });

  it('lists a recent exit as waiting, and in transit after N school days — for the school left and the ОУО of residence', async () => {
    expect((await pool(s.a!)).items).toEqual([]);
    expect((await pool(s.a!, 'state=waiting')).items.map((x) => x.personId)).toEqual([taras]);
    // Wednesday 15 → Wednesday 29 October: 10 school days.
    await later(14, ['a', 'b', 'c', 'ouoA', 'ouoOther', 'ouoStryi', 'regionLviv', 'analyst']);
    const forSchool = await pool(s.a!);
    expect(forSchool).toMatchObject({ days: 10, cutoff: '2025-10-15' });
    expect(forSchool.items).toMatchObject([
      {
        personId: taras,
        schoolDays: 10,
        exitReason: 'transfer',
        destination: { school: { id: school(4).id } },
        residence: { ouo: { id: c.ouos[3].id } },
        case: { status: 'open', notes: 0 },
      },
    ]);
    for (const who of ['ouoA', 'ouoStryi', 'regionLviv', 'analyst'])
      expect(
        (await pool(s[who]!)).items.map((x) => x.personId),
        who,
      ).toEqual([taras]);
    for (const who of ['ouoOther', 'c', 'b']) {
      const r = await t.app.inject({ url: '/api/v1/transit?state=open', headers: s[who]!.headers });
      expect([200, 403], who).toContain(r.statusCode);
      if (r.statusCode === 200) expect(r.json<PoolBody>().items, who).toEqual([]);
    }
    // The ОУО of residence follows the case up.
    const note = await t.app.inject({
      method: 'POST',
      url: `/api/v1/transit/${forSchool.items[0]!.enrolmentId}/events`,
      headers: s.ouoStryi!.headers,
      payload: { kind: 'note', note: 'Телефонували батькам: документи подано до нового закладу.' },
    });
    expect(note.statusCode, note.body).toBe(204);
    const detail = await t.app.inject({
      url: `/api/v1/transit/${forSchool.items[0]!.enrolmentId}`,
      headers: s.a!.headers,
    });
    expect(detail.json()).toMatchObject({
      inTransit: true,
      events: [{ kind: 'note' }],
      transfer: { status: 'pending' },
    });
    const hidden = await t.app.inject({
      url: `/api/v1/transit/${forSchool.items[0]!.enrolmentId}`,
      headers: s.ouoOther!.headers,
    });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain('Шевченко');
  });

  let arrivalEnrolment = '';

  it('the receiving school enrols the pupil: the record moves to it, the spells are linked, the pool forgets them', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${school(4).id}/arrivals`,
      headers: s.b!.headers,
      payload: { transferId, grade: 5, classLetter: 'Б', entryDate: '2025-10-29', orderNumber: '31-у' },
    });
    expect(r.statusCode, r.body).toBe(201);
    const a = r.json<{ personId: string; enrolmentId: string; previousEnrolmentId: string; entryBasis: string }>();
    arrivalEnrolment = a.enrolmentId;
    expect(a).toMatchObject({ personId: taras, entryBasis: 'transfer' });
    const card = await t.app.inject({ url: `/api/v1/pupils/${taras}`, headers: s.b!.headers });
    expect(card.statusCode).toBe(200);
    expect(card.json()).toMatchObject({
      school: { id: school(4).id },
      record: { enrollment: { grade: 5, classLetter: 'Б' } },
    });
    const old = await t.app.inject({ url: `/api/v1/pupils/${taras}`, headers: s.a!.headers });
    expect([403, 404]).toContain(old.statusCode);
    const spell = await t.ctx.db.kysely
      .selectFrom('enrolment')
      .selectAll()
      .where('id', '=', a.enrolmentId)
      .executeTakeFirstOrThrow();
    const prev = await t.ctx.db.kysely
      .selectFrom('enrolment')
      .selectAll()
      .where('id', '=', a.previousEnrolmentId)
      .executeTakeFirstOrThrow();
    expect([spell.previous_enrolment_id, spell.entry_basis, spell.entry_order]).toEqual([prev.id, 'transfer', '31-у']);
    expect([prev.school_id, prev.exit_reason, prev.exit_destination_school_id]).toEqual([
      school(0).id,
      'transfer',
      school(4).id,
    ]);
    const transfer = await transitionTx(t.ctx.db.kysely)
      .selectFrom('pupil_transfer')
      .selectAll()
      .where('id', '=', transferId)
      .executeTakeFirstOrThrow();
    expect([transfer.status, transfer.to_enrolment_id, transfer.arrived_on]).toEqual([
      'arrived',
      a.enrolmentId,
      '2025-10-29',
    ]);
    expect((await pool(s.a!)).items).toEqual([]);
    expect((await pool(s.ouoStryi!)).items).toEqual([]);
    // Twice is refused; the school left still sees that the transfer arrived, without the name.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${school(4).id}/arrivals`,
      headers: s.b!.headers,
      payload: { transferId, grade: 5, entryDate: '2025-10-29' },
    });
    expect(again.statusCode).toBe(409);
    const out = await t.app.inject({
      url: `/api/v1/schools/${school(0).id}/transfers?direction=out`,
      headers: s.a!.headers,
    });
    expect(out.json<{ items: Array<{ status: string; pupil: unknown }> }>().items).toMatchObject([
      { status: 'arrived', pupil: null },
    ]);
    const events = await t.ctx.db.kysely
      .selectFrom('pupil_event')
      .select('kind')
      .where('person_id', '=', taras)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['created', 'exited', 'arrived']);
  });

  it('a school with the documents finds a pupil who left and is enrolled nowhere, and must prove the match', async () => {
    const olena = await create(s.a!, school(0), {
      lastName: 'Коваль',
      firstName: 'Олена',
      sex: 'female',
      middleName: 'Іванівна',
    });
    const number = String(certificate);
    expect(
      (await exit(s.a!, olena, { date: '2025-10-29', reason: 'other', note: 'Родина переїхала' })).statusCode,
    ).toBe(204);
    const found = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${school(2).id}/arrivals/candidates`,
      headers: s.c!.headers,
      payload: { identifier: `І-БК ${number}` },
    });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({
      items: [
        { personId: olena, pupil: { lastName: 'Коваль' }, lastSchool: { id: school(0).id }, match: 'identifier' },
      ],
    });
    // Name and birth date do not find a record that has identifiers: the documents must be shown.
    const byName = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${school(2).id}/arrivals/candidates`,
      headers: s.c!.headers,
      payload: { lastName: 'Коваль', firstName: 'Олена', middleName: 'Іванівна', birthDate: '2014-03-09' },
    });
    expect(byName.json<{ items: unknown[] }>().items).toEqual([]);
    const wrong = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${school(2).id}/arrivals`,
      headers: s.c!.headers,
      payload: { personId: olena, identifier: 'І-БК 999999', grade: 5, entryDate: '2025-10-30' },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json<{ code: string }>().code).toBe('TRANSFER_NOT_CONFIRMED');
    const early = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${school(2).id}/arrivals`,
      headers: s.c!.headers,
      payload: { personId: olena, identifier: `І-БК ${number}`, grade: 5, entryDate: '2025-10-20' },
    });
    expect(early.json<{ errors: Array<{ code: string }> }>().errors.map((e) => e.code)).toEqual(['ENTRY_BEFORE_EXIT']);
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${school(2).id}/arrivals`,
      headers: s.c!.headers,
      payload: { personId: olena, identifier: `І-БК ${number}`, grade: 5, entryDate: '2025-10-30' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    // A pupil enrolled somewhere cannot be taken over this way.
    const busy = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${school(4).id}/arrivals`,
      headers: s.b!.headers,
      payload: { personId: olena, identifier: `І-БК ${number}`, grade: 5, entryDate: '2025-10-30' },
    });
    expect(busy.statusCode).toBe(409);
    expect(arrivalEnrolment).not.toBe('');
  });

  it('a case is closed with a reason (and a note when the reason needs one), and can be reopened', async () => {
    const ivan = await create(s.a!, school(0), { lastName: 'Мельник', firstName: 'Іван' });
    expect((await exit(s.a!, ivan, { date: '2025-10-29', reason: 'other' })).statusCode).toBe(204);
    await later(14, ['a', 'b', 'regionLviv', 'analyst']);
    const entry = (await pool(s.a!)).items.find((x) => x.personId === ivan)!;
    const post = (body: Record<string, unknown>, who = s.a!) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/transit/${entry.enrolmentId}/events`,
        headers: who.headers,
        payload: body,
      });
    const noNote = await post({ kind: 'closed', reason: 'other' });
    expect(noNote.statusCode).toBe(400);
    expect((await post({ kind: 'closed', reason: 'abroad_confirmed' }, s.regionLviv)).statusCode).toBe(403);
    expect((await post({ kind: 'closed', reason: 'other', note: 'Навчається в музичному коледжі' })).statusCode).toBe(
      204,
    );
    expect((await post({ kind: 'closed', reason: 'deceased' })).statusCode).toBe(409);
    expect((await pool(s.a!)).items.map((x) => x.personId)).not.toContain(ivan);
    expect((await pool(s.a!, 'state=closed')).items.map((x) => x.personId)).toEqual([ivan]);
    expect((await post({ kind: 'reopened', note: 'Коледж не підтвердив навчання' })).statusCode).toBe(204);
    const back = (await pool(s.a!)).items.find((x) => x.personId === ivan)!;
    expect(back.case.status).toBe('reopened');
    const detail = await t.app.inject({ url: `/api/v1/transit/${entry.enrolmentId}`, headers: s.a!.headers });
    expect(detail.json<{ events: Array<{ kind: string }> }>().events.map((e) => e.kind)).toEqual([
      'closed',
      'reopened',
    ]);
  });

  it('reports migration in scope: flows between hromadas and regions, IDPs by origin, leaving abroad; as XLSX too', async () => {
    const p = await create(s.a!, school(0), { lastName: 'Дорошенко', firstName: 'Петро' });
    expect((await exit(s.a!, p, { date: '2025-11-12', reason: 'abroad', destinationCountry: 'PL' })).statusCode).toBe(
      204,
    );
    await create(s.b!, school(4), {
      lastName: 'Гончар',
      firstName: 'Марко',
      displacement: { status: 'internal', since: '2022-04-01', originKatottg: 'UA14140050000020560' },
    });
    const q = 'from=2025-09-01&to=2026-08-31';
    const r = await t.app.inject({ url: `/api/v1/reports/migration?${q}`, headers: s.analyst!.headers });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{
      flows: {
        hromadas: Array<{ from: { name: string }; to: { name: string }; pupils: number }>;
        regions: Array<{ pupils: number }>;
        months: unknown;
        total: number;
      };
      displaced: {
        rows: Array<{
          origin: { code: string } | null;
          occupied: boolean;
          current: { name: string } | null;
          pupils: number;
        }>;
      };
      abroad: { left: unknown };
    }>();
    expect(body.flows.hromadas.map((f) => [f.from.name, f.to.name, f.pupils])).toEqual([
      ['Бучанська', 'Ірпінська', 1],
      ['Бучанська', 'Львівська', 1],
    ]);
    expect(body.flows.months).toEqual([{ month: '2025-10', pupils: 2 }]);
    expect(body.flows.total).toBe(2);
    expect(body.abroad.left).toEqual([{ country: 'PL', name: 'Польща', pupils: 1 }]);
    expect(body.displaced.rows).toHaveLength(1);
    expect(body.displaced.rows[0]).toMatchObject({
      origin: { code: 'UA14140050000020560' },
      occupied: true,
      current: { name: 'Львівська' },
      pupils: 1,
    });
    // The Lviv region counts the transfers that touch it, and nothing of other regions' exits abroad.
    const lviv = (await t.app.inject({ url: `/api/v1/reports/migration?${q}`, headers: s.regionLviv!.headers })).json<
      typeof body
    >();
    expect(lviv.flows.total).toBe(1);
    expect(lviv.abroad.left).toEqual([]);
    const file = await t.app.inject({ url: `/api/v1/reports/migration.xlsx?${q}`, headers: s.analyst!.headers });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Між громадами',
      'Між регіонами',
      'За місяцями',
      'ВПО',
      'За кордон',
    ]);
    const audit = await (
      await auditDb(t.ctx)
    )
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'report.migration%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'report.migration',
      'report.migration',
      'report.migration.export',
    ]);
  });
});
