import type { QualityRule } from '@aikom/sdk';
import { describe, expect, it } from 'vitest';
import { exitBody } from './exit';
import { classPath, parseClassLabel } from './paths';
import { orderRules } from './quality';

describe('class labels', () => {
  it('reads 5-А and numbered classes, and refuses what is not a class', () => {
    expect(parseClassLabel('5-А')).toEqual({ grade: 5, classLetter: 'А' });
    expect(parseClassLabel('10-2')).toEqual({ grade: 10, classLetter: '2' });
    expect(parseClassLabel('5А')).toBeNull();
    expect(parseClassLabel('')).toBeNull();
    expect(classPath('s1', '5-А')).toBe('/schools/s1/classes/5-%D0%90');
  });
});

describe('orderRules', () => {
  it('lists errors first, then the rules with the most pupils', () => {
    const rule = (code: string, severity: string, pupils: number): QualityRule => ({
      code,
      severity,
      message: code,
      indicator: null,
      pupils,
    });
    expect(
      orderRules([
        rule('W1', 'warning', 9),
        rule('E1', 'error', 1),
        rule('W2', 'warning', 12),
        rule('E2', 'error', 3),
      ]).map((r) => r.code),
    ).toEqual(['E2', 'E1', 'W2', 'W1']);
  });
});

describe('exitBody', () => {
  const base = {
    date: '2025-10-01',
    reason: 'transfer',
    destinationEdrpou: ' 32855961 ',
    destinationCountry: 'PL',
    note: '',
  };
  it('sends the destination school for a transfer, the country for a move abroad, nothing that does not apply', () => {
    expect(exitBody(base)).toEqual({ date: '2025-10-01', reason: 'transfer', destinationEdrpou: '32855961' });
    expect(exitBody({ ...base, reason: 'abroad', note: ' Варшава ' })).toEqual({
      date: '2025-10-01',
      reason: 'abroad',
      destinationCountry: 'PL',
      note: 'Варшава',
    });
    expect(exitBody({ ...base, reason: 'completed' })).toEqual({ date: '2025-10-01', reason: 'completed' });
  });
});
