import { sql, type Insertable } from 'kysely';
import type { PersonTable } from '../../../db/schema';
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

const list = (cols: readonly string[]) => sql.raw(cols.join(', '));
const rList = (cols: readonly string[]) => sql.raw(cols.map((c) => `r.${c}`).join(', '));

/**
 * All SQL of the platform pupil API. Every method runs in the caller's scoped transaction (row-level security);
 * batch writes are one statement per table over a JSON array of rows.
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

  async mappings(trx: ExchangeTx, externalIds: readonly string[]): Promise<MappingRow[]> {
    if (externalIds.length === 0) return [];
    const r = await sql<MappingRow>`SELECT * FROM aikom_exchange_mappings(${[...externalIds]}::text[])`.execute(trx);
    return r.rows;
  }

  /** This platform's external ids of persons (a person has at most one per platform). */
  async externalIdsOf(trx: ExchangeTx, platformId: string, personIds: readonly string[]) {
    if (personIds.length === 0) return [];
    return trx
      .selectFrom('platform_pupil')
      .select(['person_id', 'external_id', 'school_id'])
      .where('platform_id', '=', platformId)
      .where('person_id', 'in', [...personIds])
      .execute();
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
    const r = await sql<CurrentRow>`
      SELECT p.id, p.last_name, p.first_name, p.middle_name, p.sex, p.birth_date, p.citizenship,
        rt.code AS residence_territory_code, p.residence_address, p.education_form, p.special_needs,
        p.instruction_language, p.birth_cert_kind, p.birth_cert_country, p.identifiers_enc, p.displacement_status,
        p.displacement_since, ot.code AS displacement_origin_code, p.displacement_country, p.contact_status,
        p.contact_lost_since, p.school_id, p.ouo_id, p.region_id, p.quality_errors, p.quality_warnings,
        p.quality_codes, p.source, p.version, p.created_at, p.updated_at,
        e.id AS open_id, e.school_id AS open_school_id, e.school_year AS open_school_year, e.grade AS open_grade,
        e.class_letter AS open_class_letter, e.entry_date AS open_entry_date, e.entry_order AS open_entry_order,
        e.entry_basis AS open_entry_basis,
        s.edrpou AS school_edrpou,
        (SELECT d.idp_certificate FROM displacement_record d WHERE d.person_id = p.id
          ORDER BY d.recorded_at DESC, d.id DESC LIMIT 1) AS idp_certificate,
        (SELECT c.note FROM contact_record c WHERE c.person_id = p.id
          ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1) AS contact_note,
        last.exit_reason AS last_exit_reason, last.id AS last_spell_id,
        m.external_id
      FROM person p
        LEFT JOIN territory rt ON rt.id = p.residence_territory_id
        LEFT JOIN territory ot ON ot.id = p.displacement_origin_id
        LEFT JOIN enrolment e ON e.person_id = p.id AND e.exit_date IS NULL
        LEFT JOIN organisation s ON s.id = e.school_id
        LEFT JOIN LATERAL (SELECT l.id, l.exit_reason FROM enrolment l WHERE l.person_id = p.id
          ORDER BY l.entry_date DESC, l.created_at DESC, l.id DESC LIMIT 1) last ON true
        LEFT JOIN platform_pupil m ON m.person_id = p.id AND m.platform_id = ${options.platformId}::uuid
      WHERE p.id = ANY (${[...ids]}::uuid[])
      ${options.lock ? sql`FOR UPDATE OF p` : sql``}`.execute(trx);
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

  async territoryIds(trx: ExchangeTx, codes: readonly string[]): Promise<Array<{ id: number; code: string }>> {
    if (codes.length === 0) return [];
    return trx
      .selectFrom('territory')
      .select(['id', 'code'])
      .where('code', 'in', [...new Set(codes)])
      .execute();
  }

  async insertPersons(trx: ExchangeTx, rows: ReadonlyArray<Insertable<PersonTable>>): Promise<void> {
    if (rows.length === 0) return;
    await sql`INSERT INTO person (${list(PERSON_COLUMNS)})
      SELECT ${rList(PERSON_COLUMNS)} FROM json_populate_recordset(NULL::person, ${jsonRows(rows)}::json) r`.execute(
      trx,
    );
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

  async insertEnrolments(trx: ExchangeTx, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
    if (rows.length === 0) return;
    await sql`INSERT INTO enrolment (${list(ENROLMENT_COLUMNS)})
      SELECT ${rList(ENROLMENT_COLUMNS)} FROM json_populate_recordset(NULL::enrolment, ${jsonRows(rows)}::json) r`.execute(
      trx,
    );
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

  async insertDisplacements(trx: ExchangeTx, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
    if (rows.length === 0) return;
    await sql`INSERT INTO displacement_record (${list(DISPLACEMENT_COLUMNS)})
      SELECT ${rList(DISPLACEMENT_COLUMNS)}
      FROM json_populate_recordset(NULL::displacement_record, ${jsonRows(rows)}::json) r`.execute(trx);
  }

  async insertContacts(trx: ExchangeTx, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
    if (rows.length === 0) return;
    await sql`INSERT INTO contact_record (${list(CONTACT_COLUMNS)})
      SELECT ${rList(CONTACT_COLUMNS)}
      FROM json_populate_recordset(NULL::contact_record, ${jsonRows(rows)}::json) r`.execute(trx);
  }

  async insertEvents(trx: ExchangeTx, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
    if (rows.length === 0) return;
    await sql`INSERT INTO pupil_event (${list(EVENT_COLUMNS)})
      SELECT ${rList(EVENT_COLUMNS)} FROM json_populate_recordset(NULL::pupil_event, ${jsonRows(rows)}::json) r`.execute(
      trx,
    );
  }

  async insertMappings(trx: ExchangeTx, rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
    if (rows.length === 0) return;
    await sql`INSERT INTO platform_pupil (${list(MAPPING_COLUMNS)})
      SELECT ${rList(MAPPING_COLUMNS)}
      FROM json_populate_recordset(NULL::platform_pupil, ${jsonRows(rows)}::json) r`.execute(trx);
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
