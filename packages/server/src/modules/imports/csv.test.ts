import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, decodeText, detectDelimiter, looksBinary, parseCsv, writeCsv } from './csv';
import { encodeCp1251 } from './testing';

const records = (text: string, d: ';' | ',' | '\t' = ';') => [...parseCsv(text, d)];

describe('CSV reader', () => {
  it('splits records at CRLF, LF and CR, keeps empty fields and empty records', () => {
    expect(records('a;b\r\nc;d\ne;f\rg;;')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', '', ''],
    ]);
    expect(records('a\n\nb\n')).toEqual([['a'], [''], ['b']]);
    expect(records('')).toEqual([]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks (RFC 4180)', () => {
    expect(records('"a;b";"say ""hi""";"line1\r\nline2"\r\nx;y')).toEqual([
      ['a;b', 'say "hi"', 'line1\r\nline2'],
      ['x', 'y'],
    ]);
    expect(records('"a",b,"c"', ',')).toEqual([['a', 'b', 'c']]);
    expect(records('"ab"c;d')).toEqual([['abc', 'd']]);
  });

  it('refuses an unclosed quote instead of swallowing the rest of the file', () => {
    expect(() => records('a;b\r\n"c;d\r\ne;f')).toThrow(CsvSyntaxError);
    try {
      records('a;b\r\n"c;d');
    } catch (e) {
      expect((e as CsvSyntaxError).record).toBe(2);
    }
  });

  it('detects the delimiter from the first record, outside quotes', () => {
    expect(detectDelimiter('Прізвище;Імʼя;Стать\n1,2')).toBe(';');
    expect(detectDelimiter('Прізвище,Імʼя,Стать')).toBe(',');
    expect(detectDelimiter('"a;b;c",d,e')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('Прізвище')).toBe(';');
  });
});

describe('text decoding', () => {
  it('reads UTF-8 with and without a byte order mark, UTF-16 with one, and Windows-1251 otherwise', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Прізвище;Імʼя')]))).toEqual({
      text: 'Прізвище;Імʼя',
      encoding: 'utf-8',
      bom: true,
    });
    expect(decodeText(Buffer.from('Ґанок;Їжак'))).toEqual({ text: 'Ґанок;Їжак', encoding: 'utf-8', bom: false });
    expect(decodeText(encodeCp1251('Прізвище,Імя,Ґ,Є,Ї'))).toEqual({
      text: 'Прізвище,Імя,Ґ,Є,Ї',
      encoding: 'windows-1251',
      bom: false,
    });
    expect(
      decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Прізвище\tІмʼя', 'utf16le')])),
    ).toMatchObject({ text: 'Прізвище\tІмʼя', encoding: 'utf-16le' });
  });

  it('tells binary data from text', () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(decodeText(random)).toBeNull();
    expect(looksBinary('a\u0000b')).toBe(true);
    expect(looksBinary('Прізвище;Імʼя\r\n\tтабуляція')).toBe(false);
  });
});

describe('CSV writer', () => {
  it('writes UTF-8 with a byte order mark, ; and CRLF, quoting what needs it, and reads back the same', () => {
    const rows = [
      ['Прізвище', 'Примітка'],
      ['Шевченко', 'Дзвонили; писали "Вайбер"\nдвічі'],
      ['=1+1', '@x'],
    ];
    const out = writeCsv(rows);
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = out.subarray(3).toString('utf8');
    expect(text).toBe('Прізвище;Примітка\r\nШевченко;"Дзвонили; писали ""Вайбер""\nдвічі"\r\n\'=1+1;\'@x\r\n');
    expect(records(text).slice(0, 2)).toEqual(rows.slice(0, 2));
  });
});
