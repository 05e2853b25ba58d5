import { sql } from 'kysely';
import type { Tx } from '../../db/database';
import type { PersonTable } from '../../db/schema';
import type { Insertable } from 'kysely';

export interface ClassRow {
  grade: number;
  class_letter: string;
  pupils: number;
  with_errors: number;
  with_warnings: number;
  /** Pupils with an error or a warning (or both). */
  flagged: number;
}

export interface PupilListRow {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string;
  birth_date: string | null;
  grade: number;
  class_letter: string;
  enrolment_id: string;
  displacement_status: string;
  contact_status: string;
  quality_errors: number;
  quality_warnings: number;
  quality_codes: string[];
  school_id: string;
  version: number;
}

export interface PersonRow {
  id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string;
  birth_date: string | null;
  citizenship: string | null;
  residence_territory_code: string | null;
  residence_address: string | null;
  education_form: string;
  special_needs: boolean;
  instruction_language: string;
  birth_cert_kind: string | null;
  birth_cert_country: string | null;
  identifiers_enc: Buffer | null;
  displacement_status: string;
  displacement_since: string | null;
  displacement_origin_code: string | null;
  displacement_country: string | null;
  contact_status: string;
  contact_lost_since: string | null;
  school_id: string | null;
  ouo_id: string | null;
  region_id: string | null;
  quality_errors: number;
  quality_warnings: number;
  quality_codes: string[];
  source: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface EnrolmentRow {
  id: string;
  school_id: string;
  school_name: string | null;
  school_edrpou: string | null;
  school_year: number;
  grade: number;
  class_letter: string;
  entry_date: string;
  entry_basis: string;
  entry_order: string | null;
  exit_date: string | null;
  exit_reason: string | null;
  exit_destination_school_id: string | null;
  exit_destination_school_name: string | null;
  exit_destination_country: string | null;
  exit_note: string | null;
  source: string;
  created_at: Date;
}

export interface Match {
  person_id: string;
  school_id: string | null;
  school_name: string | null;
  school_edrpou: string | null;
  match: string;
}

export interface NearMatch {
  person_id: string;
  school_id: string | null;
  school_name: string | null;
  school_edrpou: string | null;
  similarity: number;
}

export interface SearchFilter {
  schoolId?: string | undefined;
  phonetic?: string | undefined;
  nameKeyPrefix?: string | undefined;
  birthDate?: string | undefined;
  bidx?: Buffer | undefined;
  limit: number;
}

/** Pupils, their spells and histories. Every query runs under the actor's scope (row-level security). */
export class PupilRepository {
  classes(trx: Tx, schoolId: string, year: number): Promise<ClassRow[]> {
    return trx
      .selectFrom('enrolment as e')
      .innerJoin('person as p', 'p.id', 'e.person_id')
      .select([
        'e.grade',
        'e.class_letter',
        sql<number>`count(*)::int`.as('pupils'),
        sql<number>`(count(*) FILTER (WHERE p.quality_errors > 0))::int`.as('with_errors'),
        sql<number>`(count(*) FILTER (WHERE p.quality_warnings > 0))::int`.as('with_warnings'),
        sql<number>`(count(*) FILTER (WHERE p.quality_errors > 0 OR p.quality_warnings > 0))::int`.as('flagged'),
      ])
      .where('e.school_id', '=', schoolId)
      .where('e.school_year', '=', year)
      .where('e.exit_date', 'is', null)
      .groupBy(['e.grade', 'e.class_letter'])
      .orderBy('e.grade')
      .orderBy('e.class_letter')
      .execute();
  }

  private listSelect(trx: Tx) {
    return trx
      .selectFrom('enrolment as e')
      .innerJoin('person as p', 'p.id', 'e.person_id')
      .select([
        'p.id',
        'p.last_name',
        'p.first_name',
        'p.middle_name',
        'p.sex',
        'p.birth_date',
        'e.grade',
        'e.class_letter',
        'e.id as enrolment_id',
        'p.displacement_status',
        'p.contact_status',
        'p.quality_errors',
        'p.quality_warnings',
        'p.quality_codes',
        'e.school_id',
        'p.version',
      ])
      .where('e.exit_date', 'is', null);
  }

  classPupils(trx: Tx, schoolId: string, year: number, grade?: number, classLetter?: string): Promise<PupilListRow[]> {
    let q = this.listSelect(trx).where('e.school_id', '=', schoolId).where('e.school_year', '=', year);
    if (grade !== undefined) q = q.where('e.grade', '=', grade);
    if (classLetter !== undefined) q = q.where('e.class_letter', '=', classLetter);
    return q
      .orderBy('e.grade')
      .orderBy('e.class_letter')
      .orderBy(sql`aikom_uk_sort(p.name_key)`)
      .execute();
  }

  /** Pupils of a school failing a rule (the data-quality panel's lists). */
  withCode(trx: Tx, schoolId: string, year: number, code: string): Promise<PupilListRow[]> {
    return this.listSelect(trx)
      .where('e.school_id', '=', schoolId)
      .where('e.school_year', '=', year)
      .where(sql<boolean>`${code} = ANY (p.quality_codes)`)
      .orderBy('e.grade')
      .orderBy('e.class_letter')
      .orderBy(sql`aikom_uk_sort(p.name_key)`)
      .execute();
  }

