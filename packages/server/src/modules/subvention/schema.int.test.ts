import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { createTestDatabase, enginesUnderTest, type TestDatabase } from '../../../test/engines';
import { SUBVENTION_TABLE_COLUMNS, type SubventionTx } from '../../db/schema-subvention';

describe.each(enginesUnderTest())('the subvention tables on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine, { reference: false });
  });
  afterAll(async () => t?.drop());

  it('have exactly the columns the query types declare', async () => {
    const rows = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`.execute(
      t.db.kysely,
    );
    const actual = new Map<string, string[]>();
    for (const r of rows.rows) actual.set(r.table_name, [...(actual.get(r.table_name) ?? []), r.column_name]);
    for (const [table, cols] of Object.entries(SUBVENTION_TABLE_COLUMNS))
      expect(actual.get(table)?.sort(), table).toEqual([...(cols as readonly string[])].sort());
  });

  it('keep a draft scenario its author’s and parameter versions unchangeable, in the database itself', async () => {
    const author = uuidv7();
    const other = uuidv7();
    const tx = (scope: { actor: string }, fn: (trx: SubventionTx) => Promise<unknown>) =>
      t.db.scoped({ national: true, ...scope }, (trx) => fn(trx as unknown as SubventionTx));
    await tx({ actor: author }, async (trx) => {
      await trx
        .insertInto('subvention_parameter_set')
        .values({ id: 'test-set', budget_year: 2026, name: 'Тестовий набір', created_by: author })
        .execute();
      await trx
        .insertInto('subvention_parameter_version')
        .values({ set_id: 'test-set', version: 1, params: '{}', note: null, created_by: author })
        .execute();
      await trx
        .insertInto('subvention_scenario')
        .values({
          id: uuidv7(),
          name: 'чернетка',
          description: null,
          base_set_id: 'test-set',
          base_version: 1,
          as_of: '2025-10-15',
          changes: '{}',
          created_by: author,
        })
        .execute();
    });
    const seen = (actor: string) =>
      tx({ actor }, (trx) => trx.selectFrom('subvention_scenario').select('name').execute());
    expect(await seen(author)).toEqual([{ name: 'чернетка' }]);
    expect(await seen(other)).toEqual([]);
    // Someone else's scenario cannot be written in their name, nor a version rewritten.
    await expect(
      tx({ actor: other }, (trx) =>
        trx
          .insertInto('subvention_scenario')
          .values({
            id: uuidv7(),
            name: 'підробка',
            description: null,
            base_set_id: 'test-set',
            base_version: 1,
            as_of: '2025-10-15',
            changes: '{}',
            created_by: author,
          })
          .execute(),
      ),
    ).rejects.toThrow();
    await expect(
      tx({ actor: author }, (trx) =>
        trx.updateTable('subvention_parameter_version').set({ note: 'переписано' }).execute(),
      ),
    ).rejects.toThrow();
    await expect(tx({ actor: author }, (trx) => trx.deleteFrom('subvention_run').execute())).rejects.toThrow();
  });
});
