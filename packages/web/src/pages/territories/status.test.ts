import type { HostilityPeriod, TerritoryDetail } from '@aikom/sdk';
import { describe, expect, it } from 'vitest';
import { historyRows, summarizeStatus } from './status';

const TODAY = '2025-10-15';

function detail(overrides: Partial<TerritoryDetail> = {}): TerritoryDetail {
  return {
    code: 'UA23080070010092407',
    name: 'Мелітополь',
    displayName: 'м. Мелітополь',
    category: 'M',
    categoryLabel: 'місто',
    level: 4,
    childCount: 0,
    listed: false,
    path: [
      { code: 'UA23000000000064947', displayName: 'Запорізька область', level: 1 },
      { code: 'UA23080000000090746', displayName: 'Мелітопольський район', level: 2 },
      { code: 'UA23080070000068953', displayName: 'Мелітопольська територіальна громада', level: 3 },
    ],
    hostilities: [],
    status: { listedSince: null, currentKinds: [], partial: false },
    ...overrides,
  };
}

const period = (p: Partial<HostilityPeriod>): HostilityPeriod => ({
  kind: 'temporarily_occupied',
  kindLabel: 'тимчасово окуповані території',
  code: 'UA23080070000068953',
  listedName: 'Мелітопольська міська територіальна громада',
  start: '2022-02-25',
  end: null,
  scope: 'self',
  ...p,
});

describe('summarizeStatus', () => {
  it('says since when a territory is occupied, through the unit that contains it', () => {
    const d = detail({
      listed: true,
      hostilities: [period({ scope: 'ancestor' })],
      status: { listedSince: '2022-02-25', currentKinds: ['temporarily_occupied'], partial: false },
    });
    expect(summarizeStatus(d, TODAY)).toEqual({
      state: 'listed',
      firstListed: null,
      current: [
        {
          kind: 'temporarily_occupied',
          kindLabel: 'тимчасово окуповані території',
          start: '2022-02-25',
          end: null,
          via: { code: 'UA23080070000068953', name: 'Мелітопольська територіальна громада' },
        },
      ],
    });
  });

  it('takes the entry in force today, lists the most serious kind first and notes an earlier first listing', () => {
    const d = detail({
      code: 'UA23080070000068953',
      hostilities: [
        period({ kind: 'possible_hostilities', start: '2022-02-24', end: '2022-02-24' }),
        period({ kind: 'active_hostilities', start: '2024-01-01', end: null }),
        period({ kind: 'temporarily_occupied', start: '2022-03-01', end: null }),
        period({ kind: 'temporarily_occupied', start: '2022-02-26', end: '2022-02-28' }),
        period({ kind: 'temporarily_occupied', scope: 'settlement', start: '2014-01-01', end: null }),
      ],
      status: {
        listedSince: '2022-02-24',
        currentKinds: ['active_hostilities', 'temporarily_occupied'],
        partial: false,
      },
    });
    const summary = summarizeStatus(d, TODAY);
    expect(summary.state).toBe('listed');
    if (summary.state !== 'listed') return;
    expect(summary.current.map((c) => [c.kind, c.start, c.via])).toEqual([
      ['temporarily_occupied', '2022-03-01', null],
      ['active_hostilities', '2024-01-01', null],
    ]);
    expect(summary.firstListed).toBe('2022-02-24');
  });

  it('falls back to the latest entry of a kind when the server’s day differs from the browser’s', () => {
    const d = detail({
      hostilities: [period({ start: '2025-10-16' })],
      status: { listedSince: '2025-10-16', currentKinds: ['temporarily_occupied'], partial: false },
    });
    const summary = summarizeStatus(d, TODAY);
    expect(summary.state === 'listed' && summary.current[0]?.start).toBe('2025-10-16');
  });

  it('tells partial, past and never-listed territories apart', () => {
    const settlement = period({
      scope: 'settlement',
      code: 'UA32080070010087821',
      start: '2022-03-03',
      end: '2022-04-01',
    });
    expect(
      summarizeStatus(
        detail({ hostilities: [settlement], status: { listedSince: null, currentKinds: [], partial: true } }),
        TODAY,
      ),
    ).toEqual({
      state: 'partial',
    });
    expect(summarizeStatus(detail({ hostilities: [settlement] }), TODAY)).toEqual({ state: 'past' });
    expect(summarizeStatus(detail(), TODAY)).toEqual({ state: 'none' });
  });
});

describe('historyRows', () => {
  it('puts the territory’s own entries first, then by start date', () => {
    const rows = historyRows(
      detail({
        hostilities: [
          period({ scope: 'settlement', listedName: 'с. Б', start: '2022-03-01' }),
          period({ scope: 'settlement', listedName: 'с. А', start: '2022-03-01' }),
          period({ scope: 'ancestor', listedName: 'громада', start: '2022-02-24' }),
          period({ scope: 'self', listedName: 'місто', start: null }),
        ],
      }),
    );
    expect(rows.map((r) => r.listedName)).toEqual(['місто', 'громада', 'с. А', 'с. Б']);
  });
});
