import { describe, expect, it } from 'vitest';
import { completeEdrpou, isValidEdrpou } from './edrpou';

describe('isValidEdrpou', () => {
  it.each(['32855961', '23226362', '23246880', '25083040', ' 32855961 '])('accepts %j', (code) => {
    expect(isValidEdrpou(code)).toBe(true);
  });

  it.each(['32855968', '3285596', '328559610', '3285596A', '', null, undefined])('rejects %j', (code) => {
    expect(isValidEdrpou(code)).toBe(false);
  });
});

describe('completeEdrpou', () => {
  it('completes seven digits with the check digit', () => {
    expect(completeEdrpou('3285596')).toBe('32855961');
    for (const seven of ['1234567', '2143658', '0000001', '9999999']) {
      expect(isValidEdrpou(completeEdrpou(seven))).toBe(true);
    }
  });

  it('gives null when no digit can complete the input', () => {
    expect(completeEdrpou('abcdefg')).toBeNull();
  });
});
