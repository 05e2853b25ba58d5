import { KNOWN_CLASS_SIZE_TABLE } from '@aikom/domain/subvention/class-size-table';
import { describe, expect, it } from 'vitest';
import { makeCatalog, translate, type Params } from '../../i18n/core';
import { en } from '../../i18n/en';
import type { Translate } from '../../i18n/I18nProvider';
import { uk, type MessageKey } from '../../i18n/uk';
import { scaleOf } from './Comparison';
import {
  formatMoney,
  formatPercent,
  formatPlain,
  formatShare,
  kopToUahInput,
  parseDecimalInput,
  parseUah,
  planningYear,
  sortRows,
} from './format';
import { buildChanges, EMPTY_FORM } from './ScenariosPage';

const catalog = makeCatalog('uk', { uk, en });
const t: Translate = Object.assign((key: MessageKey, params?: Params) => translate(catalog, key, params), {
  language: 'uk' as const,
});

describe('subvention formatting', () => {
  it('writes kopiyky as hryvnias exactly, with the sign of a change', () => {
    expect(formatMoney(123_456_789, 'uk')).toBe('1\u00a0234\u00a0567,89\u00a0грн');
    expect(formatMoney(-5, 'uk')).toBe('\u22120,05\u00a0грн');
    expect(formatMoney(150, 'en', { sign: true })).toBe('+1.50\u00a0UAH');
    expect(formatMoney(0, 'uk', { sign: true })).toBe('0,00\u00a0грн');
    // 103.2 bn UAH in kopiyky is beyond 2^32 but exact as a JSON number.
    expect(formatMoney(10_320_000_000_000, 'uk')).toBe('103\u00a0200\u00a0000\u00a0000,00\u00a0грн');
  });

  it('writes the API’s exact decimals in the reader’s notation', () => {
    expect(formatPlain('13.5', 'uk')).toBe('13,5');
    expect(formatPlain('13.5', 'en')).toBe('13.5');
    expect(formatPlain('-1234.25', 'uk')).toBe('\u22121\u00a0234,25');
    expect(formatPlain(null, 'uk')).toBe('—');
    expect(formatShare('0.5', 'en')).toBe('50\u00a0%');
    expect(formatPercent(-2.5, 'en', 2, { sign: true })).toBe('\u22122.5\u00a0%');
    expect(formatPercent(2.5, 'en', 2, { sign: true })).toBe('+2.5\u00a0%');
  });

  it('reads amounts typed in hryvnias as whole kopiyky, and refuses what is not one', () => {
    expect(parseUah('103 200 000 000')).toBe('10320000000000');
    expect(parseUah('1 234,56 грн')).toBe('123456');
    expect(parseUah('1234.5')).toBe('123450');
    expect(parseUah('-5')).toBeNull();
    expect(parseUah('1,234')).toBeNull();
    expect(parseUah('сто')).toBeNull();
    expect(parseUah('99999999999999')).toBeNull();
    expect(kopToUahInput('10320000000000', 'uk')).toBe('103200000000');
    expect(kopToUahInput('150', 'uk')).toBe('1,50');
    expect(parseUah(kopToUahInput('123456', 'uk'))).toBe('123456');
    expect(parseDecimalInput('13,5')).toBe('13.5');
    expect(parseDecimalInput('1.1234567')).toBeNull();
  });

  it('sorts budgets by number, by exact decimal and in Ukrainian alphabetical order', () => {
    const rows = [
      { code: 'UA3', name: 'Їжакевичі', amountKop: 5, share: '0.10' },
      { code: 'UA1', name: 'Бориспіль', amountKop: 20, share: '0.9' },
      { code: 'UA2', name: 'Іванків', amountKop: 5, share: '0.025' },
    ];
    expect(sortRows(rows, 'name', 'asc').map((r) => r.name)).toEqual(['Бориспіль', 'Іванків', 'Їжакевичі']);
    // Equal amounts keep the order of their codes.
    expect(sortRows(rows, 'amountKop', 'desc').map((r) => r.code)).toEqual(['UA1', 'UA2', 'UA3']);
    expect(sortRows(rows, 'share', 'asc').map((r) => r.code)).toEqual(['UA2', 'UA3', 'UA1']);
  });

  it('plans the next budget year from September', () => {
    expect(planningYear(new Date(2025, 7, 31))).toBe(2025);
    expect(planningYear(new Date(2025, 8, 1))).toBe(2026);
  });

  it('scales the winners-and-losers map symmetrically to a round number', () => {
    expect(scaleOf([0.3, -1.7])).toBe(2);
    expect(scaleOf([])).toBe(0.1);
    expect(scaleOf([-250])).toBe(300);
  });
});

describe('a scenario’s changes', () => {
  it('are empty when nothing is filled in', () => {
    expect(buildChanges(t, EMPTY_FORM, KNOWN_CLASS_SIZE_TABLE)).toEqual({ changes: {}, errors: {} });
  });

  it('form a merge patch of the base set: total in kopiyky, the table shifted, the norms as decimals', () => {
    const { changes, errors } = buildChanges(
      t,
      { ...EMPTY_FORM, total: '100 000 000 000', tableShift: '+1', cityNorm: '27,5', rule: 'normative' },
      KNOWN_CLASS_SIZE_TABLE,
    );
    expect(errors).toEqual({});
    const table = (changes.classSize as { table: { value: typeof KNOWN_CLASS_SIZE_TABLE } }).table.value;
    expect(changes.total).toEqual({ value: '10000000000000' });
    expect(table.values[0]![0]).toBe('14.5');
    expect(table.values[7]![8]).toBe('15.5');
    expect(table.densityBounds).toEqual(KNOWN_CLASS_SIZE_TABLE.densityBounds);
    expect((changes.classSize as Record<string, unknown>).cityNorm).toEqual({ value: '27.5' });
    expect((changes.classSize as Record<string, unknown>).rule).toEqual({ value: 'normative' });
  });

  it('shift the table down with a minus, and name the fields that cannot be read', () => {
    const down = buildChanges(t, { ...EMPTY_FORM, tableShift: '−0,5' }, KNOWN_CLASS_SIZE_TABLE);
    expect(
      (down.changes.classSize as { table: { value: typeof KNOWN_CLASS_SIZE_TABLE } }).table.value.values[0]![0],
    ).toBe('13');
    const bad = buildChanges(t, { ...EMPTY_FORM, total: 'багато', transport: '-1', tableShift: 'x' }, null);
    expect(Object.keys(bad.errors).sort()).toEqual(['tableShift', 'total', 'transport']);
    expect(bad.errors.total).toContain('Введіть суму в гривнях');
  });
});
