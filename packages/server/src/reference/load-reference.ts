import { nameKey } from '@aikom/domain/names';
import type { CodifierEntry } from '@aikom/domain/territory';
import type { Database } from '../db/database';
import {
  parseHostilitiesTsv,
  parseKatottgTsv,
  readDatasetText,
  readManifest,
  type ReferenceManifest,
} from './reference-data';

export interface ReferenceLoadReport {
  katottg: { edition: string; loaded: boolean; rows: number };
  hostilities: { edition: string; loaded: boolean; rows: number };
}

/**
 * Loads the committed reference data into the database when its edition (checksum) differs from what is loaded.
 * Territory ids are surrogate and stable: a code keeps its id across editions, new codes get new ids, and codes
 * that disappear stay (addresses recorded with them must still resolve).
 */
export async function loadReferenceData(
  db: Database,
  manifest: ReferenceManifest = readManifest(),
): Promise<ReferenceLoadReport> {
  const loaded = new Map(
    (await db.kysely.selectFrom('reference_edition').select(['name', 'checksum']).execute()).map((r) => [
      r.name,
      r.checksum,
    ]),
  );
  const needKatottg = loaded.get('katottg') !== manifest.katottg.sha256;
  const needHostilities = needKatottg || loaded.get('hostilities') !== manifest.hostilities.sha256;
  if (needKatottg || needHostilities) {
    const entries = parseKatottgTsv(readDatasetText(manifest.katottg));
    const periods = parseHostilitiesTsv(readDatasetText(manifest.hostilities));
    await db.bulk(async (w) => {
      const ids = new Map<string, number>();
      if (needKatottg) {
        const existing = await w.query<{ id: number; code: string }>('SELECT id, code FROM territory');
        for (const r of existing) ids.set(r.code, r.id);
        let next = existing.reduce((m, r) => Math.max(m, r.id), 0);
        for (const e of entries) if (!ids.has(e.code)) ids.set(e.code, ++next);
        await w.query(`CREATE TEMP TABLE territory_load (LIKE territory) ON COMMIT DROP`);
        await w.copy('territory_load', TERRITORY_COLUMNS, territoryRows(entries, ids));
        await w.query(`
          INSERT INTO territory SELECT * FROM territory_load
          ON CONFLICT (code) DO UPDATE SET parent_id = excluded.parent_id, level = excluded.level,
            category = excluded.category, name = excluded.name, name_key = excluded.name_key,
            oblast_id = excluded.oblast_id, raion_id = excluded.raion_id, hromada_id = excluded.hromada_id`);
        await upsertEdition(w, 'katottg', manifest.katottg.edition, manifest.katottg.sha256);
      } else {
        for (const r of await w.query<{ id: number; code: string }>('SELECT id, code FROM territory'))
          ids.set(r.code, r.id);
      }
      await w.query('DELETE FROM territory_hostility');
      await w.copy(
        'territory_hostility',
        ['id', 'territory_id', 'kind', 'listed_name', 'date_start', 'date_end'],
        periods.map((p, i) => {
          const id = ids.get(p.code);
          if (id === undefined) throw new Error(`territory ${p.code} of the list is not in the codifier`);
          return [i + 1, id, p.kind, p.listedName, p.start, p.end];
        }),
      );
      await upsertEdition(w, 'hostilities', manifest.hostilities.edition, manifest.hostilities.sha256);
    });
  }
  return {
    katottg: { edition: manifest.katottg.edition, loaded: needKatottg, rows: manifest.katottg.rows },
    hostilities: { edition: manifest.hostilities.edition, loaded: needHostilities, rows: manifest.hostilities.rows },
  };
}

const TERRITORY_COLUMNS = [
  'id',
  'code',
  'parent_id',
  'level',
  'category',
  'name',
  'name_key',
  'oblast_id',
  'raion_id',
  'hromada_id',
];

function* territoryRows(entries: readonly CodifierEntry[], ids: ReadonlyMap<string, number>): Generator<unknown[]> {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const ancestor = (e: CodifierEntry, test: (a: CodifierEntry) => boolean): number | null => {
    for (let a: CodifierEntry | undefined = e; a; a = a.parentCode ? byCode.get(a.parentCode) : undefined) {
      if (test(a)) return ids.get(a.code)!;
    }
    return null;
  };
  for (const e of entries) {
    yield [
      ids.get(e.code)!,
      e.code,
      e.parentCode ? ids.get(e.parentCode)! : null,
      e.level,
      e.category,
      e.name,
      nameKey(e.name),
      ancestor(e, (a) => a.level === 1),
      ancestor(e, (a) => a.category === 'P'),
      // A special-status city (Kyiv, Sevastopol) is its own local budget, as a hromada is.
      ancestor(e, (a) => a.category === 'H' || a.category === 'K'),
    ];
  }
}

async function upsertEdition(
  w: { query: (t: string, p?: readonly unknown[]) => Promise<unknown> },
  name: string,
  edition: string,
  checksum: string,
) {
  await w.query(
    `INSERT INTO reference_edition (name, edition, checksum) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET edition = excluded.edition, checksum = excluded.checksum, loaded_at = now()`,
    [name, edition, checksum],
  );
}
