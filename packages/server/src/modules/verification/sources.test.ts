import { describe, expect, it } from 'vitest';
import { CsvExtractSource, detectDelimiter, detectEncoding, RowsExtractSource } from './sources';

const HEADER = 'record_id;last_name;first_name;birth_date';

async function read(source: { rows(): AsyncIterable<Record<string, string>> }) {
  const rows: Record<string, string>[] = [];
  for await (const r of source.rows()) rows.push(r);
  return rows;
}

/** Windows-1251 bytes of Ukrainian text (the code page of Excel in a Ukrainian locale). */
function cp1251(text: string): Buffer {
  const map: Record<string, number> = { Є: 0xaa, І: 0xb2, Ї: 0xaf, є: 0xba, і: 0xb3, ї: 0xbf, Ґ: 0xa5, ґ: 0xb4 };
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.charCodeAt(0);
      if (c < 0x80) return c;
      if (map[ch] !== undefined) return map[ch];
      if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
      throw new Error(`no cp1251 byte for ${ch}`);
    }),
  );
}

describe('detectEncoding', () => {
  it('takes a sample cut inside a two-byte letter for UTF-8', () => {
    const text = Buffer.from('Шевченко;'.repeat(10_000), 'utf8');
    for (const cut of [65_535, 65_536, 65_537]) expect(detectEncoding(text.subarray(0, cut))).toBe('utf-8');
  });

  it('recognises Windows-1251', () => {
    expect(detectEncoding(cp1251('Шевченко;Тарас;Григорович'))).toBe('windows-1251');
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['a;b;c', ';'],
    ['a,b,c', ','],
    ['a\tb\tc', '\t'],
    ['a;b,c', ';'],
  ])('%j → %j', (line, d) => expect(detectDelimiter(line)).toBe(d));
});

describe('CsvExtractSource', () => {
  it('reads a large UTF-8 file in the clear and records its provenance', async () => {
    const body = Array.from({ length: 5000 }, (_, i) => `ДРАЦС-${i};Шевченко;Тарас;2014-03-09`).join('\r\n');
    const source = CsvExtractSource.fromBuffer('births', 'births.csv', Buffer.from(`${HEADER}\r\n${body}\r\n`, 'utf8'));
    const rows = await read(source);
    expect(rows).toHaveLength(5000);
    expect(rows[4999]).toEqual({
      record_id: 'ДРАЦС-4999',
      last_name: 'Шевченко',
      first_name: 'Тарас',
      birth_date: '2014-03-09',
    });
    const p = source.provenance();
    expect(p).toMatchObject({ adapter: 'csv', name: 'births.csv', encoding: 'utf-8', delimiter: ';' });
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads Windows-1251 with commas, quotes and a byte order mark free header', async () => {
    const text = 'record_id,last_name,first_name,birth_date\r\nA1,"Ольховська, Петренко",Ірина,2013-05-07\r\n';
    const source = CsvExtractSource.fromBuffer('births', 'b.csv', cp1251(text));
    expect(await read(source)).toEqual([
      { record_id: 'A1', last_name: 'Ольховська, Петренко', first_name: 'Ірина', birth_date: '2013-05-07' },
    ]);
    expect(source.provenance()).toMatchObject({ encoding: 'windows-1251', delimiter: ',' });
  });

  it('refuses a file without the format’s required columns, naming them', async () => {
    const source = CsvExtractSource.fromBuffer('border', 'b.csv', Buffer.from(`${HEADER}\r\n1;A;B;2014-03-09\r\n`));
    await expect(read(source)).rejects.toMatchObject({
      code: 'REGISTRY_EXTRACT_COLUMNS',
      extra: { missing: ['direction', 'crossed_on'] },
    });
  });

  it('refuses text that is not CSV', async () => {
    const source = CsvExtractSource.fromBuffer('births', 'b.csv', Buffer.from(`${HEADER}\r\n"unclosed;x;y;z\r\n`));
    await expect(read(source)).rejects.toMatchObject({ code: 'REGISTRY_EXTRACT_INVALID' });
  });
});

describe('RowsExtractSource', () => {
  it('passes rows through and checks the fields of the first', async () => {
    const ok = new RowsExtractSource('births', 'mem', [
      { record_id: '1', last_name: 'A', first_name: 'B', birth_date: '2014-03-09' },
    ]);
    expect(await read(ok)).toHaveLength(1);
    expect(ok.provenance()).toEqual({ adapter: 'rows', name: 'mem' });
    const bad = new RowsExtractSource('births', 'mem', [{ record_id: '1' }]);
    await expect(read(bad)).rejects.toMatchObject({ code: 'REGISTRY_EXTRACT_COLUMNS' });
  });
});
