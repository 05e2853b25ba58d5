import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { ImportTx, PupilImportRowTable, PupilImportTable } from '../../db/schema-imports';
import type { PersonRow } from '../pupils/repository';

export type ImportRow = Selectable<PupilImportTable> & { school_name: string; school_edrpou: string | null };

export type RowFilter = 'all' | 'errors' | 'warnings' | 'valid';

export interface StoredRow {
  row_no: number;
  status: string;
  duplicate: boolean;
  grade: number | null;
  class_letter: string | null;
  issues: unknown[];
  payload: Buffer;
}

/** Keys of the rows of a file for duplicate detection: blind indexes, and name key with birth date. */
export interface DuplicateKeys {
  bidxRows: number[];
  bidx: Buffer[];
  nameRows: number[];
  birthDates: string[];
  nameKeys: string[];
}

export interface RowMatch {
  row_no: number;
  person_id: string;
  school_id: string | null;
  school_name: string | null;
  school_edrpou: string | null;
  match: 'identifier' | 'name_birth';
}

export interface RowNearMatch {
  row_no: number;
  person_id: string;
  school_id: string | null;
  school_name: string | null;
  school_edrpou: string | null;
  similarity: number;
}

export interface ExportRow extends PersonRow {
  grade: number;
  class_letter: string;
  school_year: number;
  entry_date: string;
  entry_order: string | null;
  idp_certificate: string | null;
  contact_note: string | null;
}

/**
 * Imports, their sealed rows and the lookups they need. Every method takes the transaction it runs in: a scoped one
 * (row-level security applies) on request paths and in jobs, the bulk transaction at commit.
 */
export class ImportRepository {
  schoolById(trx: ImportTx, id: string) {
    return trx
      .selectFrom('organisation')
      .select(['id', 'name', 'edrpou', 'region_id', 'ouo_id'])
      .where('id', '=', id)
      .where('kind', '=', 'school')
      .executeTakeFirst();
  }

  /** School years that can still take enrolments (an enrolment spell references its year). */
  async openSchoolYears(trx: ImportTx): Promise<number[]> {
    const rows = await trx.selectFrom('school_year').select('id').where('status', '<>', 'closed').execute();
    return rows.map((r) => r.id);
  }

  async insertImport(trx: ImportTx, row: Insertable<PupilImportTable>, file: Buffer): Promise<void> {
    await trx.insertInto('pupil_import').values(row).execute();
    await trx
      .insertInto('pupil_import_file')
      .values({
        import_id: row.id,
        school_id: row.school_id,
        ouo_id: row.ouo_id,
        region_id: row.region_id,
        content: file,
      })
      .execute();
  }

  importById(trx: ImportTx, id: string): Promise<ImportRow | undefined> {
    return trx
      .selectFrom('pupil_import as i')
      .innerJoin('organisation as o', 'o.id', 'i.school_id')
      .selectAll('i')
      .select(['o.name as school_name', 'o.edrpou as school_edrpou'])
      .where('i.id', '=', id)
      .executeTakeFirst();
  }

  /** Locks the import for the rest of the transaction (two commits of one import never run at once). */
  async lockImport(trx: ImportTx, id: string): Promise<{ status: string } | undefined> {
    const r = await sql<{ status: string }>`SELECT status FROM pupil_import WHERE id = ${id} FOR UPDATE`.execute(trx);
    return r.rows[0];
  }

