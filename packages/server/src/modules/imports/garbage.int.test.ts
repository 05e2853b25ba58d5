import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, createUser, signIn, type Cascade, type Session } from '../../../test/factories';
import { createTestApp, type TestApp } from '../../../test/harness';
import { encodeCp1251, makeZip, sheetXml, upload, workbookOf, xlsxParts } from './testing';

interface ImportBody {
  status: string;
  format: string | null;
  encoding: string | null;
  delimiter: string | null;
  counts: { rows: number; valid: number; withErrors: number };
  error: {
    code: string;
    message: string;
    missing?: string[];
    unknown?: string[];
    errors?: Array<{ code: string; message: string }>;
  } | null;
}
interface RowBody {
  rowNumber: number;
  summary: { lastName: string | null; firstName: string | null };
  errors: Array<{ code: string; message: string; column: { header: string } | null }>;
}

const HEADER = ['Прізвище', 'Імʼя', 'Стать', 'Дата народження', 'Клас (номер)', 'Свідоцтво: серія', 'Свідоцтво: номер'];

describe.each(enginesUnderTest())('files that are not what they seem, on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let editor: Session;
  beforeAll(async () => {
    t = await createTestApp(engine);
    await t.ctx.jobs.stop();
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    editor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[0], { totp: true }));
  });
  afterAll(async () => t?.close());

  const send = (name: string, bytes: Buffer) => upload(t.app, editor.headers, c.schools[0].id, name, bytes);
  const refused = async (name: string, bytes: Buffer, code: string, detail?: RegExp) => {
    const r = await send(name, bytes);
    expect(r.statusCode, r.body).toBe(code === 'PAYLOAD_TOO_LARGE' ? 413 : 422);
    const body = r.json<{ code: string; detail?: string; title: string }>();
    expect(body.code).toBe(code);
    if (detail) expect(body.detail).toMatch(detail);
    return body;
  };
  /** Uploads, runs the job, returns the import. */
  const parsed = async (name: string, bytes: Buffer): Promise<ImportBody & { id: string }> => {
    const r = await send(name, bytes);
    expect(r.statusCode, r.body).toBe(202);
    const { importId } = r.json<{ importId: string }>();
    await t.ctx.jobs.drain();
    return {
      id: importId,
      ...(await t.app.inject({ url: `/api/v1/imports/${importId}`, headers: editor.headers })).json<ImportBody>(),
    };
  };
  const rows = async (id: string) =>
    (await t.app.inject({ url: `/api/v1/imports/${id}/rows`, headers: editor.headers })).json<{ items: RowBody[] }>()
      .items;

  it('refuses random bytes, a PDF, an old .xls, a ZIP that is no workbook, an ODS, an HTML page and an empty file at once', async () => {
    await refused('x.xlsx', randomBytes(4096), 'IMPORT_NOT_SPREADSHEET', /XLSX.*CSV/);
    await refused(
      'x.pdf',
      Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000)]),
      'IMPORT_NOT_SPREADSHEET',
      /PDF/,
    );
    await refused(
      'x.xls',
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(2000)]),
      'IMPORT_NOT_SPREADSHEET',
      /97–2003/,
    );
    await refused(
      'x.zip',
      makeZip([{ name: 'readme.txt', data: Buffer.from('hello') }]),
      'IMPORT_NOT_SPREADSHEET',
      /ZIP-архів/,
    );
    await refused(
      'x.ods',
      makeZip([
        { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet') },
        { name: 'content.xml', data: Buffer.from('<x/>') },
      ]),
      'IMPORT_NOT_SPREADSHEET',
      /ODS/,
    );
    await refused(
      'x.csv',
      Buffer.from('<!DOCTYPE html><html><body><table></table></body></html>'),
      'IMPORT_NOT_SPREADSHEET',
      /вебсторінка/,
    );
    await refused('x.csv', Buffer.alloc(0), 'IMPORT_EMPTY');
    await refused(
      'x.xlsx',
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(500)]),
      'IMPORT_INVALID',
      /пошкоджений/,
    );
    const none = await t.ctx.db.kysely.selectFrom('person').select('id').execute();
    expect(none).toEqual([]);
  });

  it('refuses a zip bomb by its declared size and ratio, and one that lies about its size when inflated', async () => {
    const big = Buffer.alloc(101 * 1024 * 1024, 0x20);
    await refused('bomb.xlsx', makeZip(xlsxParts(big, { deflate: true })), 'IMPORT_UNPACKED_TOO_LARGE', /zip-бомба/);
    // 30 MB in 30 KB: under the total, but a ratio no spreadsheet has.
    await refused(
      'ratio.xlsx',
      makeZip(xlsxParts(Buffer.alloc(30 * 1024 * 1024, 0x20), { deflate: true })),
      'IMPORT_UNPACKED_TOO_LARGE',
      /zip-бомба/,
    );
    // Declares 2 000 bytes, inflates to 5 MB: found when the job inflates it, before any XML is parsed.
    // A sheet a spreadsheet program would not write (cells without references) is unreadable, not a server error.
    const odd = await parsed(
      'odd.xlsx',
      makeZip(
        xlsxParts(
          Buffer.from(
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c t="inlineStr"><is><t>Прізвище</t></is></c></row></sheetData></worksheet>',
          ),
        ),
      ),
    );
    expect(odd.error?.code).toBe('IMPORT_INVALID');
    const liar = xlsxParts(Buffer.concat([sheetXml([HEADER]), Buffer.alloc(5 * 1024 * 1024, 0x20)]), {
      deflate: true,
      declaredSize: 2000,
    });
    const imp = await parsed('liar.xlsx', makeZip(liar));
    expect(imp.status).toBe('failed');
    expect(imp.error?.code).toBe('IMPORT_UNPACKED_TOO_LARGE');
  });

  it('refuses a file over the upload limit', async () => {
    await refused('huge.csv', Buffer.alloc(t.ctx.config.maxUploadBytes + 1024, 0x41), 'PAYLOAD_TOO_LARGE');
  });

  it('names the missing and unknown columns of a file that is not the template', async () => {
    const imp = await parsed(
      'other.xlsx',
      await workbookOf([
        ['Прізвище', 'Імʼя', 'Дата народжння', 'Примітка'],
        ['Шевченко', 'Тарас', '09.03.2014', 'x'],
      ]),
    );
    expect(imp.status).toBe('failed');
    expect(imp.error?.code).toBe('IMPORT_COLUMNS_MISMATCH');
    expect(imp.error?.missing).toEqual(['Стать', 'Клас (номер)']);
    expect(imp.error?.unknown).toEqual(['Дата народжння', 'Примітка']);
    expect(imp.error?.message).toContain('бракує обовʼязкових стовпців «Стать», «Клас (номер)»');
    expect(imp.error?.errors?.map((e) => e.code)).toEqual([
      'IMPORT_COLUMN_MISSING',
      'IMPORT_COLUMN_MISSING',
      'IMPORT_COLUMN_UNKNOWN',
      'IMPORT_COLUMN_UNKNOWN',
    ]);
    const none = await parsed('none.xlsx', await workbookOf([['Список учнів'], ['a', 'b', 'c']]));
    expect(none.error?.code).toBe('IMPORT_COLUMNS_MISMATCH');
    expect(none.error?.message).toContain('Не знайдено рядка із заголовками');
    const empty = await parsed('empty.xlsx', await workbookOf([HEADER]));
    expect(empty.error?.code).toBe('IMPORT_EMPTY');
  });

  it('reads columns in any order, under a title, with English keys and odd spelling of headers', async () => {
    const imp = await parsed(
      'mixed.xlsx',
      await workbookOf([
        ['Список учнів 5-А класу'],
        [],
        ['№', 'enrollment.grade', ' стать ', "ІМ'Я", 'ПРІЗВИЩЕ', 'birthDate'],
        [1, '5-Б', 'Ж', 'Марія', 'Коваленко', '12.05.2014'],
      ]),
    );
    expect(imp.status, JSON.stringify(imp.error)).toBe('previewed');
    const [row] = await rows(imp.id);
    expect(row).toMatchObject({ rowNumber: 4, summary: { lastName: 'Коваленко', firstName: 'Марія', class: '5-Б' } });
  });

  it('skips a million empty rows cheaply and stops at the row limit', async () => {
    const file = path.join(os.tmpdir(), `aikom-empty-rows-${process.pid}-${engine}.xlsx`);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const ws = wb.addWorksheet('Учні');
    ws.addRow(HEADER).commit();
    ws.addRow(['Шевченко', 'Тарас', 'чоловіча', '09.03.2014', 5]).commit();
    for (let i = 3; i <= 1_000_000; i++) {
      const r = ws.getRow(i);
      r.getCell(1).value = '';
      r.getCell(1).style = { font: { bold: true } };
      r.commit();
    }
    ws.commit();
    await wb.commit();
    const bytes = fs.readFileSync(file);
    fs.rmSync(file);
    const started = Date.now();
    const imp = await parsed('empty-rows.xlsx', bytes);
    expect(imp.status, JSON.stringify(imp.error)).toBe('previewed');
    expect(imp.counts.rows).toBe(1);
    expect(Date.now() - started).toBeLessThan(60_000);

    const many: Array<Array<string | number>> = [HEADER];
    for (let i = 0; i < 20_001; i++) many.push([`Прізвище${i}`, 'Імʼя', 'жіноча', '01.01.2014', 5]);
    const over = await parsed('many.xlsx', await workbookOf(many));
    expect(over.status).toBe('failed');
    expect(over.error?.code).toBe('IMPORT_TOO_MANY_ROWS');
    expect(over.error?.message).toContain('20');
  });

  it('uses the cached result of a formula and refuses a formula without one, and a huge cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Учні');
    ws.addRow(HEADER);
    ws.addRow([
      { formula: 'UPPER("коваленко")', result: 'Коваленко' },
      'Марія',
      'жіноча',
      '12.05.2014',
      { formula: '2+3', result: 5 },
    ]);
    ws.addRow(['Бондар', { formula: 'A1' }, 'жіноча', '03.02.2014', 5]);
    ws.addRow(['Мельник'.repeat(2000), 'Іван', 'чоловіча', '01.07.2014', 5]);
    const imp = await parsed('formulas.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(imp.status, JSON.stringify(imp.error)).toBe('previewed');
    const r = await rows(imp.id);
    expect(r.map((x) => [x.rowNumber, x.errors.map((e) => [e.code, e.column?.header])])).toEqual([
      [2, []],
      [3, [['IMPORT_FORMULA_NO_RESULT', 'Імʼя']]],
      [4, [['IMPORT_CELL_TOO_LONG', 'Прізвище']]],
    ]);
    expect(r[0]!.summary.lastName).toBe('Коваленко');
    // Error values as a spreadsheet program stores them: a formula whose cached result is #DIV/0!, a plain #N/A.
    // (exceljs reports no result for that formula, so it is refused as a formula without a value.)
    const cells = (v: string[], row: number) =>
      v.map((x, i) => `<c r="${'ABCDEFG'[i]}${row}" t="inlineStr"><is><t>${x}</t></is></c>`).join('');
    const xml = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        `<row r="1">${cells(HEADER, 1)}</row>` +
        `<row r="2">${cells(['Гнатюк', 'Ольга', 'жіноча'], 2)}<c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="E2"><v>5</v></c></row>` +
        `<row r="3">${cells(['Ткачук', 'Іван', 'чоловіча', '01.02.2014'], 3)}<c r="E3" t="e"><v>#N/A</v></c></row>` +
        '</sheetData></worksheet>',
    );
    const errors = await parsed('errors.xlsx', makeZip(xlsxParts(xml, { deflate: true })));
    expect(errors.status, JSON.stringify(errors.error)).toBe('previewed');
    expect((await rows(errors.id)).map((x) => [x.rowNumber, x.errors.map((e) => [e.code, e.column?.header])])).toEqual([
      [2, [['IMPORT_FORMULA_NO_RESULT', 'Дата народження']]],
      [3, [['IMPORT_CELL_ERROR', 'Клас (номер)']]],
    ]);
  });

  it('reads CSV in UTF-8 with a byte order mark and in Windows-1251, with ; or , and quoted fields', async () => {
    const lines = [
      'Прізвище;Імʼя;Стать;Дата народження;Клас (номер);Літера класу;Звʼязок: статус;Звʼязок: втрачено з;Звʼязок: примітка',
      'Коваленко;Марія;жіноча;12.05.2014;5;А;звʼязок є;;',
      'Бондар;Олена;жіноча;03.02.2014;5;Б;звʼязок втрачено;20.09.2025;"Дзвонили; писали ""Вайбер""',
      'телефон не відповідає"',
    ];
    const utf8 = await parsed(
      'uchni.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n'), 'utf8')]),
    );
    expect(utf8).toMatchObject({ status: 'previewed', format: 'csv', encoding: 'utf-8', delimiter: ';' });
    expect(utf8.counts).toMatchObject({ rows: 2, valid: 2 });
    const cp = lines.map((l) =>
      l.replace(/;/g, ',').replace('Дзвонили, писали', 'Дзвонили; писали').replace(/ʼ/g, "'"),
    );
    const win = await parsed('uchni-1251.csv', encodeCp1251(cp.join('\r\n')));
    expect(win).toMatchObject({ status: 'previewed', format: 'csv', encoding: 'windows-1251', delimiter: ',' });
    const r = await rows(win.id);
    expect(r.map((x) => [x.rowNumber, x.summary.lastName, x.summary.firstName, x.errors])).toEqual([
      [2, 'Коваленко', 'Марія', []],
      [3, 'Бондар', 'Олена', []],
    ]);
    const broken = await parsed(
      'broken.csv',
      Buffer.from('Прізвище;Імʼя;Стать;Клас (номер)\r\nКоваленко;"Марія;жіноча;5\r\n', 'utf8'),
    );
    expect(broken.error?.code).toBe('IMPORT_INVALID');
    expect(broken.error?.message).toContain('лапки');
  });

  it('refuses an upload that is not multipart, and one without a file', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/schools/${c.schools[0].id}/imports`,
      headers: { ...editor.headers, 'content-type': 'application/json' },
      payload: { a: 1 },
    });
    expect(r.statusCode).toBe(415);
    expect(r.json<{ code: string }>().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
