import type { ContingentFact, MovementFact } from '@aikom/domain/reports/znz1-aggregate';
import { sql } from 'kysely';
import type { Tx } from '../../db/database';
import type { ReportTx } from '../../db/schema-reports';

/** The report tables are not in db/schema.ts yet (see db/schema-reports.ts): the same transaction, wider type. */
const r = (trx: Tx): ReportTx => trx as unknown as ReportTx;

export interface SchoolRow {
  id: string;
  name: string;
  short_name: string | null;
  edrpou: string | null;
  ouo_id: string;
  region_id: string;
  school_type: string | null;
  ownership: string | null;
  settlement_type: string | null;
  status: string;
  address: string | null;
  territory_code: string | null;
  settlement: string | null;
  settlement_category: string | null;
  hromada: string | null;
  raion: string | null;
  oblast: string | null;
  oblast_category: string | null;
  original_territory: string | null;
  ouo_name: string | null;
  ouo_edrpou: string | null;
}

export interface OrgRow {
  id: string;
  kind: string;
  name: string;
  edrpou: string | null;
  region_id: string | null;
  ouo_id: string | null;
  territory_code: string | null;
  territory_name: string | null;
}

export interface ContingentRow extends ContingentFact {
  schoolId: string;
}

export interface MovementRow extends MovementFact {
  schoolId: string;
}

export interface RegistryRow {
  school_id: string;
  pupils: number;
  classes: number;
  last_event_id: number;
}

export interface DrillPupil {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string;
  birth_date: string | null;
  grade: number;
  class_letter: string;
  school_year: number;
  entry_date: string;
  exit_date: string | null;
  exit_reason: string | null;
  entry_basis: string;
  education_form: string;
  instruction_language: string;
  special_needs: boolean;
  displacement_status: string;
  origin_region: string | null;
  displacement_country: string | null;
  contact_status: string;
  quality_errors: number;
  quality_warnings: number;
}

export interface Period {
  /** 1 September of the report's school year. */
  yearStart: string;
  asOf: string;
  previousYear: number;
}

export interface SnapshotRow {
  school_id: string;
  ouo_id: string;
  region_id: string;
  cells: Record<string, number>;
  registry_pupils: number;
  registry_classes: number;
  blocking_errors: number;
  last_event_id: number;
  event_horizon: number;
  entered_at: Date | null;
  built_at: Date;
}

export interface ScopeFilter {
  ouoId?: string;
  regionId?: string;
}

const SCHOOL_COLUMNS = sql`
  o.id, o.name, o.short_name, o.edrpou, o.ouo_id, o.region_id, o.school_type, o.ownership, o.settlement_type,
  o.status, o.address, t.code AS territory_code, t.name AS settlement, t.category AS settlement_category,
  h.name AS hromada, ra.name AS raion, ob.name AS oblast, ob.category AS oblast_category,
  ot.name AS original_territory, u.name AS ouo_name, u.edrpou AS ouo_edrpou`;

const SCHOOL_JOINS = sql`
  LEFT JOIN territory t ON t.id = o.territory_id
  LEFT JOIN territory h ON h.id = t.hromada_id
  LEFT JOIN territory ra ON ra.id = t.raion_id
  LEFT JOIN territory ob ON ob.id = t.oblast_id
  LEFT JOIN territory ot ON ot.id = o.original_territory_id
  LEFT JOIN organisation u ON u.id = o.ouo_id`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** All SQL of the reports. Every query runs in the caller's transaction: row-level security applies. */
export class ReportRepository {
  /** A school with its header (location, codes, ОУО) by id or ЄДРПОУ, as visible to the caller. */
  async school(trx: Tx, key: string): Promise<SchoolRow | undefined> {
    const q = await sql<SchoolRow>`
      SELECT ${SCHOOL_COLUMNS}
      FROM organisation o ${SCHOOL_JOINS}
      WHERE o.kind = 'school' AND ${UUID.test(key) ? sql`o.id = ${key}::uuid` : sql`o.edrpou = ${key}`}`.execute(trx);
    return q.rows[0];
  }

