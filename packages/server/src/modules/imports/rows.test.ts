import { completeEdrpou } from '@aikom/domain/identifiers/edrpou';
import { describe, expect, it } from 'vitest';
import { mapHeader } from './columns';
import { checkRow, readRow, statusOf } from './rows';

const HEADER = [
  'Прізвище',
  'Імʼя',
  'Стать',
  'Дата народження',
  'Клас (номер)',
  'Літера класу',
  'ЄДРПОУ закладу',
  'Навчальний рік',
];
const columns = mapHeader(HEADER).columns;
const EDRPOU = completeEdrpou('4100000')!;
const context = {
  school: { edrpou: EDRPOU },
  schoolYear: '2025-2026',
  knownYears: new Set([2025]),
  now: new Date('2025-10-15T09:00:00Z'),
};

describe('a row of the file', () => {
  it('skips rows without data in any known column', () => {
    expect(readRow(5, columns, ['', null, '  '])).toBeNull();
  });

  it('makes the exchange record, completing the school and school year', () => {
    const row = readRow(2, columns, ['Коваленко', 'Марія', 'ж', new Date(Date.UTC(2014, 4, 12)), '5-А'])!;
    expect(row.record).toEqual({
      lastName: 'Коваленко',
      firstName: 'Марія',
      sex: 'female',
      birthDate: '2014-05-12',
      enrollment: { grade: 5, classLetter: 'А' },
    });
    expect(row.values).toMatchObject({ birthDate: '12.05.2014', 'enrollment.grade': '5-А' });
    const checked = checkRow(row, context);
    expect(checked.record.enrollment).toEqual({
      schoolEdrpou: EDRPOU,
      schoolYear: '2025-2026',
      grade: 5,
      classLetter: 'А',
    });
    expect(checked.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(checked.issues.map((i) => i.code)).toContain('BIRTH_CERT_MISSING');
    expect(statusOf(checked.issues)).toBe('warning');
  });

  it('refuses a row of another school and a school year the registry has not opened', () => {
    const other = checkRow(
      readRow(3, columns, ['Бондар', 'Олена', 'жіноча', '03.02.2014', 5, 'Б', completeEdrpou('4200000')!])!,
      context,
    );
    expect(other.issues.map((i) => [i.code, i.column])).toContainEqual([
      'IMPORT_OTHER_SCHOOL',
      'enrollment.schoolEdrpou',
    ]);
    const next = checkRow(
      readRow(4, columns, ['Бондар', 'Олена', 'жіноча', '03.02.2014', 1, 'Б', '', '2026–2027'])!,
      context,
    );
    expect(next.issues.map((i) => i.code)).toContain('IMPORT_SCHOOL_YEAR_NOT_OPEN');
  });

  it('reports a cell problem once: catalogue issues about the same field are left out', () => {
    const row = readRow(6, columns, ['Сидоренко', 'Ганна', 'жіноча', 'колись', 'п’ятий'])!;
    const codes = checkRow(row, context).issues.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['IMPORT_DATE_FORMAT', 'IMPORT_NUMBER_FORMAT']));
    expect(codes).not.toContain('BIRTH_DATE_MISSING');
    expect(codes).not.toContain('ENROLLMENT_GRADE_REQUIRED');
    expect(statusOf(checkRow(row, context).issues)).toBe('error');
  });
});
