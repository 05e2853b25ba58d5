/**
 * The workbooks a school downloads: the template (and the export, which is the template with the school's pupils
 * in it) and the import report. Built with exceljs in memory: a school's sheet has hundreds, at most thousands, of
 * rows.
 */
import { INDICATORS } from '@aikom/domain/validation/rules';
import ExcelJS from 'exceljs';
import { COUNTRY_LIST, countryLabel, optionLabel } from './cells';
import {
  COLUMNS,
  REPORT_ISSUES_HEADER,
  REPORT_ROW_HEADER,
  TEMPLATE_COLUMNS,
  YES,
  NO,
  columnLetter,
  type ColumnDef,
} from './columns';
import type { RowIssue } from './rows';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const PUPILS_SHEET = 'Учні';
const INSTRUCTIONS_SHEET = 'Інструкція';
const LISTS_SHEET = 'Списки';
/** Rows of the template that get drop-down lists and formats (a school rarely has more pupils). */
const TEMPLATE_ROWS = 3000;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };
const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8CBAD' } };
const WARNING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
const DATE_FORMAT = 'dd.mm.yyyy';
const TEXT_FORMAT = '@';

/** A cell value of the pupils sheet: text, a number (grade) or a date (written as an Excel date). */
export type SheetValue = string | number | Date | null;

interface ValidationTarget {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

function listValues(c: ColumnDef): string[] | null {
  if (c.kind === 'enum') return (c.options ?? []).map((o) => o.label);
  if (c.kind === 'boolean') return [YES, NO];
  if (c.kind === 'country') return COUNTRY_LIST.map(countryLabel);
  return null;
}

function formatColumn(c: ColumnDef): string | undefined {
  if (c.kind === 'date') return DATE_FORMAT;
  if (c.kind === 'text' || c.kind === 'digits') return TEXT_FORMAT;
  return undefined;
}

function headerRow(ws: ExcelJS.Worksheet, headers: readonly string[]): void {
  const row = ws.getRow(1);
  headers.forEach((h, i) => {
    const cell = row.getCell(i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });
  row.height = 32;
  ws.views = [{ state: 'frozen', ySplit: 1, xSplit: 0 }];
}

/**
 * The pupils sheet: Ukrainian headers, column formats (dates дд.мм.рррр, identifiers as text so leading zeros stay),
 * drop-down lists from the hidden lists sheet, a frozen header, and the given rows.
 */
function pupilsSheet(
  ws: ExcelJS.Worksheet,
  lists: ExcelJS.Worksheet,
  rows: ReadonlyArray<ReadonlyArray<SheetValue>>,
): void {
  headerRow(
    ws,
    TEMPLATE_COLUMNS.map((c) => c.header),
  );
  const last = Math.max(TEMPLATE_ROWS, rows.length + 500) + 1;
  let listColumn = 0;
  TEMPLATE_COLUMNS.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    const numFmt = formatColumn(c);
    if (numFmt) col.numFmt = numFmt;
    const letter = columnLetter(i);
    const values = listValues(c);
    const range = `${letter}2:${letter}${last}`;
    const validations = (ws as unknown as ValidationTarget).dataValidations;
    if (values) {
      listColumn++;
      const listLetter = columnLetter(listColumn - 1);
      lists.getCell(`${listLetter}1`).value = c.header;
      values.forEach((v, j) => (lists.getCell(`${listLetter}${j + 2}`).value = v));
      validations.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: [`'${LISTS_SHEET}'!$${listLetter}$2:$${listLetter}$${values.length + 1}`],
        showErrorMessage: true,
        // Country codes (UA, PL) are accepted too, so a value outside the list is only questioned there.
        errorStyle: c.kind === 'country' ? 'warning' : 'stop',
        errorTitle: c.header,
        error: 'Оберіть значення зі списку.',
      });
    } else if (c.kind === 'integer') {
      validations.add(range, {
        type: 'whole',
        operator: 'between',
        allowBlank: true,
        formulae: [1, 12],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: c.header,
        error: 'Клас — ціле число від 1 до 12.',
      });
    }
  });
  rows.forEach((values, r) => {
    const row = ws.getRow(r + 2);
    values.forEach((v, i) => {
      if (v !== null && v !== '') row.getCell(i + 1).value = v;
    });
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: TEMPLATE_COLUMNS.length } };
}