  async schools(trx: Tx, ids: readonly string[]): Promise<SchoolRow[]> {
    if (ids.length === 0) return [];
    const q = await sql<SchoolRow>`
      SELECT ${SCHOOL_COLUMNS}
      FROM organisation o ${SCHOOL_JOINS}
      WHERE o.kind = 'school' AND o.id = ANY (${ids}::uuid[])
      ORDER BY o.name_key, o.id`.execute(trx);
    return q.rows;
  }

  /** An organisation of the cascade by id or ЄДРПОУ (as visible to the caller). */
  async organisation(trx: Tx, key: string, kind?: string): Promise<OrgRow | undefined> {
    const byId = UUID.test(key);
    let q = trx
      .selectFrom('organisation as o')
      .leftJoin('territory as t', 't.id', 'o.territory_id')
      .select([
        'o.id',
        'o.kind',
        'o.name',
        'o.edrpou',
        'o.region_id',
        'o.ouo_id',
        't.code as territory_code',
        't.name as territory_name',
      ]);
    q = byId ? q.where('o.id', '=', key) : q.where('o.edrpou', '=', key);
    if (kind) q = q.where('o.kind', '=', kind);
    return q.executeTakeFirst();
  }

  /** The region (regional department) of a level-1 KATOTTH code. */
  regionByCode(trx: Tx, code: string) {
    return trx
      .selectFrom('organisation as o')
      .innerJoin('territory as t', 't.id', 'o.territory_id')
      .select(['o.id', 'o.name', 't.code', 't.name as territory_name'])
      .where('o.kind', '=', 'region')
      .where('t.code', '=', code)
      .executeTakeFirst();
  }

  /** Names of the level-1 units (24 oblasts, АРК, Kyiv, Sevastopol) by KATOTTH code. */
  async level1Names(trx: Tx): Promise<Array<{ code: string; name: string; category: string }>> {
    return trx.selectFrom('territory').select(['code', 'name', 'category']).where('level', '=', 1).execute();
  }

  /** The regional departments with their KATOTTH codes. */
  regions(trx: Tx) {
    return trx
      .selectFrom('organisation as o')
      .innerJoin('territory as t', 't.id', 'o.territory_id')
      .select(['o.id', 'o.name', 't.code', 't.name as territory_name', 't.category'])
      .where('o.kind', '=', 'region')
      .orderBy('t.code')
      .execute();
  }

  /** Ids of the operating schools in a scope (all the caller can see, or one ОУО's, or one region's). */
  async schoolIds(trx: Tx, filter: ScopeFilter): Promise<Array<{ id: string; ouo_id: string }>> {
    let q = trx
      .selectFrom('organisation')
      .select(['id', 'ouo_id'])
      .where('kind', '=', 'school')
      .where('status', '<>', 'closed');
    if (filter.ouoId) q = q.where('ouo_id', '=', filter.ouoId);
    if (filter.regionId) q = q.where('region_id', '=', filter.regionId);
    return (await q.orderBy('id').execute()).map((x) => ({ id: x.id, ouo_id: x.ouo_id! }));
  }

  /** The pupils of schools on a date, grouped by their attributes (counts only; see aikom_report_contingent). */
  async contingent(trx: Tx, schoolIds: readonly string[], asOf: string): Promise<ContingentRow[]> {
    if (schoolIds.length === 0) return [];
    const q = await sql<{
      school_id: string;
      grade: number;
      class_letter: string;
      sex: string;
      birth_year: number | null;
      education_form: string;
      instruction_language: string;
      special_needs: boolean;
      displacement_status: string;
      origin_region: string | null;
      country: string | null;
      contact_status: string;
      has_errors: boolean;
      has_warnings: boolean;
      n: number;
    }>`SELECT * FROM aikom_report_contingent(${schoolIds}::uuid[], ${asOf}::date)`.execute(trx);
    return q.rows.map((x) => ({
      schoolId: x.school_id,
      grade: x.grade,
      classLetter: x.class_letter,
      sex: x.sex,
      birthYear: x.birth_year,
      educationForm: x.education_form,
      instructionLanguage: x.instruction_language,
      specialNeeds: x.special_needs,
      displacement: x.displacement_status,
      originRegion: x.origin_region,
      country: x.country,
      contact: x.contact_status,
      hasErrors: x.has_errors,
      hasWarnings: x.has_warnings,
      count: x.n,
    }));
  }