  /**
   * The data-quality panel in one statement: the school's open spells are read once, then counted by rule, by class
   * (as {@link classes}) and by indicator group (pupils failing any rule of each of the four MON indicators).
   */
  async qualityPanel(
    trx: Tx,
    schoolId: string,
    year: number,
    groups: ReadonlyArray<readonly string[]>,
  ): Promise<{ codes: Array<{ code: string; pupils: number }>; classes: ClassRow[]; indicators: number[] }> {
    const columns = groups.map(
      (codes, i) => sql`(count(*) FILTER (WHERE s.quality_codes && ${codes}::text[]))::int AS ${sql.ref(`g${i}`)}`,
    );
    const r = await sql<{
      codes: Array<{ code: string; pupils: number }> | null;
      classes: ClassRow[] | null;
      indicators: Record<string, number> | null;
    }>`
      WITH s AS MATERIALIZED (
        SELECT e.grade, e.class_letter, p.quality_codes, p.quality_errors, p.quality_warnings
        FROM enrolment e JOIN person p ON p.id = e.person_id
        WHERE e.school_id = ${schoolId} AND e.school_year = ${year} AND e.exit_date IS NULL
      )
      SELECT
        (SELECT json_agg(json_build_object('code', code, 'pupils', pupils) ORDER BY pupils DESC, code)
          FROM (SELECT c.code, count(*)::int AS pupils FROM s, unnest(s.quality_codes) AS c(code) GROUP BY c.code) x) AS codes,
        (SELECT json_agg(json_build_object('grade', grade, 'class_letter', class_letter, 'pupils', pupils,
            'with_errors', with_errors, 'with_warnings', with_warnings, 'flagged', flagged) ORDER BY grade, class_letter)
          FROM (SELECT grade, class_letter, count(*)::int AS pupils,
              (count(*) FILTER (WHERE quality_errors > 0))::int AS with_errors,
              (count(*) FILTER (WHERE quality_warnings > 0))::int AS with_warnings,
              (count(*) FILTER (WHERE quality_errors > 0 OR quality_warnings > 0))::int AS flagged
            FROM s GROUP BY grade, class_letter) y) AS classes,
        ${groups.length > 0 ? sql`(SELECT to_json(z) FROM (SELECT ${sql.join(columns)} FROM s) z)` : sql`NULL::json`} AS indicators`.execute(
      trx,
    );
    const row = r.rows[0];
    return {
      codes: row?.codes ?? [],
      classes: row?.classes ?? [],
      indicators: groups.map((_, i) => row?.indicators?.[`g${i}`] ?? 0),
    };
  }

  async search(trx: Tx, f: SearchFilter): Promise<Array<PupilListRow & { score: number }>> {
    // One typo in a ten-letter surname gives a word similarity of about 0.57 on the phonetic key.
    if (f.phonetic) await sql`SELECT set_config('pg_trgm.word_similarity_threshold', '0.45', true)`.execute(trx);
    // aikom_pupil_search (migration 0018) applies the caller's scope from the transaction's settings — the person
    // policy's own clauses — so that the name conditions can use their indexes, which row-level security would not
    // allow (the trigram match and LIKE are not leakproof).
    const name = f.nameKeyPrefix && f.phonetic;
    const r = await sql<PupilListRow & { score: number }>`
      SELECT * FROM aikom_pupil_search(${f.schoolId ?? null}::uuid, ${f.birthDate ?? null}::date,
        ${f.bidx ?? null}::bytea, ${name ? `${f.nameKeyPrefix!.replace(/[\\%_]/g, '\\$&')}%` : null}::text,
        ${f.phonetic ?? null}::text, ${f.limit}::integer)`.execute(trx);
    return r.rows;
  }

  person(trx: Tx, id: string): Promise<PersonRow | undefined> {
    return trx
      .selectFrom('person as p')
      .leftJoin('territory as rt', 'rt.id', 'p.residence_territory_id')
      .leftJoin('territory as ot', 'ot.id', 'p.displacement_origin_id')
      .select([
        'p.id',
        'p.last_name',
        'p.first_name',
        'p.middle_name',
        'p.sex',
        'p.birth_date',
        'p.citizenship',
        'rt.code as residence_territory_code',
        'p.residence_address',
        'p.education_form',
        'p.special_needs',
        'p.instruction_language',
        'p.birth_cert_kind',
        'p.birth_cert_country',
        'p.identifiers_enc',
        'p.displacement_status',
        'p.displacement_since',
        'ot.code as displacement_origin_code',
        'p.displacement_country',
        'p.contact_status',
        'p.contact_lost_since',
        'p.school_id',
        'p.ouo_id',
        'p.region_id',
        'p.quality_errors',
        'p.quality_warnings',
        'p.quality_codes',
        'p.source',
        'p.version',
        'p.created_at',
        'p.updated_at',
      ])
      .where('p.id', '=', id)
      .executeTakeFirst();
  }

