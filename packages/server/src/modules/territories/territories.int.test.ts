import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createTestApp, type TestApp } from '../../../test/harness';

describe.each(enginesUnderTest())('territories API on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.close());

  it('lists the 27 top-level units: 24 oblasts, АРК, Kyiv and Sevastopol', async () => {
    const res = await t.app.inject({ url: '/api/v1/territories' });
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: Array<{ code: string; category: string; displayName: string }> }>().items;
    expect(items).toHaveLength(27);
    expect(
      items
        .filter((i) => i.category === 'K')
        .map((i) => i.displayName)
        .sort(),
    ).toEqual(['м. Київ', 'м. Севастополь']);
    expect(items.find((i) => i.code === 'UA01000000000013043')?.displayName).toBe('Автономна Республіка Крим');
  });

  it('walks oblast → raion → hromada → settlement', async () => {
    const raions = (await t.app.inject({ url: '/api/v1/territories?parent=UA32000000000030281' })).json<{
      items: Array<{ code: string; name: string; level: number }>;
    }>().items;
    const bucha = raions.find((r) => r.name === 'Бучанський');
    expect(bucha?.level).toBe(2);
    const hromadas = (await t.app.inject({ url: `/api/v1/territories?parent=${bucha!.code}` })).json<{
      items: Array<{ code: string; name: string; level: number; childCount: number }>;
    }>().items;
    const buchaH = hromadas.find((h) => h.name === 'Бучанська');
    expect(buchaH?.level).toBe(3);
    expect(buchaH!.childCount).toBeGreaterThan(1);
    const settlements = (await t.app.inject({ url: `/api/v1/territories?parent=${buchaH!.code}` })).json<{
      items: Array<{ category: string; level: number }>;
    }>().items;
    expect(settlements.every((s) => s.level === 4)).toBe(true);
    expect(settlements.some((s) => s.category === 'M')).toBe(true);
  });

  it('searches regardless of case, apostrophe variant and Latin look-alikes', async () => {
    for (const q of ['КАМ’ЯНЕЦЬ', "кам'янець", 'камʼянець-подільськ', 'Kам`янець']) {
      const res = await t.app.inject({ url: `/api/v1/territories/search?q=${encodeURIComponent(q)}` });
      expect(res.statusCode).toBe(200);
      const names = res.json<{ items: Array<{ name: string }> }>().items.map((i) => i.name);
      expect(
        names.some((n) => n.startsWith('Кам’янець-Подільськ')),
        `${q} → ${names.join(', ')}`,
      ).toBe(true);
    }
  });

  it('finds names with Ґ, Є, І, Ї typed in any case', async () => {
    for (const [q, expected] of [
      ['ґорґани', null],
      ['ЇЖАКІВКА', 'Їжаківка'],
      ['єлизаветівка', 'Єлизаветівка'],
      ['ІВАНКІВ', 'Іванків'],
    ] as const) {
      const items = (
        await t.app.inject({ url: `/api/v1/territories/search?q=${encodeURIComponent(q)}&limit=50` })
      ).json<{ items: Array<{ name: string }> }>().items;
      if (expected) expect(items.map((i) => i.name)).toContain(expected);
    }
  });

  it('shows whether and since when a hromada is on the list of hostilities and occupation', async () => {
    // Мелітопольська міська громада (Запорізька обл.) — temporarily occupied since 2022.
    const search = (
      await t.app.inject({ url: `/api/v1/territories/search?q=${encodeURIComponent('Мелітопольська')}&level=3` })
    ).json<{ items: Array<{ code: string; listed: boolean }> }>().items;
    expect(search.length).toBeGreaterThan(0);
    const detail = (await t.app.inject({ url: `/api/v1/territories/${search[0]!.code}` })).json<{
      status: { listedSince: string | null; currentKinds: string[] };
      hostilities: Array<{ kind: string; start: string | null; scope: string }>;
      path: Array<{ displayName: string }>;
    }>();
    expect(detail.status.currentKinds).toContain('temporarily_occupied');
    expect(detail.status.listedSince! >= '2014-01-01' && detail.status.listedSince! <= '2022-12-31').toBe(true);
    expect(detail.path.map((p) => p.displayName)).toContain('Запорізька область');
    expect(search[0]!.listed).toBe(true);
  });

  it('tells a hromada that is not on the list', async () => {
    const search = (
      await t.app.inject({ url: `/api/v1/territories/search?q=${encodeURIComponent('Ужгородська')}&level=3` })
    ).json<{ items: Array<{ code: string; listed: boolean }> }>().items;
    const detail = (await t.app.inject({ url: `/api/v1/territories/${search[0]!.code}` })).json<{
      status: { listedSince: string | null; currentKinds: string[] };
    }>();
    expect(detail.status).toMatchObject({ listedSince: null, currentKinds: [] });
    expect(search[0]!.listed).toBe(false);
  });

  it('answers a bad code with a Ukrainian problem document', async () => {
    const res = await t.app.inject({ url: '/api/v1/territories/UA123' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json<{ code: string; title: string; errors: Array<{ path: string }> }>();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.title).toBe('Дані не пройшли перевірку');
    expect(body.errors[0]?.path).toBe('/code');
    const missing = await t.app.inject({ url: '/api/v1/territories/UA99999999999999999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ code: string }>().code).toBe('NOT_FOUND');
  });
});
