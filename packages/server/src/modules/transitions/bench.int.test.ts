import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, type Cascade } from '../../../test/factories';
import { createTestApp, type TestApp } from '../../../test/harness';
import { benchTransition } from './bench';
import { schoolYears, seedClasses } from './testing';

describe.each(enginesUnderTest())('the transition benchmark on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  beforeAll(async () => {
    t = await createTestApp(engine, { now: new Date('2025-06-16T09:00:00Z') });
    c = await createCascade(t.ctx);
    await schoolYears(t.ctx, [{ id: 2024 }]);
    for (const school of c.schools.slice(0, 3))
      await seedClasses(t.ctx, school, 2024, [
        { grade: 4, classLetter: 'А', pupils: 3 },
        { grade: 11, classLetter: 'А', pupils: 2 },
      ]);
  });
  afterAll(async () => t?.close());

  it('times the baseline and the transition of every school, then undoes it all', async () => {
    const spells = () =>
      t.ctx.db.kysely.selectFrom('enrolment').select(['id', 'exit_date', 'exit_reason']).orderBy('id').execute();
    const before = await spells();
    const notes: string[] = [];
    const r = await benchTransition(t.ctx, {
      fromYear: 2024,
      batchSchools: 2,
      onProgress: (_d, _t, note) => notes.push(note),
    });
    // 15 spells closed and 9 opened (the grade 4 pupils; grade 11 graduates): the baseline copies the same 24 rows.
    expect(r).toMatchObject({
      engine,
      fromYear: '2024-2025',
      schools: 8,
      blocked: 0,
      pupils: 15,
      baselineRows: 24,
      spellsWritten: 24,
    });
    expect(r.baselineMs).toBeGreaterThanOrEqual(0);
    expect(r.ratio).toBeGreaterThan(0);
    expect(r.transitionMs).toBeGreaterThan(0);
    expect(r.undoMs).not.toBeNull();
    expect(notes).toContain('базовий INSERT … SELECT');
    expect(await spells()).toEqual(before);
    const tables = await t.ctx.db.kysely
      .selectFrom('information_schema.tables' as never)
      .select('table_name' as never)
      .where('table_name' as never, '=', 'bench_enrolment_copy' as never)
      .execute();
    expect(tables).toEqual([]);
  });
});
