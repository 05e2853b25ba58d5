import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, enginesUnderTest, type TestDatabase } from '../../test/engines';
import { TABLE_COLUMNS } from './schema';

describe.each(enginesUnderTest())('schema on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine, { reference: false });
  });
  afterAll(async () => t?.drop());

  it('has exactly the columns the query types declare', async () => {
    const rows = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`.execute(
      t.db.kysely,
    );
    const actual = new Map<string, string[]>();
    for (const r of rows.rows) actual.set(r.table_name, [...(actual.get(r.table_name) ?? []), r.column_name]);
    for (const [table, cols] of Object.entries(TABLE_COLUMNS)) {
      expect(actual.get(table)?.sort(), table).toEqual([...(cols as readonly string[])].sort());
    }
  });

  it('keeps Cyrillic case-insensitive on this engine (Ґ, Є, І, Ї)', async () => {
    const r = await sql<{ l: string; u: string }>`SELECT lower('ҐЄІЇ Київ') AS l, upper('ґєії') AS u`.execute(
      t.db.kysely,
    );
    expect(r.rows[0]).toEqual({ l: 'ґєії київ', u: 'ҐЄІЇ' });
  });

  it('applies migrations once and refuses a changed one', async () => {
    const { migrate, loadMigrations } = await import('./migrate');
    expect((await migrate(t.db)).applied).toEqual([]);
    const changed = loadMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'different' } : m));
    await expect(migrate(t.db, changed)).rejects.toMatchObject({ code: 'MIGRATION_CHANGED' });
  });
});
