import { describe, expect, it } from 'vitest';
import { cellScalar, MAX_CELL_CHARS, parseCountry, parseDate, readCell, scalarText, ukrainianDate } from './cells';
import { COLUMN_BY_KEY } from './columns';

const col = (key: string) => COLUMN_BY_KEY.get(key)!;

describe('dates', () => {
  it('accepts Excel dates, Excel serial numbers, дд.мм.рррр and ISO text', () => {
    expect(parseDate(new Date(Date.UTC(2014, 2, 9)))).toBe('2014-03-09');
    expect(parseDate(41707)).toBe('2014-03-09');
    expect(parseDate(41707.75)).toBe('2014-03-09');
    for (const s of [
      '09.03.2014',
      '9.3.2014',
      '09/03/2014',
      '09-03-2014',
      ' 09.03.2014 р.',
      '2014-03-09',
      '2014-03-09T00:00:00.000Z',
    ])
      expect(parseDate(s), s).toBe('2014-03-09');
  });

  it('leaves the judgement of impossible dates to the catalogue, and refuses other text', () => {
    expect(parseDate('31.02.2014')).toBe('2014-02-31');
    for (const s of ['колись', '2014', '09.03.14', '03/09/2014 10:00', '']) expect(parseDate(s), s).toBeNull();
    expect(parseDate(0)).toBeNull();
    expect(parseDate(new Date(Number.NaN))).toBeNull();
  });

  it('writes dates as the template shows them', () => {
    expect(ukrainianDate('2014-03-09')).toBe('09.03.2014');
    expect(scalarText(new Date(Date.UTC(2014, 2, 9)))).toBe('09.03.2014');
  });
});

describe('cells', () => {
  it('unwraps rich text, hyperlinks and formula results; flags formulas without results and error values', () => {
    expect(cellScalar({ richText: [{ text: 'Шев' }, { text: 'ченко' }] })).toBe('Шевченко');
    expect(cellScalar({ text: 'Шевченко', hyperlink: 'mailto:x' })).toBe('Шевченко');
    expect(cellScalar({ formula: 'A1', result: 5 })).toBe(5);
    expect(cellScalar({ formula: 'A1' })).toMatchObject({ code: 'IMPORT_FORMULA_NO_RESULT' });
    expect(cellScalar({ sharedFormula: 'A1', result: { error: '#N/A' } })).toMatchObject({ code: 'IMPORT_CELL_ERROR' });
    expect(cellScalar({ error: '#REF!' })).toMatchObject({ code: 'IMPORT_CELL_ERROR' });
    expect(cellScalar(Number.NaN)).toMatchObject({ code: 'IMPORT_CELL_ERROR' });
    expect(cellScalar(undefined)).toBeNull();
  });

  it('reads drop-down labels, codes and short forms, and says what is allowed otherwise', () => {
    expect(readCell(col('sex'), 'Ж')).toEqual({ value: 'female', text: 'Ж' });
    expect(readCell(col('sex'), 'male').value).toBe('male');
    expect(readCell(col('displacement.status'), 'ВПО').value).toBe('internal');
    expect(readCell(col('displacement.status'), 'Внутрішньо переміщена особа (ВПО)').value).toBe('internal');
    expect(readCell(col('contact.status'), "зв'язок втрачено").value).toBe('lost');
    expect(readCell(col('educationForm'), 'екстернат').value).toBe('externship');
    expect(readCell(col('instructionLanguage'), 'Кримськотатарська').value).toBe('crh');
    const bad = readCell(col('sex'), 'невідомо');
    expect(bad.problem).toMatchObject({ code: 'IMPORT_VALUE_NOT_IN_LIST' });
    expect(bad.problem!.message).toContain('чоловіча; жіноча');
    expect(readCell(col('instructionLanguage'), 'ельфійська').problem!.message).toContain('зі списку');
  });

  it('reads так/ні, countries by name or code, grades with a class letter', () => {
    expect(['так', 'Так', '+', 1, true].map((v) => readCell(col('specialNeeds'), v).value)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['ні', '-', 0, false].map((v) => readCell(col('specialNeeds'), v).value)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(readCell(col('specialNeeds'), 'може').problem?.message).toContain('так; ні');
    expect([parseCountry('Польща'), parseCountry('pl'), parseCountry('Poland'), parseCountry('Атлантида')]).toEqual([
      'PL',
      'PL',
      'PL',
      null,
    ]);
    expect(readCell(col('enrollment.grade'), 5)).toEqual({ value: 5, text: '5' });
    expect(readCell(col('enrollment.grade'), '5-А')).toEqual({ value: 5, text: '5-А', classLetter: 'А' });
    expect(readCell(col('enrollment.grade'), '10 Б клас')).toMatchObject({ value: 10, classLetter: 'Б' });
    expect(readCell(col('enrollment.grade'), 5.5).problem?.code).toBe('IMPORT_NUMBER_FORMAT');
    expect(readCell(col('enrollment.grade'), 'п’ятий').problem?.code).toBe('IMPORT_NUMBER_FORMAT');
  });

  it('keeps identifiers as text, restores the leading zeros of a certificate number typed as a number', () => {
    expect(readCell(col('birthCertificate.number'), 12345).value).toBe('012345');
    expect(readCell(col('rnokpp'), 3456789012).value).toBe('3456789012');
    expect(readCell(col('unzr'), '20140309-01234').value).toBe('20140309-01234');
  });

  it('treats blank cells as empty and caps huge cells', () => {
    expect(readCell(col('lastName'), '   ')).toEqual({ text: '' });
    expect(readCell(col('lastName'), null)).toEqual({ text: '' });
    const huge = readCell(col('lastName'), 'я'.repeat(MAX_CELL_CHARS + 1));
    expect(huge.problem?.code).toBe('IMPORT_CELL_TOO_LONG');
    expect(huge.value).toBeUndefined();
    expect(huge.text).toHaveLength(MAX_CELL_CHARS + 1);
    expect(readCell(col('birthDate'), 'колись')).toMatchObject({
      text: 'колись',
      problem: { code: 'IMPORT_DATE_FORMAT' },
    });
  });
});
