import { describe, expect, it } from 'vitest';
import { NO_DAY } from './dates';
import { MAX_NAME_IDS, NameDictionary, NO_NAME } from './dictionary';
import { LinkageRecordsBuilder, orderByBirthDay, permuteRecords, SEX_FEMALE, SEX_MALE, SEX_UNKNOWN } from './records';

describe('NameDictionary', () => {
  it('interns each spelling once and shares keys across scripts', () => {
    const d = new NameDictionary();
    const a = d.intern('Юлія');
    expect(d.intern('Юлія')).toBe(a);
    const latin = d.intern('YULIIA');
    expect(latin.translit).toBe(a.translit);
    expect(latin.phonetic).toBe(a.phonetic);
    expect(d.phonetic(a.phonetic)).toBe('ula');
    expect(d.translit(a.translit)).toBe('yuliia');
    expect(d.intern('Юліан').phonetic).not.toBe(a.phonetic);
    expect(d.intern(null)).toEqual({ translit: NO_NAME, phonetic: NO_NAME, prefix: NO_NAME, initial: NO_NAME });
    expect(d.intern('').translit).toBe(NO_NAME);
    expect(d.phonetic(NO_NAME)).toBeNull();
    expect(d.size.spellings).toBe(3);
    expect(MAX_NAME_IDS).toBe(2 ** 22);
  });
});

describe('LinkageRecordsBuilder', () => {
  it('grows past its capacity and keeps every column', () => {
    const b = new LinkageRecordsBuilder(new NameDictionary(), 16);
    for (let i = 0; i < 100; i++) {
      b.add({
        lastName: i % 2 ? 'Коваль' : 'Мельник',
        firstName: 'Іван',
        middleName: i % 3 ? null : 'Петрович',
        birthDate: i % 5 ? `2012-0${1 + (i % 9)}-1${i % 10}` : null,
        sex: i % 4 === 0 ? null : i % 4 === 1 ? 'male' : 'female',
        hromada: i,
        birthCertificate: i % 7 ? Buffer.from([i, 1, 2, 3, 4, 5, 6, 7, 8, 9]) : null,
        unzr: 'deadbeef00000001ff',
        rnokpp: 'xyz',
      });
    }
    const r = b.build();
    expect(r.size).toBe(100);
    expect(r.hromada[99]).toBe(99);
    expect(r.day[0]).toBe(NO_DAY);
    expect(r.year[1]).toBe(2012);
    expect(r.month[1]).toBe(2);
    expect(r.dom[1]).toBe(11);
    expect([r.sex[0], r.sex[1], r.sex[2]]).toEqual([SEX_UNKNOWN, SEX_MALE, SEX_FEMALE]);
    expect(r.middleP[1]).toBe(NO_NAME);
    expect(r.middleP[0]).not.toBe(NO_NAME);
    expect(r.ids.birthCertificate.has[0]).toBe(0);
    expect(r.ids.birthCertificate.has[1]).toBe(1);
    expect(r.ids.birthCertificate.hi[1]! >>> 0).toBe(0x01010203);
    expect(r.ids.birthCertificate.lo[1]! >>> 0).toBe(0x04050607);
    expect(r.ids.unzr.hi[5]! >>> 0).toBe(0xdeadbeef);
    expect(r.ids.unzr.lo[5]).toBe(1);
    // Not a blind index: ignored, not misread.
    expect(r.ids.rnokpp.has[5]).toBe(0);
  });
});

describe('orderByBirthDay and permuteRecords', () => {
  it('order records by birth date, undated ones last, and carry every column along', () => {
    const b = new LinkageRecordsBuilder(new NameDictionary());
    const dates = ['2014-03-09', null, '2010-01-01', '2014-03-09', '2012-07-07'];
    dates.forEach((birthDate, i) =>
      b.add({
        lastName: `Коваль${'ь'.repeat(i)}`,
        firstName: 'Іван',
        birthDate,
        hromada: i,
        unzr: i === 3 ? 'ab00000000000003' : null,
      }),
    );
    const r = b.build();
    const order = orderByBirthDay(r);
    expect([...order]).toEqual([2, 4, 0, 3, 1]);
    const p = permuteRecords(r, order);
    expect([...p.hromada]).toEqual([2, 4, 0, 3, 1]);
    expect(p.day[4]).toBe(NO_DAY);
    expect(p.ids.unzr.has[3]).toBe(1);
    expect(p.ids.unzr.lo[3]).toBe(3);
    expect(p.lastT[0]).toBe(r.lastT[2]);
    expect(p.dictionary).toBe(r.dictionary);
  });

  it('leave a set without dates in its order', () => {
    const b = new LinkageRecordsBuilder(new NameDictionary());
    b.add({ lastName: 'А', firstName: 'Б', birthDate: null });
    b.add({ lastName: 'В', firstName: 'Г', birthDate: null });
    expect([...orderByBirthDay(b.build())]).toEqual([0, 1]);
  });
});