  /**
   * Arrivals and exits of the period and the previous year's closed spells, grouped by grade and reason, of the
   * schools of the caller's scope (aikom_report_movement, migration 0016).
   */
  async movement(trx: Tx, schoolIds: readonly string[], p: Period): Promise<MovementRow[]> {
    if (schoolIds.length === 0) return [];
    const q = await sql<{
      school_id: string;
      kind: MovementFact['kind'];
      grade: number;
      reason: string | null;
      n: number;
    }>`SELECT * FROM aikom_report_movement(${schoolIds}::uuid[], ${p.yearStart}::date, ${p.asOf}::date,
      ${p.previousYear}::smallint)`.execute(trx);
    return q.rows.map((x) => ({ schoolId: x.school_id, kind: x.kind, grade: x.grade, reason: x.reason, count: x.n }));
  }

  /**
   * The registry's own counts, apart from the report's computation: spells open on the date and distinct classes
   * (enrolment rows only); and the school's last pupil event (to tell later whether its report row is out of date).
   * Schools outside the caller's scope have no row (aikom_report_registry, migration 0016).
   */
  async registry(trx: Tx, schoolIds: readonly string[], asOf: string): Promise<RegistryRow[]> {
    if (schoolIds.length === 0) return [];
    const q = await sql<RegistryRow>`
      SELECT * FROM aikom_report_registry(${schoolIds}::uuid[], ${asOf}::date)`.execute(trx);
    return q.rows.map((x) => ({ ...x, last_event_id: Number(x.last_event_id) }));
  }

  /** The newest pupil event of the registry: everything newer happened after this build. */
  async eventHorizon(trx: Tx): Promise<number> {
    const q = await sql<{ h: number }>`SELECT aikom_report_event_horizon() AS h`.execute(trx);
    return Number(q.rows[0]?.h ?? 0);
  }

  /** The latest entered value of every cell of schools for a school year. */
  async entered(
    trx: Tx,
    schoolIds: readonly string[],
    schoolYear: number,
  ): Promise<Array<{ school_id: string; cell: string; value: number; entered_at: Date }>> {
    if (schoolIds.length === 0) return [];
    const q = await sql<{ school_id: string; cell: string; value: number; entered_at: Date }>`
      SELECT DISTINCT ON (school_id, cell) school_id, cell, value, entered_at
      FROM report_entered_cell
      WHERE school_id = ANY (${schoolIds}::uuid[]) AND school_year = ${schoolYear}
      ORDER BY school_id, cell, entered_at DESC, id DESC`.execute(trx);
    return q.rows;
  }

  enteredHistory(trx: Tx, schoolId: string, schoolYear: number) {
    return r(trx)
      .selectFrom('report_entered_cell as c')
      .leftJoin('app_user as u', 'u.id', 'c.entered_by')
      .select(['c.cell', 'c.value', 'c.entered_at', 'u.login as entered_by'])
      .where('c.school_id', '=', schoolId)
      .where('c.school_year', '=', schoolYear)
      .orderBy('c.entered_at', 'desc')
      .orderBy('c.id', 'desc')
      .limit(500)
      .execute();
  }

