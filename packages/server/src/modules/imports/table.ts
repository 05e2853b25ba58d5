/**
 * Opening an uploaded file as a table, whatever it turns out to be. The content decides, not the file name: an XLSX
 * is a ZIP with a workbook inside; anything else must be text (CSV). Everything else — a PDF, an old .xls, a
 * password-protected workbook, an archive that is no workbook, random bytes, a zip bomb — is refused with a code
 * and a Ukrainian message, before any XML is parsed.
 */
import { crc32 } from 'node:zlib';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../errors';
import { decodeText, detectDelimiter, looksBinary, parseCsv, type Delimiter, type TextEncoding } from './csv';
import {
  DEFAULT_UNPACK_LIMITS,
  isZip,
  localRecords,
  readCentralDirectory,
  unpackProblem,
  verifyDeclaredSizes,
  ZipFormatError,
  type UnpackLimits,
  type ZipEntry,
} from './zip';

export interface FileInfo {
  format: 'xlsx' | 'csv';
  sheet?: string;
  encoding?: TextEncoding;
  delimiter?: Delimiter;
}

/** One row of a sheet: its number as the spreadsheet shows it and its cells by 0-based position. */
export interface TableRow {
  rowNo: number;
  cells: unknown[];
}

export interface TableSheet {
  name: string;
  hidden: boolean;
  rows: AsyncIterable<TableRow>;
}

export interface Table {
  format: 'xlsx' | 'csv';
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  sheets: AsyncIterable<TableSheet>;
}

const notSpreadsheet = (detail: string) => new AppError('IMPORT_NOT_SPREADSHEET', { detail });

const GENERIC =
  'Завантажте таблицю у форматі XLSX (Excel, LibreOffice, Google Таблиці) або CSV. Найпростіше — заповнити шаблон, який можна завантажити на цій сторінці.';

const startsWith = (b: Uint8Array, bytes: readonly number[]) => bytes.every((x, i) => b[i] === x);
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const WORKBOOK = 'xl/workbook.xml';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * The cheap checks of an upload (run before it is stored): what kind of file it is and, for a ZIP, whether its
 * declared contents are a workbook within the size limits. Returns the format; throws AppError otherwise.
 */
export function sniffFile(
  bytes: Buffer,
  limits: UnpackLimits = DEFAULT_UNPACK_LIMITS,
): { format: 'xlsx' | 'csv'; entries?: ZipEntry[] } {
  if (bytes.length === 0) throw new AppError('IMPORT_EMPTY', { detail: 'Файл порожній.' });
  if (isZip(bytes)) {
    let entries: ZipEntry[];
    try {
      entries = readCentralDirectory(bytes);
    } catch (error) {
      throw new AppError('IMPORT_INVALID', {
        detail:
          'Файл схожий на XLSX, але пошкоджений: його не вдалося розпакувати. Збережіть таблицю ще раз і завантажте знову.',
        cause: error,
      });
    }
    const names = new Set(entries.map((e) => e.name));
    if (!names.has(WORKBOOK) || !entries.some((e) => SHEET.test(e.name))) {
      if (names.has('mimetype') && entries.some((e) => e.name === 'content.xml')) {
        throw notSpreadsheet(
          'Файл у форматі OpenDocument (ODS) не підтримується. Збережіть його як «Книга Excel (.xlsx)» або CSV.',
        );
      }
      if (names.has('word/document.xml')) throw notSpreadsheet(`Це документ Word, а не таблиця. ${GENERIC}`);
      throw notSpreadsheet(`Це ZIP-архів, а не таблиця XLSX. ${GENERIC}`);
    }
    const problem = unpackProblem(entries, limits);
    if (problem) {
      throw new AppError('IMPORT_UNPACKED_TOO_LARGE', {
        detail:
          problem === 'total'
            ? `Після розпакування файл займав би понад ${Math.round(limits.maxTotalBytes / 1024 / 1024)} МБ. Розділіть таблицю на кілька файлів.`
            : 'Вміст файлу стиснуто незвично сильно (так виглядає «zip-бомба»); такий файл не обробляється. Збережіть таблицю ще раз у табличному редакторі.',
      });
    }
    return { format: 'xlsx', entries };
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw notSpreadsheet(`Це документ PDF, а не таблиця. ${GENERIC}`);
  if (startsWith(bytes, OLE)) {
    throw notSpreadsheet(
      'Файл у форматі Excel 97–2003 (.xls) або захищений паролем. Збережіть його як «Книга Excel (.xlsx)» без пароля або як CSV.',
    );
  }
  // Whole lines of the first 64 KB: a cut in the middle of a UTF-8 character would look like another encoding.
  const head = bytes.subarray(0, 65_536);
  const cut = head.length < bytes.length ? head.lastIndexOf(0x0a) : head.length;
  const decoded = decodeText(cut > 0 ? head.subarray(0, cut) : head);
  if (!decoded) throw notSpreadsheet(`Вміст файлу не схожий ні на таблицю XLSX, ні на текст CSV. ${GENERIC}`);
  if (/^\s*</u.test(decoded.text)) throw notSpreadsheet(`Це вебсторінка або XML, а не таблиця. ${GENERIC}`);
  return { format: 'csv' };
}

/** An empty shared-strings part: the streaming reader parses sheets at once only when it has one. */
function emptySharedStrings(): Buffer {
  const name = Buffer.from(SHARED_STRINGS, 'utf8');
  const data = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
    'utf8',
  );
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(0x0800, 6); // UTF-8 names
  header.writeUInt16LE(0, 8); // stored
  header.writeUInt32LE(crc32(data), 14);
  header.writeUInt32LE(data.length, 18);
  header.writeUInt32LE(data.length, 22);
  header.writeUInt16LE(name.length, 26);
  return Buffer.concat([header, name, data]);
}

