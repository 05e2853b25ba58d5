import { describe, expect, it } from 'vitest';
import {
  bandLabels,
  classSizeTableProblems,
  KNOWN_CLASS_SIZE_TABLE,
  lookupClassSize,
  shiftClassSizeTable,
} from './class-size-table';

const r = (num: number, den = 1) => ({ num: BigInt(num), den: BigInt(den) });

describe('the normative class-size table', () => {
  it('is the published 8 × 9 table, rising with density', () => {
    expect(classSizeTableProblems(KNOWN_CLASS_SIZE_TABLE)).toEqual([]);
    expect(KNOWN_CLASS_SIZE_TABLE.values).toHaveLength(8);
    for (const row of KNOWN_CLASS_SIZE_TABLE.values) expect(row).toHaveLength(9);
    for (let c = 0; c < 9; c++)
      for (let i = 1; i < 8; i++)
        expect(Number(KNOWN_CLASS_SIZE_TABLE.values[i]![c]) >= Number(KNOWN_CLASS_SIZE_TABLE.values[i - 1]![c])).toBe(
          true,
        );
  });

  it.each([
    // density, rural %, expected cell
    [r(0), r(0), 0, 0, '13.5'],
    [r(129, 100), r(2499, 100), 0, 0, '13.5'],
    [r(13, 10), r(25), 1, 1, '13.5'],
    [r(31, 10), r(70), 4, 5, '13'],
    [r(36, 10), r(46), 5, 2, '15.5'],
    [r(94, 10), r(100), 7, 8, '14.5'],
    [r(500), r(9999, 100), 7, 7, '15'],
    [r(2), r(64), 2, 4, '13'],
  ])('density %o, rural %o → band %i × %i = %s', (density, rural, row, col, value) => {
    expect(lookupClassSize(KNOWN_CLASS_SIZE_TABLE, density, rural)).toEqual({
      densityBand: row,
      ruralBand: col,
      value,
    });
  });

  it('labels the bands as the decree writes them', () => {
    const labels = bandLabels(KNOWN_CLASS_SIZE_TABLE);
    expect(labels.density).toEqual([
      '0–1,3',
      '1,3–1,5',
      '1,5–2,2',
      '2,2–2,6',
      '2,6–3,6',
      '3,6–3,7',
      '3,7–9,4',
      '≥ 9,4',
    ]);
    expect(labels.rural).toEqual(['0–25', '25–46', '46–57', '57–64', '64–67', '67–75', '75–89', '89–100', '100']);
  });

  it('shifts every value, keeping at least one pupil per class', () => {
    const up = shiftClassSizeTable(KNOWN_CLASS_SIZE_TABLE, '1');
    expect(up.values[0]).toEqual(['14.5', '12.5', '12.5', '12.5', '12', '11.5', '11', '11', '11']);
    const down = shiftClassSizeTable(KNOWN_CLASS_SIZE_TABLE, '12', -1);
    expect(down.values[0]![0]).toBe('1.5');
    expect(down.values[0]![8]).toBe('1');
    expect(KNOWN_CLASS_SIZE_TABLE.values[0]![0]).toBe('13.5');
  });

  it('names what is wrong with a table', () => {
    expect(
      classSizeTableProblems({
        densityBounds: ['2', '1'],
        ruralBounds: ['50', '120'],
        values: [['10', '0', '1'], ['x']],
      }),
    ).toEqual([
      'щільність: межі мають зростати',
      'частка сільського населення: межі не можуть перевищувати 100 %',
      'рядків має бути 3 (на один більше, ніж меж щільності)',
      'рядок 1: наповнюваність має бути додатним числом',
      'рядок 2: стовпців має бути 3',
      'рядок 2: наповнюваність має бути додатним числом',
    ]);
    expect(
      classSizeTableProblems({
        densityBounds: ['a'],
        ruralBounds: ['1'],
        values: [
          ['1', '1'],
          ['1', '1'],
        ],
      }),
    ).toEqual(['щільність: межі мають бути десятковими числами']);
  });
});
