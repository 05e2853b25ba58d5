import { describe, expect, it } from 'vitest';
import { edrpou, rntrc, stdnumValidator } from './stdnum';

describe('stdnumValidator', () => {
  it('finds the Ukrainian validators', () => {
    expect(rntrc.validate('1759013776').isValid).toBe(true);
    expect(edrpou.validate('32855961').isValid).toBe(true);
  });

  it('fails loudly for a validator the library does not have', () => {
    expect(() => stdnumValidator('UA', 'nope')).toThrow('stdnum has no UA.nope validator');
    expect(() => stdnumValidator('ZZ', 'rntrc')).toThrow('stdnum has no ZZ.rntrc validator');
  });
});