  enrolments(trx: Tx, personId: string): Promise<EnrolmentRow[]> {
    return trx
      .selectFrom('enrolment as e')
      .select([
        'e.id',
        'e.school_id',
        sql<string | null>`(SELECT name FROM aikom_school_public(e.school_id))`.as('school_name'),
        sql<string | null>`(SELECT edrpou FROM aikom_school_public(e.school_id))`.as('school_edrpou'),
        'e.school_year',
        'e.grade',
        'e.class_letter',
        'e.entry_date',
        'e.entry_basis',
        'e.entry_order',
        'e.exit_date',
        'e.exit_reason',
        'e.exit_destination_school_id',
        sql<string | null>`(SELECT name FROM aikom_school_public(e.exit_destination_school_id))`.as(
          'exit_destination_school_name',
        ),
        'e.exit_destination_country',
        'e.exit_note',
        'e.source',
        'e.created_at',
      ])
      .where('e.person_id', '=', personId)
      .orderBy('e.entry_date', 'desc')
      .orderBy('e.created_at', 'desc')
      .execute();
  }

  openEnrolment(trx: Tx, personId: string) {
    return trx
      .selectFrom('enrolment')
      .selectAll()
      .where('person_id', '=', personId)
      .where('exit_date', 'is', null)
      .executeTakeFirst();
  }

  displacementHistory(trx: Tx, personId: string) {
    return trx
      .selectFrom('displacement_record as d')
      .leftJoin('territory as t', 't.id', 'd.origin_territory_id')
      .select([
        'd.id',
        'd.status',
        'd.since',
        't.code as origin_code',
        't.name as origin_name',
        'd.country',
        'd.idp_certificate',
        'd.recorded_at',
        'd.source',
      ])
      .where('d.person_id', '=', personId)
      .orderBy('d.recorded_at', 'desc')
      .orderBy('d.id', 'desc')
      .execute();
  }

  contactHistory(trx: Tx, personId: string) {
    return trx
      .selectFrom('contact_record')
      .select(['id', 'status', 'since', 'note', 'recorded_at', 'source'])
      .where('person_id', '=', personId)
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  events(trx: Tx, personId: string) {
    return trx
      .selectFrom('pupil_event as v')
      .leftJoin('app_user as u', 'u.id', 'v.actor_user_id')
      .select([
        'v.id',
        'v.at',
        'v.kind',
        'v.source',
        'v.changes',
        'u.login as actor_login',
        'u.full_name as actor_name',
      ])
      .where('v.person_id', '=', personId)
      .orderBy('v.id', 'desc')
      .limit(200)
      .execute();
  }

  async matches(
    trx: Tx,
    bidx: readonly Buffer[],
    birthDate: string | null,
    nameKey: string,
    exclude: string | null,
  ): Promise<Match[]> {
    const r =
      await sql<Match>`SELECT * FROM aikom_person_matches(${bidx}::bytea[], ${birthDate}::date, ${nameKey}, ${exclude}::uuid)`.execute(
        trx,
      );
    return r.rows;
  }

  async nearMatches(trx: Tx, birthDate: string, phonetic: string, exclude: string | null): Promise<NearMatch[]> {
    const r =
      await sql<NearMatch>`SELECT * FROM aikom_person_near_matches(${birthDate}::date, ${phonetic}, ${exclude}::uuid)`.execute(
        trx,
      );
    return r.rows;
  }

  async insertPerson(trx: Tx, row: Insertable<PersonTable>): Promise<void> {
    await trx.insertInto('person').values(row).execute();
  }

  async updatePerson(
    trx: Tx,
    id: string,
    row: Partial<Insertable<PersonTable>>,
    expectedVersion: number,
  ): Promise<boolean> {
    const r = await trx
      .updateTable('person')
      .set({ ...row, version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  territoryIds(trx: Tx, codes: readonly string[]): Promise<Array<{ id: number; code: string }>> {
    if (codes.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('territory')
      .select(['id', 'code'])
      .where('code', 'in', [...codes])
      .execute();
  }

  schoolByEdrpou(trx: Tx, edrpou: string) {
    return trx
      .selectFrom('organisation')
      .select(['id', 'kind', 'name', 'edrpou', 'region_id', 'ouo_id', 'status', 'grade_min', 'grade_max'])
      .where('edrpou', '=', edrpou)
      .where('kind', '=', 'school')
      .executeTakeFirst();
  }

  async destinationSchool(trx: Tx, edrpou: string): Promise<{ id: string; name: string; edrpou: string } | undefined> {
    const r = await sql<{
      id: string;
      name: string;
      edrpou: string;
    }>`SELECT * FROM aikom_school_by_edrpou(${edrpou})`.execute(trx);
    return r.rows[0];
  }

  schoolById(trx: Tx, id: string) {
    return trx
      .selectFrom('organisation')
      .select(['id', 'kind', 'name', 'edrpou', 'region_id', 'ouo_id', 'status', 'grade_min', 'grade_max'])
      .where('id', '=', id)
      .where('kind', '=', 'school')
      .executeTakeFirst();
  }
}
