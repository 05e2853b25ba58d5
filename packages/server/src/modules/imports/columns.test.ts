import { describe, expect, it } from 'vitest';
import {
  columnLetter,
  columnOfHeader,
  columnOfPath,
  headerKey,
  knownHeaderCount,
  mapHeader,
  TEMPLATE_COLUMNS,
} from './columns';

describe('header mapping', () => {
  it('ignores case, spacing, punctuation and apostrophe variants', () => {
    for (const h of ['Імʼя', "Ім'я", 'Ім’я', 'ІМЯ', '  імʼя ', 'firstName', 'FIRSTNAME'])
      expect(columnOfHeader(h), h).toMatchObject({ key: 'firstName' });
    expect(headerKey('Свідоцтво: серія')).toBe(headerKey('свідоцтво серія'));
    expect(columnOfHeader('Свідоцтво — серія')).toMatchObject({ key: 'birthCertificate.series' });
  });

  it('reads Latin look-alike letters among Cyrillic ones as Cyrillic, and keeps English keys English', () => {
    expect(columnOfHeader('Cтать')).toMatchObject({ key: 'sex' }); // Latin C
    expect(columnOfHeader('birthCertificate.number')).toMatchObject({ key: 'birthCertificate.number' });
    expect(columnOfHeader('enrollment/classLetter')).toMatchObject({ key: 'enrollment.classLetter' });
  });

  it('accepts the aliases people use and skips running numbers and report columns', () => {
    expect(columnOfHeader('Серія свідоцтва')).toMatchObject({ key: 'birthCertificate.series' });
    expect(columnOfHeader('ІПН')).toMatchObject({ key: 'rnokpp' });
    for (const h of ['№', '№ з/п', 'Рядок у файлі', 'Помилки та попередження', ''])
      expect(columnOfHeader(h), h).toBe('ignored');
    expect(columnOfHeader('Дата народжння')).toBeUndefined();
  });

  it('maps a header row: columns with positions, missing required, unknown and repeated headers', () => {
    const m = mapHeader(['№', 'Прізвище', null, 'Дата народжння', 'lastName', ' Імʼя ', 'Стать']);
    expect(m.columns).toEqual([
      { key: 'lastName', header: 'Прізвище', index: 1 },
      { key: 'firstName', header: 'Імʼя', index: 5 },
      { key: 'sex', header: 'Стать', index: 6 },
    ]);
    expect(m.missing).toEqual(['Клас (номер)']);
    expect(m.unknown).toEqual(['Дата народжння']);
    expect(m.repeated).toEqual(['lastName']);
  });

  it('maps every template header to its own column', () => {
    const m = mapHeader(TEMPLATE_COLUMNS.map((c) => c.header));
    expect(m.columns.map((c) => c.key)).toEqual(TEMPLATE_COLUMNS.map((c) => c.key));
    expect([m.missing, m.unknown, m.repeated]).toEqual([[], [], []]);
  });

  it('counts distinct known columns (an instructions row naming one column twice is no header)', () => {
    expect(knownHeaderCount(['Прізвище', 'lastName', 'так'])).toBe(1);
    expect(knownHeaderCount(['Список учнів', 'Прізвище', 'Імʼя'])).toBe(2);
  });

  it('places an issue path at its column, the first column inside it, or the nearest enclosing one', () => {
    expect(columnOfPath('/birthCertificate/number')?.header).toBe('Свідоцтво: номер');
    expect(columnOfPath('/displacement')?.header).toBe('Переміщення: статус');
    expect(columnOfPath('/enrollment/unknownField')?.key).toBe('enrollment.grade');
    expect(columnOfPath('')).toBeUndefined();
  });

  it('names columns by letters', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});
