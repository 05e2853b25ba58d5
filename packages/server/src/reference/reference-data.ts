import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import {
  isTerritoryCategory,
  type CodifierEntry,
  type HostilityKind,
  type HostilityPeriod,
} from '@aikom/domain/territory';

/**
 * The compact, committed form of the reference data the product needs at run time, generated from the official
 * sources by tools/src/reference/compile-reference.ts. Each dataset is a gzipped TSV; the manifest names its edition
 * and checksum.
 */
export const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../reference');

export interface DatasetManifest {
  edition: string;
  file: string;
  rows: number;
  sha256: string;
  source: string;
  sourceSha256: string;
}

export interface ReferenceManifest {
  katottg: DatasetManifest;
  hostilities: DatasetManifest;
}

export function readManifest(dir = REFERENCE_DIR): ReferenceManifest {
  return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as ReferenceManifest;
}

export function readDatasetText(dataset: DatasetManifest, dir = REFERENCE_DIR): string {
  const text = gunzipSync(fs.readFileSync(path.join(dir, dataset.file))).toString('utf8');
  const sha = createHash('sha256').update(text).digest('hex');
  if (sha !== dataset.sha256) throw new Error(`reference file ${dataset.file} does not match its manifest`);
  return text;
}

const lines = (text: string) => text.split('\n').filter((l) => l.length > 0);

export function parseKatottgTsv(text: string): CodifierEntry[] {
  return lines(text).map((line) => {
    const [code, parent, level, category, name] = line.split('\t');
    if (!code || !category || !isTerritoryCategory(category) || !name) throw new Error(`bad reference line: ${line}`);
    return { code, parentCode: parent || null, level: Number(level) as CodifierEntry['level'], category, name };
  });
}

export function parseHostilitiesTsv(text: string): HostilityPeriod[] {
  return lines(text).map((line) => {
    const [kind, code, listedName, start, end] = line.split('\t');
    if (!kind || !code || !listedName) throw new Error(`bad reference line: ${line}`);
    return { kind: kind as HostilityKind, code, listedName, start: start || null, end: end || null };
  });
}

export function formatKatottgTsv(entries: readonly CodifierEntry[]): string {
  return entries.map((e) => [e.code, e.parentCode ?? '', e.level, e.category, e.name].join('\t') + '\n').join('');
}

export function formatHostilitiesTsv(periods: readonly HostilityPeriod[]): string {
  return periods.map((p) => [p.kind, p.code, p.listedName, p.start ?? '', p.end ?? ''].join('\t') + '\n').join('');
}