function instructionsSheet(
  ws: ExcelJS.Worksheet,
  school: { name: string; edrpou: string | null },
  schoolYear: string,
): void {
  ws.getColumn(1).width = 34;
  ws.getColumn(2).width = 26;
  ws.getColumn(3).width = 14;
  ws.getColumn(4).width = 90;
  const add = (values: Array<string | null>, bold = false) => {
    const row = ws.addRow(values);
    row.alignment = { vertical: 'top', wrapText: true };
    if (bold) row.font = { bold: true };
    return row;
  };
  add(['Шаблон імпорту учнів до реєстру'], true).font = { bold: true, size: 14 };
  add([
    `Заклад: ${school.name}${school.edrpou ? ` (ЄДРПОУ ${school.edrpou})` : ''}. Навчальний рік за замовчуванням: ${schoolYear}.`,
  ]);
  add([
    'Заповніть аркуш «Учні»: один рядок — один учень. Порядок стовпців можна змінювати, необовʼязкові стовпці — вилучати; файл читається за назвами стовпців (також приймаються англійські ключі обмінного формату, наведені нижче). Стовпці «№» і «№ з/п» пропускаються. Порожні рядки пропускаються.',
  ]);
  add([
    'Файл можна завантажити як XLSX або як CSV (роздільник «;» або «,», кодування UTF-8 чи Windows-1251). В одному файлі — до 20 000 учнів.',
  ]);
  add([]);
  add(['Стовпець', 'Ключ', 'Обовʼязковий', 'Що вносити'], true).fill = HEADER_FILL;
  for (const c of COLUMNS) {
    const values = listValues(c);
    const list =
      c.kind === 'country'
        ? ' Країну можна вказати й кодом ISO 3166-1 (UA, PL, DE…).'
        : values
          ? ` Значення: ${values.join('; ')}.`
          : '';
    add([c.header, c.key, c.required ? 'так' : '', `${c.help}${list}`]);
  }
  add([]);
  add(['Формати'], true);
  for (const line of [
    'Серія свідоцтва про народження: римська цифра, дефіс, дві великі українські літери — І-БК, ІІ-КО. Латинські літери, схожі на українські (I, K, O…), буде замінено українськими з попередженням.',
    'Номер свідоцтва: 6 цифр, напр. 123456. Для свідоцтва, виданого за кордоном, серія і номер довільні, але обовʼязково зазначте країну видачі.',
    'УНЗР (запис у Єдиному державному демографічному реєстрі): РРРРММДД-ННННК — дата народження, дефіс, 4 цифри номера і контрольна цифра, напр. 20140309-01234.',
    'РНОКПП (ідентифікаційний номер): 10 цифр.',
    'Дати: дд.мм.рррр, напр. 09.03.2014 (також приймаються дати Excel і рррр-мм-дд).',
    'КАТОТТГ: код за Кодифікатором адміністративно-територіальних одиниць — UA і 17 цифр.',
  ])
    add([line]);
  add([]);
  add(['Чотири показники, які МОН просить перевірити для кожного учня (лист від 27.06.2023)'], true);
  for (const [n, def] of Object.entries(INDICATORS)) add([`${n}. ${def.uk}`]);
  add([]);
  add(['Помилки і попередження'], true);
  add([
    'Помилка — рядок не буде записано, доки її не виправлено (напр. немає прізвища, неправильний номер свідоцтва, учень уже є в реєстрі).',
  ]);
  add([
    'Попередження — рядок буде записано, але його варто перевірити (напр. не зазначено один із чотирьох показників, незвичний вік для класу, схожий учень уже є в реєстрі).',
  ]);
  add([
    'Після завантаження ви побачите перелік рядків з помилками й попередженнями і зможете записати всі рядки без помилок або нічого, якщо помилки є. Звіт про імпорт (XLSX) містить відхилені рядки з поясненнями: виправте їх у звіті та завантажте звіт як новий файл.',
  ]);
}

