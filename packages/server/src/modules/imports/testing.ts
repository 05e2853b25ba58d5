/**
 * Helpers of the import tests: multipart uploads through `app.inject`, workbooks made with exceljs, ZIP files made
 * byte by byte (so a test can make one that lies about its sizes), Windows-1251 text. Test code only.
 */
import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { App } from '../../http/app';

/** A multipart/form-data body with one file in the field «file». */
export function multipart(
  fileName: string,
  bytes: Buffer,
  type = 'application/octet-stream',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----aikom${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return {
    payload: Buffer.concat([head, bytes, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export async function upload(
  app: App,
  headers: Record<string, string>,
  schoolId: string,
  fileName: string,
  bytes: Buffer,
) {
  const body = multipart(fileName, bytes);
  return app.inject({
    method: 'POST',
    url: `/api/v1/schools/${schoolId}/imports`,
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
}

/** A workbook's first sheet filled with rows (arrays of cell values), as an XLSX buffer. */
export async function workbookOf(
  rows: ReadonlyArray<ReadonlyArray<ExcelJS.CellValue>>,
  sheet = 'Учні',
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  for (const r of rows) ws.addRow([...r]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** The values of a sheet's rows from row 1, as plain arrays (index 0 = column A). */
export function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    out[n - 1] = (row.values as unknown[]).slice(1);
  });
  return out;
}

export interface ZipPart {
  name: string;
  data: Buffer;
  /** Stored (default) or deflated. */
  deflate?: boolean;
  /** The uncompressed size the directory declares (default: the real one). */
  declaredSize?: number;
}

/** A ZIP file made byte by byte: local headers, data, central directory. */
export function makeZip(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const data = p.deflate ? deflateRawSync(p.data) : p.data;
    const size = p.declaredSize ?? p.data.length;
    const crc = crc32(p.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(p.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(p.deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The parts of a minimal XLSX around a given sheet XML (for files a spreadsheet program would never write). */
export function xlsxParts(sheetXml: Buffer, options: { deflate?: boolean; declaredSize?: number } = {}): ZipPart[] {
  const x = (s: string) => Buffer.from(s, 'utf8');
  return [
    {
      name: '[Content_Types].xml',
      data: x(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: x(
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Учні" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: x(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheetXml, ...options },
  ];
}

/** A sheet XML with inline strings (rows of texts). */
export function sheetXml(rows: ReadonlyArray<ReadonlyArray<string>>): Buffer {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = rows
    .map(
      (r, i) =>
        `<row r="${i + 1}">${r.map((v, j) => `<c r="${String.fromCharCode(65 + j)}${i + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`).join('')}</row>`,
    )
    .join('');
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`,
    'utf8',
  );
}

let cp1251: Map<string, number> | undefined;
/** Text in Windows-1251 (the encoding of CSV saved by a Ukrainian Excel). */
export function encodeCp1251(text: string): Buffer {
  if (!cp1251) {
    cp1251 = new Map();
    const decoder = new TextDecoder('windows-1251');
    for (let b = 0; b < 256; b++) cp1251.set(decoder.decode(Uint8Array.of(b)), b);
  }
  const table = cp1251;
  return Buffer.from(
    [...text].map((ch) => {
      const b = table.get(ch);
      if (b === undefined) throw new Error(`${ch} has no Windows-1251 code`);
      return b;
    }),
  );
}
