/**
 * Hostile files for every import format: the pupil import (XLSX and CSV, the template's columns, grade-1 rows of the
 * first-grade intake among them) and the five state-registry extracts (CSV). Generated: random bytes behind the magic
 * numbers of ZIP, PDF, OLE and HTML; CSV with shuffled, missing and hostile headers, every delimiter, quotes, BOMs and
 * UTF-16; workbooks made by exceljs with formulas, errors, rich text, hyperlinks, dates, huge cells and wrong types;
 * workbooks made byte by byte with hostile XML (entity expansion, character references, bad cell references and
 * types, shared strings out of range) and ZIPs that are truncated, bit-flipped or lie about their sizes.
 * Each upload: no 5xx; a refusal is a problem with a known code and stored nothing; a job's failure has a known code
 * (never INTERNAL) and left nothing half-written; a commit wrote exactly the rows it reports.
 */
import { EXTRACT_COLUMNS, EXTRACT_KINDS, type ExtractKind } from '@aikom/domain/linkage/extract-formats';
import type ExcelJS from 'exceljs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { VerificationTx } from '../../src/db/schema-verification';
import { COLUMNS } from '../../src/modules/imports/columns';
import { makeZip, multipart, sheetXml, workbookOf, xlsxParts } from '../../src/modules/imports/testing';
import { expectHealthy, type HostileEnv } from './hostile-env';
import { checkAnswer, checkJobProblem, fingerprint, hostileNumber, hostileText, runs } from './hostile';

const HEADERS = COLUMNS.map((c) => c.header);
const MINIMAL = [
  'Прізвище',
  'Імʼя',
  'Стать',
  'Дата народження',
  'Клас (номер)',
  'Свідоцтво: серія',
  'Свідоцтво: номер',
];

/** Rows a school would send: a first-grade intake and older pupils, with unique certificate numbers. */
let certificate = 500_000;
function goodRows(n: number, grade1: boolean): string[][] {
  return Array.from({ length: n }, (_, i) => {
    const grade = grade1 || i % 3 === 0 ? 1 : 2 + (i % 9);
    return [
      ['Гнатюк', 'Олійник', 'Мельник', 'Ґудзь'][i % 4]!,
      ['Марко', 'Ярина', 'Богдан', 'Соломія'][i % 4]!,
      i % 2 === 0 ? 'чоловіча' : 'жіноча',
      `0${1 + (i % 9)}.0${1 + (i % 8)}.${2019 - (grade - 1)}`,
      String(grade),
      'І-БК',
      String(certificate++),
    ];
  });
}

/** A cell an exceljs workbook can hold, leaning to what breaks readers. */
const excelCell: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  { weight: 4, arbitrary: hostileText.map((s) => s.slice(0, 32_767)) },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.date({
      min: new Date('1899-12-31T00:00:00Z'),
      max: new Date('9999-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('A1', 'SUM(A1:A9)', '1/0', 'HYPERLINK("http://example.org")', 'NOW()', 'A1&B1'),
        fc.oneof(hostileText, hostileNumber),
      )
      .map(([formula, result]) => ({ formula, result })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('#N/A', '#DIV/0!', '#REF!', '#VALUE!').map((error) => ({ error })),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(hostileText, { minLength: 1, maxLength: 3 })
      .map((parts) => ({ richText: parts.map((text) => ({ text })) })),
  },
  { weight: 1, arbitrary: hostileText.map((text) => ({ text, hyperlink: 'javascript:alert(1)' })) },
);

/** A header row: the template's headers shuffled, some missing, some hostile, some twice. */
const headerRow: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(MINIMAL) },
  { weight: 2, arbitrary: fc.shuffledSubarray(HEADERS, { minLength: 1 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.shuffledSubarray(MINIMAL), fc.array(hostileText, { maxLength: 3 }), fc.boolean())
      .map(([h, extra, twice]) => [...h, ...extra, ...(twice && h[0] ? [h[0]] : [])]),
  },
  { weight: 1, arbitrary: fc.array(hostileText, { minLength: 1, maxLength: 8 }) },
);

