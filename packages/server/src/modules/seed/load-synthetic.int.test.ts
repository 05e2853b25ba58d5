/**
 * The synthetic load drops the pupil tables' secondary indexes and foreign keys for the bulk COPY and puts them back
 * in the same transaction: afterwards the schema is exactly what the migrations made, and the keys hold.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { insertCurrentSchoolYear } from '../../../test/factories';
import { createTestApp, type TestApp } from '../../../test/harness';
import { seedSynthetic } from './load-synthetic';

const TABLES = ['person', 'enrolment', 'displacement_record', 'contact_record', 'pupil_event'];

async function schemaOf(t: TestApp): Promise<string[]> {
  const q = await sql<{ item: string }>`
    SELECT 'constraint ' || c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS item
    FROM pg_constraint c
    WHERE c.conrelid = ANY (SELECT x::regclass FROM unnest(${TABLES}::text[]) AS x)
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY (${TABLES}::text[])
    ORDER BY 1`.execute(t.ctx.db.kysely);
  return q.rows.map((r) => r.item);
}

describe.each(enginesUnderTest())('the synthetic load on %s', (engine) => {
  let t: TestApp;
  let before: string[];
  beforeAll(async () => {
    t = await createTestApp(engine);
    await insertCurrentSchoolYear(t.ctx);
    before = await schemaOf(t);
    await seedSynthetic(t.ctx, { preset: 'demo', seed: 3 });
  });
  afterAll(async () => t?.close());

  it('leaves every index and key of the pupil tables as the migrations made them', async () => {
    expect(before.filter((x) => x.includes('FOREIGN KEY')).length).toBeGreaterThanOrEqual(10);
    expect(await schemaOf(t)).toEqual(before);
  });

  it('loads pupils whose keys hold: a spell pointing at no person is refused', async () => {
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM enrolment`.execute(t.ctx.db.kysely);
    expect(n.rows[0]!.n).toBeGreaterThan(1000);
    const spell = await sql<Record<string, unknown>>`SELECT * FROM enrolment LIMIT 1`.execute(t.ctx.db.kysely);
    const row = spell.rows[0]!;
    await expect(
      sql`UPDATE enrolment SET person_id = ${'0190c9a2-0000-7000-8000-00000000dead'}::uuid WHERE id = ${row.id as string}::uuid`.execute(
        t.ctx.db.kysely,
      ),
    ).rejects.toThrow(/foreign key/);
  });
});
