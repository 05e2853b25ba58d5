import { sql, type Insertable } from 'kysely';
import type {
  SubventionRunBudgetTable,
  SubventionRunTable,
  SubventionScenarioTable,
  SubventionTx,
} from '../../db/schema-subvention';

export interface DataVersion {
  /** The last pupil event. */
  lastEvent: number;
  /** The organisation versions (count and last change). */
  organisations: string;
  /** The reference editions loaded. */
  reference: string;
}

export interface CellRow {
  school_id: string;
  level: number;
  education_form: string | null;
  special_needs: boolean | null;
  instruction_language: string | null;
  lives_elsewhere: boolean | null;
  pupils: number | null;
  classes: number | null;
}

/** Where the materialised cells of a date stand after a refresh (aikom_subvention_inputs_sync). */
export interface InputState {
  /** The last change of the date's cells. */
  generation: number;
  /** The last full build of the date's cells (a copy older than it is read again entirely). */
  builtGeneration: number;
  /** Whether this refresh read everything (a build). */
  built: boolean;
  /** Schools read again by this refresh (all of them for a build). */
  schools: number;
  eventWatermark: number;
  organisations: string;
  reference: string;
}

/** How a refresh treats a date: build it when missing, refresh it only when materialised, or read it all again. */
export type InputMode = 'ensure' | 'existing' | 'rebuild';

/** A school's materialised cells: [level, form, special needs, language, lives elsewhere, pupils, classes]. */
export type InputCellTuple = [
  number,
  string | null,
  boolean | null,
  string | null,
  boolean | null,
  number | null,
  number | null,
];

export interface InputSchoolRow {
  school_id: string;
  cells: InputCellTuple[];
}

export interface InputDateRow {
  as_of: string;
  generation: number;
  built_at: Date;
  refreshed_at: Date;
  used_at: Date;
  schools: number;
  cells: number;
}

export interface SchoolRow {
  id: string;
  name: string;
  edrpou: string | null;
  region_id: string | null;
  ouo_id: string | null;
  school_type: string | null;
  ownership: string | null;
  founder: string | null;
  status: string;
  grade_min: number | null;
  grade_max: number | null;
  settlement_type: string | null;
  location_code: string | null;
  location_category: string | null;
  location_hromada: string | null;
  location_oblast: string | null;
  location_oblast_category: string | null;
  origin_code: string | null;
  origin_category: string | null;
  origin_hromada: string | null;
  origin_oblast: string | null;
  origin_oblast_category: string | null;
}

export interface TerritoryRow {
  code: string;
  name: string;
  category: string;
  oblast_code: string;
  settlements: number;
  has_city: boolean;
  occupied: boolean;
}

export interface FlowRow {
  from_school: string | null;
  to_school: string | null;
  pupils: number;
  internally_displaced: number;
}

export interface TracedPupilRow {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  birth_date: string | null;
  school_id: string;
  school_name: string;
  grade: number;
  class_letter: string;
  education_form: string;
  special_needs: boolean;
  instruction_language: string;
  displacement_status: string;
}

/** Which pupils of a budget a trace asks for: schools with the forms of education that count, and a feature. */
export interface TraceFilter {
  asOf: string;
  /** (school, form) pairs whose pupils belong to the traced input. */
  schoolIds: readonly string[];
  forms: readonly string[];
  gradeFrom: number;
  gradeTo: number;
  specialNeeds?: boolean;
  languages?: readonly string[];
  livesElsewhere?: boolean;
  after?: string | undefined;
  limit: number;
}

export interface MovedPupilRow extends Omit<TracedPupilRow, 'school_id' | 'school_name' | 'grade' | 'class_letter'> {
  school_id: string | null;
  school_name: string | null;
  grade: number | null;
  class_letter: string | null;
  from_school_id: string | null;
  from_school_name: string | null;
}

export interface MovementFilter {
  from: string;
  to: string;
  /** Schools counted for the budget of origin (null: pupils enrolled nowhere counted on the first date). */
  fromSchoolIds: readonly string[] | null;
  toSchoolIds: readonly string[] | null;
  after?: string | undefined;
  limit: number;
}