  /**
   * Serialises import commits: each re-checks duplicates against the registry and must see the pupils the one
   * before it wrote.
   */
  async lockCommits(trx: ImportTx): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(4242005)`.execute(trx);
  }

  importsOfSchool(trx: ImportTx, schoolId: string, limit: number): Promise<ImportRow[]> {
    return trx
      .selectFrom('pupil_import as i')
      .innerJoin('organisation as o', 'o.id', 'i.school_id')
      .selectAll('i')
      .select(['o.name as school_name', 'o.edrpou as school_edrpou'])
      .where('i.school_id', '=', schoolId)
      .orderBy('i.created_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(limit)
      .execute();
  }

  /** Updates an import, optionally only from the given statuses; true when it was updated. */
  async updateImport(
    trx: ImportTx,
    id: string,
    changes: Updateable<PupilImportTable>,
    fromStatuses?: readonly string[],
  ): Promise<boolean> {
    let q = trx.updateTable('pupil_import').set(changes).where('id', '=', id);
    if (fromStatuses) q = q.where('status', 'in', [...fromStatuses]);
    const r = await q.returning('id').execute();
    return r.length === 1;
  }

  async fileContent(trx: ImportTx, importId: string): Promise<Buffer | undefined> {
    const r = await trx
      .selectFrom('pupil_import_file')
      .select('content')
      .where('import_id', '=', importId)
      .executeTakeFirst();
    return r?.content;
  }

  async deleteFile(trx: ImportTx, importId: string): Promise<void> {
    await trx.deleteFrom('pupil_import_file').where('import_id', '=', importId).execute();
  }

  async deleteRows(trx: ImportTx, importId: string): Promise<void> {
    await trx.deleteFrom('pupil_import_row').where('import_id', '=', importId).execute();
  }

  async insertRows(trx: ImportTx, rows: ReadonlyArray<Insertable<PupilImportRowTable>>): Promise<void> {
    if (rows.length > 0)
      await trx
        .insertInto('pupil_import_row')
        .values([...rows])
        .execute();
  }

  /** A page of rows after a row number, by filter: errors; warnings (written, to review); valid (written). */
  rowsPage(trx: ImportTx, importId: string, filter: RowFilter, afterRow: number, limit: number): Promise<StoredRow[]> {
    let q = trx
      .selectFrom('pupil_import_row')
      .select(['row_no', 'status', 'duplicate', 'grade', 'class_letter', 'issues', 'payload'])
      .where('import_id', '=', importId)
      .where('row_no', '>', afterRow);
    if (filter === 'errors') q = q.where('status', '=', 'error');
    else if (filter === 'warnings') q = q.where('status', '=', 'warning');
    else if (filter === 'valid') q = q.where('status', 'in', ['valid', 'warning']);
    return q.orderBy('row_no').limit(limit).execute();
  }

  rowsWithStatus(trx: ImportTx, importId: string, statuses: readonly string[]): Promise<StoredRow[]> {
    return trx
      .selectFrom('pupil_import_row')
      .select(['row_no', 'status', 'duplicate', 'grade', 'class_letter', 'issues', 'payload'])
      .where('import_id', '=', importId)
      .where('status', 'in', [...statuses])
      .orderBy('row_no')
      .execute();
  }

  /** For each row number, the person of the registry it duplicates (identifiers first, then name and birth date). */
  async matches(trx: ImportTx, k: DuplicateKeys): Promise<RowMatch[]> {
    if (k.bidxRows.length === 0 && k.nameRows.length === 0) return [];
    const r = await sql<RowMatch>`
      SELECT * FROM aikom_person_matches_many(${k.bidxRows}::integer[], ${k.bidx}::bytea[], ${k.nameRows}::integer[],
        ${k.birthDates}::date[], ${k.nameKeys}::text[])`.execute(trx);
    return r.rows;
  }

  async nearMatches(
    trx: ImportTx,
    rows: readonly number[],
    birthDates: readonly string[],
    phoneticKeys: readonly string[],
  ): Promise<RowNearMatch[]> {
    if (rows.length === 0) return [];
    const r = await sql<RowNearMatch>`
      SELECT * FROM aikom_person_near_matches_many(${rows}::integer[], ${birthDates}::date[], ${phoneticKeys}::text[])`.execute(
      trx,
    );
    return r.rows;
  }

  territoryIds(trx: ImportTx, codes: readonly string[]): Promise<Array<{ id: number; code: string }>> {
    if (codes.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('territory')
      .select(['id', 'code'])
      .where('code', 'in', [...codes])
      .execute();
  }

  /** Links committed rows to the pupils made from them (one statement for the whole file). */
  async setPersons(
    trx: ImportTx,
    importId: string,
    rowNos: readonly number[],
    personIds: readonly string[],
  ): Promise<void> {
    if (rowNos.length === 0) return;
    await sql`
      UPDATE pupil_import_row r SET person_id = u.person_id
      FROM unnest(${rowNos}::integer[], ${personIds}::uuid[]) AS u(row_no, person_id)
      WHERE r.import_id = ${importId} AND r.row_no = u.row_no`.execute(trx);
  }

  /** Marks rows that turned out to be duplicates at commit as rejected, with the issue that says why. */
  async rejectRows(
    trx: ImportTx,
    importId: string,
    rowNos: readonly number[],
    issues: readonly unknown[][],
  ): Promise<void> {
    if (rowNos.length === 0) return;
    await sql`
      UPDATE pupil_import_row r SET status = 'error', duplicate = true, issues = u.issues
      FROM unnest(${rowNos}::integer[], ${issues.map((i) => JSON.stringify(i))}::jsonb[]) AS u(row_no, issues)
      WHERE r.import_id = ${importId} AND r.row_no = u.row_no`.execute(trx);
  }

  jobById(trx: ImportTx, id: string) {
    return trx.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The pupils enrolled in a school now, with what their exchange records need, in class order. */
  async exportRows(trx: ImportTx, schoolId: string): Promise<ExportRow[]> {
    const r = await sql<ExportRow>`
      -- Every person column (whatever the identifiers are sealed as), the codes of its territories, the spell.
      SELECT p.*, rt.code AS residence_territory_code, ot.code AS displacement_origin_code,
        e.grade, e.class_letter, e.school_year, e.entry_date, e.entry_order,
        (SELECT d.idp_certificate FROM displacement_record d WHERE d.person_id = p.id
          ORDER BY d.recorded_at DESC, d.id DESC LIMIT 1) AS idp_certificate,
        (SELECT c.note FROM contact_record c WHERE c.person_id = p.id
          ORDER BY c.recorded_at DESC, c.id DESC LIMIT 1) AS contact_note
      FROM enrolment e
      JOIN person p ON p.id = e.person_id
      LEFT JOIN territory rt ON rt.id = p.residence_territory_id
      LEFT JOIN territory ot ON ot.id = p.displacement_origin_id
      WHERE e.school_id = ${schoolId} AND e.exit_date IS NULL
      ORDER BY e.grade, e.class_letter, p.name_key, p.id`.execute(trx);
    return r.rows;
  }
}
