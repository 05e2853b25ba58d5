import type { CodifierEntry, HostilityPeriod, TerritoryCategory } from '@aikom/domain/territory';
import { parseHostilitiesTsv, parseKatottgTsv, readDatasetText, readManifest } from './reference-data';

export interface TerritoryInfo {
  code: string;
  category: TerritoryCategory;
  level: number;
  name: string;
  parentCode: string | null;
  /** Codes of the containing units, nearest first. */
  ancestors: readonly string[];
}

/**
 * The codifier and the list of hostilities/occupation in memory, for validating records without a database
 * round trip per field (imports validate hundreds of thousands of rows). Built once per process from the committed
 * reference files.
 */
export class ReferenceIndex {
  readonly #byCode = new Map<string, TerritoryInfo>();
  readonly #periods = new Map<string, HostilityPeriod[]>();

  constructor(entries: readonly CodifierEntry[], periods: readonly HostilityPeriod[]) {
    const raw = new Map(entries.map((e) => [e.code, e]));
    for (const e of entries) {
      const ancestors: string[] = [];
      for (let p = e.parentCode; p; p = raw.get(p)?.parentCode ?? null) ancestors.push(p);
      this.#byCode.set(e.code, {
        code: e.code,
        category: e.category,
        level: e.level,
        name: e.name,
        parentCode: e.parentCode,
        ancestors,
      });
    }
    for (const p of periods) {
      const list = this.#periods.get(p.code) ?? [];
      list.push(p);
      this.#periods.set(p.code, list);
    }
  }

  get(code: string): TerritoryInfo | undefined {
    return this.#byCode.get(code);
  }

  /** Periods listed for the territory itself and for every unit containing it. */
  hostilityPeriods(code: string): HostilityPeriod[] {
    const t = this.#byCode.get(code);
    if (!t) return [];
    return [code, ...t.ancestors].flatMap((c) => this.#periods.get(c) ?? []);
  }

  /** The hromada (or special-status city) a territory belongs to. */
  hromadaOf(code: string): TerritoryInfo | undefined {
    const t = this.#byCode.get(code);
    if (!t) return undefined;
    if (t.category === 'H' || t.category === 'K') return t;
    for (const a of t.ancestors) {
      const x = this.#byCode.get(a);
      if (x && (x.category === 'H' || x.category === 'K')) return x;
    }
    return undefined;
  }

  get size(): number {
    return this.#byCode.size;
  }
}

let shared: ReferenceIndex | undefined;

/** The process-wide index of the committed reference data. */
export function referenceIndex(): ReferenceIndex {
  if (!shared) {
    const manifest = readManifest();
    shared = new ReferenceIndex(
      parseKatottgTsv(readDatasetText(manifest.katottg)),
      parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
    );
  }
  return shared;
}