const active = (alias: string, date: string) =>
  sql`${sql.ref(`${alias}.entry_date`)} <= ${date}::date AND (${sql.ref(`${alias}.exit_date`)} IS NULL OR ${sql.ref(`${alias}.exit_date`)} >= ${date}::date)`;

/**
 * All SQL of the subvention: parameter sets and their versions, scenarios, runs, the aggregate inputs (definer
 * functions that return counts only) and the traces back to pupils (ordinary tables, under row-level security).
 */
export class SubventionRepository {
  async dataVersion(trx: SubventionTx): Promise<DataVersion> {
    const r = await sql<{ last_event: number; organisations: string; reference: string }>`
      SELECT * FROM aikom_subvention_data_version()`.execute(trx);
    const v = r.rows[0]!;
    return { lastEvent: Number(v.last_event), organisations: v.organisations, reference: v.reference };
  }

  /** The aggregate of the pupils on a date: of every school, or of the schools given. */
  async cells(
    trx: SubventionTx,
    asOf: string,
    classForms: readonly string[],
    schoolIds?: readonly string[],
  ): Promise<CellRow[]> {
    const r = schoolIds
      ? await sql<CellRow>`
          SELECT * FROM aikom_subvention_cells_of(${asOf}::date, ${[...classForms]}::text[], ${[...schoolIds]}::uuid[])`.execute(
          trx,
        )
      : await sql<CellRow>`SELECT * FROM aikom_subvention_cells(${asOf}::date, ${[...classForms]}::text[])`.execute(
          trx,
        );
    return r.rows;
  }

  /** Schools whose pupils on a date may have changed since an event (null: an event without a school). */
  async changedSchools(trx: SubventionTx, afterEvent: number, asOf: string): Promise<Array<string | null>> {
    const r = await sql<{ school_id: string | null }>`
      SELECT school_id FROM aikom_subvention_changed_schools(${afterEvent}::bigint, ${asOf}::date)`.execute(trx);
    return r.rows.map((x) => x.school_id);
  }

  /**
   * Brings the materialised cells of a date up to date from the change feed (or builds them), in the caller's
   * transaction; undefined when the mode is `existing` and the date is not materialised.
   */
  async syncInputs(
    trx: SubventionTx,
    asOf: string,
    classForms: readonly string[],
    mode: InputMode,
    keep: number,
  ): Promise<InputState | undefined> {
    const r = await sql<{
      generation: number;
      built_generation: number;
      built: boolean;
      schools: number;
      event_watermark: number;
      organisations: string;
      reference: string;
    }>`
      SELECT * FROM aikom_subvention_inputs_sync(${asOf}::date, ${[...classForms]}::text[], ${mode}, ${keep}::integer)`.execute(
      trx,
    );
    const v = r.rows[0];
    if (!v) return undefined;
    return {
      generation: Number(v.generation),
      builtGeneration: Number(v.built_generation),
      built: v.built,
      schools: v.schools,
      eventWatermark: Number(v.event_watermark),
      organisations: v.organisations,
      reference: v.reference,
    };
  }

  /** The materialised cells of a date by school: all of them, or of the schools changed after a generation. */
  async inputCells(trx: SubventionTx, asOf: string, afterGeneration: number | null): Promise<InputSchoolRow[]> {
    const r = await sql<InputSchoolRow>`
      SELECT * FROM aikom_subvention_input_cells(${asOf}::date, ${afterGeneration}::bigint)`.execute(trx);
    return r.rows;
  }

  /** The materialised dates. */
  async inputDates(trx: SubventionTx): Promise<InputDateRow[]> {
    const r = await sql<InputDateRow>`SELECT * FROM aikom_subvention_inputs()`.execute(trx);
    return r.rows.map((x) => ({ ...x, generation: Number(x.generation) }));
  }

  async schools(trx: SubventionTx): Promise<SchoolRow[]> {
    const r = await sql<SchoolRow>`SELECT * FROM aikom_subvention_schools()`.execute(trx);
    return r.rows;
  }