  async insertEntered(
    trx: Tx,
    rows: ReadonlyArray<{
      id: string;
      school_id: string;
      ouo_id: string;
      region_id: string;
      school_year: number;
      cell: string;
      value: number;
      entered_by: string | null;
      entered_at: Date;
    }>,
  ): Promise<void> {
    if (rows.length > 0)
      await r(trx)
        .insertInto('report_entered_cell')
        .values([...rows])
        .execute();
  }

  /** Pupils of a school on a date, one row each (drill-down; only the records the caller may see). */
  contingentPupils(trx: Tx, schoolId: string, asOf: string): Promise<DrillPupil[]> {
    return this.pupils(trx)
      .where('e.school_id', '=', schoolId)
      .where('e.entry_date', '<=', asOf)
      .where((eb) => eb.or([eb('e.exit_date', 'is', null), eb('e.exit_date', '>=', asOf)]))
      .execute();
  }

  /** Spells of a school that are movements of the period (drill-down of sections 5 and 6). */
  movementPupils(trx: Tx, schoolId: string, p: Period): Promise<DrillPupil[]> {
    return this.pupils(trx)
      .where('e.school_id', '=', schoolId)
      .where((eb) =>
        eb.or([
          eb.and([eb('e.entry_date', '>', p.yearStart), eb('e.entry_date', '<=', p.asOf)]),
          eb.and([eb('e.exit_date', '>=', p.yearStart), eb('e.exit_date', '<', p.asOf)]),
          eb.and([eb('e.school_year', '=', p.previousYear), eb('e.exit_reason', 'is not', null)]),
        ]),
      )
      .execute();
  }

  private pupils(trx: Tx) {
    return trx
      .selectFrom('enrolment as e')
      .innerJoin('person as p', 'p.id', 'e.person_id')
      .leftJoin('territory as t', 't.id', 'p.displacement_origin_id')
      .leftJoin('territory as o', 'o.id', 't.oblast_id')
      .select([
        'p.id',
        'p.last_name',
        'p.first_name',
        'p.middle_name',
        'p.sex',
        'p.birth_date',
        'e.grade',
        'e.class_letter',
        'e.school_year',
        'e.entry_date',
        'e.exit_date',
        'e.exit_reason',
        'e.entry_basis',
        'p.education_form',
        'p.instruction_language',
        'p.special_needs',
        'p.displacement_status',
        'o.code as origin_region',
        'p.displacement_country',
        'p.contact_status',
        'p.quality_errors',
        'p.quality_warnings',
      ])
      .orderBy('e.grade')
      .orderBy('e.class_letter')
      .orderBy('p.name_key')
      .orderBy('p.id');
  }

  async upsertSnapshot(trx: Tx, asOf: string, schoolYear: number, now: Date): Promise<void> {
    await sql`
      INSERT INTO report_snapshot (as_of, school_year, created_at, refreshed_at)
      VALUES (${asOf}::date, ${schoolYear}, ${now}::timestamptz, ${now}::timestamptz)
      ON CONFLICT (as_of) DO UPDATE SET refreshed_at = excluded.refreshed_at`.execute(trx);
  }

