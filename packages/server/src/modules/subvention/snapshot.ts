import { CLASS_FORMS, LEVELS, type Level } from '@aikom/domain/subvention/groups';
import type { Place } from '@aikom/domain/subvention/budgets';
import type { BudgetTerritory, RegistrySnapshot, SchoolRecord } from '@aikom/domain/subvention/snapshot';
import type { TerritoryCategory } from '@aikom/domain/territory';
import type { AppContext } from '../../context';
import type { Database, DbScope } from '../../db/database';
import type { SubventionTx } from '../../db/schema-subvention';
import { SubventionRepository, type CellRow, type DataVersion, type SchoolRow, type TerritoryRow } from './repository';

export interface LoadedSnapshot {
  snapshot: RegistrySnapshot;
  dataVersion: string;
  /** Whether it came from the cache. */
  cached: boolean;
  /** Time spent reading the registry (0 for a cached snapshot). */
  ms: number;
  /** Schools read again by an incremental refresh; null when everything was read (or nothing). */
  refreshed: number | null;
}

const level = (n: number): Level => LEVELS[n - 1]!;

function placeOf(
  code: string | null,
  category: string | null,
  hromada: string | null,
  oblast: string | null,
  oblastCategory: string | null,
): Place | null {
  if (!code || !category || !oblast) return null;
  return {
    code,
    category: category as TerritoryCategory,
    hromadaCode: hromada,
    oblastCode: oblast,
    oblastCategory: (oblastCategory ?? 'O') as TerritoryCategory,
  };
}

export function toSchool(r: SchoolRow): SchoolRecord {
  return {
    id: r.id,
    name: r.name,
    edrpou: r.edrpou,
    regionId: r.region_id,
    ouoId: r.ouo_id,
    schoolType: r.school_type,
    ownership: r.ownership,
    founder: r.founder,
    status: r.status,
    gradeMin: r.grade_min,
    gradeMax: r.grade_max,
    settlementType: r.settlement_type,
    location: placeOf(
      r.location_code,
      r.location_category,
      r.location_hromada,
      r.location_oblast,
      r.location_oblast_category,
    ),
    origin: placeOf(r.origin_code, r.origin_category, r.origin_hromada, r.origin_oblast, r.origin_oblast_category),
  };
}

type Cell = RegistrySnapshot['cells'][number];
type Classes = RegistrySnapshot['classes'][number];

/** A school's part of a snapshot. */
interface Part {
  cells: Cell[];
  classes: Classes[];
}

/**
 * The aggregate rows as the engine reads them, by school. One string per school id, shared by its cells: the engine's
 * map lookups then reuse the string's cached hash.
 */
function partsOf(rows: readonly CellRow[], ids: ReadonlyMap<string, string>, into = new Map<string, Part>()) {
  for (const r of rows) {
    const schoolId = ids.get(r.school_id) ?? r.school_id;
    let part = into.get(schoolId);
    if (!part) into.set(schoolId, (part = { cells: [], classes: [] }));
    if (r.education_form === null) part.classes.push({ schoolId, level: level(r.level), classes: r.classes ?? 0 });
    else
      part.cells.push({
        schoolId,
        level: level(r.level),
        educationForm: r.education_form,
        specialNeeds: r.special_needs === true,
        instructionLanguage: r.instruction_language ?? 'uk',
        livesElsewhere: r.lives_elsewhere === true,
        pupils: r.pupils ?? 0,
      });
  }
  return into;
}

function territoriesOf(territories: readonly TerritoryRow[]): Map<string, BudgetTerritory> {
  const map = new Map<string, BudgetTerritory>();
  for (const t of territories)
    map.set(t.code, {
      code: t.code,
      name: t.name,
      category: t.category as TerritoryCategory,
      oblastCode: t.oblast_code,
      settlements: t.settlements,
      hasCity: t.has_city,
      occupied: t.occupied,
    });
  return map;
}

/** The snapshot from its parts: a school's cells stay together (the engine reads them in runs). */
function assemble(
  asOf: string,
  schools: readonly SchoolRecord[],
  parts: ReadonlyMap<string, Part>,
  territories: ReadonlyMap<string, BudgetTerritory>,
): RegistrySnapshot {
  const cells: Cell[] = [];
  const classes: Classes[] = [];
  for (const part of parts.values()) {
    for (const c of part.cells) cells.push(c);
    for (const c of part.classes) classes.push(c);
  }
  return { asOf, schools, cells, classes, territories };
}

/** The registry's rows as the engine's snapshot. */
export function toSnapshot(
  asOf: string,
  schools: readonly SchoolRow[],
  rows: readonly CellRow[],
  territories: readonly TerritoryRow[],
): RegistrySnapshot {
  const records = schools.map(toSchool);
  const ids = new Map(records.map((r) => [r.id, r.id]));
  return assemble(asOf, records, partsOf(rows, ids), territoriesOf(territories));
}