  /** Hromadas, special-status cities and oblasts with their settlement counts and occupation status on a date. */
  async territories(trx: SubventionTx, asOf: string): Promise<TerritoryRow[]> {
    const r = await sql<TerritoryRow>`
      WITH sh AS (
        SELECT hromada_id AS id, count(*) FILTER (WHERE category IN ('M', 'X', 'C', 'T'))::integer AS settlements,
          bool_or(category = 'M') AS has_city
        FROM territory WHERE hromada_id IS NOT NULL GROUP BY hromada_id
      ), so AS (
        SELECT oblast_id AS id, count(*) FILTER (WHERE category IN ('M', 'X', 'C', 'T'))::integer AS settlements
        FROM territory WHERE oblast_id IS NOT NULL GROUP BY oblast_id
      ), occ AS (
        SELECT DISTINCT territory_id FROM territory_hostility
        WHERE kind = 'temporarily_occupied' AND (date_start IS NULL OR date_start <= ${asOf}::date)
          AND (date_end IS NULL OR date_end >= ${asOf}::date)
      )
      SELECT t.code, t.name, t.category, ob.code AS oblast_code,
        CASE WHEN t.category = 'O' THEN coalesce(so.settlements, 0) ELSE coalesce(sh.settlements, 0) END AS settlements,
        CASE WHEN t.category = 'O' THEN false ELSE coalesce(sh.has_city, false) END AS has_city,
        EXISTS (SELECT 1 FROM occ WHERE occ.territory_id IN (t.id, t.oblast_id, t.raion_id)) AS occupied
      FROM territory t
      JOIN territory ob ON ob.id = t.oblast_id
      LEFT JOIN sh ON sh.id = t.id
      LEFT JOIN so ON so.id = t.id
      WHERE t.category IN ('H', 'K', 'O')`.execute(trx);
    return r.rows;
  }

