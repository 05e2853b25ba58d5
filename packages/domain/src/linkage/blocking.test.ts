import { describe, expect, it } from 'vitest';
import { BLOCKING_PASSES, BlockIndex, IDENTIFIER_PASSES } from './blocking';
import { NameDictionary } from './dictionary';
import { LinkageRecordsBuilder, type LinkageInput } from './records';

const base: LinkageInput = {
  lastName: 'Коваленко',
  firstName: 'Олена',
  middleName: 'Петрівна',
  birthDate: '2013-05-07',
  sex: 'female',
  birthCertificate: 'aa00000000000000',
};

function records(...inputs: LinkageInput[]) {
  const b = new LinkageRecordsBuilder(new NameDictionary());
  for (const i of inputs) b.add(i);
  return b.build();
}

const pass = (name: string) => BLOCKING_PASSES.find((p) => p.name === name)!;

describe('blocking passes', () => {
  it('start with one pass per identifier', () => {
    expect(BLOCKING_PASSES.slice(0, IDENTIFIER_PASSES).map((p) => p.name)).toEqual([
      'identifier:birthCertificate',
      'identifier:unzr',
      'identifier:rnokpp',
    ]);
  });

  it('give a date and its day–month swap the same birth-date key', () => {
    const r = records(base, { ...base, birthDate: '2013-07-05' }, { ...base, birthDate: '2013-07-06' });
    for (const name of ['birth_date+surname_prefix+initial', 'birth_date+first_name+middle_name']) {
      const p = pass(name);
      expect(p.key(r, 0), name).toBe(p.key(r, 1));
      expect(p.key(r, 0), name).not.toBe(p.key(r, 2));
    }
    // A pass for a mistyped day does not fold the swap.
    const typo = pass('birth_year_day+surname+first_name');
    expect(typo.key(r, 0)).not.toBe(typo.key(r, 1));
  });

  it('have no key for a record without the parts', () => {
    const r = records({ ...base, birthDate: null, middleName: null, birthCertificate: null, unzr: null });
    for (const p of BLOCKING_PASSES) {
      expect(Number.isNaN(p.key(r, 0)), p.name).toBe(true);
    }
  });

  it('are integers below 2⁵³ (exact in a double)', () => {
    const r = records(base, { ...base, lastName: 'Коваленко-Шевчук', birthDate: '2019-12-31' });
    for (const p of BLOCKING_PASSES) {
      for (let i = 0; i < r.size; i++) {
        const k = p.key(r, i);
        if (!Number.isNaN(k)) expect(Number.isSafeInteger(k), p.name).toBe(true);
      }
    }
  });
});

describe('BlockIndex', () => {
  it('lists the records of a key in order and recognises oversized blocks', () => {
    const r = records(base, { ...base, firstName: 'Ірина' }, base, { ...base, birthDate: '2001-01-01' }, base);
    expect(pass('birth_date+first_name+middle_name').key(r, 1)).not.toBe(
      pass('birth_date+first_name+middle_name').key(r, 0),
    );
    const index = new BlockIndex(r, pass('birth_date+first_name+middle_name'));
    const out = new Int32Array(8);
    const n = index.block(index.keyOf(0), out);
    expect([...out.subarray(0, n)]).toEqual([0, 2, 4]);
    expect(index.block(index.keyOf(0), new Int32Array(2))).toBe(3); // more than fits: reported as oversized
    expect(index.block(NaN, out)).toBe(0);
    expect(index.block(12345, out)).toBe(0);
  });
});