async function* xlsxSheets(bytes: Buffer, entries: readonly ZipEntry[]): AsyncGenerator<TableSheet> {
  const sheets = entries
    .map((e) => ({ name: e.name, n: SHEET.exec(e.name)?.[1] }))
    .filter((e): e is { name: string; n: string } => e.n !== undefined)
    .sort((a, b) => Number(a.n) - Number(b.n))
    .map((e) => e.name);
  const order = ['xl/_rels/workbook.xml.rels', WORKBOOK, SHARED_STRINGS, 'xl/styles.xml', ...sheets];
  const records = localRecords(bytes, entries, order);
  if (!records.has(SHARED_STRINGS)) records.set(SHARED_STRINGS, emptySharedStrings());
  const stream = Readable.from(order.map((name) => records.get(name)).filter((b): b is Buffer => b !== undefined));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    const s = sheet as unknown as { name: string; state?: string } & AsyncIterable<ExcelJS.Row>;
    yield {
      name: s.name,
      hidden: s.state === 'hidden' || s.state === 'veryHidden',
      rows: (async function* () {
        for await (const row of s) {
          // exceljs rows are 1-based arrays (index 0 unused).
          const values = row.values as unknown[];
          yield { rowNo: row.number, cells: Array.isArray(values) ? values.slice(1) : [] };
        }
      })(),
    };
  }
}

/**
 * Opens an upload as a table (after {@link sniffFile}): for XLSX, checks that the entries inflate to no more than
 * they declare and streams the sheets with exceljs's WorkbookReader (memory stays bounded however many rows);
 * for CSV, decodes the text and splits it into records.
 */
export async function openTable(bytes: Buffer, limits: UnpackLimits = DEFAULT_UNPACK_LIMITS): Promise<Table> {
  const sniffed = sniffFile(bytes, limits);
  if (sniffed.format === 'xlsx') {
    const entries = sniffed.entries!;
    try {
      await verifyDeclaredSizes(bytes, entries);
    } catch (error) {
      if (error instanceof ZipFormatError && /past its declared size/.test(error.message)) {
        throw new AppError('IMPORT_UNPACKED_TOO_LARGE', {
          detail:
            'Вміст файлу після розпакування більший, ніж зазначено в самому файлі (так виглядає «zip-бомба»); такий файл не обробляється.',
        });
      }
      throw new AppError('IMPORT_INVALID', {
        detail:
          'Файл XLSX пошкоджений або зашифрований: його не вдалося розпакувати. Збережіть таблицю ще раз без пароля і завантажте знову.',
        cause: error,
      });
    }
    return { format: 'xlsx', sheets: xlsxSheets(bytes, entries) };
  }
  const decoded = decodeText(bytes);
  if (!decoded || looksBinary(decoded.text))
    throw notSpreadsheet(`Вміст файлу не схожий ні на таблицю XLSX, ні на текст CSV. ${GENERIC}`);
  const delimiter = detectDelimiter(decoded.text);
  const text = decoded.text;
  return {
    format: 'csv',
    encoding: decoded.encoding,
    delimiter,
    sheets: (async function* () {
      yield {
        name: 'CSV',
        hidden: false,
        rows: (async function* () {
          let rowNo = 0;
          for (const fields of parseCsv(text, delimiter)) yield { rowNo: ++rowNo, cells: fields };
        })(),
      };
    })(),
  };
}
