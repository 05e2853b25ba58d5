import { sql } from 'kysely';
import type { Tx } from '../../db/database';

export interface OrganisationRow {
  id: string;
  kind: string;
  parent_id: string | null;
  region_id: string | null;
  ouo_id: string | null;
  name: string;
  short_name: string | null;
  name_key: string;
  edrpou: string | null;
  territory_id: number | null;
  territory_code: string | null;
  territory_name: string | null;
  territory_category: string | null;
  school_type: string | null;
  ownership: string | null;
  settlement_type: string | null;
  status: string;
  original_territory_id: number | null;
  original_territory_code: string | null;
  original_territory_name: string | null;
  founder: string | null;
  grade_min: number | null;
  grade_max: number | null;
  address: string | null;
  child_count: number;
  version: number;
  updated_at: Date;
  /** Position in Ukrainian alphabetical order (the keyset cursor). */
  sort_key: string;
}

export interface OrganisationFilter {
  kind?: string | undefined;
  parentId?: string | undefined;
  nameKeyPrefix?: string | undefined;
  edrpou?: string | undefined;
  after?: readonly [string, string] | undefined;
  limit: number;
}

export type OrganisationWrite = {
  kind: string;
  parent_id: string | null;
  region_id: string | null;
  ouo_id: string | null;
  name: string;
  short_name: string | null;
  name_key: string;
  edrpou: string | null;
  territory_id: number | null;
  school_type: string | null;
  ownership: string | null;
  settlement_type: string | null;
  status: string;
  original_territory_id: number | null;
  founder: string | null;
  grade_min: number | null;
  grade_max: number | null;
  address: string | null;
};

/** Organisations of the cascade. Row-level security limits every query to what the actor's scope may see. */
export class OrganisationRepository {
  private select(trx: Tx) {
    return trx
      .selectFrom('organisation as o')
      .leftJoin('territory as t', 't.id', 'o.territory_id')
      .leftJoin('territory as ot', 'ot.id', 'o.original_territory_id')
      .select([
        'o.id',
        'o.kind',
        'o.parent_id',
        'o.region_id',
        'o.ouo_id',
        'o.name',
        'o.short_name',
        'o.name_key',
        'o.edrpou',
        'o.territory_id',
        't.code as territory_code',
        't.name as territory_name',
        't.category as territory_category',
        'o.school_type',
        'o.ownership',
        'o.settlement_type',
        'o.status',
        'o.original_territory_id',
        'ot.code as original_territory_code',
        'ot.name as original_territory_name',
        'o.founder',
        'o.grade_min',
        'o.grade_max',
        'o.address',
        'o.version',
        'o.updated_at',
        sql<string>`aikom_uk_sort(o.name)`.as('sort_key'),
        sql<number>`(SELECT count(*) FROM organisation c WHERE c.parent_id = o.id)::int`.as('child_count'),
      ]);
  }

  list(trx: Tx, f: OrganisationFilter): Promise<OrganisationRow[]> {
    let q = this.select(trx)
      .orderBy(sql`aikom_uk_sort(o.name)`)
      .orderBy('o.id')
      .limit(f.limit + 1);
    if (f.kind) q = q.where('o.kind', '=', f.kind);
    if (f.parentId) q = q.where('o.parent_id', '=', f.parentId);
    if (f.edrpou) q = q.where('o.edrpou', '=', f.edrpou);
    // Anywhere in the name: every regional department's name begins with the same words.
    if (f.nameKeyPrefix) q = q.where('o.name_key', 'like', `%${f.nameKeyPrefix.replace(/[\\%_]/g, '\\$&')}%`);
    if (f.after) {
      const [key, id] = f.after;
      q = q.where(sql<boolean>`(aikom_uk_sort(o.name), o.id) > (${key}, ${id}::uuid)`);
    }
    return q.execute();
  }

  get(trx: Tx, id: string): Promise<OrganisationRow | undefined> {
    return this.select(trx).where('o.id', '=', id).executeTakeFirst();
  }

  byEdrpou(trx: Tx, edrpou: string): Promise<OrganisationRow | undefined> {
    return this.select(trx).where('o.edrpou', '=', edrpou).executeTakeFirst();
  }

  /** Whether a ЄДРПОУ is taken anywhere (uniqueness is national; the answer reveals no record). */
  async edrpouTaken(trx: Tx, edrpou: string, exceptId?: string): Promise<boolean> {
    const r = await sql<{
      taken: boolean;
    }>`SELECT aikom_edrpou_taken(${edrpou}, ${exceptId ?? null}::uuid) AS taken`.execute(trx);
    return r.rows[0]?.taken ?? false;
  }

  territoryByCode(trx: Tx, code: string) {
    return trx
      .selectFrom('territory')
      .select(['id', 'code', 'category', 'level', 'name', 'oblast_id'])
      .where('code', '=', code)
      .executeTakeFirst();
  }

  regionTerritoryCode(trx: Tx, regionId: string) {
    return trx
      .selectFrom('organisation as o')
      .leftJoin('territory as t', 't.id', 'o.territory_id')
      .select(['t.id as territory_id', 't.code'])
      .where('o.id', '=', regionId)
      .executeTakeFirst();
  }

  async insert(trx: Tx, id: string, row: OrganisationWrite, now: Date): Promise<void> {
    await trx
      .insertInto('organisation')
      .values({ id, ...row, created_at: now, updated_at: now, version: 1 })
      .execute();
  }

  /** Optimistic update: applies only when the version is the expected one. */
  async update(
    trx: Tx,
    id: string,
    row: Partial<OrganisationWrite>,
    expectedVersion: number,
    now: Date,
  ): Promise<boolean> {
    const r = await trx
      .updateTable('organisation')
      .set({ ...row, updated_at: now, version: sql`version + 1` })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Keeps every version: history, not overwrite. */
  async recordVersion(trx: Tx, id: string, changedBy: string | null, now: Date): Promise<void> {
    await sql`
      INSERT INTO organisation_version (organisation_id, version, data, changed_by, changed_at)
      SELECT id, version, to_jsonb(o) - 'name_key', ${changedBy}::uuid, ${now}::timestamptz FROM organisation o WHERE id = ${id}`.execute(
      trx,
    );
  }

  history(trx: Tx, id: string) {
    return trx
      .selectFrom('organisation_version as v')
      .leftJoin('app_user as u', 'u.id', 'v.changed_by')
      .select(['v.version', 'v.changed_at', 'u.login as changed_by', 'v.data'])
      .where('v.organisation_id', '=', id)
      .orderBy('v.version', 'desc')
      .execute();
  }

  /** Keeps the denormalised ancestors of descendants right when a school moves to another ОУО. */
  async moveSchool(trx: Tx, id: string, ouoId: string, regionId: string): Promise<void> {
    await trx
      .updateTable('organisation')
      .set({ parent_id: ouoId, ouo_id: ouoId, region_id: regionId })
      .where('id', '=', id)
      .execute();
  }
}
