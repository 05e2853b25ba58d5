import { describe, expect, it } from 'vitest';
import { determinedCells, suppressSmallCells, type SumConstraint } from './suppression';
import { alternativeExists, constraintsHold, derivableCells } from './testing/verify-suppression';

/** A seeded generator (mulberry32) so that the random tables are the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Table {
  values: Map<string, number>;
  constraints: SumConstraint[];
  margins: Set<string>;
}

/**
 * An R × C table with row totals, column totals and the grand total, and (optionally) a subtotal row over the first
 * `subtotalRows` rows, as the ZNZ-1 sections have (grades 1–4 within all grades).
 */
function table(cells: number[][], subtotalRows = 0): Table {
  const R = cells.length;
  const C = cells[0]!.length;
  const values = new Map<string, number>();
  const constraints: SumConstraint[] = [];
  const margins = new Set<string>();
  const id = (r: number | string, c: number | string) => `${r}:${c}`;
  cells.forEach((row, r) => row.forEach((v, c) => values.set(id(r, c), v)));
  const rowsTotal = (rows: number[], name: string) => {
    for (let c = 0; c < C; c++) {
      values.set(
        id(name, c),
        rows.reduce((s, r) => s + cells[r]![c]!, 0),
      );
      constraints.push({ total: id(name, c), parts: rows.map((r) => id(r, c)) });
      margins.add(id(name, c));
    }
    const t = rows.reduce((s, r) => s + cells[r]!.reduce((a, b) => a + b, 0), 0);
    values.set(id(name, 'T'), t);
    constraints.push({ total: id(name, 'T'), parts: Array.from({ length: C }, (_, c) => id(name, c)) });
    margins.add(id(name, 'T'));
  };
  for (let r = 0; r < R; r++) {
    values.set(
      id(r, 'T'),
      cells[r]!.reduce((a, b) => a + b, 0),
    );
    constraints.push({ total: id(r, 'T'), parts: Array.from({ length: C }, (_, c) => id(r, c)) });
    margins.add(id(r, 'T'));
  }
  rowsTotal(
    Array.from({ length: R }, (_, r) => r),
    'T',
  );
  // The grand total is also the sum of the row totals.
  constraints.push({ total: id('T', 'T'), parts: Array.from({ length: R }, (_, r) => id(r, 'T')) });
  if (subtotalRows > 1)
    rowsTotal(
      Array.from({ length: subtotalRows }, (_, r) => r),
      'S',
    );
  return { values, constraints, margins };
}

function randomTable(next: () => number): number[][] {
  const R = 2 + Math.floor(next() * 4);
  const C = 2 + Math.floor(next() * 4);
  return Array.from({ length: R }, () =>
    Array.from({ length: C }, () => {
      const x = next();
      return x < 0.15 ? 0 : x < 0.45 ? 1 + Math.floor(next() * 4) : 5 + Math.floor(next() * 25);
    }),
  );
}

describe('determinedCells', () => {
  it('finds a lone hidden cell of a sum and no cell of a hidden pair', () => {
    const k: SumConstraint[] = [{ total: 'T', parts: ['a', 'b', 'c'] }];
    expect([...determinedCells(new Set(['a']), k)]).toEqual(['a']);
    expect([...determinedCells(new Set(['a', 'b']), k)]).toEqual([]);
  });

  it('sees through chains: a bridge between two protected blocks is determined', () => {
    // Two 2×2 blocks of hidden cells, joined by one hidden cell: every line has ≥ 2 hidden cells, yet the joining
    // cell is fixed by the equations (it is a bridge of the lines × hidden-cells graph).
    const cells = [
      [10, 10, 0, 0],
      [10, 10, 7, 0],
      [0, 0, 10, 10],
      [0, 0, 10, 10],
    ];
    const t = table(cells);
    const hidden = new Set(['0:0', '0:1', '1:0', '1:1', '1:2', '2:2', '2:3', '3:2', '3:3']);
    expect([...determinedCells(hidden, t.constraints)]).toEqual(['1:2']);
  });
});

describe('suppressSmallCells', () => {
  it('hides a small cell and the smallest other cell of its sum', () => {
    const values = new Map([
      ['a', 3],
      ['b', 10],
      ['c', 12],
      ['T', 25],
    ]);
    const r = suppressSmallCells({
      values,
      constraints: [{ total: 'T', parts: ['a', 'b', 'c'] }],
      margins: new Set(['T']),
    });
    expect([...r.primary]).toEqual(['a']);
    expect([...r.secondary]).toEqual(['b']);
    expect([...r.hidden].sort()).toEqual(['a', 'b']);
  });

  it('publishes zeros and large values untouched', () => {
    const values = new Map([
      ['a', 0],
      ['b', 10],
      ['T', 10],
    ]);
    const r = suppressSmallCells({ values, constraints: [{ total: 'T', parts: ['a', 'b'] }] });
    expect(r.hidden.size).toBe(0);
  });

  it('protects an unpublished complement: "of them girls" next to the pupils of a row', () => {
    // 12 pupils, 10 girls: 2 boys can be worked out unless one of the two published numbers is hidden.
    const values = new Map([
      ['pupils', 12],
      ['girls', 10],
      ['~boys', 2],
    ]);
    const r = suppressSmallCells({
      values,
      constraints: [{ total: 'pupils', parts: ['girls', '~boys'] }],
      unpublished: new Set(['~boys']),
    });
    expect([...r.hidden]).toEqual(['girls']);
    expect(r.hidden.has('~boys')).toBe(false);
  });

  it('leaves cells of non-sensitive units (classes) alone', () => {
    const values = new Map([
      ['classes', 1],
      ['pupils', 25],
    ]);
    const r = suppressSmallCells({ values, constraints: [], sensitive: (id) => id !== 'classes' });
    expect(r.hidden.size).toBe(0);
  });

  it('on random tables with margins and a subtotal, no hidden value can be derived (integer search)', () => {
    const next = rng(20250905);
    let tables = 0;
    let hiddenTotal = 0;
    for (let i = 0; i < 400; i++) {
      const cells = randomTable(next);
      const t = table(cells, next() < 0.5 ? 2 : 0);
      expect(constraintsHold(t.values, t.constraints)).toBe(true);
      const r = suppressSmallCells({ values: t.values, constraints: t.constraints, margins: t.margins });
      // Every small value is hidden.
      for (const [id, v] of t.values) if (v > 0 && v < 5) expect(r.hidden.has(id), id).toBe(true);
      const derivable = derivableCells({ values: t.values, constraints: t.constraints, unknown: r.hidden }, r.hidden);
      expect(derivable, JSON.stringify(cells)).toEqual([]);
      tables++;
      hiddenTotal += r.hidden.size;
    }
    expect(tables).toBe(400);
    expect(hiddenTotal).toBeGreaterThan(400);
  });

  it('the verifier itself catches a naive primary-only suppression', () => {
    const t = table([
      [3, 10],
      [12, 20],
    ]);
    const naive = new Set(['0:0']);
    expect(alternativeExists({ values: t.values, constraints: t.constraints, unknown: naive }, '0:0')).toBe(false);
  });
});
