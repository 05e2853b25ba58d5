import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../../test/engines';
import { createCascade, createUser, pupilRecord, signIn, type Cascade, type Session } from '../../../../test/factories';
import { createTestApp, type TestApp } from '../../../../test/harness';
import { bearer, linkSchools, platformToken, registerTestPlatform, type TestPlatform } from '../testing';

interface Change {
  id: number;
  kind: string;
  event: string;
  pupilId: string;
  externalId: string | null;
  fields: string[];
  pupil: { record: { lastName: string; unzr?: string } } | null;
}
interface Page {
  items: Change[];
  nextCursor: string;
  hasMore: boolean;
  pending: boolean;
}

describe.each(enginesUnderTest())('the change feed on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let a: TestPlatform;
  let b: TestPlatform;
  let tokenA: string;
  let tokenB: string;
  let editor: Session;
  let otherEditor: Session;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    a = await registerTestPlatform(t.ctx, 'Журнал А');
    b = await registerTestPlatform(t.ctx, 'Журнал Б');
    await linkSchools(t.ctx, a.id, [c.schools[0].edrpou!]);
    await linkSchools(t.ctx, b.id, [c.schools[4].edrpou!]);
    tokenA = await platformToken(t.app, a);
    tokenB = await platformToken(t.app, b);
    editor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[0], { totp: true }));
    t.advance(31_000);
    otherEditor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[2], { totp: true }));
  });
  afterAll(async () => t?.close());

  const read = async (headers: Record<string, string>, cursor?: string, limit = 100): Promise<Page> => {
    const res = await t.app.inject({
      url: `/api/v1/changes?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page>();
  };
  /** Reads until caught up: changes held back by an older transaction anywhere in the cluster come when it ends. */
  const drain = async (headers: Record<string, string>, cursor?: string) => {
    const items: Change[] = [];
    let at = cursor;
    for (let i = 0; i < 600; i++) {
      const p = await read(headers, at, 2);
      items.push(...p.items);
      at = p.nextCursor;
      if (!p.hasMore && !p.pending) break;
      if (!p.hasMore) await new Promise((r) => setTimeout(r, 100));
    }
    return { items, cursor: at! };
  };
  const put = (ext: string, body: Record<string, unknown>) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/schools/${c.schools[0].edrpou}/pupils/${ext}`,
      headers: bearer(tokenA),
      payload: body,
    });

  let cursorA = '';
  let pupilId = '';

  it('gives a platform the changes of its schools, each with the pupil’s current record', async () => {
    const res = await put(
      'f-1',
      pupilRecord(c.schools[0], { lastName: 'Савченко', birthCertificate: { series: 'І-БК', number: '300001' } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    pupilId = res.json<{ pupilId: string }>().pupilId;
    await put(
      'f-2',
      pupilRecord(c.schools[0], { lastName: 'Руденко', birthCertificate: { series: 'І-БК', number: '300002' } }),
    );
    const { items, cursor } = await drain(bearer(tokenA));
    expect(items.map((i) => [i.kind, i.externalId, i.pupil?.record.lastName])).toEqual([
      ['created', 'f-1', 'Савченко'],
      ['created', 'f-2', 'Руденко'],
    ]);
    cursorA = cursor;
    expect(await read(bearer(tokenA), cursorA)).toMatchObject({ items: [], hasMore: false });
  });

  it('shows what others changed: an exit in the portal is a deletion, an identifier change a key change', async () => {
    const exit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/pupils/${pupilId}/exit`,
      headers: editor.headers,
      payload: { date: '2025-10-10', reason: 'abroad', destinationCountry: 'DE' },
    });
    expect(exit.statusCode, exit.body).toBe(204);
    await put(
      'f-2',
      pupilRecord(c.schools[0], {
        lastName: 'Руденко',
        birthCertificate: { series: 'І-БК', number: '300002' },
        unzr: '20140309-00014',
      }),
    );
    const { items, cursor } = await drain(bearer(tokenA), cursorA);
    expect(items.map((i) => [i.kind, i.event, i.externalId])).toEqual([
      ['deleted', 'exited', 'f-1'],
      ['key_changed', 'key_changed', 'f-2'],
    ]);
    expect(items[0]!.pupil).toBeNull();
    expect(items[1]!.fields).toEqual(['unzr']);
    expect(items[1]!.pupil?.record.unzr).toBe('20140309-00014');
    cursorA = cursor;
  });

  it('a mirror that starts late catches up with the same state; the head skips history', async () => {
    const replay = await drain(bearer(tokenA));
    const mirror = new Map<string, string>();
    for (const i of replay.items) {
      if (i.kind === 'deleted') mirror.delete(i.pupilId);
      else mirror.set(i.pupilId, i.pupil!.record.lastName);
    }
    expect([...mirror.values()]).toEqual(['Руденко']);
    const head = (await t.app.inject({ url: '/api/v1/changes/head', headers: bearer(tokenA) })).json<{
      cursor: string;
    }>();
    expect((await drain(bearer(tokenA), head.cursor)).items).toEqual([]);
    await put(
      'f-3',
      pupilRecord(c.schools[0], { lastName: 'Кравець', birthCertificate: { series: 'І-БК', number: '300003' } }),
    );
    expect((await drain(bearer(tokenA), head.cursor)).items.map((i) => i.externalId)).toEqual(['f-3']);
  });

  it('is scoped: another platform and another school see none of it; the portal sees its own school', async () => {
    expect((await drain(bearer(tokenB))).items).toEqual([]);
    expect((await drain(otherEditor.headers)).items).toEqual([]);
    const own = await drain(editor.headers);
    expect(own.items.length).toBeGreaterThanOrEqual(5);
    expect(own.items.every((i) => i.externalId === null)).toBe(true);
    const bad = await t.app.inject({ url: '/api/v1/changes?cursor=bm90LWEtY3Vyc29y', headers: bearer(tokenA) });
    expect(bad.statusCode).toBe(400);
  });

  it('merges the schools of a platform in feed order, page by page, skipping and repeating nothing', async () => {
    const many = await registerTestPlatform(t.ctx, 'Журнал В');
    const schools = [c.schools[1], c.schools[3]];
    await linkSchools(
      t.ctx,
      many.id,
      schools.map((s) => s.edrpou!),
    );
    const token = await platformToken(t.app, many);
    const head = (await t.app.inject({ url: '/api/v1/changes/head', headers: bearer(token) })).json<{
      cursor: string;
    }>();
    // Alternately at either school, one transaction each: the feed's order is the order of the writes.
    const written: string[] = [];
    for (let n = 0; n < 7; n++) {
      const school = schools[n % 2]!;
      const ext = `m-${n}`;
      const res = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/schools/${school.edrpou}/pupils/${ext}`,
        headers: bearer(token),
        payload: pupilRecord(school, {
          lastName: 'Мельник',
          firstName: ['Олена', 'Богдан', 'Ірина', 'Тарас', 'Марта', 'Іван', 'Софія'][n]!,
          sex: n % 2 ? 'male' : 'female',
          birthCertificate: { series: 'І-БК', number: String(310_000 + n) },
        }),
      });
      expect(res.statusCode, res.body).toBe(201);
      written.push(ext);
    }
    const { items } = await drain(bearer(token), head.cursor);
    expect(items.map((i) => i.externalId)).toEqual(written);
    const ids = items.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.runIf(engine === 'postgres')(
    'never skips a change that commits after a later one (two concurrent writers)',
    async () => {
      const url = t.testDb.url!;
      const early = new pg.Client({ connectionString: url });
      const late = new pg.Client({ connectionString: url });
      await early.connect();
      await late.connect();
      const insert = (client: pg.Client, kind: string) =>
        client.query<{ id: string }>(
          `INSERT INTO pupil_event (person_id, school_id, ouo_id, region_id, source, kind, changes)
           VALUES ($1, $2, $3, $4, 'test', $5, '{"fields":["contact"]}') RETURNING id`,
          [pupilId, c.schools[0].id, c.schools[0].ouoId, c.schools[0].regionId, kind],
        );
      try {
        const start = (await drain(bearer(tokenA), cursorA)).cursor;
        // The early writer takes the smaller id and is still running when the late one commits a larger id.
        await early.query('BEGIN');
        const first = Number((await insert(early, 'updated')).rows[0]!.id);
        await late.query('BEGIN');
        const second = Number((await insert(late, 'updated')).rows[0]!.id);
        await late.query('COMMIT');
        expect(second).toBeGreaterThan(first);
        // A reader resuming from "the last id" would now take the second event and later skip the first.
        const meanwhile = await read(bearer(tokenA), start);
        expect(meanwhile.items.map((i) => i.id)).not.toContain(second);
        expect(meanwhile.pending).toBe(true);
        await early.query('COMMIT');
        const after = await drain(bearer(tokenA), meanwhile.nextCursor);
        expect(after.items.map((i) => i.id)).toEqual([first, second]);
      } finally {
        await early.query('ROLLBACK').catch(() => undefined);
        await early.end();
        await late.end();
      }
    },
  );
});
