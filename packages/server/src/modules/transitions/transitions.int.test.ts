import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, createUser, signIn, type Cascade, type Session } from '../../../test/factories';
import { createTestApp, type TestApp, auditDb } from '../../../test/harness';
import { TRANSITION_TABLE_COLUMNS, transitionTx } from '../../db/schema-transitions';
import { TransitionService } from './service';
import { schoolYears, seedClasses, type SeededPupil } from './testing';

/** A Monday in June 2025: the year 2024-2025 is ending. */
const JUNE = new Date('2025-06-16T09:00:00Z');

interface Preview {
  canApply: boolean;
  toYear: { label: string } | null;
  totals: Record<string, number>;
  classes: Array<{ label: string; move: string; counts: Record<string, number> }>;
  nextClasses: Array<{ label: string; pupils: number; promoted: number; repeating: number }>;
  blockers: Array<{ code: string; count: number }>;
  warnings: Array<{ code: string; count: number }>;
  pupils: Array<{ enrolmentId: string; lastName: string; grade: number; move: string | null; exception: unknown }>;
}

describe.each(enginesUnderTest())('the year-end transition on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let editor: Session;
  let minister: Session;
  let ouoAdmin: Session;
  let otherEditor: Session;
  let pupils: SeededPupil[];
  const school = () => c.schools[0];
  const url = (path: string, s = school().id) => `/api/v1/schools/${s}/transitions/2024-2025${path}`;

  beforeAll(async () => {
    t = await createTestApp(engine, { now: JUNE });
    c = await createCascade(t.ctx);
    await schoolYears(t.ctx, [{ id: 2024 }]);
    editor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[0], { totp: true }));
    t.advance(31_000);
    otherEditor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[1], { totp: true }));
    t.advance(31_000);
    minister = await signIn(t.app, t.ctx, await createUser(t.ctx, 'ministry_admin', c.ministry, { totp: true }));
    t.advance(31_000);
    ouoAdmin = await signIn(t.app, t.ctx, await createUser(t.ctx, 'ouo_admin', c.ouos[0], { totp: true }));
    t.advance(31_000);
    pupils = await seedClasses(t.ctx, c.schools[0], 2024, [
      { grade: 1, classLetter: 'А', pupils: 5 },
      { grade: 2, classLetter: 'А', pupils: 5 },
      { grade: 4, classLetter: 'А', pupils: 4 },
      { grade: 9, classLetter: 'А', pupils: 6 },
      { grade: 11, classLetter: 'А', pupils: 4 },
    ]);
  });
  afterAll(async () => t?.close());

  const preview = async (s = editor, schoolId = school().id) => {
    const r = await t.app.inject({ url: url('/preview', schoolId), headers: s.headers });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<Preview>();
  };
  const mark = (enrolmentId: string, body: Record<string, unknown>, s = editor) =>
    t.app.inject({ method: 'PUT', url: url(`/exceptions/${enrolmentId}`), headers: s.headers, payload: body });
  const spellOf = async (p: SeededPupil) =>
    (
      await t.ctx.db.kysely
        .selectFrom('enrolment')
        .select('id')
        .where('person_id', '=', p.id)
        .where('exit_date', 'is', null)
        .executeTakeFirstOrThrow()
    ).id;
  const snapshot = () =>
    t.ctx.db.kysely
      .selectFrom('enrolment')
      .select([
        'id',
        'person_id',
        'school_year',
        'grade',
        'class_letter',
        'entry_date',
        'entry_basis',
        'exit_date',
        'exit_reason',
        'exit_destination_school_id',
        'exit_destination_country',
        'exit_note',
        'previous_enrolment_id',
        'transition_id',
      ])
      .where('school_id', '=', school().id)
      .orderBy('id')
      .execute();

  it('keeps the column lists of migration 0006 equal to the database', async () => {
    for (const [table, cols] of Object.entries(TRANSITION_TABLE_COLUMNS)) {
      const r = await sql<{ column_name: string }>`
        SELECT column_name FROM information_schema.columns WHERE table_name = ${table} ORDER BY column_name`.execute(
        t.ctx.db.kysely,
      );
      expect(r.rows.map((x) => x.column_name).sort(), table).toEqual([...cols].map(String).sort());
    }
  });

  it('shows the preview but refuses to apply before the ministry opens the next year', async () => {
    const p = await preview();
    expect(p.toYear).toBeNull();
    expect(p.canApply).toBe(false);
    expect(p.totals).toEqual({ pupils: 24, promote: 20, repeat: 0, graduate: 4, leave: 0 });
    expect(p.classes.map((x) => [x.label, x.move])).toEqual([
      ['1-А', 'promote'],
      ['2-А', 'promote'],
      ['4-А', 'promote'],
      ['9-А', 'promote'],
      ['11-А', 'graduate'],
    ]);
    const r = await t.app.inject({ method: 'POST', url: url('/apply'), headers: editor.headers, payload: {} });
    expect(r.statusCode).toBe(409);
    expect(r.json<{ code: string }>().code).toBe('SCHOOL_YEAR_STATE');
  });

  it('lets only the ministry open the next school year, and only the next one', async () => {
    const byEditor = await t.app.inject({
      method: 'POST',
      url: '/api/v1/school-years/2025-2026/open',
      headers: editor.headers,
    });
    expect(byEditor.statusCode).toBe(403);
    const skip = await t.app.inject({
      method: 'POST',
      url: '/api/v1/school-years/2026-2027/open',
      headers: minister.headers,
    });
    expect(skip.statusCode).toBe(409);
    const open = await t.app.inject({
      method: 'POST',
      url: '/api/v1/school-years/2025-2026/open',
      headers: minister.headers,
    });
    expect(open.statusCode, open.body).toBe(200);
    expect(open.json()).toMatchObject({ label: '2025-2026', status: 'open', isCurrent: false });
    const list = await t.app.inject({ url: '/api/v1/school-years', headers: editor.headers });
    expect(
      list.json<{ items: Array<{ label: string; isCurrent: boolean }> }>().items.map((y) => [y.label, y.isCurrent]),
    ).toEqual([
      ['2024-2025', true],
      ['2025-2026', false],
    ]);
  });

  it('takes exceptions by the rules: repeaters, leavers after grade 9, a transfer to a named school', async () => {
    const [g1] = pupils.filter((p) => p.grade === 1);
    const [g2] = pupils.filter((p) => p.grade === 2);
    const g9 = pupils.filter((p) => p.grade === 9);
    const byCouncil = await mark(await spellOf(g2!), { kind: 'repeat', basis: 'council_decision' });
    expect(byCouncil.statusCode).toBe(400);
    expect(byCouncil.json<{ errors: Array<{ code: string }> }>().errors.map((e) => e.code)).toEqual([
      'REPEAT_PARENT_REQUEST_REQUIRED',
    ]);
    expect((await mark(await spellOf(g2!), { kind: 'repeat', basis: 'parent_request' })).statusCode).toBe(200);
    expect(
      (await mark(await spellOf(g1!), { kind: 'repeat', basis: 'parent_request', classLetter: 'Б' })).statusCode,
    ).toBe(200);
    expect(
      (await mark(await spellOf(g9[0]!), { kind: 'leave', reason: 'vocational', note: 'Київський професійний ліцей' }))
        .statusCode,
    ).toBe(200);
    const transfer = await mark(await spellOf(g9[1]!), {
      kind: 'leave',
      reason: 'transfer',
      destinationEdrpou: c.schools[4].edrpou,
    });
    expect(transfer.statusCode, transfer.body).toBe(200);
    const abroad = await mark(await spellOf(g9[2]!), { kind: 'leave', reason: 'abroad' });
    expect(abroad.json<{ errors: Array<{ code: string }> }>().errors.map((e) => e.code)).toEqual([
      'LEAVE_COUNTRY_REQUIRED',
    ]);
    const unknown = await mark(await spellOf(g9[2]!), {
      kind: 'leave',
      reason: 'transfer',
      destinationEdrpou: '00000000',
    });
    expect(unknown.json<{ errors: Array<{ code: string }> }>().errors.map((e) => e.code)).toEqual([
      'DESTINATION_UNKNOWN',
    ]);
    // Another school's pupil cannot be marked from here, nor this school's from another.
    const foreign = await mark(await spellOf(g9[2]!), { kind: 'repeat', basis: 'council_decision' }, otherEditor);
    expect([403, 404]).toContain(foreign.statusCode);

    const p = await preview();
    expect(p.totals).toEqual({ pupils: 24, promote: 16, repeat: 2, graduate: 4, leave: 2 });
    expect(p.nextClasses.map((x) => [x.label, x.pupils, x.promoted, x.repeating])).toEqual([
      ['1-Б', 1, 0, 1],
      ['2-А', 5, 4, 1],
      ['3-А', 4, 4, 0],
      ['5-А', 4, 4, 0],
      ['10-А', 4, 4, 0],
    ]);
    expect(p.warnings.map((w) => w.code)).toContain('TRANSITION_NO_FIRST_GRADE');
    expect(p.pupils.find((x) => x.lastName === g9[1]!.lastName && x.grade === 9)).toBeDefined();
  });

  it('is blocked by an unconfirmed exit until it is confirmed', async () => {
    const g4 = pupils.find((p) => p.grade === 4)!;
    expect((await mark(await spellOf(g4), { kind: 'leave', reason: 'transfer', confirmed: false })).statusCode).toBe(
      200,
    );
    const p = await preview();
    expect(p.canApply).toBe(false);
    expect(p.blockers.map((b) => [b.code, b.count])).toEqual([['TRANSITION_EXIT_UNCONFIRMED', 1]]);
    const r = await t.app.inject({ method: 'POST', url: url('/apply'), headers: editor.headers, payload: {} });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'TRANSITION_BLOCKED', blockers: [{ code: 'TRANSITION_EXIT_UNCONFIRMED' }] });
    const withdraw = await t.app.inject({
      method: 'DELETE',
      url: url(`/exceptions/${await spellOf(g4)}`),
      headers: editor.headers,
    });
    expect(withdraw.statusCode).toBe(204);
    expect((await preview()).canApply).toBe(true);
  });

  let before: Awaited<ReturnType<typeof snapshot>>;
  let transitionId = '';

  it('applies: closes every spell with its reason, opens the new year, links them, and changes nothing twice', async () => {
    before = await snapshot();
    const r = await t.app.inject({
      method: 'POST',
      url: url('/apply'),
      headers: editor.headers,
      payload: { orderNumber: '45-у' },
    });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json<{
      transition: { id: string; status: string; counts: Record<string, number> };
      newClasses: Array<{ label: string; pupils: number }>;
    }>();
    transitionId = body.transition.id;
    expect(body.transition).toMatchObject({
      status: 'applied',
      counts: { pupils: 24, promote: 16, repeat: 2, graduate: 4, leave: 2 },
    });
    expect(body.newClasses.map((x) => [x.label, x.pupils])).toEqual([
      ['1-Б', 1],
      ['2-А', 5],
      ['3-А', 4],
      ['5-А', 4],
      ['10-А', 4],
    ]);
    const spells = await snapshot();
    const old = spells.filter((s) => s.school_year === 2024);
    const fresh = spells.filter((s) => s.school_year === 2025);
    expect(old.every((s) => s.exit_date === '2025-08-31')).toBe(true);
    expect(old.map((s) => s.exit_reason).sort()).toEqual([
      ...Array<string>(4).fill('graduated'),
      ...Array<string>(16).fill('promoted'),
      ...Array<string>(2).fill('repeated'),
      'transfer',
      'vocational',
    ]);
    expect(fresh).toHaveLength(18);
    expect(
      fresh.every((s) => s.entry_date === '2025-09-01' && s.transition_id === transitionId && s.exit_date === null),
    ).toBe(true);
    expect(new Set(fresh.map((s) => s.entry_basis))).toEqual(new Set(['promotion', 'repeat']));
    for (const s of fresh) {
      const prev = old.find((o) => o.id === s.previous_enrolment_id)!;
      expect(prev.person_id).toBe(s.person_id);
      expect(s.grade).toBe(prev.exit_reason === 'repeated' ? prev.grade : prev.grade + 1);
    }
    const leaver = old.find((s) => s.exit_reason === 'transfer')!;
    expect(leaver.exit_destination_school_id).toBe(c.schools[4].id);
    const tx = transitionTx(t.ctx.db.kysely);
    const pending = await tx.selectFrom('pupil_transfer').selectAll().execute();
    expect(pending.map((p) => [p.status, p.to_school_id, p.from_enrolment_id, p.transition_id])).toEqual([
      ['pending', c.schools[4].id, leaver.id, transitionId],
    ]);
    const exits = await tx
      .selectFrom('transition_exit')
      .select('enrolment_id')
      .where('transition_id', '=', transitionId)
      .execute();
    expect(exits).toHaveLength(6);
    const events = await t.ctx.db.kysely
      .selectFrom('pupil_event')
      .select(['kind', sql<number>`count(*)::int`.as('n')])
      .where('kind', 'in', ['promoted', 'repeated', 'graduated', 'left'])
      .groupBy('kind')
      .orderBy('kind')
      .execute();
    expect(events.map((e) => [e.kind, e.n])).toEqual([
      ['graduated', 4],
      ['left', 2],
      ['promoted', 16],
      ['repeated', 2],
    ]);
    const audit = await (
      await auditDb(t.ctx)
    )
      .selectFrom('audit_log')
      .select('action')
      .where('object_id', '=', transitionId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['transition.apply']);

    const again = await t.app.inject({ method: 'POST', url: url('/apply'), headers: editor.headers, payload: {} });
    expect(again.statusCode).toBe(200);
    expect(again.json<{ transition: { id: string } }>().transition.id).toBe(transitionId);
    expect(await snapshot()).toEqual(spells);
    const locked = await mark(old.find((s) => s.grade === 4)!.id, { kind: 'repeat', basis: 'council_decision' });
    expect(locked.statusCode).toBe(409);
  });

  it('shows the new classes in the school’s history', async () => {
    const r = await t.app.inject({ url: `/api/v1/schools/${school().id}/transitions`, headers: editor.headers });
    expect(r.statusCode).toBe(200);
    const h = r.json<{
      transitions: Array<{ id: string; status: string }>;
      newClasses: Array<{ label: string; pupils: number }>;
    }>();
    expect(h.transitions.map((x) => [x.id, x.status])).toEqual([[transitionId, 'applied']]);
    expect(h.newClasses.map((x) => x.label)).toEqual(['1-Б', '2-А', '3-А', '5-А', '10-А']);
  });

  it('undoes exactly, and applies again the same way', async () => {
    const r = await t.app.inject({ method: 'POST', url: url('/undo'), headers: editor.headers });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ reopened: 24, transition: { id: transitionId, status: 'undone' } });
    expect(await snapshot()).toEqual(before);
    const tx = transitionTx(t.ctx.db.kysely);
    expect(await tx.selectFrom('pupil_transfer').select('id').execute()).toEqual([]);
    expect(
      await tx.selectFrom('transit_exit').select('enrolment_id').where('school_id', '=', school().id).execute(),
    ).toEqual([]);
    const twice = await t.app.inject({ method: 'POST', url: url('/undo'), headers: editor.headers });
    expect(twice.statusCode).toBe(409);

    const again = await t.app.inject({ method: 'POST', url: url('/apply'), headers: editor.headers, payload: {} });
    expect(again.statusCode, again.body).toBe(200);
    const second = again.json<{ transition: { id: string; counts: Record<string, number> } }>().transition;
    expect(second.id).not.toBe(transitionId);
    expect(second.counts).toEqual({ pupils: 24, promote: 16, repeat: 2, graduate: 4, leave: 2 });
    transitionId = second.id;
  });

  it('cannot delete spells outside an undone transition, even with the right role', async () => {
    const spell = (await snapshot()).find((s) => s.school_year === 2025)!;
    const r = await t.ctx.db.scoped({ school: school().id }, (trx) =>
      trx.deleteFrom('enrolment').where('id', '=', spell.id).executeTakeFirst(),
    );
    expect(Number(r.numDeletedRows)).toBe(0);
  });

  it('refuses to undo what happened since, and anything once the year is closed', async () => {
    // A promoted pupil changes class in the new year: undo would erase it.
    const moved = (await snapshot()).find((s) => s.school_year === 2025 && s.entry_basis === 'promotion')!;
    await t.ctx.db.kysely
      .updateTable('enrolment')
      .set({ exit_date: '2025-09-01', exit_reason: 'class_change' })
      .where('id', '=', moved.id)
      .execute();
    const r = await t.app.inject({ method: 'POST', url: url('/undo'), headers: editor.headers });
    expect(r.statusCode).toBe(409);
    expect(r.json<{ detail: string }>().detail).toContain('вже змінено записи учнів (1)');
    await t.ctx.db.kysely
      .updateTable('enrolment')
      .set({ exit_date: null, exit_reason: null })
      .where('id', '=', moved.id)
      .execute();

    const closeEarly = await t.app.inject({
      method: 'POST',
      url: '/api/v1/school-years/2025-2026/close',
      headers: minister.headers,
    });
    expect(closeEarly.statusCode).toBe(409);
  });

  it('blocks records with validation errors for the school; the ОУО may move them on with a warning', async () => {
    await seedClasses(t.ctx, c.schools[1], 2024, [{ grade: 3, classLetter: 'А', pupils: 3 }], (_p, i) =>
      i === 0 ? { birthCertificate: { series: 'БК', number: '12' } } : {},
    );
    const p = await preview(otherEditor, c.schools[1].id);
    expect(p.blockers.map((b) => [b.code, b.count])).toEqual([['TRANSITION_VALIDATION_ERRORS', 1]]);
    const warnBySchool = await t.app.inject({
      method: 'POST',
      url: url('/apply', c.schools[1].id),
      headers: otherEditor.headers,
      payload: { validationErrors: 'warn' },
    });
    expect(warnBySchool.statusCode).toBe(403);
    const byOuo = await t.app.inject({
      method: 'POST',
      url: url('/apply', c.schools[1].id),
      headers: ouoAdmin.headers,
      payload: { validationErrors: 'warn' },
    });
    expect(byOuo.statusCode, byOuo.body).toBe(200);
    expect(byOuo.json()).toMatchObject({ transition: { validationErrors: 'warn', counts: { promote: 3 } } });
  });

  it('transitions many schools as a job with progress, and skips the done ones when run again', async () => {
    await seedClasses(t.ctx, c.schools[2], 2024, [{ grade: 5, classLetter: 'А', pupils: 3 }]);
    await seedClasses(t.ctx, c.schools[3], 2024, [{ grade: 7, classLetter: 'Б', pupils: 2 }]);
    const status = await t.app.inject({
      url: `/api/v1/transitions?fromYear=2024-2025&ouoId=${c.ouos[1].id}`,
      headers: minister.headers,
    });
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json()).toMatchObject({ schools: 2, ready: 2, applied: 0, blocked: 0 });
    const start = await t.app.inject({
      method: 'POST',
      url: '/api/v1/transitions',
      headers: minister.headers,
      payload: { fromYear: '2024-2025', ouoId: c.ouos[1].id },
    });
    expect(start.statusCode, start.body).toBe(202);
    const { jobId } = start.json<{ jobId: string; schools: number }>();
    await t.ctx.jobs.drain();
    const job = await t.app.inject({ url: `/api/v1/jobs/${jobId}`, headers: minister.headers });
    expect(job.json()).toMatchObject({
      status: 'succeeded',
      progress: { done: 2, total: 2, percent: 100 },
      result: { applied: 2, alreadyApplied: 0, blocked: 0, pupils: { promote: 5 } },
    });
    const again = await new TransitionService(t.ctx).runBulk(
      { kind: 'operator', command: 'test' },
      { national: true },
      2024,
      { ouoId: c.ouos[1].id },
      {},
    );
    expect(again).toMatchObject({ applied: 0, alreadyApplied: 2 });
    // An ОУО runs only its own schools.
    const foreign = await t.app.inject({
      method: 'POST',
      url: '/api/v1/transitions',
      headers: ouoAdmin.headers,
      payload: { fromYear: '2024-2025', ouoId: c.ouos[1].id },
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('leaves every school of a killed batch untouched, and resumes', async () => {
    await seedClasses(t.ctx, c.schools[4], 2024, [{ grade: 2, classLetter: 'А', pupils: 2 }]);
    await seedClasses(t.ctx, c.schools[5], 2024, [{ grade: 6, classLetter: 'А', pupils: 2 }]);
    const service = new TransitionService(t.ctx);
    const real = service.repo.apply.bind(service.repo);
    // The process dies after the batch's statements ran, before its commit.
    service.repo.apply = async (trx, b) => {
      await real(trx, b);
      throw new Error('killed');
    };
    const run = () =>
      service.runBulk({ kind: 'operator', command: 'test' }, { national: true }, 2024, { ouoId: c.ouos[2].id }, {});
    await expect(run()).rejects.toThrow('killed');
    const open2024 = await t.ctx.db.kysely
      .selectFrom('enrolment')
      .select('id')
      .where('school_id', 'in', [c.schools[4].id, c.schools[5].id])
      .where('school_year', '=', 2024)
      .where('exit_date', 'is', null)
      .execute();
    expect(open2024).toHaveLength(4);
    // Killed after the first of two one-school batches: that school is done, the other untouched.
    service.repo.apply = real;
    let batches = 0;
    const partial = await service.runBulk(
      { kind: 'operator', command: 'test' },
      { national: true },
      2024,
      { ouoId: c.ouos[2].id },
      {},
      {
        batchSchools: 1,
        cancelled: async () => batches++ >= 1,
      },
    );
    expect(partial).toMatchObject({ applied: 1, cancelled: true });
    const resumed = await service.runBulk(
      { kind: 'operator', command: 'test' },
      { national: true },
      2024,
      { ouoId: c.ouos[2].id },
      {},
    );
    expect(resumed).toMatchObject({ applied: 1, alreadyApplied: 1, cancelled: false });
  });

  it('closes the year: the new one becomes current and undo is refused', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/school-years/2024-2025/close',
      headers: minister.headers,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'closed', isCurrent: false });
    const years = (await t.app.inject({ url: '/api/v1/school-years', headers: editor.headers })).json<{
      items: Array<{ label: string; isCurrent: boolean }>;
    }>();
    expect(years.items.find((y) => y.isCurrent)?.label).toBe('2025-2026');
    const undo = await t.app.inject({ method: 'POST', url: url('/undo'), headers: editor.headers });
    expect(undo.statusCode).toBe(409);
    expect(undo.json<{ detail: string }>().detail).toContain('закрито');
  });
});