/** The template: an empty pupils sheet with its lists, and the instructions. */
export async function templateWorkbook(
  school: { name: string; edrpou: string | null },
  schoolYear: string,
): Promise<Buffer> {
  return exportWorkbook(school, schoolYear, []);
}

/** The school's pupils in the template's format (the same file can be edited and imported back). */
export async function exportWorkbook(
  school: { name: string; edrpou: string | null },
  schoolYear: string,
  rows: ReadonlyArray<ReadonlyArray<SheetValue>>,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'aikom';
  // The pupils sheet first, then the instructions; the lists of the drop-downs stay hidden at the end.
  const ws = wb.addWorksheet(PUPILS_SHEET);
  instructionsSheet(wb.addWorksheet(INSTRUCTIONS_SHEET), school, schoolYear);
  pupilsSheet(ws, wb.addWorksheet(LISTS_SHEET, { state: 'hidden' }), rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A cell value of the template for a code of the exchange record (labels for codes, Excel dates for dates). */
export function sheetValue(c: ColumnDef, value: unknown): SheetValue {
  if (value === undefined || value === null || value === '') return null;
  // Values of an exchange record are strings, numbers and booleans; anything else has no cell.
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  const text = String(value);
  switch (c.kind) {
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : text;
    }
    case 'enum':
      return optionLabel(c, text);
    case 'country':
      return countryLabel(text);
    case 'boolean':
      return value === true ? YES : NO;
    case 'integer':
      return typeof value === 'number' ? value : Number(value);
    default:
      return text;
  }
}

export interface ReportRow {
  rowNo: number;
  values: Record<string, string>;
  issues: readonly RowIssue[];
}

/**
 * The import report: rejected rows, and on a second sheet rows written with warnings, each with its original
 * values, the cells at fault marked and noted, and all messages in the last column. The columns are the template's
 * (plus the row number and messages, which an import skips), so the fixed report can be uploaded as it is.
 */
export async function reportWorkbook(
  rejected: readonly ReportRow[],
  warned: readonly ReportRow[],
  extraColumns: readonly string[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'aikom';
  const columns = COLUMNS.filter((c) => !c.importOnly || extraColumns.includes(c.key));
  const sheet = (name: string, rows: readonly ReportRow[]) => {
    const ws = wb.addWorksheet(name);
    headerRow(ws, [REPORT_ROW_HEADER, ...columns.map((c) => c.header), REPORT_ISSUES_HEADER]);
    ws.getColumn(1).width = 10;
    columns.forEach((c, i) => {
      const col = ws.getColumn(i + 2);
      col.width = c.width;
      // Original values as the school typed them: text, so that they come back unchanged.
      col.numFmt = TEXT_FORMAT;
    });
    ws.getColumn(columns.length + 2).width = 80;
    rows.forEach((r, n) => {
      const row = ws.getRow(n + 2);
      row.getCell(1).value = r.rowNo;
      columns.forEach((c, i) => {
        const text = r.values[c.key];
        const cell = row.getCell(i + 2);
        if (text !== undefined) cell.value = text;
        const here = r.issues.filter((x) => x.column === c.key);
        if (here.length > 0) {
          cell.fill = here.some((x) => x.severity === 'error') ? ERROR_FILL : WARNING_FILL;
          cell.note = here.map((x) => x.message).join('\n');
        }
      });
      const messages = r.issues.map((x) => {
        const c = x.column ? COLUMNS.find((d) => d.key === x.column) : undefined;
        return `${x.severity === 'error' ? 'Помилка' : 'Попередження'}${c ? ` («${c.header}»)` : ''}: ${x.message}`;
      });
      const last = row.getCell(columns.length + 2);
      last.value = messages.join('\n');
      last.alignment = { wrapText: true, vertical: 'top' };
    });
  };
  sheet('Відхилені рядки', rejected);
  sheet('Рядки з попередженнями', warned);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
