/**
 * Row-level security on its own: these queries go straight to the database under an actor's scope, with no
 * application check in between, to prove that the database itself refuses what is out of scope.
 */
import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../test/engines';
import { createCascade, createUser, type Cascade } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/harness';
import type { DbScope } from './database';

describe.each(enginesUnderTest())('row-level security on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  const persons: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31' })
      .execute();
    for (const [key, school] of [
      ['a', c.schools[0]],
      ['b', c.schools[1]],
      ['far', c.schools[4]],
    ] as const) {
      const id = uuidv7();
      persons[key] = id;
      await t.ctx.db.kysely
        .insertInto('person')
        .values({
          id,
          last_name: 'Тест',
          first_name: key,
          sex: 'male',
          birth_date: '2015-01-01',
          name_key: `тест ${key}`,
          phonetic_key: `test ${key}`,
          school_id: school.id,
          ouo_id: school.ouoId,
          region_id: school.regionId,
        })
        .execute();
      await t.ctx.db.kysely
        .insertInto('enrolment')
        .values({
          id: uuidv7(),
          person_id: id,
          school_id: school.id,
          ouo_id: school.ouoId!,
          region_id: school.regionId!,
          school_year: 2025,
          grade: 5,
          class_letter: 'А',
          entry_date: '2025-09-01',
        })
        .execute();
      await t.ctx.db.kysely
        .insertInto('pupil_event')
        .values({
          person_id: id,
          school_id: school.id,
          ouo_id: school.ouoId,
          region_id: school.regionId,
          source: 'test',
          kind: 'created',
        })
        .execute();
    }
    for (const school of [c.schools[0], c.schools[4]]) await createUser(t.ctx, 'school_editor', school);
  });
  afterAll(async () => t?.close());

  const visible = async (scope: DbScope, table: 'person' | 'enrolment' | 'pupil_event') =>
    t.ctx.db.scoped(
      scope,
      async (trx) =>
        (await trx
          .selectFrom(table)
          .select('person_id' as never)
          .execute()) as unknown[],
    );

  const names = async (scope: DbScope) =>
    t.ctx.db.scoped(scope, async (trx) =>
      (await trx.selectFrom('person').select('first_name').orderBy('first_name').execute()).map((p) => p.first_name),
    );

  it('shows each scope exactly its pupils', async () => {
    expect(await names({ school: c.schools[0].id })).toEqual(['a']);
    expect(await names({ ouo: c.ouos[0].id })).toEqual(['a', 'b']);
    expect(await names({ region: c.regions[0].id })).toEqual(['a', 'b']);
    expect(await names({ region: c.regions[1].id })).toEqual(['far']);
    expect(await names({ national: true })).toEqual(['a', 'b', 'far']);
    expect(await names({ schools: [c.schools[1].id, c.schools[4].id] })).toEqual(['b', 'far']);
    expect(await names({})).toEqual([]);
  });

  it('applies to enrolments, events and histories as well', async () => {
    for (const table of ['enrolment', 'pupil_event'] as const) {
      expect(await visible({ school: c.schools[0].id }, table)).toHaveLength(1);
      expect(await visible({}, table)).toHaveLength(0);
    }
  });

  it('refuses to update or insert rows outside the scope', async () => {
    const updated = await t.ctx.db.scoped({ school: c.schools[0].id }, (trx) =>
      trx.updateTable('person').set({ first_name: 'змінено' }).where('id', '=', persons.far!).executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
    await expect(
      t.ctx.db.scoped({ school: c.schools[0].id }, (trx) =>
        trx
          .insertInto('person')
          .values({
            id: uuidv7(),
            last_name: 'Чужий',
            first_name: 'x',
            sex: 'male',
            birth_date: '2015-01-01',
            name_key: 'x',
            phonetic_key: 'x',
            school_id: c.schools[4].id,
            ouo_id: c.schools[4].ouoId,
            region_id: c.schools[4].regionId,
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const orgUpdate = await t.ctx.db.scoped({ ouo: c.ouos[0].id }, (trx) =>
      trx.updateTable('organisation').set({ address: 'x' }).where('id', '=', c.schools[4].id).executeTakeFirst(),
    );
    expect(Number(orgUpdate.numUpdatedRows)).toBe(0);
  });

  it('hides staff and organisations of other scopes', async () => {
    const users = await t.ctx.db.scoped({ school: c.schools[0].id }, (trx) =>
      trx.selectFrom('app_user').select('organisation_id').execute(),
    );
    expect(users.map((u) => u.organisation_id)).toEqual([c.schools[0].id]);
    const orgs = await t.ctx.db.scoped(
      { school: c.schools[0].id, ownOuo: c.ouos[0].id, ownRegion: c.regions[0].id },
      (trx) => trx.selectFrom('organisation').select('id').execute(),
    );
    expect(orgs.map((o) => o.id).sort()).toEqual(
      [c.ministry.id, c.regions[0].id, c.ouos[0].id, c.schools[0].id].sort(),
    );
  });

  it('does not let the request role write or rewrite the audit log directly', async () => {
    await expect(t.ctx.db.scoped({ national: true }, (trx) => sql`DELETE FROM audit_log`.execute(trx))).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      t.ctx.db.scoped({ national: true }, (trx) => sql`UPDATE audit_log SET action = 'x'`.execute(trx)),
    ).rejects.toThrow(/permission denied/);
    await expect(
      t.ctx.db.scoped({ national: true }, (trx) =>
        sql`INSERT INTO audit_log (id, at, client, action, prev_hash, hash) VALUES (999999, now(), 'x', 'x', '\\x', '\\x')`.execute(
          trx,
        ),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      t.ctx.db.scoped({ national: true }, (trx) => sql`SELECT csrf_token FROM user_session`.execute(trx)),
    ).rejects.toThrow(/permission denied/);
  });

  it('runs requests as a role without BYPASSRLS that owns nothing', async () => {
    const r = await t.ctx.db.scoped({}, (trx) =>
      sql<{ user: string; bypass: boolean; owns: number }>`
        SELECT current_user AS user, (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user) AS bypass,
          (SELECT count(*)::int FROM pg_tables WHERE tableowner = current_user) AS owns`.execute(trx),
    );
    expect(r.rows[0]).toEqual({ user: 'aikom_app', bypass: false, owns: 0 });
  });
});
