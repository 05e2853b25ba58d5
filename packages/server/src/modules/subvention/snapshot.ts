import { CLASS_FORMS, LEVELS, type Level } from '@aikom/domain/subvention/groups';
import type { Place } from '@aikom/domain/subvention/budgets';
import type { BudgetTerritory, RegistrySnapshot, SchoolRecord } from '@aikom/domain/subvention/snapshot';
import type { TerritoryCategory } from '@aikom/domain/territory';
import type { AppContext } from '../../context';
import type { Database, DbScope } from '../../db/database';
import type { SubventionTx } from '../../db/schema-subvention';
import { schoolYearOf } from '@aikom/domain/school-year';
import {
  SubventionRepository,
  type CellRow,
  type InputSchoolRow,
  type InputState,
  type SchoolRow,
  type TerritoryRow,
} from './repository';

export interface LoadedSnapshot {
  snapshot: RegistrySnapshot;
  dataVersion: string;
  /** Whether the copy in memory was current (the refresh found nothing new). */
  cached: boolean;
  /**
   * Where the cells came from: the copy in memory, the materialised cells (brought up to date first), or a build
   * from the pupils.
   */
  source: 'memory' | 'maintained' | 'built';
  /** Time spent refreshing and reading the inputs. */
  ms: number;
  /** Schools read again from the pupils by the refresh; null when everything was read (a build). */
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

/** The materialised cells (one row per school, its cells as tuples) as the parts of a snapshot. */
function partsOfInputs(
  rows: readonly InputSchoolRow[],
  ids: ReadonlyMap<string, string>,
  into = new Map<string, Part>(),
) {
  for (const r of rows) {
    const schoolId = ids.get(r.school_id) ?? r.school_id;
    const part: Part = { cells: [], classes: [] };
    for (const [lvl, form, specialNeeds, language, livesElsewhere, pupils, classes] of r.cells) {
      if (form === null) part.classes.push({ schoolId, level: level(lvl), classes: classes ?? 0 });
      else
        part.cells.push({
          schoolId,
          level: level(lvl),
          educationForm: form,
          specialNeeds: specialNeeds === true,
          instructionLanguage: language ?? 'uk',
          livesElsewhere: livesElsewhere === true,
          pupils: pupils ?? 0,
        });
    }
    into.delete(schoolId);
    if (part.cells.length > 0 || part.classes.length > 0) into.set(schoolId, part);
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

/** Dates kept in memory by a process. */
const MAX_CACHED = 4;
/**
 * Dates kept materialised in the database: the background refresh's dates (today, and 5 September of the school
 * year) and a few more asked for; the least recently used beyond it are evicted.
 */
export const MAX_MATERIALISED = 6;

interface Entry {
  asOf: string;
  state: InputState;
  /** School id → the one string the snapshot uses for it. */
  ids: ReadonlyMap<string, string>;
  /** The snapshot's parts by school (a refresh replaces the parts of the schools that changed). */
  parts: Map<string, Part>;
  snapshot: RegistrySnapshot;
}

const caches = new WeakMap<Database, Map<string, Entry>>();
/** Loads of a date in this process, one after another (each one refreshes, then reuses what the previous read). */
const queues = new WeakMap<Database, Map<string, Promise<unknown>>>();

const versionText = (s: InputState) => `${s.eventWatermark}:${s.organisations}:${s.reference}:g${s.generation}`;
const frameOf = (s: InputState) => `${s.organisations}|${s.reference}`;

/** The statistical date of ZNZ-1 and 76-РВК, the reports' default: 5 September (наказ МОН № 868 від 30.07.2021). */
const REPORT_DAY = '09-05';

/** The dates the portal asks for by default: today (in UTC and in Kyiv) and 5 September of the school year. */
export function statisticalDates(now: Date): string[] {
  const utc = now.toISOString().slice(0, 10);
  const kyiv = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' }).format(now);
  return [...new Set([utc, kyiv, `${schoolYearOf(utc).id}-${REPORT_DAY}`])];
}

/**
 * The registry as of a date for the allocation. The per-school input cells are materialised in the database
 * (migration 0013) and kept current from the pupil change feed: a load first brings the date's cells up to date
 * (the schools of the new pupil events, of transactions still running at the previous refresh included), builds them
 * with the one national aggregate when the date is not materialised, and reads them in the same transaction. A
 * process keeps up to four dates in memory and reads again only the schools whose cells changed since its copy.
 */
export class SnapshotLoader {
  private readonly repo = new SubventionRepository();

  constructor(private readonly ctx: AppContext) {}

  private cache() {
    let c = caches.get(this.ctx.db);
    if (!c) caches.set(this.ctx.db, (c = new Map<string, Entry>()));
    return c;
  }

  private queue() {
    let q = queues.get(this.ctx.db);
    if (!q) queues.set(this.ctx.db, (q = new Map<string, Promise<unknown>>()));
    return q;
  }

  /** Drops the copies held in memory (benchmarks measure a read after a restart with it). */
  forget(): void {
    this.cache().clear();
  }

  private scoped<T>(scope: DbScope, fn: (trx: SubventionTx) => Promise<T>): Promise<T> {
    return this.ctx.db.scoped(scope, (trx) => fn(trx as unknown as SubventionTx));
  }

  /**
   * Brings the materialised cells of the statistical dates up to date, building a date that is missing (the server's
   * background work, every few seconds: cheap when nothing changed).
   */
  async refreshMaintained(dates: readonly string[] = statisticalDates(this.ctx.now())): Promise<InputState[]> {
    const out: InputState[] = [];
    for (const asOf of dates) {
      const state = await this.scoped({ national: true }, (trx) =>
        this.repo.syncInputs(trx, asOf, CLASS_FORMS, 'ensure', MAX_MATERIALISED),
      );
      if (state) out.push(state);
    }
    return out;
  }

  /** The registry as of a date; `rebuild` reads the date's cells again from the pupils. */
  load(scope: DbScope, asOf: string, options: { rebuild?: boolean } = {}): Promise<LoadedSnapshot> {
    const queue = this.queue();
    const run = (queue.get(asOf) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.read(scope, asOf, options.rebuild === true));
    queue.set(asOf, run);
    void run
      .finally(() => {
        if (queue.get(asOf) === run) queue.delete(asOf);
      })
      .catch(() => undefined);
    return run;
  }

  private async read(scope: DbScope, asOf: string, rebuild: boolean): Promise<LoadedSnapshot> {
    const started = performance.now();
    const cache = this.cache();
    const previous = cache.get(asOf);
    const result = await this.scoped(scope, async (trx) => {
      const state = (await this.repo.syncInputs(
        trx,
        asOf,
        CLASS_FORMS,
        rebuild ? 'rebuild' : 'ensure',
        MAX_MATERIALISED,
      ))!;
      const source: LoadedSnapshot['source'] = state.built ? 'built' : 'maintained';
      const refreshed = state.built ? null : state.schools;
      if (
        previous &&
        frameOf(previous.state) === frameOf(state) &&
        previous.state.generation >= state.builtGeneration
      ) {
        if (previous.state.generation === state.generation)
          return { entry: { ...previous, state }, cached: true, source: 'memory' as const, refreshed: null };
        // Only the schools changed since the copy in memory.
        const rows = await this.repo.inputCells(trx, asOf, previous.state.generation);
        const parts = partsOfInputs(rows, previous.ids, new Map(previous.parts));
        const s = previous.snapshot;
        const entry: Entry = {
          ...previous,
          state,
          parts,
          snapshot: assemble(asOf, s.schools, parts, s.territories),
        };
        return { entry, cached: false, source, refreshed };
      }
      const [schools, rows, territories] = [
        await this.repo.schools(trx),
        await this.repo.inputCells(trx, asOf, null),
        await this.repo.territories(trx, asOf),
      ];
      const records = schools.map(toSchool);
      const ids = new Map(records.map((r) => [r.id, r.id]));
      const parts = partsOfInputs(rows, ids);
      const entry: Entry = {
        asOf,
        state,
        ids,
        parts,
        snapshot: assemble(asOf, records, parts, territoriesOf(territories)),
      };
      return { entry, cached: false, source, refreshed };
    });
    // Most recently used last.
    cache.delete(asOf);
    cache.set(asOf, result.entry);
    while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
    return {
      snapshot: result.entry.snapshot,
      dataVersion: versionText(result.entry.state),
      cached: result.cached,
      source: result.source,
      ms: Math.round(performance.now() - started),
      refreshed: result.refreshed,
    };
  }
}
