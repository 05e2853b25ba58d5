import { describe, expect, it } from 'vitest';
import { binBounds, binOf, OBLAST_GRID, OBLAST_TILES, placeValues } from './oblastTiles';

describe('the oblast tile map', () => {
  it('has the 27 regions, each on its own square of the grid', () => {
    expect(OBLAST_TILES).toHaveLength(27);
    expect(new Set(OBLAST_TILES.map((t) => t.code)).size).toBe(27);
    expect(new Set(OBLAST_TILES.map((t) => `${t.col},${t.row}`)).size).toBe(27);
    for (const t of OBLAST_TILES) {
      expect(t.code).toMatch(/^UA\d{17}$/);
      expect(t.col).toBeLessThan(OBLAST_GRID.columns);
      expect(t.row).toBeLessThan(OBLAST_GRID.rows);
    }
  });

  it('places values by KATOTTH code or by organisation id, and keeps what it cannot place', () => {
    const { tiles, unplaced } = placeValues(
      [
        { key: 'UA32000000000030281', value: 50, name: 'Київська' },
        { key: 'org-lviv', value: 100 },
        { key: 'UA99000000000000000', value: 10, name: 'Невідомий' },
      ],
      { codes: new Map([['org-lviv', 'UA46000000000026241']]), min: 0, max: 100, steps: 5 },
    );
    const kyivOblast = tiles.find((t) => t.code === 'UA32000000000030281')!;
    expect(kyivOblast).toMatchObject({ value: 50, label: 'Київська', bin: 2 });
    expect(tiles.find((t) => t.code === 'UA46000000000026241')).toMatchObject({
      value: 100,
      label: 'Львівська область',
      bin: 4,
    });
    expect(tiles.find((t) => t.code === 'UA80000000000093317')).toMatchObject({ value: null, bin: null });
    expect(unplaced.map((v) => v.name)).toEqual(['Невідомий']);
    // A plain record works as the id → code map too.
    expect(
      placeValues([{ key: 'x', value: 0 }], {
        codes: { x: 'UA01000000000013043' },
        min: 0,
        max: 100,
        steps: 5,
      }).tiles.find((t) => t.code === 'UA01000000000013043')?.bin,
    ).toBe(0);
  });

  it('classes values on an equal-interval scale, clamped at the ends', () => {
    expect([0, 19.9, 20, 59, 99.9, 100, 140, -5].map((v) => binOf(v, 0, 100, 5))).toEqual([0, 0, 1, 2, 4, 4, 4, 0]);
    expect(binBounds(0, 100, 4)).toEqual([
      { from: 0, to: 25 },
      { from: 25, to: 50 },
      { from: 50, to: 75 },
      { from: 75, to: 100 },
    ]);
  });
});