/** The rows of a table under its header: good rows, good rows with hostile cells, or hostile rows only. */
const tableRows = (width: number, cell: fc.Arbitrary<unknown>) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: 6 }),
      fc.boolean(),
      fc.array(fc.array(cell, { minLength: 0, maxLength: width + 2 }), { maxLength: 6 }),
      fc.array(fc.tuple(fc.nat(), fc.nat(), cell), { maxLength: 6 }),
    )
    .map(([n, grade1, hostile, patches]) => {
      const rows: unknown[][] = [...goodRows(n, grade1), ...hostile];
      for (const [r, c, v] of patches) if (rows.length > 0) rows[r % rows.length]![c % (width + 1)] = v;
      return rows;
    });

const csvQuote = (v: unknown, delimiter: string, quoteAll: boolean): string => {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
  return quoteAll || /["\r\n]/.test(s) || s.includes(delimiter) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A CSV file: a header (or none) and rows, any delimiter and line ending, UTF-8 with or without BOM, or UTF-16. */
function csvFile(
  header: fc.Arbitrary<string[]>,
  rows: (width: number) => fc.Arbitrary<unknown[][]>,
): fc.Arbitrary<Buffer> {
  return header.chain((h) =>
    fc
      .record({
        rows: rows(h.length),
        delimiter: fc.constantFrom(';', ',', '\t', '|'),
        eol: fc.constantFrom('\r\n', '\n', '\r'),
        quoteAll: fc.boolean(),
        encoding: fc.constantFrom('utf8', 'utf8', 'bom', 'utf16le'),
        cut: fc.option(fc.nat(), { freq: 6 }),
      })
      .map((f) => {
        const text = [h, ...f.rows]
          .map((r) => r.map((v) => csvQuote(v, f.delimiter, f.quoteAll)).join(f.delimiter))
          .join(f.eol);
        const bytes =
          f.encoding === 'utf16le'
            ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
            : Buffer.concat([Buffer.from(f.encoding === 'bom' ? '\uFEFF' : ''), Buffer.from(text, 'utf8')]);
        return f.cut === null ? bytes : bytes.subarray(0, f.cut % (bytes.length + 1));
      }),
  );
}

/** Hostile sheet XML: what no spreadsheet program writes. */
const hostileSheetXml: fc.Arbitrary<Buffer> = fc.oneof(
  fc.array(fc.array(hostileText, { maxLength: 8 }), { maxLength: 6 }).map((rows) => sheetXml([MINIMAL, ...rows])),
  fc.constant(
    Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&g;</t></is></c></row></sheetData></worksheet>',
    ),
  ),
  fc.constant(
    Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>',
    ),
  ),
  fc
    .tuple(
      fc.constantFrom('A1', 'XFD1048577', 'A0', 'ZZZZ1', 'A99999999999', '1A', '', 'Ш1'),
      fc.constantFrom('s', 'n', 'b', 'd', 'e', 'str', 'inlineStr', 'x', ''),
      fc.constantFrom('0', '-1', '999999', '1e400', 'NaN', '2', '&#0;', '&#xD800;', '&#x1F600;', 'Прізвище', ''),
    )
    .map(([ref, type, value]) =>
      Buffer.from(
        `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Прізвище</t></is></c><c r="${ref}" t="${type}"><v>${value}</v></c></row><row r="2"><c r="${ref}" t="${type}"><v>${value}</v></c></row></sheetData></worksheet>`,
      ),
    ),
  fc
    .integer({ min: 1000, max: 20_000 })
    .map((depth) =>
      Buffer.from(
        `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${'<row>'.repeat(depth)}${'</row>'.repeat(depth)}</sheetData></worksheet>`,
      ),
    ),
  fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
);

