import { describe, expect, it } from 'vitest';
import { TILE_GRID, TILE_METRICS, buildCharts, buildTileMap, formatDate } from './dashboard';

const cells: Record<string, number> = {
  '1.1.2': 30,
  '1.1.3': 14,
  '1.5.2': 25,
  '1.5.3': 12,
  '1.16.2': 55,
  '3.1.1': 50,
  '3.7.1': 5,
  'x.disp.none': 45,
  'x.disp.internal': 7,
  'x.disp.external': 3,
  'x.disp.internal.UA14000000000091971': 6,
  'x.disp.internal.unknown': 1,
  'x.disp.external.PL': 3,
  'x.contact.lost': 2,
  'x.contact.lost.5': 2,
  'x.quality.clean': 40,
  'x.quality.warnings': 10,
  'x.quality.errors': 5,
};
const value = (id: string) => cells[id] ?? 0;

describe('buildCharts', () => {
  const charts = buildCharts({
    present: Object.keys(cells),
    value,
    regionNames: { UA14000000000091971: 'Донецька область' },
    trend: [
      { schoolYear: '2024-2025', asOf: '2024-09-05', value: (id) => (id === '1.16.2' ? 50 : 0) },
      { schoolYear: '2025-2026', asOf: '2025-09-05', value },
    ],
  });
  const byId = Object.fromEntries(charts.map((c) => [c.id, c]));

  it('gives every chart series aligned with categories and the same numbers as a table', () => {
    for (const c of charts) {
      for (const s of c.series) expect(s.data, c.id).toHaveLength(c.categories.length);
      expect(c.table.rows).toHaveLength(c.categories.length);
      c.table.rows.forEach((row, i) => {
        expect(row[0]).toBe(c.categories[i]!.label);
        c.series.forEach((s, j) => expect(row[j + 1]).toBe(s.data[i]));
      });
    }
  });

  it('pupils by grade (grades 1–11 when there is no grade 12) and by form', () => {
    const g = byId.pupilsByGrade!;
    expect(g.categories.map((c) => c.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    expect(g.series[0]!.data.slice(0, 5)).toEqual([30, 0, 0, 0, 25]);
    expect(g.series[1]!.data[0]).toBe(14);
    expect(g.cells[0]![0]).toBe('1.1.2');
    expect(byId.pupilsByForm!.series[0]!.data[6]).toBe(5);
  });

  it('displacement by origin region and by country, sorted by size, with names', () => {
    const internal = byId.displacementInternalByOrigin!;
    expect(internal.categories).toEqual([
      { key: 'UA14000000000091971', label: 'Донецька область' },
      { key: 'unknown', label: 'походження не зазначено' },
    ]);
    expect(internal.series[0]!.data).toEqual([6, 1]);
    expect(byId.displacementExternalByCountry!.categories[0]).toEqual({ key: 'PL', label: 'Польща' });
    expect(byId.displacement!.series[0]!.data).toEqual([45, 7, 3]);
  });

  it('lost contact, data quality and the trend', () => {
    expect(byId.lostContact!.series[0]!.data[4]).toBe(2);
    expect(byId.dataQuality!.series[0]!.data).toEqual([40, 10, 5]);
    const trend = byId.trend!;
    expect(trend.categories.map((c) => c.key)).toEqual(['2024-2025', '2025-2026']);
    expect(trend.series[0]!.data).toEqual([50, 55]);
    expect(trend.notes).toEqual([]);
  });

  it('shows suppressed values as null with a note', () => {
    const published = buildCharts({
      present: Object.keys(cells),
      value: (id) => (id === 'x.disp.external.PL' ? null : value(id)),
      regionNames: {},
    });
    const external = published.find((c) => c.id === 'displacementExternalByCountry')!;
    expect(external.series[0]!.data).toEqual([null]);
    expect(external.notes[0]).toMatch(/приховано/);
  });
});

describe('buildTileMap', () => {
  it('places the 27 level-1 units on distinct tiles with every metric', () => {
    const positions = new Set(Object.values(TILE_GRID).map((t) => `${t.row}:${t.col}`));
    expect(Object.keys(TILE_GRID)).toHaveLength(27);
    expect(positions.size).toBe(27);
    const map = buildTileMap([{ code: 'UA32000000000030281', name: 'Київська область' }], (code, metric) =>
      code === 'UA32000000000030281' && metric === 'pupils' ? 1000 : 0,
    );
    expect(map.tiles).toHaveLength(27);
    const kyivska = map.tiles.find((t) => t.code === 'UA32000000000030281')!;
    expect(kyivska).toMatchObject({ name: 'Київська область', row: 1, col: 4 });
    expect(kyivska.values.pupils).toBe(1000);
    expect(Object.keys(kyivska.values)).toEqual(TILE_METRICS.map((m) => m.key));
    expect(map.table.rows).toHaveLength(27);
  });

  it('formats dates the Ukrainian way', () => {
    expect(formatDate('2025-09-05')).toBe('05.09.2025');
  });
});
