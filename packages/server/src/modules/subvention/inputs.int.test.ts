/**
 * The maintained inputs of the subvention (migration 0013): the per-school cells persisted by date follow the pupil
 * change feed. Pupils move, change their form of education, arrive and leave; after a refresh the persisted cells of
 * each date equal the national aggregate computed afresh — also for a change made in a transaction that started
 * before the previous refresh and committed after it (on PostgreSQL, where transactions run side by side).
 */
import { CLASS_FORMS } from '@aikom/domain/subvention/groups';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../db/database';
import { enginesUnderTest } from '../../../test/engines';
import { insertCurrentSchoolYear } from '../../../test/factories';
import { createTestApp, TEST_NOW, type TestApp } from '../../../test/harness';
import { seedSynthetic } from '../seed/load-synthetic';
import { SubventionRepository, type CellRow } from './repository';
import { MAX_MATERIALISED, SnapshotLoader, statisticalDates, toSnapshot } from './snapshot';
import type { SubventionTx } from '../../db/schema-subvention';

const TODAY = TEST_NOW.toISOString().slice(0, 10);
const DATES = [TODAY, '2025-09-05'];

const canonical = (rows: readonly CellRow[]) =>
  rows
    .map((r) =>
      JSON.stringify([
        r.school_id,
        r.level,
        r.education_form,
        r.special_needs,
        r.instruction_language,
        r.lives_elsewhere,
        r.pupils,
        r.classes,
      ]),
    )
    .sort();

interface Spell {
  id: string;
  person_id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  school_year: number;
  grade: number;
  class_letter: string;
}