/** What a pupil-import upload carries: its bytes, made on demand (exceljs is asynchronous), and a file name. */
type FileRecipe =
  | { kind: 'bytes'; bytes: Buffer }
  | { kind: 'workbook'; rows: unknown[][]; sheet: string; cut: number | null; flips: number[] }
  | { kind: 'zip'; sheet: Buffer; deflate: boolean; declared: number | null; cut: number | null };

const MAGIC = [
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.from('%PDF-1.7\n'),
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
  Buffer.from('<!DOCTYPE html><html>'),
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0x1f, 0x8b]),
  Buffer.alloc(0),
];

const pupilFile: fc.Arbitrary<FileRecipe> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 4096 }))
      .map(([m, b]) => ({ kind: 'bytes' as const, bytes: Buffer.concat([m, Buffer.from(b)]) })),
  },
  {
    weight: 4,
    arbitrary: csvFile(headerRow, (w) => tableRows(w, fc.oneof(hostileText, hostileNumber))).map((bytes) => ({
      kind: 'bytes' as const,
      bytes,
    })),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({
        header: headerRow,
        rows: tableRows(8, excelCell),
        sheet: fc.constantFrom('Учні', 'Sheet1', 'Лист1'),
        cut: fc.option(fc.nat(), { freq: 8 }),
        flips: fc.array(fc.nat(), { maxLength: 3 }),
      })
      .map((r) => ({
        kind: 'workbook' as const,
        rows: [r.header, ...r.rows],
        sheet: r.sheet,
        cut: r.cut,
        flips: r.flips,
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        sheet: hostileSheetXml,
        deflate: fc.boolean(),
        declared: fc.option(fc.constantFrom(0, 1, 2000, 0xffffffff), { freq: 4 }),
        cut: fc.option(fc.nat(), { freq: 6 }),
      })
      .map((r) => ({ kind: 'zip' as const, ...r })),
  },
);

async function bytesOf(r: FileRecipe): Promise<Buffer> {
  if (r.kind === 'bytes') return r.bytes;
  if (r.kind === 'zip') {
    const zip = makeZip(
      xlsxParts(r.sheet, { deflate: r.deflate, ...(r.declared !== null ? { declaredSize: r.declared } : {}) }),
    );
    return r.cut === null ? zip : zip.subarray(0, r.cut % (zip.length + 1));
  }
  let book: Buffer;
  try {
    book = await workbookOf(r.rows as ExcelJS.CellValue[][], r.sheet);
  } catch {
    // exceljs refused to write the generated cells: the same rows as text.
    book = await workbookOf(
      r.rows.map((row) => row.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? null)))),
      r.sheet,
    );
  }
  for (const f of r.flips) {
    const i = f % book.length;
    book[i] = book[i]! ^ 0xff;
  }
  return r.cut === null ? book : book.subarray(0, r.cut % (book.length + 1));
}

