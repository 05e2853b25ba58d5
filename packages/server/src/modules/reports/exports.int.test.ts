/**
 * The exports open and read correctly: the XLSX read back with exceljs, the PDF's text extracted with pdftotext
 * (Cyrillic labels and the numbers) and its first page rendered with pdftoppm (not blank), the CSV parsed. Needs
 * poppler-utils (Debian: `apt-get install poppler-utils`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, createUser, pupilRecord, signIn, type Cascade, type Session } from '../../../test/factories';
import { createTestApp, type TestApp, auditDb } from '../../../test/harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-exports-'));

/** Text of a PDF (pdftotext keeps the layout so that a row's label and numbers stay on one line). */
function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(tmp, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** The share of dark pixels of page 1 rendered in grey at 40 dpi (PGM). */
function darkShare(pdf: Buffer, name: string): number {
  const file = path.join(tmp, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const prefix = path.join(tmp, name);
  execFileSync('pdftoppm', ['-r', '40', '-gray', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
  const pgm = fs.readFileSync(`${prefix}.pgm`);
  // P5 header: magic, width, height, maxval, each followed by whitespace.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 64).toString('latin1'))!;
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (const p of pixels) if (p < 128) dark++;
  return dark / pixels.length;
}

describe.each(enginesUnderTest())('report exports on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  let editor: Session;
  let specialist: Session;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    editor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[0], { totp: true }));
    t.advance(31_000);
    specialist = await signIn(t.app, t.ctx, await createUser(t.ctx, 'ouo_specialist', c.ouos[0], { totp: true }));
    const people = [
      ['Андрієнко', 'male', '2014-03-09', 5],
      ['Бойко', 'male', '2014-06-10', 5],
      ['Гнатюк', 'male', '2013-02-01', 6],
    ] as const;
    let n = 400000;
    for (const [lastName, sex, birthDate, grade] of people) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pupils',
        headers: editor.headers,
        payload: pupilRecord(c.schools[0], {
          lastName,
          sex,
          birthDate,
          birthCertificate: { series: 'І-БК', number: String(++n) },
          enrollment: {
            schoolEdrpou: c.schools[0].edrpou,
            schoolYear: '2025-2026',
            grade,
            classLetter: 'А',
            entryDate: '2025-09-01',
          },
        }),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const entered = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/reports/znz1/schools/${c.schools[0].id}/entered`,
      headers: editor.headers,
      payload: { cells: { '9.1.1': 1, '9.1.2': 2 } },
    });
    expect(entered.statusCode, entered.body).toBe(200);
  });
  afterAll(async () => t?.close());

  const download = async (url: string, s: Session = editor) => {
    const res = await t.app.inject({ url, headers: s.headers });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    return res;
  };
  const base = () => `/api/v1/reports/znz1/schools/${c.schools[0].id}?date=2025-09-05`;

  it('XLSX: laid out like the form, with the open-data sheet', async () => {
    const res = await download(`${base()}&format=xlsx`);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=".*\.xlsx"; filename\*=UTF-8''/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Форма', 'Перевірки', 'Відкриті дані']);
    const form = wb.getWorksheet('Форма')!;
    expect(form.getCell(1, 1).text).toContain('ЗНЗ-1');
    const rowOf = (code: string) => {
      let found: ExcelJS.Row | undefined;
      form.eachRow((r) => {
        if (r.getCell(2).value === code) found = r;
      });
      return found!;
    };
    expect(rowOf('1.5').getCell(1).value).toBe('5 клас');
    expect(rowOf('1.5').getCell(3).value).toBe(1); // classes
    expect(rowOf('1.5').getCell(4).value).toBe(2); // pupils
    expect(rowOf('1.16').getCell(4).value).toBe(3);
    expect(rowOf('9.1').getCell(4).value).toBe(2);
    expect(rowOf('9.1').getCell(4).note).toBe('внесено закладом');
    expect(rowOf('8.1').getCell(3).value).toBe('—');
    let headerText = '';
    form.eachRow((r) => (headerText += `${r.getCell(1).text}|${r.getCell(2).text}\n`));
    expect(headerText).toContain(`Код за ЄДРПОУ|${c.schools[0].edrpou}`);
    expect(headerText).toContain('Розділ 4. Розподіл учнів за роком народження, статтю і класами');
    const open = wb.getWorksheet('Відкриті дані')!;
    const cells = new Map<string, unknown>();
    open.eachRow((r, i) => {
      if (i > 1) cells.set(r.getCell(1).text, r.getCell(5).value);
    });
    expect(cells.get('1.5.2')).toBe(2);
    expect(cells.get('4.8.8')).toBe(1); // born 2013 (row 8 = Y − 12), grade 6 (column 8)
  });

  it('PDF: Cyrillic text and numbers, a page that is not blank', async () => {
    const res = await download(`${base()}&format=pdf`);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(res.rawPayload, 'znz1');
    expect(text).toContain('Звіт закладу загальної середньої освіти (форма № ЗНЗ-1)');
    expect(text).toContain('станом на 05.09.2025, 2025-2026 навчальний рік');
    expect(text).toContain('Розділ 1. Мережа класів і контингент учнів');
    expect(text).toContain(c.schools[0].name);
    expect(text).toContain('Групи подовженого дня');
    expect(text).toMatch(/5 клас\s+1\.5\s+1\s+2\s+0\s+0\s+0\s+0/);
    expect(text).toMatch(/усього\s+1\.16\s+2\s+3\s+0/);
    expect(text).toContain('Перевірки узгодженості');
    const share = darkShare(res.rawPayload, 'znz1');
    expect(share).toBeGreaterThan(0.002);
    expect(share).toBeLessThan(0.5);
  });

  it('the published PDF marks suppressed numbers, 76-РВК lists the schools', async () => {
    const published = pdfText((await download(`${base()}&format=pdf&published=true`)).rawPayload, 'published');
    expect(published).toContain('Оприлюднений варіант');
    expect(published).toMatch(/5 клас\s+1\.5\s+1\s+к/);
    expect(published).toContain('«к» — значення не оприлюднюється');
    const rvk = await download(`/api/v1/reports/rvk76/ouos/${c.ouos[0].id}?date=2025-09-05&format=pdf`, specialist);
    const text = pdfText(rvk.rawPayload, 'rvk');
    expect(text).toContain('форма № 76-РВК');
    expect(text).toContain(c.schools[1].name);
    expect(text).toContain('№ 1120/36742');
    const xlsx = await download(`/api/v1/reports/rvk76/ouos/${c.ouos[0].id}?date=2025-09-05&format=xlsx`, specialist);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const list = wb.getWorksheet('Заклади')!;
    expect(list.rowCount).toBe(3);
  });

  it('CSV: one line per cell named section.row.col', async () => {
    const res = await download(`${base()}&format=csv`);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = res.rawPayload.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('cell,section,row,column,section_title,row_label,column_label,value,source');
    const line = lines.find((l) => l.startsWith('1.5.2,'))!;
    expect(line).toBe('1.5.2,1,5,2,Розділ 1. Мережа класів і контингент учнів,5 клас,учнів,2,records');
    expect(lines.find((l) => l.startsWith('9.1.2,'))!.endsWith(',2,entered')).toBe(true);
    expect(lines.find((l) => l.startsWith('8.1.1,'))!.endsWith(',0,not_entered')).toBe(true);
  });

  it('every export is audited with its format', async () => {
    const rows = await (
      await auditDb(t.ctx)
    )
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'report.export')
      .execute();
    expect(rows.map((r) => (r.details as { format: string }).format).sort()).toEqual(
      ['csv', 'pdf', 'pdf', 'pdf', 'xlsx', 'xlsx'].sort(),
    );
  });
});
