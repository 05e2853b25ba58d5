/**
 * Regenerates the committed reference data (packages/server/reference) from the official sources:
 *   - the KATOTTH codifier (Мінрегіон), semicolon-separated, CRLF, UTF-8;
 *   - the list of territories of hostilities and temporary occupation (Мінрегіон order 376), CSV.
 *
 * Usage: npx tsx tools/src/reference/compile-reference.ts [--source DIR] [--out DIR] [--check]
 * With --check it only compares and exits 1 when the committed files differ from what the sources give.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { HOSTILITY_KINDS, parseCodifierRow, type CodifierEntry, type HostilityPeriod } from '@aikom/domain/territory';
import {
  REFERENCE_DIR,
  formatHostilitiesTsv,
  formatKatottgTsv,
  type DatasetManifest,
  type ReferenceManifest,
} from '@aikom/server/reference/reference-data';

export const DEFAULT_SOURCE = path.resolve(REFERENCE_DIR, '../../../../shared/data');

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function findSource(dir: string, prefix: string): string {
  const file = fs.readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.csv'));
  if (!file) throw new Error(`no ${prefix}*.csv in ${dir}`);
  return path.join(dir, file);
}

const editionOf = (file: string) => /(\d{4}-\d{2}-\d{2})/.exec(path.basename(file))?.[1] ?? 'unknown';

/** Parses the codifier; a code listed twice (it happens for parents repeated as rows) is kept once. */
export function compileKatottg(csv: string): CodifierEntry[] {
  const seen = new Set<string>();
  const entries: CodifierEntry[] = [];
  for (const line of csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .slice(1)) {
    if (!line.trim()) continue;
    const entry = parseCodifierRow(line.split(';'));
    if (!entry) throw new Error(`unreadable codifier row: ${line}`);
    if (seen.has(entry.code)) continue;
    seen.add(entry.code);
    entries.push(entry);
  }
  return entries;
}

/** Minimal RFC 4180 reader (the list's names contain commas inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f !== ''));
}

export function compileHostilities(csv: string, known: ReadonlySet<string>): HostilityPeriod[] {
  const [header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
  if (header?.join(',') !== 'kind,katottg,name,date_start,date_end') throw new Error('unexpected header of the list');
  return rows.map((r) => {
    const [kind, code, name, start, end] = r as [string, string, string, string, string];
    if (!(HOSTILITY_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown kind ${kind}`);
    if (!known.has(code)) throw new Error(`territory ${code} of the list is not in the codifier`);
    return {
      kind: kind as HostilityPeriod['kind'],
      code,
      listedName: name.trim(),
      start: start || null,
      end: end || null,
    };
  });
}

export interface Compiled {
  manifest: ReferenceManifest;
  files: Record<string, Buffer>;
}

export function compileReference(sourceDir = DEFAULT_SOURCE): Compiled {
  const katFile = findSource(path.join(sourceDir, 'katottg'), 'kodifikator-');
  const hosFile = findSource(path.join(sourceDir, 'territories'), 'hostilities-and-occupation-');
  const katCsv = fs.readFileSync(katFile);
  const hosCsv = fs.readFileSync(hosFile);
  const entries = compileKatottg(katCsv.toString('utf8'));
  const periods = compileHostilities(hosCsv.toString('utf8'), new Set(entries.map((e) => e.code)));
  const files: Record<string, Buffer> = {};
  const dataset = (name: string, sourceFile: string, source: Buffer, text: string, rows: number): DatasetManifest => {
    const edition = editionOf(sourceFile);
    const file = `${name}-${edition}.tsv.gz`;
    files[file] = gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
    return {
      edition,
      file,
      rows,
      sha256: sha256(text),
      source: path.basename(sourceFile),
      sourceSha256: sha256(source),
    };
  };
  const manifest: ReferenceManifest = {
    katottg: dataset('katottg', katFile, katCsv, formatKatottgTsv(entries), entries.length),
    hostilities: dataset('hostilities', hosFile, hosCsv, formatHostilitiesTsv(periods), periods.length),
  };
  return { manifest, files };
}

function main(argv: string[]): number {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const source = path.resolve(arg('--source') ?? DEFAULT_SOURCE);
  const out = path.resolve(arg('--out') ?? REFERENCE_DIR);
  const { manifest, files } = compileReference(source);
  const manifestText = JSON.stringify(manifest, null, 2) + '\n';
  if (argv.includes('--check')) {
    const current = fs.existsSync(path.join(out, 'manifest.json'))
      ? fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')
      : '';
    const same = current === manifestText && Object.keys(files).every((f) => fs.existsSync(path.join(out, f)));
    console.log(same ? 'reference data is up to date' : 'reference data differs from the sources: regenerate it');
    return same ? 0 : 1;
  }
  fs.mkdirSync(out, { recursive: true });
  for (const f of fs.readdirSync(out)) if (f.endsWith('.tsv.gz') && !(f in files)) fs.rmSync(path.join(out, f));
  for (const [name, data] of Object.entries(files)) fs.writeFileSync(path.join(out, name), data);
  fs.writeFileSync(path.join(out, 'manifest.json'), manifestText);
  console.log(
    `katottg ${manifest.katottg.edition}: ${manifest.katottg.rows} entries; hostilities ${manifest.hostilities.edition}: ${manifest.hostilities.rows} periods → ${out}`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