const fileName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('uchni.xlsx', 'uchni.csv', 'pershoklasnyky.xlsx', 'file', 'x.xls', 'x.pdf') },
  { weight: 1, arbitrary: hostileText.map((s) => s.replace(/["\r\n]/g, '').slice(0, 300)) },
);

interface ImportView {
  status: string;
  error: { code?: unknown } | null;
  counts: { rows: number; valid: number; committed: number };
  job: { status: string; error?: { code?: unknown } | null } | null;
}

export function fileCases(env: () => HostileEnv): void {
  it('the pupil import (XLSX, CSV, the first-grade intake) refuses hostile files and writes nothing half', async () => {
    const { t, c, editor } = env();
    const school = c.schools[2].id;
    const get = async (url: string) => {
      const res = await t.app.inject({ url, headers: editor.headers });
      checkAnswer(res, url);
      return res;
    };
    const persons = async () =>
      Number(
        (
          await t.ctx.db.kysely
            .selectFrom('person')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    await fc.assert(
      fc.asyncProperty(
        pupilFile,
        fileName,
        fc.constantFrom('all_or_nothing', 'valid_only', 'none', 'bogus'),
        fc.constantFrom('all', 'errors', 'warnings', 'valid'),
        async (recipe, name, mode, filter) => {
          const bytes = await bytesOf(recipe);
          const before = await fingerprint(t.ctx);
          const body = multipart(name, bytes);
          const res = await t.app.inject({
            method: 'POST',
            url: `/api/v1/schools/${school}/imports`,
            headers: { ...editor.headers, ...body.headers },
            payload: body.payload,
          });
          const code = checkAnswer(res, `upload ${name}`);
          if (code) {
            expect(await fingerprint(t.ctx), `refused with ${code} but stored`).toEqual(before);
            return;
          }
          const { importId } = res.json<{ importId: string }>();
          await t.ctx.jobs.drain();
          const imp = (await get(`/api/v1/imports/${importId}`)).json<ImportView>();
          checkJobProblem(imp.error, `parse of ${name}`);
          checkJobProblem(imp.job?.error, `parse job of ${name}`);
          expect(['previewed', 'failed'], JSON.stringify(imp)).toContain(imp.status);
          expect(await persons(), 'a parse wrote pupils').toBe(Number(before.person));
          await get(`/api/v1/imports/${importId}/rows?filter=${filter}&limit=50`);
          if (imp.status !== 'previewed' || mode === 'none') return;
          const commit = await t.app.inject({
            method: 'POST',
            url: `/api/v1/imports/${importId}/commit`,
            headers: { ...editor.headers, 'content-type': 'application/json' },
            payload: JSON.stringify({ mode }),
          });
          const refused = checkAnswer(commit, 'commit');
          if (!refused) await t.ctx.jobs.drain();
          const done = (await get(`/api/v1/imports/${importId}`)).json<ImportView>();
          checkJobProblem(done.error, `commit of ${name}`);
          checkJobProblem(done.job?.error, `commit job of ${name}`);
          const written = (await persons()) - Number(before.person);
          expect(written, JSON.stringify(done)).toBe(done.status === 'committed' ? done.counts.committed : 0);
          if (done.status === 'committed' && mode === 'all_or_nothing')
            expect(done.counts.committed).toBe(done.counts.valid);
          await get(`/api/v1/imports/${importId}/report.xlsx`).catch(() => undefined);
        },
      ),
      runs('pupil import files', 2101, 100, 1_500),
    );
    await expectHealthy(env());
  });

  it('the registry extract imports (births, deaths, idp, border, sought) refuse hostile CSV and import all rows or none', async () => {
    const { t, sessions } = env();
    const verifier = sessions.ministry_verifier!;
    const extractFile = (kind: ExtractKind): fc.Arbitrary<Buffer> => {
      const names = EXTRACT_COLUMNS[kind].map((col) => col.name);
      const header = fc.oneof(
        { weight: 4, arbitrary: fc.constant(names) },
        {
          weight: 2,
          arbitrary: fc
            .shuffledSubarray(names, { minLength: 1 })
            .map((h) => h.map((x, i) => (i % 2 ? x.toUpperCase() : x))),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(fc.constant(names), fc.array(hostileText, { maxLength: 3 }))
            .map(([h, x]) => [...h, ...x]),
        },
        { weight: 1, arbitrary: fc.array(hostileText, { minLength: 1, maxLength: 6 }) },
      );
      const value = (name: string): fc.Arbitrary<string> =>
        fc.oneof({ weight: 3, arbitrary: plausible(name) }, { weight: 2, arbitrary: hostileText });
      return csvFile(header, () =>
        fc.array(fc.tuple(...names.map(value)), { maxLength: 8 }).map((rows) => rows.map((r) => [...r])),
      );
    };
    const kindAndFile = fc.constantFrom(...EXTRACT_KINDS).chain((kind) =>
      fc.tuple(
        fc.constant(kind),
        fc.oneof(
          { weight: 6, arbitrary: extractFile(kind) },
          {
            weight: 1,
            arbitrary: fc
              .tuple(fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 4096 }))
              .map(([m, b]) => Buffer.concat([m, Buffer.from(b)])),
          },
        ),
      ),
    );
    const query = fc.oneof(
      { weight: 8, arbitrary: fc.constant('') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '&asOf=2025-10-01',
          '&asOf=2099-01-01',
          '&asOf=2025-02-30',
          '&asOf=x',
          '&link=maybe',
        ),
      },
      {
        weight: 1,
        arbitrary: hostileText.map((s) => `&asOf=${encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, ''))}`),
      },
    );
    await fc.assert(
      fc.asyncProperty(kindAndFile, query, fileName, async ([kind, bytes], q, name) => {
        const before = await fingerprint(t.ctx);
        const body = multipart(name, bytes, 'text/csv');
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/verification/extracts?kind=${kind}&link=false${q}`,
          headers: { ...verifier.headers, ...body.headers },
          payload: body.payload,
        });
        const code = checkAnswer(res, `extract ${kind}`);
        if (code) {
          expect(await fingerprint(t.ctx), `refused with ${code} but stored`).toEqual(before);
          return;
        }
        const { snapshotId } = res.json<{ snapshotId: string }>();
        await t.ctx.jobs.drain();
        const view = await t.app.inject({
          url: `/api/v1/verification/extracts/${snapshotId}`,
          headers: verifier.headers,
        });
        checkAnswer(view, 'extract view');
        const s = view.json<{ status: string; counts: { imported: number }; error?: { code?: unknown } | null }>();
        const db = t.ctx.db.kysely as unknown as VerificationTx;
        const job = await db
          .selectFrom('job')
          .innerJoin('registry_snapshot', 'registry_snapshot.job_id', 'job.id')
          .select(['job.status', 'job.error'])
          .where('registry_snapshot.id', '=', snapshotId)
          .executeTakeFirst();
        checkJobProblem(job?.error as { code?: unknown } | null, `extract job ${kind}`);
        expect(['imported', 'failed'], JSON.stringify(s)).toContain(s.status);
        const stored = Number(
          (
            await db
              .selectFrom('registry_record')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('snapshot_id', '=', snapshotId)
              .executeTakeFirstOrThrow()
          ).n,
        );
        expect(stored, JSON.stringify(s)).toBe(s.status === 'imported' ? s.counts.imported : 0);
      }),
      runs('registry extract files', 2102, 60, 1_000),
    );
    await expectHealthy(env());
  });
}

/** A value that looks like what a registry column holds (so that rows get past the header and reach the row rules). */
function plausible(name: string): fc.Arbitrary<string> {
  if (name === 'record_id') return fc.stringMatching(/^[A-Z0-9-]{1,12}$/);
  if (name.endsWith('_date') || name === 'since' || name === 'registered_on' || name === 'crossed_on')
    return fc.constantFrom('2015-03-09', '09.03.2015', '2015-02-30', '');
  if (name.endsWith('katottg')) return fc.constantFrom('UA32000000000030281', 'UA46000000000026241', 'UA1', '');
  if (name === 'sex') return fc.constantFrom('male', 'female', 'ч', 'ж', 'M', 'F', 'x');
  if (name === 'direction') return fc.constantFrom('exit', 'entry', 'sideways');
  if (name === 'status') return fc.constantFrom('missing', 'deported', 'found');
  if (name === 'citizenship' || name === 'country') return fc.constantFrom('UA', 'PL', 'XX', '');
  if (name === 'birth_cert_series') return fc.constantFrom('І-БК', 'II-БК', 'X');
  if (name === 'birth_cert_number') return fc.stringMatching(/^\d{6}$/);
  if (name === 'unzr') return fc.constantFrom('20150309-00011', '2015030900011', '1-1');
  if (name === 'rnokpp') return fc.stringMatching(/^\d{10}$/);
  if (name.endsWith('name')) return fc.constantFrom('Шевченко', 'Тарас', 'Shevchenko', 'Taras', 'Мар’яна');
  return fc.constantFrom('', 'Х', '1');
}
