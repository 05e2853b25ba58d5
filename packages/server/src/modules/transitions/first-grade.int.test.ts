import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, createUser, pupilRecord, signIn, type Cascade, type Session } from '../../../test/factories';
import { createTestApp, type TestApp } from '../../../test/harness';
import { upload, workbookOf } from '../imports/testing';
import { entryBasisOf } from './first-grade';
import { schoolYears, seedClasses } from './testing';

describe.each(enginesUnderTest())('first graders on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let editor: Session;
  let otherEditor: Session;
  const firstGrader = (over: Record<string, unknown> = {}) =>
    pupilRecord(c.schools[0], {
      lastName: 'Яковенко',
      firstName: 'Софія',
      middleName: 'Андріївна',
      sex: 'female',
      birthDate: '2020-02-11',
      birthCertificate: { series: 'І-КИ', number: '654321' },
      enrollment: { schoolEdrpou: c.schools[0].edrpou, schoolYear: '2026-2027', grade: 1, entryDate: '2026-09-01' },
      ...over,
    });
  const enrol = (payload: Record<string, unknown>, s = editor, school = c.schools[0].id) =>
    t.app.inject({ method: 'POST', url: `/api/v1/schools/${school}/first-graders`, headers: s.headers, payload });

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await schoolYears(t.ctx, [{ id: 2025 }, { id: 2026 }]);
    editor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[0], { totp: true }));
    t.advance(31_000);
    otherEditor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[4], { totp: true }));
  });
  afterAll(async () => t?.close());

  it('enrols a first grader through the ordinary create path, recorded as a first-grade enrolment', async () => {
    const r = await enrol({ record: firstGrader() });
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json<{ id: string; warnings: Array<{ code: string }> }>();
    expect(body.warnings.map((w) => w.code)).not.toContain('FIRST_GRADE_AFTER_DEADLINE');
    const spell = await t.ctx.db.kysely
      .selectFrom('enrolment')
      .selectAll()
      .where('person_id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect([spell.school_year, spell.grade, spell.entry_basis]).toEqual([2026, 1, 'first_grade']);
    const events = await t.ctx.db.kysely
      .selectFrom('pupil_event')
      .select('kind')
      .where('person_id', '=', body.id)
      .execute();
    expect(events.map((e) => e.kind)).toEqual(['created']);
  });

  it('detects the same child across the whole registry', async () => {
    const here = await enrol({ record: firstGrader() });
    expect(here.statusCode).toBe(409);
    const elsewhere = await enrol(
      { record: firstGrader({ enrollment: { schoolEdrpou: c.schools[4].edrpou, schoolYear: '2026-2027', grade: 1 } }) },
      otherEditor,
      c.schools[4].id,
    );
    expect(elsewhere.statusCode).toBe(409);
    expect(elsewhere.json()).toMatchObject({ code: 'DUPLICATE_PERSON', holder: { edrpou: c.schools[0].edrpou } });
  });

  it('warns about an application after 31 May, and takes grade 1 of this school only', async () => {
    const late = await enrol({
      record: firstGrader({ lastName: 'Петренко', birthCertificate: { series: 'І-КИ', number: '111222' } }),
      applicationDate: '2026-06-10',
    });
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json<{ warnings: Array<{ code: string; message: string }> }>().warnings[0]).toEqual({
      code: 'FIRST_GRADE_AFTER_DEADLINE',
      path: '/applicationDate',
      message:
        'Заяви про зарахування до 1 класу на 2026-2027 навчальний рік приймають до 31.05.2026: після цієї дати дитину зараховують на вільні місця.',
    });
    const second = await enrol({
      record: firstGrader({ enrollment: { schoolEdrpou: c.schools[0].edrpou, schoolYear: '2026-2027', grade: 2 } }),
    });
    expect(second.json<{ errors: Array<{ code: string }> }>().errors.map((e) => e.code)).toEqual(['FIRST_GRADE_ONLY']);
    const foreign = await enrol({ record: firstGrader({ lastName: 'Остапенко' }) }, otherEditor);
    expect([403, 404]).toContain(foreign.statusCode);
  });

  it('names the entry basis an import of new records should use', () => {
    expect(entryBasisOf({ enrollment: { schoolEdrpou: '1', schoolYear: '2026-2027', grade: 1 } })).toBe('first_grade');
    expect(entryBasisOf({ enrollment: { schoolEdrpou: '1', schoolYear: '2026-2027', grade: 5 } })).toBe('enrolment');
    expect(entryBasisOf({})).toBe('enrolment');
  });

  it('records the grade-1 rows of an XLSX import (the pupil template) as first-grade enrolments', async () => {
    await t.ctx.jobs.stop();
    const res = await upload(
      t.app,
      editor.headers,
      c.schools[0].id,
      'pershoklasnyky.xlsx',
      await workbookOf([
        ['Прізвище', 'Імʼя', 'Стать', 'Дата народження', 'Клас (номер)'],
        ['Гнатюк', 'Марко', 'чоловіча', '03.03.2019', 1],
        ['Гнатюк', 'Ярина', 'жіноча', '04.04.2016', 4],
      ]),
    );
    expect(res.statusCode, res.body).toBe(202);
    const { importId } = res.json<{ importId: string }>();
    await t.ctx.jobs.drain();
    const commit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${importId}/commit`,
      headers: editor.headers,
      payload: { mode: 'all_or_nothing' },
    });
    expect(commit.statusCode, commit.body).toBeLessThan(300);
    await t.ctx.jobs.drain();
    const spells = await t.ctx.db.kysely
      .selectFrom('enrolment')
      .innerJoin('person', 'person.id', 'enrolment.person_id')
      .select(['person.first_name', 'enrolment.grade', 'enrolment.entry_basis'])
      .where('person.last_name', '=', 'Гнатюк')
      .orderBy('enrolment.grade')
      .execute();
    expect(spells).toEqual([
      { first_name: 'Марко', grade: 1, entry_basis: 'first_grade' },
      { first_name: 'Ярина', grade: 4, entry_basis: 'enrolment' },
    ]);
  });

  it('forms balanced classes by sex balance within the legal maximum, and applies them as class changes', async () => {
    await seedClasses(t.ctx, c.schools[0], 2026, [{ grade: 1, classLetter: 'А', pupils: 29 }]);
    const form = (apply: boolean, extra: Record<string, unknown> = {}) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/schools/${c.schools[0].id}/first-graders/classes`,
        headers: editor.headers,
        payload: { schoolYear: '2026-2027', method: 'sex_balance', apply, ...extra },
      });
    const proposal = await form(false);
    expect(proposal.statusCode, proposal.body).toBe(200);
    const p = proposal.json<{
      maxClassSize: number;
      moved: number;
      classes: Array<{ label: string; boys: number; girls: number; pupils: unknown[] }>;
    }>();
    expect(p.maxClassSize).toBe(24);
    expect(p.classes.map((x) => [x.label, x.pupils.length])).toEqual([
      ['1-А', 16],
      ['1-Б', 15],
    ]);
    // Each sex is spread evenly over the classes.
    expect(Math.abs(p.classes[0]!.boys - p.classes[1]!.boys)).toBeLessThanOrEqual(1);
    expect(Math.abs(p.classes[0]!.girls - p.classes[1]!.girls)).toBeLessThanOrEqual(1);
    expect(p.moved).toBe(15);
    const list = async () =>
      (
        await t.app.inject({
          url: `/api/v1/schools/${c.schools[0].id}/first-graders?schoolYear=2026-2027`,
          headers: editor.headers,
        })
      ).json<{ items: Array<{ classLetter: string; entryBasis: string }> }>().items;
    expect(new Set((await list()).map((x) => x.classLetter))).toEqual(new Set(['А']));
    const applied = await form(true);
    expect(applied.statusCode, applied.body).toBe(200);
    const after = await list();
    expect(after.filter((x) => x.classLetter === 'Б')).toHaveLength(15);
    expect(after.filter((x) => x.classLetter === 'Б').every((x) => x.entryBasis === 'class_change')).toBe(true);
    // The former spells are closed, not rewritten.
    const closed = await t.ctx.db.kysely
      .selectFrom('enrolment')
      .select(['exit_date', 'exit_reason'])
      .where('school_id', '=', c.schools[0].id)
      .where('exit_reason', '=', 'class_change')
      .execute();
    expect(closed).toHaveLength(15);
    expect(closed.every((x) => x.exit_date === '2026-09-01')).toBe(true);
    // Forming again changes nothing; a smaller maximum gives more classes.
    expect((await form(true)).json<{ moved: number }>().moved).toBe(0);
    expect((await form(false, { maxClassSize: 10 })).json<{ classes: unknown[] }>().classes).toHaveLength(4);
  });

  it('forms classes only before the school year starts', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${c.schools[0].id}/first-graders/classes`,
      headers: editor.headers,
      payload: { schoolYear: '2025-2026', method: 'alphabetical', apply: true },
    });
    expect(r.statusCode).toBe(409);
  });
});
