import { sql } from 'kysely';
import type { ExchangeTx } from '../../../db/schema-exchange';
import type { PersonRow } from '../../pupils/repository';
import {
  CONTACT_COLUMNS,
  DISPLACEMENT_COLUMNS,
  ENROLMENT_COLUMNS as BULK_ENROLMENT_COLUMNS,
  EVENT_COLUMNS,
  PERSON_COLUMNS,
} from '../../pupils/bulk-writer';
import { jsonRows } from './json-rows';

export interface ExchangeSchool {
  id: string;
  name: string;
  edrpou: string;
  region_id: string;
  ouo_id: string;
  status: string;
}

export interface MappingRow {
  external_id: string;
  person_id: string;
  school_id: string;
}

export interface MatchProbe {
  ord: number;
  cert: string | null;
  unzr: string | null;
  rnokpp: string | null;
  birth: string | null;
  name_key: string;
}

export interface MatchRow {
  ord: number;
  person_id: string;
  school_id: string | null;
  school_name: string | null;
  school_edrpou: string | null;
  match: 'identifier' | 'name_birth';
  enrolled: boolean;
}

export interface NearMatchRow {
  ord: number;
  person_id: string;
  school_name: string | null;
  school_edrpou: string | null;
  similarity: number;
}

/** A stored pupil with what its exchange record is made of: the person, the open spell and the latest notes. */
export interface CurrentRow extends PersonRow {
  open_id: string | null;
  open_school_id: string | null;
  open_school_year: number | null;
  open_grade: number | null;
  open_class_letter: string | null;
  open_entry_date: string | null;
  open_entry_order: string | null;
  open_entry_basis: string | null;
  school_edrpou: string | null;
  idp_certificate: string | null;
  contact_note: string | null;
  last_exit_reason: string | null;
  last_spell_id: string | null;
  external_id: string | null;
}

/** What an update replaces (never the id, the creation time or the source of the record). */
const PERSON_UPDATE_COLUMNS = PERSON_COLUMNS.filter((c) => c !== 'id' && c !== 'created_at' && c !== 'source');

/** A platform's spell may continue one of another school (a transfer), so it links its predecessor. */
const ENROLMENT_COLUMNS = [...BULK_ENROLMENT_COLUMNS, 'previous_enrolment_id'] as const;
const MAPPING_COLUMNS = [
  'platform_id',
  'external_id',
  'person_id',
  'school_id',
  'ouo_id',
  'region_id',
  'created_at',
  'updated_at',
] as const;

/** The new rows of a batch, per table. */
export interface BatchRows {
  persons: ReadonlyArray<Record<string, unknown>>;
  enrolments: ReadonlyArray<Record<string, unknown>>;
  displacements: ReadonlyArray<Record<string, unknown>>;
  contacts: ReadonlyArray<Record<string, unknown>>;
  events: ReadonlyArray<Record<string, unknown>>;
  mappings: ReadonlyArray<Record<string, unknown>>;
}

const INSERTS: ReadonlyArray<[keyof BatchRows, string, readonly string[]]> = [
  ['persons', 'person', PERSON_COLUMNS],
  ['enrolments', 'enrolment', ENROLMENT_COLUMNS],
  ['displacements', 'displacement_record', DISPLACEMENT_COLUMNS],
  ['contacts', 'contact_record', CONTACT_COLUMNS],
  ['events', 'pupil_event', EVENT_COLUMNS],
  ['mappings', 'platform_pupil', MAPPING_COLUMNS],
];

const list = (cols: readonly string[]) => sql.raw(cols.join(', '));
const rList = (cols: readonly string[]) => sql.raw(cols.map((c) => `r.${c}`).join(', '));

/**
 * All SQL of the platform pupil API. Every method runs in the caller's scoped transaction (row-level security);
 * batch writes are set-based over JSON arrays of rows (the new rows of a whole batch in one statement).
 */
export class ExchangePupilRepository {
  schoolByEdrpou(trx: ExchangeTx, edrpou: string): Promise<ExchangeSchool | undefined> {
    return trx
      .selectFrom('organisation')
      .select(['id', 'name', 'edrpou', 'region_id', 'ouo_id', 'status'])
      .where('edrpou', '=', edrpou)
      .where('kind', '=', 'school')
      .executeTakeFirst() as Promise<ExchangeSchool | undefined>;
  }

  /**
   * No JIT compilation for the rest of the transaction: the estimates of a statement over a large batch pass the JIT
   * threshold, and compiling takes longer (≈ 150 ms) than running these index lookups and inserts.
   */
  async withoutJit(trx: ExchangeTx): Promise<void> {
    await sql`SELECT set_config('jit', 'off', true)`.execute(trx);
  }

  async mappings(trx: ExchangeTx, externalIds: readonly string[]): Promise<MappingRow[]> {
    if (externalIds.length === 0) return [];
    const r = await sql<MappingRow>`SELECT * FROM aikom_exchange_mappings(${[...externalIds]}::text[])`.execute(trx);
    return r.rows;
  }

  async matches(trx: ExchangeTx, probes: readonly MatchProbe[]): Promise<MatchRow[]> {
    if (probes.length === 0) return [];
    const r = await sql<MatchRow>`SELECT * FROM aikom_exchange_matches(${JSON.stringify(probes)}::json)`.execute(trx);
    return r.rows;
  }

  async nearMatches(
    trx: ExchangeTx,
    probes: ReadonlyArray<{ ord: number; birth: string; phonetic: string; exclude: string | null }>,
  ): Promise<NearMatchRow[]> {
    if (probes.length === 0) return [];
    const r =
      await sql<NearMatchRow>`SELECT * FROM aikom_exchange_near_matches(${JSON.stringify(probes)}::json)`.execute(trx);
    return r.rows;
  }

