import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, type Cascade } from '../../../test/factories';
import { createTestApp, type TestApp } from '../../../test/harness';
import { schoolYears, seedClasses, type SeededPupil } from './testing';

/**
 * The in-transit pool's exits (transit_exit, migration 0015): a row exists exactly while its spell is closed with a
 * reason after which the child must be enrolled elsewhere (a transfer, "other", or graduating before grade 11), so
 * that undoing a transition, which reopens every spell it closed, touches only the spells that have one.
 */
describe.each(enginesUnderTest())('the in-transit exit of a spell on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let pupils: SeededPupil[];
  beforeAll(async () => {
    t = await createTestApp(engine, { now: new Date('2025-06-16T09:00:00Z') });
    c = await createCascade(t.ctx);
    await schoolYears(t.ctx, [{ id: 2024 }]);
    pupils = await seedClasses(t.ctx, c.schools[0], 2024, [
      { grade: 5, classLetter: 'А', pupils: 1 },
      { grade: 11, classLetter: 'А', pupils: 1 },
    ]);
  });
  afterAll(async () => t?.close());

  const spellOf = async (p: SeededPupil) =>
    (
      await t.ctx.db.kysely
        .selectFrom('enrolment')
        .select('id')
        .where('person_id', '=', p.id)
        .orderBy('entry_date', 'desc')
        .executeTakeFirstOrThrow()
    ).id;
  const close = (id: string, date: string | null, reason: string | null) =>
    sql`UPDATE enrolment SET exit_date = ${date}::date, exit_reason = ${reason} WHERE id = ${id}::uuid`.execute(
      t.ctx.db.kysely,
    );
  const exitOf = async (id: string) =>
    (
      await sql<{ exit_reason: string; exit_date: string }>`
        SELECT exit_reason, exit_date::text AS exit_date FROM transit_exit WHERE enrolment_id = ${id}::uuid`.execute(
        t.ctx.db.kysely,
      )
    ).rows;

  it('follows the closing reason: recorded, moved, withdrawn when the reason no longer calls for it, and on reopening', async () => {
    const id = await spellOf(pupils[0]!);
    await close(id, '2025-05-20', 'transfer');
    expect(await exitOf(id)).toEqual([{ exit_reason: 'transfer', exit_date: '2025-05-20' }]);
    await close(id, '2025-05-21', 'other');
    expect(await exitOf(id)).toEqual([{ exit_reason: 'other', exit_date: '2025-05-21' }]);
    // Abroad is not in transit (the migration report follows it): the row goes.
    await close(id, '2025-05-21', 'abroad');
    expect(await exitOf(id)).toEqual([]);
    await close(id, '2025-05-22', 'transfer');
    expect(await exitOf(id)).toHaveLength(1);
    await close(id, null, null);
    expect(await exitOf(id)).toEqual([]);
    // Promoted at the year's end: nothing to follow up.
    await close(id, '2025-08-31', 'promoted');
    expect(await exitOf(id)).toEqual([]);
    await close(id, null, null);
  });

  it('records a graduate only before grade 11', async () => {
    const fifth = await spellOf(pupils[0]!);
    const eleventh = await spellOf(pupils[1]!);
    await close(fifth, '2025-08-31', 'graduated');
    await close(eleventh, '2025-08-31', 'graduated');
    expect(await exitOf(fifth)).toHaveLength(1);
    expect(await exitOf(eleventh)).toEqual([]);
    await close(fifth, null, null);
    await close(eleventh, null, null);
    expect(await exitOf(fifth)).toEqual([]);
  });
});
