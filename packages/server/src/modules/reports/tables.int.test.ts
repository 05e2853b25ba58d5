/**
 * The report tables: their columns match the query types (db/schema-reports.ts), and the database on its own keeps
 * each scope to its rows (row-level security, the definer functions' scope checks).
 */
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_TABLE_COLUMNS, type ReportTx } from '../../db/schema-reports';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, createUser, pupilRecord, signIn, type Cascade } from '../../../test/factories';
import { createTestApp, type TestApp } from '../../../test/harness';
import { ReportService } from './service';

describe.each(enginesUnderTest())('report tables on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    let n = 600000;
    for (const school of [c.schools[0], c.schools[4]]) {
      const writer = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', school, { totp: true }));
      t.advance(31_000);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pupils',
        headers: writer.headers,
        payload: pupilRecord(school, {
          birthCertificate: { series: 'І-БК', number: String(++n) },
          birthDate: `2014-03-${10 + (n % 10)}`,
        }),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await new ReportService(t.ctx).refresh('cli', { date: '2025-09-05' });
  });
  afterAll(async () => t?.close());

  it('has exactly the columns the query types declare', async () => {
    const rows = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`.execute(
      t.ctx.db.kysely,
    );
    const actual = new Map<string, string[]>();
    for (const r of rows.rows) actual.set(r.table_name, [...(actual.get(r.table_name) ?? []), r.column_name]);
    for (const [table, cols] of Object.entries(REPORT_TABLE_COLUMNS))
      expect(actual.get(table)?.sort(), table).toEqual([...(cols as readonly string[])].sort());
  });

  it('a school sees its own report rows only, and no ОУО sums', async () => {
    const school = { school: c.schools[0].id, actor: uuidv7() };
    const rows = await t.ctx.db.scoped(school, async (trx) => {
      const r = trx as unknown as ReportTx;
      return {
        snapshots: await r.selectFrom('report_school_snapshot').select('school_id').execute(),
        ouo: await r.selectFrom('report_ouo_cell').select('ouo_id').execute(),
      };
    });
    expect(rows.snapshots.map((x) => x.school_id)).toEqual([c.schools[0].id]);
    expect(rows.ouo).toEqual([]);
    const region = await t.ctx.db.scoped({ region: c.regions[0].id, actor: uuidv7() }, (trx) =>
      (trx as unknown as ReportTx).selectFrom('report_ouo_cell').select('region_id').distinct().execute(),
    );
    expect(region.map((x) => x.region_id)).toEqual([c.regions[0].id]);
  });

  it('refuses an entered cell for a school outside the scope', async () => {
    const insert = (schoolId: string, ouoId: string, regionId: string) =>
      t.ctx.db.scoped({ school: c.schools[0].id, actor: uuidv7() }, (trx) =>
        (trx as unknown as ReportTx)
          .insertInto('report_entered_cell')
          .values({
            id: uuidv7(),
            school_id: schoolId,
            ouo_id: ouoId,
            region_id: regionId,
            school_year: 2025,
            cell: '9.1.1',
            value: 1,
            entered_by: null,
            entered_at: t.ctx.now(),
          })
          .execute(),
      );
    await expect(insert(c.schools[0].id, c.ouos[0].id, c.regions[0].id)).resolves.toBeDefined();
    await expect(insert(c.schools[4].id, c.ouos[2].id, c.regions[1].id)).rejects.toThrow(/row-level security/);
  });

  it('the contingent function counts only the schools of the caller’s scope', async () => {
    const count = (scope: Parameters<typeof t.ctx.db.scoped>[0]) =>
      t.ctx.db.scoped(scope, async (trx) => {
        const r = await sql<{ n: number }>`
          SELECT coalesce(sum(n), 0)::int AS n
          FROM aikom_report_contingent(${[c.schools[0].id, c.schools[4].id]}::uuid[], '2025-09-05'::date)`.execute(trx);
        return r.rows[0]!.n;
      });
    expect(await count({ school: c.schools[0].id, actor: uuidv7() })).toBe(1);
    expect(await count({ ouo: c.ouos[2].id, actor: uuidv7() })).toBe(1);
    expect(await count({ national: true, actor: uuidv7() })).toBe(2);
    expect(await count({ actor: uuidv7() })).toBe(0);
  });
});