  /**
   * The stored state of pupils, locked for the rest of the transaction when `lock` (a concurrent writer waits; our
   * version check then cannot lose an update). `platformId` adds that platform's external id of each.
   */
  async current(
    trx: ExchangeTx,
    ids: readonly string[],
    options: { lock: boolean; platformId: string | null },
  ): Promise<CurrentRow[]> {
    if (ids.length === 0) return [];
    // aikom_exchange_current (migration 0017): the statement with a plan kept per connection, under the caller's
    // row-level security. Every join in it is a LATERAL lookup by the person's (or its spell's) key, so that each is
    // an index probe whatever the statistics say: right after a large load they still describe the empty tables, and
    // a planner trusting them joined the batch's persons with every mapping of the platform.
    const r = await sql<CurrentRow>`
      SELECT * FROM aikom_exchange_current(${[...ids]}::uuid[], ${options.platformId}::uuid, ${options.lock})`.execute(
      trx,
    );
    return r.rows;
  }

  /** Pupils enrolled at a school now, in id order (keyset after `after`). */
  async enrolledAt(trx: ExchangeTx, schoolId: string, after: string | undefined, limit: number): Promise<string[]> {
    let q = trx
      .selectFrom('enrolment')
      .select('person_id')
      .where('school_id', '=', schoolId)
      .where('exit_date', 'is', null)
      .orderBy('person_id')
      .limit(limit + 1);
    if (after) q = q.where('person_id', '>', after);
    return (await q.execute()).map((r) => r.person_id);
  }

  async schoolYears(trx: ExchangeTx): Promise<number[]> {
    return (await trx.selectFrom('school_year').select('id').execute()).map((y) => Number(y.id));
  }

  async territoryIds(trx: ExchangeTx, codes: readonly string[]): Promise<Array<{ id: number; code: string }>> {
    if (codes.length === 0) return [];
    return trx
      .selectFrom('territory')
      .select(['id', 'code'])
      .where('code', 'in', [...new Set(codes)])
      .execute();
  }

  /**
   * Replaces person rows whose version is still the expected one (`version` of each row); returns the ids updated.
   * The version goes up by one.
   */
  async updatePersons(
    trx: ExchangeTx,
    rows: ReadonlyArray<Record<string, unknown> & { id: string; version: number }>,
  ): Promise<string[]> {
    if (rows.length === 0) return [];
    const set = sql.raw(PERSON_UPDATE_COLUMNS.map((c) => `${c} = r.${c}`).join(', '));
    const r = await sql<{ id: string }>`UPDATE person p SET ${set}, version = p.version + 1
      FROM json_populate_recordset(NULL::person, ${jsonRows(rows)}::json) r
      WHERE p.id = r.id AND p.version = r.version
      RETURNING p.id`.execute(trx);
    return r.rows.map((x) => x.id);
  }

  /**
   * Inserts the new rows of a batch in two statements whatever its size: the persons, then their spells, histories,
   * events and mappings together (one data-modifying CTE per table with rows; foreign keys are checked at the end of
   * the statement). The persons go first because the row-level security of spells and histories checks that their
   * person is visible, and a statement does not see rows inserted by its own CTEs. Spells are inserted after the
   * old ones are closed (`closeSpells`: at most one open spell per child is checked row by row).
   */
  async insertRows(trx: ExchangeTx, rows: BatchRows): Promise<void> {
    const insert = (keys: ReadonlyArray<keyof BatchRows>) => {
      const parts = INSERTS.filter(([key]) => keys.includes(key) && rows[key].length > 0).map(
        ([key, table, cols], n) =>
          sql`${sql.raw(`i${n}`)} AS (INSERT INTO ${sql.raw(table)} (${list(cols)})
            SELECT ${rList(cols)} FROM json_populate_recordset(NULL::${sql.raw(table)}, ${jsonRows(rows[key])}::json) r)`,
      );
      return parts.length > 0 ? sql`WITH ${sql.join(parts, sql`, `)} SELECT 1`.execute(trx) : undefined;
    };
    await insert(['persons']);
    await insert(['enrolments', 'displacements', 'contacts', 'events', 'mappings']);
  }

  /** Closes open spells (class change within the year). */
  async closeSpells(
    trx: ExchangeTx,
    rows: ReadonlyArray<{ id: string; exit_date: string; exit_reason: string }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await sql`UPDATE enrolment e SET exit_date = r.exit_date, exit_reason = r.exit_reason
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(id uuid, exit_date date, exit_reason text)
      WHERE e.id = r.id AND e.exit_date IS NULL`.execute(trx);
  }

  /** Corrects the entry date and order number of open spells (the same spell, recorded more precisely). */
  async correctSpells(
    trx: ExchangeTx,
    rows: ReadonlyArray<{ id: string; entry_date: string; entry_order: string | null }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await sql`UPDATE enrolment e SET entry_date = r.entry_date, entry_order = r.entry_order
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(id uuid, entry_date date, entry_order text)
      WHERE e.id = r.id AND e.exit_date IS NULL`.execute(trx);
  }

  /** Where a mapping was last used (the pupil moved to another school of the same platform). */
  async moveMappings(
    trx: ExchangeTx,
    platformId: string,
    rows: ReadonlyArray<{ external_id: string; school_id: string; ouo_id: string; region_id: string }>,
    now: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    await sql`UPDATE platform_pupil m SET school_id = r.school_id, ouo_id = r.ouo_id, region_id = r.region_id,
        updated_at = ${now}::timestamptz
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS r(external_id text, school_id uuid, ouo_id uuid, region_id uuid)
      WHERE m.platform_id = ${platformId}::uuid AND m.external_id = r.external_id`.execute(trx);
  }
}
