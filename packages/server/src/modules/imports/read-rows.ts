/**
 * From an opened table to data rows: finds the sheet and the header row (the school may keep a title above it, or
 * other sheets before it), maps the headers to columns, then reads the rows below, skipping blank ones, up to the
 * row limit.
 */
import type { FieldError } from '../../errors';
import { AppError } from '../../errors';
import { cellScalar, isProblem, scalarText } from './cells';
import { COLUMNS, knownHeaderCount, mapHeader, type FoundColumn } from './columns';
import { CsvSyntaxError } from './csv';
import { readRow, type ReadRow } from './rows';
import type { Table, TableRow } from './table';

export interface ReadLimits {
  /** Data rows per file. */
  maxRows: number;
  /** Non-empty rows above the header that are searched for it (titles, notes). */
  headerSearchRows: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { maxRows: 20_000, headerSearchRows: 20 };

export interface FoundHeader {
  sheet: string;
  rowNo: number;
  columns: FoundColumn[];
}

const headerTexts = (cells: readonly unknown[]): string[] =>
  cells.map((raw) => {
    const v = cellScalar(raw);
    return v === null || isProblem(v) ? '' : scalarText(v).trim();
  });

const quoted = (xs: readonly string[]) => xs.map((x) => `«${x.length > 60 ? `${x.slice(0, 60)}…` : x}»`).join(', ');

function columnsProblem(sheet: string, missing: string[], unknown: string[], repeated: string[]): AppError {
  const parts: string[] = [];
  const errors: FieldError[] = [];
  if (missing.length > 0) {
    parts.push(`бракує обовʼязкових стовпців ${quoted(missing)}`);
    for (const m of missing)
      errors.push({ path: '/columns', code: 'IMPORT_COLUMN_MISSING', message: `Бракує обовʼязкового стовпця «${m}».` });
  }
  if (unknown.length > 0) {
    parts.push(`невідомі стовпці ${quoted(unknown)} (перейменуйте їх за шаблоном або вилучіть)`);
    for (const u of unknown)
      errors.push({
        path: '/columns',
        code: 'IMPORT_COLUMN_UNKNOWN',
        message: `Невідомий стовпець «${u}»: такого стовпця в шаблоні немає.`,
      });
  }
  if (repeated.length > 0) {
    parts.push(`стовпці, що повторюються: ${quoted(repeated)}`);
    for (const r of repeated)
      errors.push({
        path: '/columns',
        code: 'IMPORT_COLUMN_REPEATED',
        message: `Стовпець «${r}» повторює інший стовпець тих самих даних.`,
      });
  }
  return new AppError('IMPORT_COLUMNS_MISMATCH', {
    detail: `Аркуш «${sheet}»: ${parts.join('; ')}.`,
    errors,
    extra: { missing, unknown, repeated },
  });
}

/**
 * The header of the first visible sheet that has one, and an iterator of its data rows. Throws AppError when no
 * sheet has a header, when the header lacks required columns or names unknown ones.
 */
export async function readDataRows(
  table: Table,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<{ header: FoundHeader; rows: AsyncGenerator<ReadRow> }> {
  try {
    return await findHeader(table, limits);
  } catch (error) {
    throw unreadable(error);
  }
}

/**
 * What a reader's failure means to the school: a CSV quote left open, or an XLSX whose XML the reader cannot make
 * sense of — the file is unreadable (never a server error); our own refusals pass as they are.
 */
function unreadable(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof CsvSyntaxError) return new AppError('IMPORT_INVALID', { detail: error.message, cause: error });
  return new AppError('IMPORT_INVALID', {
    detail:
      'Вміст файлу пошкоджений або записаний програмою, яка не дотримується формату XLSX. Відкрийте його в табличному редакторі, збережіть як «Книга Excel (.xlsx)» і завантажте знову.',
    cause: error,
  });
}

async function findHeader(
  table: Table,
  limits: ReadLimits,
): Promise<{ header: FoundHeader; rows: AsyncGenerator<ReadRow> }> {
  let firstSeen: { sheet: string; texts: string[] } | null = null;
  for await (const sheet of table.sheets) {
    if (sheet.hidden) continue;
    const it = sheet.rows[Symbol.asyncIterator]();
    let searched = 0;
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const texts = headerTexts(next.value.cells);
      if (texts.every((t) => t === '')) continue;
      firstSeen ??= { sheet: sheet.name, texts };
      if (knownHeaderCount(texts) >= 2) {
        const mapping = mapHeader(texts);
        if (mapping.missing.length > 0 || mapping.unknown.length > 0 || mapping.repeated.length > 0) {
          throw columnsProblem(sheet.name, mapping.missing, mapping.unknown, mapping.repeated);
        }
        const header = { sheet: sheet.name, rowNo: next.value.rowNo, columns: mapping.columns };
        return { header, rows: dataRows(it, header.columns, limits) };
      }
      if (++searched >= limits.headerSearchRows) break;
    }
  }
  const required = COLUMNS.filter((c) => c.required).map((c) => c.header);
  const first = firstSeen
    ? `Перший заповнений рядок аркуша «${firstSeen.sheet}»: ${quoted(firstSeen.texts.filter((t) => t !== '').slice(0, 10))}.`
    : 'У файлі немає жодного заповненого рядка.';
  throw new AppError(firstSeen ? 'IMPORT_COLUMNS_MISMATCH' : 'IMPORT_EMPTY', {
    detail: `Не знайдено рядка із заголовками стовпців шаблону (${quoted(required)} …). ${first}`,
    extra: { missing: required, unknown: [], repeated: [] },
  });
}

async function* dataRows(
  it: AsyncIterator<TableRow>,
  columns: readonly FoundColumn[],
  limits: ReadLimits,
): AsyncGenerator<ReadRow> {
  let count = 0;
  try {
    for (;;) {
      const next = await it.next();
      if (next.done) break;
      const row = readRow(next.value.rowNo, columns, next.value.cells);
      if (!row) continue;
      if (++count > limits.maxRows) {
        throw new AppError('IMPORT_TOO_MANY_ROWS', {
          detail: `У файлі понад ${limits.maxRows.toLocaleString('uk-UA')} рядків з даними учнів. Розділіть його на кілька файлів, напр. за класами.`,
        });
      }
      yield row;
    }
  } catch (error) {
    throw unreadable(error);
  }
  if (count === 0)
    throw new AppError('IMPORT_EMPTY', {
      detail: 'У файлі є заголовки стовпців, але немає жодного рядка з даними учнів.',
    });
}