  /**
   * Replaces the report rows of schools (derived data: rebuilt, never edited) and returns the ОУО whose sums must be
   * rebuilt (those of the new rows and of the rows replaced: a school may have moved to another ОУО).
   */
  async replaceSchoolSnapshots(
    trx: Tx,
    asOf: string,
    rows: ReadonlyArray<Omit<SnapshotRow, 'built_at'> & { built_at: Date }>,
  ): Promise<string[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((x) => x.school_id);
    const previous = await r(trx)
      .selectFrom('report_school_snapshot')
      .select('ouo_id')
      .where('as_of', '=', asOf)
      .where('school_id', 'in', ids)
      .execute();
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await r(trx)
        .insertInto('report_school_snapshot')
        .values(
          chunk.map((x) => ({
            as_of: asOf,
            school_id: x.school_id,
            ouo_id: x.ouo_id,
            region_id: x.region_id,
            cells: JSON.stringify(x.cells),
            registry_pupils: x.registry_pupils,
            registry_classes: x.registry_classes,
            blocking_errors: x.blocking_errors,
            last_event_id: x.last_event_id,
            event_horizon: x.event_horizon,
            entered_at: x.entered_at,
            built_at: x.built_at,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['as_of', 'school_id']).doUpdateSet((eb) => ({
            ouo_id: eb.ref('excluded.ouo_id'),
            region_id: eb.ref('excluded.region_id'),
            cells: eb.ref('excluded.cells'),
            registry_pupils: eb.ref('excluded.registry_pupils'),
            registry_classes: eb.ref('excluded.registry_classes'),
            blocking_errors: eb.ref('excluded.blocking_errors'),
            last_event_id: eb.ref('excluded.last_event_id'),
            event_horizon: eb.ref('excluded.event_horizon'),
            entered_at: eb.ref('excluded.entered_at'),
            built_at: eb.ref('excluded.built_at'),
          })),
        )
        .execute();
    }
    return [...new Set([...rows.map((x) => x.ouo_id), ...previous.map((x) => x.ouo_id)])];
  }

  async rollupOuo(trx: Tx, asOf: string, ouoIds: readonly string[]): Promise<number> {
    if (ouoIds.length === 0) return 0;
    const q = await sql<{ n: number }>`SELECT aikom_report_rollup_ouo(${asOf}::date, ${ouoIds}::uuid[]) AS n`.execute(
      trx,
    );
    return q.rows[0]?.n ?? 0;
  }

  /** Schools of a list whose report row is missing or out of date (a pupil event or an entered cell newer than it). */
  async outdated(trx: Tx, asOf: string, schoolYear: number, schoolIds: readonly string[]): Promise<string[]> {
    if (schoolIds.length === 0) return [];
    const q = await sql<{ id: string }>`
      SELECT s.id FROM unnest(${schoolIds}::uuid[]) AS s (id)
      LEFT JOIN report_school_snapshot r ON r.as_of = ${asOf}::date AND r.school_id = s.id
      WHERE r.school_id IS NULL
        OR EXISTS (SELECT 1 FROM pupil_event v WHERE v.school_id = s.id AND v.id > r.last_event_id)
        OR EXISTS (SELECT 1 FROM report_entered_cell c WHERE c.school_id = s.id AND c.school_year = ${schoolYear}
          AND c.entered_at > coalesce(r.entered_at, '-infinity'::timestamptz))`.execute(trx);
    return q.rows.map((x) => x.id);
  }

  /**
   * The sums of the cells of an ОУО (its row), a region (its row) or the nation (the sum of the 27 regions' rows: a
   * few thousand rows, not millions of spells).
   */
  async rollupCells(trx: Tx, asOf: string, filter: ScopeFilter): Promise<Record<string, number>> {
    const q = filter.ouoId
      ? await sql<{ cell: string; value: number }>`
          SELECT cell, value FROM report_ouo_cell WHERE as_of = ${asOf}::date AND ouo_id = ${filter.ouoId}::uuid`.execute(
          trx,
        )
      : filter.regionId
        ? await sql<{ cell: string; value: number }>`
          SELECT cell, value FROM report_region_cell
          WHERE as_of = ${asOf}::date AND region_id = ${filter.regionId}::uuid`.execute(trx)
        : await sql<{ cell: string; value: number }>`
          SELECT cell, sum(value)::int AS value FROM report_region_cell WHERE as_of = ${asOf}::date
          GROUP BY cell`.execute(trx);
    const out: Record<string, number> = {};
    for (const x of q.rows) if (x.value !== 0) out[x.cell] = x.value;
    return out;
  }

  /** Some cells of every region (tile map, the nation's list of regions). */
  async regionCells(
    trx: Tx,
    asOf: string,
    cells: readonly string[],
  ): Promise<Array<{ region_id: string; cell: string; value: number }>> {
    const q = await sql<{ region_id: string; cell: string; value: number }>`
      SELECT region_id, cell, value FROM report_region_cell
      WHERE as_of = ${asOf}::date AND cell = ANY (${cells}::text[])`.execute(trx);
    return q.rows;
  }

  /**
   * How complete and fresh the roll-up of a scope is, with its registry counts (from the school rows). Out-of-date
   * schools are found from the pupil events after the oldest row's last event (a range of the event ids: the cost
   * follows the changes since the build, not the number of schools) and the entered cells newer than a row.
   */
  async coverage(trx: Tx, asOf: string, schoolYear: number, filter: ScopeFilter) {
    const rowScope = sql`${filter.ouoId ? sql`AND r.ouo_id = ${filter.ouoId}::uuid` : sql``}
      ${filter.regionId ? sql`AND r.region_id = ${filter.regionId}::uuid` : sql``}`;
    const schools = await sql<{ n: number }>`
      SELECT aikom_report_school_count(${asOf}::date, ${filter.ouoId ?? null}::uuid, ${filter.regionId ?? null}::uuid)
        AS n`.execute(trx);
    const rows = await sql<{
      included: number;
      with_errors: number;
      registry_pupils: number;
      registry_classes: number;
      blocking_errors: number;
      built_at: Date | null;
      oldest_event: number | null;
    }>`
      SELECT count(*)::int AS included, (count(*) FILTER (WHERE r.blocking_errors > 0))::int AS with_errors,
        coalesce(sum(r.registry_pupils), 0)::int AS registry_pupils,
        coalesce(sum(r.registry_classes), 0)::int AS registry_classes,
        coalesce(sum(r.blocking_errors), 0)::int AS blocking_errors,
        max(r.built_at) AS built_at,
        min(r.event_horizon) AS oldest_event
      FROM report_school_snapshot r WHERE r.as_of = ${asOf}::date ${rowScope}`.execute(trx);
    const summary = rows.rows[0]!;
    let stale = 0;
    if (summary.included > 0) {
      const q = await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM (
          SELECT r.school_id
          FROM pupil_event v
          JOIN report_school_snapshot r ON r.as_of = ${asOf}::date AND r.school_id = v.school_id
          WHERE v.id > ${Number(summary.oldest_event ?? 0)} AND v.id > r.last_event_id ${rowScope}
          UNION
          SELECT r.school_id
          FROM report_entered_cell c
          JOIN report_school_snapshot r ON r.as_of = ${asOf}::date AND r.school_id = c.school_id
          WHERE c.school_year = ${schoolYear} AND c.entered_at > coalesce(r.entered_at, '-infinity'::timestamptz)
            ${rowScope}
        ) s`.execute(trx);
      stale = q.rows[0]!.n;
    }
    return { ...summary, schools: schools.rows[0]!.n, stale };
  }

  /** The school rows of a scope, with school names (76-РВК lists its schools; drill-down to schools). */
  async schoolSnapshots(trx: Tx, asOf: string, filter: ScopeFilter) {
    let q = r(trx)
      .selectFrom('report_school_snapshot as s')
      .innerJoin('organisation as o', 'o.id', 's.school_id')
      .select([
        's.school_id',
        's.ouo_id',
        's.region_id',
        'o.name',
        'o.edrpou',
        's.cells',
        's.registry_pupils',
        's.registry_classes',
        's.blocking_errors',
        's.last_event_id',
        's.built_at',
      ])
      .where('s.as_of', '=', asOf);
    if (filter.ouoId) q = q.where('s.ouo_id', '=', filter.ouoId);
    if (filter.regionId) q = q.where('s.region_id', '=', filter.regionId);
    return q.orderBy('o.name_key').orderBy('o.id').execute();
  }

  /** One cell of every school of a scope (drill-down from a roll-up to its schools). */
  async cellBySchool(trx: Tx, asOf: string, filter: ScopeFilter, cell: string, limit: number) {
    const q = await sql<{ school_id: string; name: string; edrpou: string | null; ouo_id: string; value: number }>`
      SELECT s.school_id, o.name, o.edrpou, s.ouo_id, (s.cells ->> ${cell})::int AS value
      FROM report_school_snapshot s JOIN organisation o ON o.id = s.school_id
      WHERE s.as_of = ${asOf}::date AND s.cells ? ${cell}
        ${filter.ouoId ? sql`AND s.ouo_id = ${filter.ouoId}::uuid` : sql``}
        ${filter.regionId ? sql`AND s.region_id = ${filter.regionId}::uuid` : sql``}
      ORDER BY value DESC, o.name_key, o.id
      LIMIT ${limit}`.execute(trx);
    return q.rows;
  }

  /** Schools of a scope with blocking errors on the date (flagged in the roll-up), most errors first. */
  async schoolsWithErrors(trx: Tx, asOf: string, filter: ScopeFilter, limit: number) {
    const q = await sql<{
      school_id: string;
      name: string;
      edrpou: string | null;
      blocking_errors: number;
      registry_pupils: number;
    }>`
      SELECT s.school_id, o.name, o.edrpou, s.blocking_errors, s.registry_pupils
      FROM (
        SELECT school_id, blocking_errors, registry_pupils FROM report_school_snapshot
        WHERE as_of = ${asOf}::date AND blocking_errors > 0
          ${filter.ouoId ? sql`AND ouo_id = ${filter.ouoId}::uuid` : sql``}
          ${filter.regionId ? sql`AND region_id = ${filter.regionId}::uuid` : sql``}
        ORDER BY blocking_errors DESC, school_id
        LIMIT ${limit}
      ) s
      JOIN organisation o ON o.id = s.school_id
      ORDER BY s.blocking_errors DESC, o.name_key, o.id`.execute(trx);
    return q.rows;
  }

  snapshots(trx: Tx) {
    return r(trx)
      .selectFrom('report_snapshot')
      .select(['as_of', 'school_year', 'created_at', 'refreshed_at'])
      .orderBy('as_of', 'desc')
      .execute();
  }

  /** The school rows of one school on several dates (trend of a school). */
  schoolHistory(trx: Tx, schoolId: string, dates: readonly string[]) {
    if (dates.length === 0) return Promise.resolve([]);
    return r(trx)
      .selectFrom('report_school_snapshot')
      .select(['as_of', 'cells'])
      .where('school_id', '=', schoolId)
      .where('as_of', 'in', [...dates])
      .execute();
  }
}

/**
 * The roll-up as one would write it without the materialised rows: the main tables straight from every spell open
 * on the date (the baseline of the benchmark, and a cross-check of the materialised path).
 */
export class NaiveRollupRepository {
  async groups(trx: Tx, asOf: string) {
    const q = await sql<{
      grade: number;
      sex: string;
      birth_year: number | null;
      education_form: string;
      instruction_language: string;
      n: number;
    }>`
      SELECT e.grade, p.sex, extract(year FROM p.birth_date)::int AS birth_year, p.education_form,
        p.instruction_language, count(*)::int AS n
      FROM enrolment e JOIN person p ON p.id = e.person_id
      WHERE e.entry_date <= ${asOf}::date AND (e.exit_date IS NULL OR e.exit_date >= ${asOf}::date)
      GROUP BY e.grade, p.sex, extract(year FROM p.birth_date)::int, p.education_form, p.instruction_language`.execute(
      trx,
    );
    return q.rows;
  }

  async classes(trx: Tx, asOf: string) {
    const q = await sql<{ grade: number; classes: number }>`
      SELECT grade, count(DISTINCT (school_id, class_letter))::int AS classes
      FROM enrolment
      WHERE entry_date <= ${asOf}::date AND (exit_date IS NULL OR exit_date >= ${asOf}::date)
      GROUP BY grade`.execute(trx);
    return q.rows;
  }
}