describe.each(enginesUnderTest())('the maintained subvention inputs on %s', (engine) => {
  let t: TestApp;
  const repo = new SubventionRepository();

  /** The aggregate computed afresh from the pupils. */
  const fresh = (asOf: string) =>
    t.ctx.db.system((trx) => repo.cells(trx as unknown as SubventionTx, asOf, CLASS_FORMS)).then(canonical);
  /** What is persisted for the date. */
  const persisted = async (asOf: string) =>
    canonical(
      (
        await sql<CellRow>`
          SELECT school_id, level, education_form, special_needs, instruction_language, lives_elsewhere, pupils, classes
          FROM subvention_input_cell WHERE as_of = ${asOf}::date`.execute(t.ctx.db.kysely)
      ).rows,
    );
  const expectCurrent = async () => {
    for (const asOf of DATES) {
      const want = await fresh(asOf);
      expect(want.length).toBeGreaterThan(0);
      expect(await persisted(asOf), asOf).toEqual(want);
    }
  };
  /** The open spells of the date at the schools with the most pupils. */
  const openSpells = async () =>
    (
      await sql<Spell>`
        SELECT e.id, e.person_id, e.school_id, e.ouo_id, e.region_id, e.school_year, e.grade, e.class_letter
        FROM enrolment e WHERE e.exit_date IS NULL AND e.entry_date <= ${DATES[1]}::date
        ORDER BY e.school_id, e.id`.execute(t.ctx.db.kysely)
    ).rows;
  const event = (trx: Tx, personId: string, schoolId: string, kind: string) =>
    sql`INSERT INTO pupil_event (person_id, school_id, source, kind) VALUES (${personId}::uuid, ${schoolId}::uuid,
      'test', ${kind})`.execute(trx);

  beforeAll(async () => {
    t = await createTestApp(engine);
    await insertCurrentSchoolYear(t.ctx);
    await seedSynthetic(t.ctx, { preset: 'demo', seed: 5 });
  });
  afterAll(async () => t?.close());

  it('keeps the statistical dates of the portal: today and 5 September of the school year', () => {
    expect(statisticalDates(TEST_NOW)).toEqual(['2025-10-15', '2025-09-05']);
    // Late in the evening in UTC it is already tomorrow in Kyiv; in August the school year is the one ending.
    expect(statisticalDates(new Date('2026-08-31T22:30:00Z'))).toEqual(['2026-08-31', '2026-09-01', '2025-09-05']);
  });

  it('builds the dates, then follows transfers, changed forms, new pupils and exits', async () => {
    const loader = new SnapshotLoader(t.ctx);
    const built = await loader.refreshMaintained(DATES);
    expect(built.map((s) => s.built)).toEqual([true, true]);
    await expectCurrent();
    // Nothing changed: the refresh reads no school again and keeps the generation.
    const idle = await loader.refreshMaintained(DATES);
    expect(idle.map((s) => [s.built, s.schools])).toEqual([
      [false, 0],
      [false, 0],
    ]);
    expect(idle.map((s) => s.generation)).toEqual(built.map((s) => s.generation));

    const spells = await openSpells();
    const schools = [...new Set(spells.map((s) => s.school_id))];
    expect(schools.length).toBeGreaterThanOrEqual(3);
    const [a, b] = [spells.filter((s) => s.school_id === schools[0]), spells.filter((s) => s.school_id === schools[1])];
    const [mover, changer, leaver] = [a[0]!, a[1]!, b[0]!];
    const target = b[1]!;
    await t.ctx.db.system(async (trx) => {
      // A transfer: the pupil's last day in the old school is yesterday, today they start in the other one. Only the
      // new school is named by the event (the old school's count drops all the same).
      await sql`UPDATE enrolment SET exit_date = ${TODAY}::date - 1, exit_reason = 'transfer' WHERE id = ${mover.id}::uuid`.execute(
        trx,
      );
      await sql`
        INSERT INTO enrolment (id, person_id, school_id, ouo_id, region_id, school_year, grade, class_letter, entry_date,
          entry_basis, previous_enrolment_id)
        VALUES (gen_random_uuid(), ${mover.person_id}::uuid, ${target.school_id}::uuid, ${target.ouo_id}::uuid,
          ${target.region_id}::uuid, ${target.school_year}, ${target.grade}, ${target.class_letter}, ${TODAY}::date,
          'transfer', ${mover.id}::uuid)`.execute(trx);
      await event(trx, mover.person_id, target.school_id, 'transferred');
      // A changed form of education (out of the class forms: the school's classes may change too).
      await sql`UPDATE person SET education_form = 'family' WHERE id = ${changer.person_id}::uuid`.execute(trx);
      await event(trx, changer.person_id, changer.school_id, 'updated');
      // An exit on 1 October: counted on 5 September, not today.
      await sql`UPDATE enrolment SET exit_date = '2025-10-01', exit_reason = 'abroad' WHERE id = ${leaver.id}::uuid`.execute(
        trx,
      );
      await event(trx, leaver.person_id, leaver.school_id, 'exited');
      // A new pupil, enrolled since 1 September in a class of their own.
      const person = await sql<{ id: string }>`
        INSERT INTO person (id, last_name, first_name, sex, name_key, phonetic_key, education_form)
        VALUES (gen_random_uuid(), 'Новенька', 'Олена', 'female', 'новенька олена', 'novenka olena', 'day')
        RETURNING id`.execute(trx);
      const newcomer = person.rows[0]!.id;
      await sql`
        INSERT INTO enrolment (id, person_id, school_id, ouo_id, region_id, school_year, grade, class_letter, entry_date,
          entry_basis)
        VALUES (gen_random_uuid(), ${newcomer}::uuid, ${schools[2]!}::uuid, ${target.ouo_id}::uuid,
          ${target.region_id}::uuid, ${target.school_year}, 12, 'Я', '2025-09-01', 'enrolment')`.execute(trx);
      await event(trx, newcomer, schools[2]!, 'enrolled');
    });
    const stale = await persisted(TODAY);
    expect(stale).not.toEqual(await fresh(TODAY));
    const after = await loader.refreshMaintained(DATES);
    expect(after.map((s) => s.built)).toEqual([false, false]);
    for (const s of after) expect(s.schools).toBeGreaterThanOrEqual(3);
    await expectCurrent();

    // A process's copy in memory reads only the schools changed since it, and equals a snapshot made afresh.
    const before = await loader.load({ national: true }, TODAY);
    await t.ctx.db.system(async (trx) => {
      await sql`UPDATE person SET special_needs = NOT special_needs WHERE id = ${target.person_id}::uuid`.execute(trx);
      await event(trx, target.person_id, target.school_id, 'updated');
    });
    const again = await loader.load({ national: true }, TODAY);
    expect(again.source).toBe('maintained');
    expect(again.refreshed).toBe(1);
    expect(again.dataVersion).not.toBe(before.dataVersion);
    const direct = await t.ctx.db.system(async (trx) => {
      const x = trx as unknown as SubventionTx;
      return toSnapshot(
        TODAY,
        await repo.schools(x),
        await repo.cells(x, TODAY, CLASS_FORMS),
        await repo.territories(x, TODAY),
      );
    });
    const sorted = (s: typeof direct) => ({
      cells: s.cells.map((c) => JSON.stringify(c)).sort(),
      classes: s.classes.map((c) => JSON.stringify(c)).sort(),
    });
    expect(sorted(again.snapshot)).toEqual(sorted(direct));
    const cached = await loader.load({ national: true }, TODAY);
    expect([cached.cached, cached.source]).toEqual([true, 'memory']);
    // After a restart (nothing in memory) the allocation reads the persisted cells: no build.
    loader.forget();
    const restarted = await loader.load({ national: true }, TODAY);
    expect(restarted.source).toBe('maintained');
    expect(sorted(restarted.snapshot)).toEqual(sorted(direct));
  });

  it.runIf(engine === 'postgres')(
    'sees a change of a transaction that started before a refresh and committed after it',
    async () => {
      const loader = new SnapshotLoader(t.ctx);
      await loader.refreshMaintained(DATES);
      const spells = await openSpells();
      const [slow, quick] = [spells[10]!, spells[spells.length - 10]!];
      let written!: () => void;
      let release!: () => void;
      const wrote = new Promise<void>((r) => (written = r));
      const gate = new Promise<void>((r) => (release = r));
      // The slow transaction writes its change and its event (the lower id), then waits.
      const open = t.ctx.db.system(async (trx) => {
        await sql`UPDATE enrolment SET exit_date = '2025-09-01', exit_reason = 'abroad' WHERE id = ${slow.id}::uuid`.execute(
          trx,
        );
        await event(trx, slow.person_id, slow.school_id, 'exited');
        written();
        await gate;
      });
      await wrote;
      // A later event commits first: the refresh's watermark passes the slow event's id.
      await t.ctx.db.system(async (trx) => {
        await sql`UPDATE person SET instruction_language = 'en' WHERE id = ${quick.person_id}::uuid`.execute(trx);
        await event(trx, quick.person_id, quick.school_id, 'updated');
      });
      const during = await loader.refreshMaintained(DATES);
      expect(during.map((s) => s.schools).every((n) => n >= 1)).toBe(true);
      await expectCurrent();
      const watermark = during[0]!.eventWatermark;
      release();
      await open;
      const slowEvent = await sql<{ id: number }>`
        SELECT max(id)::integer AS id FROM pupil_event WHERE person_id = ${slow.person_id}::uuid AND kind = 'exited'`.execute(
        t.ctx.db.kysely,
      );
      expect(slowEvent.rows[0]!.id).toBeLessThan(watermark);
      expect(await persisted(TODAY)).not.toEqual(await fresh(TODAY));
      const after = await loader.refreshMaintained(DATES);
      expect(after.map((s) => s.schools).every((n) => n >= 1)).toBe(true);
      await expectCurrent();
    },
  );

  it('keeps a bounded number of dates, the least recently used evicted first', async () => {
    const loader = new SnapshotLoader(t.ctx);
    const extra = ['2025-09-10', '2025-09-11', '2025-09-12', '2025-09-13', '2025-09-14', '2025-09-15'];
    for (const asOf of extra) await loader.load({ national: true }, asOf);
    const dates = (await t.ctx.db.system((trx) => repo.inputDates(trx as unknown as SubventionTx))).map((d) => d.as_of);
    expect(dates.length).toBe(MAX_MATERIALISED);
    expect(dates).toEqual(extra.slice(-MAX_MATERIALISED).sort());
    // The request role cannot read or write the tables behind the functions.
    await expect(
      t.ctx.db.scoped({ national: true }, (trx) => sql`SELECT * FROM subvention_input_cell LIMIT 1`.execute(trx)),
    ).rejects.toThrow(/permission denied/);
    await expect(
      t.ctx.db.scoped({ national: true }, (trx) => sql`DELETE FROM subvention_input`.execute(trx)),
    ).rejects.toThrow(/permission denied/);
  });
});
