/**
 * CSV as schools produce it (RFC 4180 with the usual variations): saved by Excel in a Ukrainian locale it is
 * `;`-separated and, without «UTF-8» in the save dialog, in Windows-1251; saved as «Unicode text» it is UTF-16 with
 * tabs. Decoding and the delimiter are detected; quoted fields may hold delimiters, quotes ("") and line breaks.
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** Whether the file started with a byte order mark. */
  bom: boolean;
}

/** Characters that do not occur in a table typed by people: C0 controls other than tab and line breaks, and C1. */

const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F\uFFFD]/gu;

/** True when decoded text looks like binary data (a picture, an archive, random bytes) rather than a table. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65_536);
  if (sample.includes('\u0000')) return true;
  const controls = sample.match(CONTROL)?.length ?? 0;
  return controls > Math.max(2, sample.length / 1000);
}

/**
 * Decodes the bytes of a text file: a byte order mark decides (UTF-8, UTF-16); otherwise valid UTF-8 is UTF-8 and
 * anything else is read as Windows-1251, the encoding of Ukrainian Excel. Null when the result is not text.
 *
 * @example decodeText(Buffer.from([0xcf, 0xf0, 0xb3])) // { text: 'Прі', encoding: 'windows-1251', bom: false }
 */
export function decodeText(bytes: Uint8Array): DecodedText | null {
  let decoded: DecodedText;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    decoded = { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    decoded = { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    decoded = { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  } else {
    try {
      decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom: false };
    } catch {
      decoded = { text: new TextDecoder('windows-1251').decode(bytes), encoding: 'windows-1251', bom: false };
    }
  }
  return looksBinary(decoded.text) ? null : decoded;
}

export type Delimiter = ';' | ',' | '\t';

/** The delimiter of the first record: whichever of `;`, `,` and tab occurs most outside quotes (`;` on a tie). */
export function detectDelimiter(text: string): Delimiter {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 65_536; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch]++;
  }
  if (counts['\t'] > counts[';'] && counts['\t'] > counts[',']) return '\t';
  return counts[','] > counts[';'] ? ',' : ';';
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly record: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * The records of CSV text, one array of fields each. Records end at CRLF, LF or CR outside quotes; a quoted field
 * keeps delimiters and line breaks, `""` in it is one quote; text after a closing quote joins the field (as Excel
 * reads it). An unclosed quote is an error, since it would swallow the rest of the file.
 *
 * @example [...parseCsv('a;"b;""c"""\r\n1;2', ';')] // [['a', 'b;"c"'], ['1', '2']]
 */
export function* parseCsv(text: string, delimiter: Delimiter): Generator<string[]> {
  const n = text.length;
  let i = 0;
  let record = 1;
  if (n === 0) return;
  while (i < n) {
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        const start = record;
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) throw new CsvSyntaxError(start, `У записі ${start} файлу CSV лапки відкрито, але не закрито.`);
          field += text.slice(i, q);
          if (text[q + 1] === '"') {
            field += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
      }
      // Unquoted field, or the rest of a field after its closing quote.
      let j = i;
      while (j < n) {
        const ch = text[j];
        if (ch === delimiter || ch === '\n' || ch === '\r') break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
      fields.push(field);
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (i < n) i++;
    yield fields;
    record++;
  }
}

/** Values that a spreadsheet would run as a formula when it opens the CSV (CSV injection): kept as text. */
const FORMULA_START = /^[=+@\t\r]/u;

function csvField(value: string, delimiter: Delimiter): string {
  const v = FORMULA_START.test(value) ? `'${value}` : value;
  return v.includes(delimiter) || /["\r\n]/u.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * CSV for Excel in a Ukrainian locale: UTF-8 with a byte order mark (so Excel does not guess Windows-1251), `;` and
 * CRLF by default.
 */
export function writeCsv(rows: Iterable<readonly string[]>, delimiter: Delimiter = ';'): Buffer {
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map((f) => csvField(f, delimiter)).join(delimiter));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}
