import { describe, expect, it } from 'vitest';
import type { LayoutSection } from './api';
import { enterableCells, orderChecks, parseEntered, suppressedCount, visibleRows } from './cells';
import {
  dashboardPagePath,
  drillPagePath,
  ownReports,
  readReportQuery,
  reportSearch,
  rollupDrillPagePath,
  rollupPagePath,
} from './paths';

const section = (n: number, source: 'records' | 'entered', rows: string[], cols = 2): LayoutSection => ({
  n,
  title: `розділ ${n}`,
  source,
  note: null,
  columns: Array.from({ length: cols }, (_, i) => ({ n: i + 1, label: `к${i + 1}`, unit: 'pupils' })),
  rows: rows.map((label, i) => ({ n: i + 1, label })),
});

describe('the rows of a section', () => {
  const s = section(2, 'records', ['українська', 'англійська', 'польська', 'усього']);

  it('leaves out rows where every number is 0, keeps totals and rows with a suppressed number', () => {
    const cells = { '2.1.1': 5, '2.2.1': 0, '2.3.2': null, '2.4.1': 5 };
    expect(visibleRows(s, cells, false).map((r) => r.n)).toEqual([1, 3, 4]);
    expect(visibleRows(s, {}, false).map((r) => r.n)).toEqual([4]);
  });

  it('shows every row when asked, and always every row of a section the school enters', () => {
    expect(visibleRows(s, {}, true)).toHaveLength(4);
    expect(visibleRows(section(8, 'entered', ['1–4 класи', 'усього']), {}, false)).toHaveLength(2);
  });
});

describe('entered cells', () => {
  const layout = [
    section(1, 'records', ['1 клас', 'усього']),
    section(8, 'entered', ['1–4 класи', '5–9 класи', '10–12 класи', 'усього']),
    section(9, 'entered', ['групи подовженого дня']),
  ];

  it('are the rows of the entered sections other than their totals', () => {
    expect(enterableCells(layout).map((c) => c.id)).toEqual([
      '8.1.1',
      '8.1.2',
      '8.2.1',
      '8.2.2',
      '8.3.1',
      '8.3.2',
      '9.1.1',
      '9.1.2',
    ]);
  });

  it('are read as whole numbers from 0 to 100 000; empty fields are not entered', () => {
    expect(parseEntered({ '8.1.1': ' 2 ', '8.1.2': '', '9.1.1': '0' })).toEqual({
      ok: true,
      cells: { '8.1.1': 2, '9.1.1': 0 },
    });
    expect(parseEntered({ '8.1.1': 'два', '8.1.2': '-1', '8.2.1': '1.5', '8.2.2': '100001', '9.1.1': '7' })).toEqual({
      ok: false,
      invalid: ['8.1.1', '8.1.2', '8.2.1', '8.2.2'],
    });
  });
});

describe('checks and suppression', () => {
  it('puts failed errors first, then warnings, then the passed checks', () => {
    const checks = [
      { code: 'A', severity: 'error' as const, ok: true, uk: '' },
      { code: 'B', severity: 'warning' as const, ok: false, uk: '' },
      { code: 'C', severity: 'error' as const, ok: false, uk: '' },
    ];
    expect(orderChecks(checks).map((c) => c.code)).toEqual(['C', 'B', 'A']);
  });

  it('counts the suppressed numbers', () => {
    expect(suppressedCount({ a: 1, b: null, c: 0, d: null })).toBe(2);
  });
});

describe('report addresses', () => {
  it('carry the date and the published variant, and read back only what is valid', () => {
    expect(reportSearch({ date: '2025-09-05', published: true })).toBe('?date=2025-09-05&published=1');
    expect(reportSearch({})).toBe('');
    expect(readReportQuery(new URLSearchParams('date=2025-09-05&published=1'))).toEqual({
      date: '2025-09-05',
      published: true,
    });
    expect(readReportQuery(new URLSearchParams('date=05.09.2025&published=yes'))).toEqual({});
  });

  it('lead to the drill-down of a number with the date only', () => {
    expect(drillPagePath('s-1', '1.5.2', { date: '2025-10-01', published: true })).toBe(
      '/reports/znz1/s-1/cells/1.5.2?date=2025-10-01',
    );
    expect(rollupDrillPagePath('ouo', 'o-1', 'x.pupils', { date: '2025-10-01' })).toBe(
      '/reports/rollup/ouo/o-1/cells/x.pupils?date=2025-10-01',
    );
    expect(rollupDrillPagePath('nation', undefined, '1.16.2')).toBe('/reports/rollup/nation/cells/1.16.2');
  });

  it('give each level of the cascade its own report and dashboard', () => {
    expect(ownReports({ id: 's-1', kind: 'school' })).toEqual({
      report: '/reports/znz1/s-1',
      dashboard: '/reports/dashboard/school/s-1',
      level: 'school',
    });
    expect(ownReports({ id: 'o-1', kind: 'ouo' })?.report).toBe('/reports/rollup/ouo/o-1');
    expect(ownReports({ id: 'r-1', kind: 'region' })?.dashboard).toBe('/reports/dashboard/region/r-1');
    expect(ownReports({ id: 'm', kind: 'ministry' })).toEqual({
      report: rollupPagePath('nation', undefined),
      dashboard: dashboardPagePath('nation', undefined),
      level: 'nation',
    });
    expect(ownReports({ id: 'p', kind: 'platform' })).toBeNull();
  });
});