const MAX_CACHED = 4;
/** Above this many changed schools a refresh reads everything again (one pass is then cheaper). */
const MAX_REFRESHED_SCHOOLS = 1500;

interface Entry {
  asOf: string;
  version: DataVersion;
  /** School id → the one string the snapshot uses for it. */
  ids: ReadonlyMap<string, string>;
  /** The snapshot's parts by school (a refresh replaces the parts of the schools that changed). */
  parts: Map<string, Part>;
  snapshot: RegistrySnapshot;
  ms: number;
  refreshed: number | null;
}

const caches = new WeakMap<Database, Map<string, Promise<Entry>>>();

const versionText = (v: DataVersion) => `${v.lastEvent}:${v.organisations}:${v.reference}`;

/**
 * The registry as of a date, read with one set-based aggregate query (plus the schools and the codifier's units) and
 * cached per date with its data version. When the data move on, only the schools whose pupils changed since the
 * cached version (by the pupil events) are read again; a change to organisations or reference data, an event
 * without a school, or very many changed schools read everything again. The cache lives as long as the database
 * handle, up to four dates.
 */
export class SnapshotLoader {
  private readonly repo = new SubventionRepository();

  constructor(private readonly ctx: AppContext) {}

  private cache() {
    let c = caches.get(this.ctx.db);
    if (!c) caches.set(this.ctx.db, (c = new Map<string, Promise<Entry>>()));
    return c;
  }

  /** Drops the cached snapshots (benchmarks measure a cold read with it). */
  forget(): void {
    this.cache().clear();
  }

  private scoped<T>(scope: DbScope, fn: (trx: SubventionTx) => Promise<T>): Promise<T> {
    return this.ctx.db.scoped(scope, (trx) => fn(trx as unknown as SubventionTx));
  }

  private async full(scope: DbScope, asOf: string, version: DataVersion): Promise<Entry> {
    const started = performance.now();
    const [schools, rows, territories] = await this.scoped(
      scope,
      async (trx) =>
        [
          await this.repo.schools(trx),
          await this.repo.cells(trx, asOf, CLASS_FORMS),
          await this.repo.territories(trx, asOf),
        ] as const,
    );
    const records = schools.map(toSchool);
    const ids = new Map(records.map((r) => [r.id, r.id]));
    const parts = partsOf(rows, ids);
    return {
      asOf,
      version,
      ids,
      parts,
      snapshot: assemble(asOf, records, parts, territoriesOf(territories)),
      ms: Math.round(performance.now() - started),
      refreshed: null,
    };
  }

  private async refresh(scope: DbScope, entry: Entry, version: DataVersion): Promise<Entry> {
    const started = performance.now();
    const changed = await this.scoped(scope, (trx) =>
      this.repo.changedSchools(trx, entry.version.lastEvent, entry.asOf),
    );
    if (changed.includes(null) || changed.length > MAX_REFRESHED_SCHOOLS) return this.full(scope, entry.asOf, version);
    const ids = changed as string[];
    const rows = await this.scoped(scope, (trx) => this.repo.cells(trx, entry.asOf, CLASS_FORMS, ids));
    const parts = new Map(entry.parts);
    for (const id of ids) parts.delete(entry.ids.get(id) ?? id);
    partsOf(rows, entry.ids, parts);
    const s = entry.snapshot;
    return {
      ...entry,
      version,
      parts,
      snapshot: assemble(entry.asOf, s.schools, parts, s.territories),
      ms: Math.round(performance.now() - started),
      refreshed: ids.length,
    };
  }

  async load(scope: DbScope, asOf: string): Promise<LoadedSnapshot> {
    const version = await this.scoped(scope, (trx) => this.repo.dataVersion(trx));
    const cache = this.cache();
    const pending = cache.get(asOf);
    const previous = pending ? await pending.catch(() => undefined) : undefined;
    if (previous && versionText(previous.version) === versionText(version)) {
      // Most recently used last.
      cache.delete(asOf);
      cache.set(asOf, pending!);
      return { snapshot: previous.snapshot, dataVersion: versionText(version), cached: true, ms: 0, refreshed: null };
    }
    const sameFrame =
      previous &&
      previous.version.organisations === version.organisations &&
      previous.version.reference === version.reference &&
      previous.version.lastEvent < version.lastEvent;
    const loading = sameFrame ? this.refresh(scope, previous, version) : this.full(scope, asOf, version);
    cache.delete(asOf);
    cache.set(asOf, loading);
    while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
    try {
      const entry = await loading;
      return {
        snapshot: entry.snapshot,
        dataVersion: versionText(version),
        cached: false,
        ms: entry.ms,
        refreshed: entry.refreshed,
      };
    } catch (error) {
      cache.delete(asOf);
      throw error;
    }
  }
}