  async flows(trx: SubventionTx, from: string, to: string): Promise<FlowRow[]> {
    const r = await sql<FlowRow>`SELECT * FROM aikom_subvention_flows(${from}::date, ${to}::date)`.execute(trx);
    return r.rows;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Parameter sets

  listSets(trx: SubventionTx, budgetYear: number | undefined) {
    let q = trx
      .selectFrom('subvention_parameter_set as s')
      .select([
        's.id',
        's.budget_year',
        's.name',
        's.is_default',
        's.created_at',
        's.created_by',
        sql<number>`(SELECT max(v.version) FROM subvention_parameter_version v WHERE v.set_id = s.id)`.as('version'),
      ]);
    if (budgetYear !== undefined) q = q.where('s.budget_year', '=', budgetYear);
    return q.orderBy('s.budget_year', 'desc').orderBy('s.is_default', 'desc').orderBy('s.created_at').execute();
  }

  getSet(trx: SubventionTx, id: string) {
    return trx.selectFrom('subvention_parameter_set').selectAll().where('id', '=', id).executeTakeFirst();
  }

  versions(trx: SubventionTx, id: string) {
    return trx
      .selectFrom('subvention_parameter_version')
      .select(['version', 'note', 'created_by', 'created_at'])
      .where('set_id', '=', id)
      .orderBy('version', 'desc')
      .execute();
  }

  /** A version of a set, the latest when none is named. */
  version(trx: SubventionTx, id: string, version?: number) {
    let q = trx.selectFrom('subvention_parameter_version').selectAll().where('set_id', '=', id);
    q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
    return q.executeTakeFirst();
  }

  /** Serialises new versions of one set (two editors never both write version n + 1). */
  async lockSet(trx: SubventionTx, id: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(4242009, hashtext(${id}))`.execute(trx);
  }

  async insertSet(
    trx: SubventionTx,
    set: { id: string; budgetYear: number; name: string; isDefault: boolean; createdBy: string | null; at: Date },
  ): Promise<boolean> {
    const r = await trx
      .insertInto('subvention_parameter_set')
      .values({
        id: set.id,
        budget_year: set.budgetYear,
        name: set.name,
        is_default: set.isDefault,
        created_by: set.createdBy,
        created_at: set.at,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .execute();
    return r.length === 1;
  }

  async insertVersion(
    trx: SubventionTx,
    v: { setId: string; version: number; params: unknown; note: string | null; createdBy: string | null; at: Date },
  ): Promise<void> {
    await trx
      .insertInto('subvention_parameter_version')
      .values({
        set_id: v.setId,
        version: v.version,
        params: JSON.stringify(v.params),
        note: v.note,
        created_by: v.createdBy,
        created_at: v.at,
      })
      .execute();
  }

  // ------------------------------------------------------------------------------------------------------------
  // Scenarios (row-level security: drafts are their author's)

  async insertScenario(trx: SubventionTx, row: Insertable<SubventionScenarioTable>): Promise<void> {
    await trx.insertInto('subvention_scenario').values(row).execute();
  }

  scenario(trx: SubventionTx, id: string) {
    return trx.selectFrom('subvention_scenario').selectAll().where('id', '=', id).executeTakeFirst();
  }

  scenarios(trx: SubventionTx, limit: number) {
    return trx.selectFrom('subvention_scenario').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
  }

  async updateScenario(
    trx: SubventionTx,
    id: string,
    changes: { name?: string; description?: string | null; shared?: boolean; updated_at: Date },
  ): Promise<boolean> {
    const r = await trx.updateTable('subvention_scenario').set(changes).where('id', '=', id).returning('id').execute();
    return r.length === 1;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Runs

  async insertRun(trx: SubventionTx, row: Insertable<SubventionRunTable>): Promise<void> {
    await trx.insertInto('subvention_run').values(row).execute();
  }

  run(trx: SubventionTx, id: string) {
    return trx.selectFrom('subvention_run').selectAll().where('id', '=', id).executeTakeFirst();
  }

  runs(trx: SubventionTx, budgetYear: number | undefined, limit: number) {
    let q = trx.selectFrom('subvention_run').selectAll();
    if (budgetYear !== undefined) q = q.where('budget_year', '=', budgetYear);
    return q.orderBy('created_at', 'desc').limit(limit).execute();
  }

  async setRunJob(trx: SubventionTx, id: string, jobId: string): Promise<void> {
    await trx.updateTable('subvention_run').set({ job_id: jobId }).where('id', '=', id).execute();
  }

  /** Locks a run for its computation (a job retried while another attempt still runs waits, then sees it done). */
  async lockRun(trx: SubventionTx, id: string) {
    const r = await sql<{ status: string }>`SELECT status FROM subvention_run WHERE id = ${id} FOR UPDATE`.execute(trx);
    return r.rows[0];
  }

  async finishRun(
    trx: SubventionTx,
    id: string,
    result: {
      status: 'succeeded' | 'failed';
      totalKop: number | null;
      weightSumMicro: number | null;
      dataVersion: string | null;
      summary: Record<string, unknown>;
      error: unknown;
      at: Date;
    },
  ): Promise<void> {
    await trx
      .updateTable('subvention_run')
      .set({
        status: result.status,
        total_kop: result.totalKop,
        weight_sum_micro: result.weightSumMicro,
        data_version: result.dataVersion,
        summary: JSON.stringify(result.summary),
        error: result.error === null ? null : JSON.stringify(result.error),
        computed_at: result.at,
      })
      .where('id', '=', id)
      .execute();
  }

  async insertRunBudgets(trx: SubventionTx, rows: readonly Insertable<SubventionRunBudgetTable>[]): Promise<void> {
    // Several statements: a national run has ≈ 1 500 budgets, nine parameters each.
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('subvention_run_budget')
        .values(rows.slice(i, i + 500))
        .execute();
  }

  runBudgets(trx: SubventionTx, runId: string) {
    return trx
      .selectFrom('subvention_run_budget')
      .select(['code', 'kind', 'name', 'oblast_code', 'pupils', 'weight_micro', 'amount_kop'])
      .where('run_id', '=', runId)
      .orderBy('code')
      .execute();
  }

  runBudget(trx: SubventionTx, runId: string, code: string) {
    return trx
      .selectFrom('subvention_run_budget')
      .selectAll()
      .where('run_id', '=', runId)
      .where('code', '=', code)
      .executeTakeFirst();
  }

  /** Every budget of a run with its inputs (for the spreadsheet). */
  runBudgetsWithInputs(trx: SubventionTx, runId: string) {
    return trx.selectFrom('subvention_run_budget').selectAll().where('run_id', '=', runId).orderBy('code').execute();
  }

  // ------------------------------------------------------------------------------------------------------------
  // Traces back to pupils (row-level security applies: only pupils in the reader's scope come back)

  async tracePupils(trx: SubventionTx, f: TraceFilter): Promise<TracedPupilRow[]> {
    // Settlements compared as in the aggregate: a city district counts as its city.
    const settlement = (alias: string) =>
      sql`CASE WHEN ${sql.ref(`${alias}.category`)} = 'B' THEN ${sql.ref(`${alias}.parent_id`)} ELSE ${sql.ref(`${alias}.id`)} END`;
    const r = await sql<TracedPupilRow>`
      SELECT p.id, p.last_name, p.first_name, p.middle_name, p.birth_date, e.school_id, o.name AS school_name,
        e.grade, e.class_letter, p.education_form, p.special_needs, p.instruction_language, p.displacement_status
      FROM enrolment e
      JOIN unnest(${[...f.schoolIds]}::uuid[], ${[...f.forms]}::text[]) AS pick (school_id, form)
        ON pick.school_id = e.school_id
      JOIN person p ON p.id = e.person_id AND p.education_form = pick.form
      JOIN organisation o ON o.id = e.school_id
      ${
        f.livesElsewhere
          ? sql`JOIN territory st ON st.id = o.territory_id JOIN territory rt ON rt.id = p.residence_territory_id`
          : sql``
      }
      WHERE ${active('e', f.asOf)}
        AND e.grade BETWEEN ${f.gradeFrom} AND ${f.gradeTo}
        ${f.specialNeeds ? sql`AND p.special_needs` : sql``}
        ${f.languages ? sql`AND p.instruction_language = ANY (${[...f.languages]}::text[])` : sql``}
        ${f.livesElsewhere ? sql`AND ${settlement('rt')} <> ${settlement('st')}` : sql``}
        ${f.after ? sql`AND p.id > ${f.after}::uuid` : sql``}
      ORDER BY p.id
      LIMIT ${f.limit}`.execute(trx);
    return r.rows;
  }

  /**
   * Pupils counted in one set of schools on the first date and in another on the second (a null set: enrolled
   * nowhere that day), the school of either date named.
   */
  async traceMovements(trx: SubventionTx, f: MovementFilter): Promise<MovedPupilRow[]> {
    const spellAt = (alias: string, date: string, schools: readonly string[]) =>
      sql`${active(alias, date)} AND ${sql.ref(`${alias}.school_id`)} = ANY (${[...schools]}::uuid[])`;
    const from = f.fromSchoolIds;
    const to = f.toSchoolIds;
    const r = await sql<MovedPupilRow>`
      SELECT p.id, p.last_name, p.first_name, p.middle_name, p.birth_date, p.education_form, p.special_needs,
        p.instruction_language, p.displacement_status,
        eb.school_id, ob.name AS school_name, eb.grade, eb.class_letter,
        ea.school_id AS from_school_id, oa.name AS from_school_name
      FROM person p
      ${from ? sql`JOIN enrolment ea ON ea.person_id = p.id AND ${spellAt('ea', f.from, from)}` : sql`LEFT JOIN enrolment ea ON false`}
      ${to ? sql`JOIN enrolment eb ON eb.person_id = p.id AND ${spellAt('eb', f.to, to)}` : sql`LEFT JOIN enrolment eb ON false`}
      LEFT JOIN organisation oa ON oa.id = ea.school_id
      LEFT JOIN organisation ob ON ob.id = eb.school_id
      WHERE true
        ${from ? sql`` : sql`AND NOT EXISTS (SELECT 1 FROM enrolment x WHERE x.person_id = p.id AND ${active('x', f.from)})`}
        ${to ? sql`` : sql`AND NOT EXISTS (SELECT 1 FROM enrolment x WHERE x.person_id = p.id AND ${active('x', f.to)})`}
        ${f.after ? sql`AND p.id > ${f.after}::uuid` : sql``}
      ORDER BY p.id
      LIMIT ${f.limit}`.execute(trx);
    return r.rows;
  }
}
