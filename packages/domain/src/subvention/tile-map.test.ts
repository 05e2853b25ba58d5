import { describe, expect, it } from 'vitest';
import { fillTiles, OBLAST_TILES, percentChange, TILE_GRID } from './tile-map';

describe('the oblast tile map', () => {
  it('has the 27 regions, each on its own square inside the grid', () => {
    expect(OBLAST_TILES).toHaveLength(27);
    expect(new Set(OBLAST_TILES.map((t) => t.code)).size).toBe(27);
    expect(new Set(OBLAST_TILES.map((t) => `${t.col},${t.row}`)).size).toBe(27);
    for (const t of OBLAST_TILES) {
      expect(t.code).toMatch(/^UA\d{2}0{10}\d{5}$/);
      expect(t.col).toBeLessThan(TILE_GRID.columns);
      expect(t.row).toBeLessThan(TILE_GRID.rows);
    }
  });

  it('fills the tiles with values and names, zeros where a region has none', () => {
    const tiles = fillTiles(
      new Map([['UA46000000000026241', { baseKop: 1000n, scenarioKop: 1100n, gainers: 2, losers: 1, budgets: 3 }]]),
      new Map([['UA46000000000026241', 'Львівська']]),
    );
    const lviv = tiles.find((t) => t.code === 'UA46000000000026241')!;
    expect(lviv).toMatchObject({ name: 'Львівська', deltaKop: 100n, deltaPct: 10, gainers: 2, losers: 1, budgets: 3 });
    const kyiv = tiles.find((t) => t.code === 'UA80000000000093317')!;
    expect(kyiv).toMatchObject({ name: 'Київ', baseKop: 0n, deltaKop: 0n, deltaPct: 0 });
  });

  it('rounds percentages half away from zero', () => {
    expect(percentChange(3n, 1n)).toBe(33.33);
    expect(percentChange(3n, -2n)).toBe(-66.67);
    expect(percentChange(200_000n, 1n)).toBe(0);
    expect(percentChange(0n, 5n)).toBe(0);
  });
});
