/**
 * A report as an XLSX workbook laid out like the paper form (exceljs, in memory: a form is a few hundred rows): sheet
 * «Форма» with the title, the header and each section as a table (row names, row numbers, numbered columns), entered
 * cells shaded with a note; «Перевірки»; «Заклади» (76-РВК) or «Регіони» (nation); «Відкриті дані» with one row per
 * cell named section.row.col.
 */
import ExcelJS from 'exceljs';
import type { ReportDocument } from './report-document';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What a suppressed value shows: «к» — confidential, as the State Statistics Service marks it. */
export const SUPPRESSED_MARK = 'к';
export const SUPPRESSED_NOTE =
  '«к» — значення не оприлюднюється: менше 5 учнів або число, з якого таке значення можна обчислити.';

const TITLE_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const ENTERED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** Builds the workbook. */
export async function reportXlsx(doc: ReportDocument): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'aikom';
  wb.title = doc.title;
  const widest = Math.max(...doc.tables.map((t) => t.columns.length));
  const ws = wb.addWorksheet('Форма', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [{ width: 46 }, { width: 8 }, ...Array.from({ length: widest }, () => ({ width: 13 }))];
  const lastCol = 2 + widest;
  let row = 1;
  const merged = (text: string, font: Partial<ExcelJS.Font>, fill?: ExcelJS.Fill) => {
    ws.mergeCells(row, 1, row, lastCol);
    const cell = ws.getCell(row, 1);
    cell.value = text;
    cell.font = font;
    cell.alignment = { wrapText: true, vertical: 'middle' };
    if (fill) cell.fill = fill;
    row++;
  };
  merged(doc.title, { bold: true, size: 14 });
  for (const s of doc.subtitle) merged(s, { italic: true });
  row++;
  for (const [label, value] of doc.header) {
    ws.getCell(row, 1).value = label;
    ws.getCell(row, 1).font = { bold: true };
    ws.mergeCells(row, 2, row, lastCol);
    ws.getCell(row, 2).value = value;
    row++;
  }
  for (const t of doc.tables) {
    row++;
    merged(t.title + (t.source === 'entered' ? ' (заповнює заклад)' : ''), { bold: true, size: 12 }, TITLE_FILL);
    if (t.note) merged(t.note, { italic: true, size: 9 });
    const head = ws.getRow(row);
    head.getCell(1).value = 'Назва рядка';
    head.getCell(2).value = '№ рядка';
    t.columns.forEach((c, i) => (head.getCell(3 + i).value = `${c.n}. ${c.label}`));
    head.height = 48;
    for (let i = 1; i <= 2 + t.columns.length; i++) {
      const cell = head.getCell(i);
      cell.font = { bold: true, size: 9 };
      cell.fill = HEAD_FILL;
      cell.border = THIN;
      cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    }
    row++;
    for (const r of t.rows) {
      const line = ws.getRow(row);
      line.getCell(1).value = r.label;
      line.getCell(2).value = `${t.section}.${r.n}`;
      line.getCell(2).alignment = { horizontal: 'center' };
      r.cells.forEach((c, i) => {
        const cell = line.getCell(3 + i);
        cell.value = c.value === null ? SUPPRESSED_MARK : c.missing ? '—' : c.value;
        cell.alignment = { horizontal: 'right' };
        if (c.value !== null && !c.missing) cell.numFmt = '0';
        if (c.entered) {
          cell.fill = ENTERED_FILL;
          cell.note = 'внесено закладом';
        }
      });
      for (let i = 1; i <= 2 + t.columns.length; i++) line.getCell(i).border = THIN;
      if (/^усього/.test(r.label)) line.font = { bold: true };
      row++;
    }
  }
  row++;
  const anySuppressed = doc.tables.some((t) => t.rows.some((r) => r.cells.some((c) => c.value === null)));
  for (const f of [...(anySuppressed ? [SUPPRESSED_NOTE] : []), ...doc.footer]) merged(f, { size: 9 });

  const checks = wb.addWorksheet('Перевірки');
  checks.columns = [
    { header: 'Результат', width: 14 },
    { header: 'Вага', width: 16 },
    { header: 'Перевірка', width: 110 },
  ];
  checks.getRow(1).font = { bold: true };
  for (const c of doc.checks)
    checks.addRow([c.ok ? 'виконано' : 'не виконано', c.severity === 'error' ? 'помилка' : 'попередження', c.text]);

  if (doc.schools) {
    const list = wb.addWorksheet(doc.schools.columns.includes('Регіон') ? 'Регіони' : 'Заклади');
    list.columns = doc.schools.columns.map((h, i) => ({ header: h, width: i === 1 ? 70 : 16 }));
    list.getRow(1).font = { bold: true };
    for (const r of doc.schools.rows) list.addRow(r);
  }

  const open = wb.addWorksheet('Відкриті дані');
  open.columns = [
    { header: 'Клітинка (розділ.рядок.графа)', width: 26 },
    { header: 'Розділ', width: 8 },
    { header: 'Рядок', width: 8 },
    { header: 'Графа', width: 8 },
    { header: 'Значення', width: 12 },
    { header: 'Джерело', width: 18 },
  ];
  open.getRow(1).font = { bold: true };
  for (const t of doc.tables)
    for (const r of t.rows)
      r.cells.forEach((c, i) =>
        open.addRow([
          c.id,
          t.section,
          r.n,
          t.columns[i]!.n,
          c.value === null ? SUPPRESSED_MARK : c.value,
          c.value === null
            ? 'приховано'
            : c.entered
              ? 'внесено закладом'
              : c.missing
                ? 'не внесено'
                : t.source === 'entered'
                  ? 'сума внесеного закладами'
                  : 'записи учнів',
        ]),
      );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
