import { sql } from 'kysely';
import type { Tx } from '../../db/database';

export interface TerritoryRow {
  id: number;
  code: string;
  name: string;
  category: string;
  level: number;
  parent_id: number | null;
  child_count: number;
  listed_now: boolean;
}

export interface SearchRow extends TerritoryRow {
  /** Category letter followed by the name. */
  oblast: string | null;
  raion: string | null;
  hromada: string | null;
}

export interface HostilityRow {
  territory_id: number;
  code: string;
  kind: string;
  listed_name: string;
  date_start: string | null;
  date_end: string | null;
}

/** Reference territories (public data: no actor scope applies). */
export class TerritoryRepository {
  private base(trx: Tx, today: string) {
    return trx.selectFrom('territory as t').select([
      't.id',
      't.code',
      't.name',
      't.category',
      't.level',
      't.parent_id',
      sql<number>`(SELECT count(*) FROM territory c WHERE c.parent_id = t.id)::int`.as('child_count'),
      // Listed now: the territory itself or a unit containing it has a period covering today.
      sql<boolean>`EXISTS (
          SELECT 1 FROM territory_hostility h
          WHERE h.territory_id IN (t.id, t.parent_id, t.oblast_id, t.raion_id, t.hromada_id)
            AND (h.date_start IS NULL OR h.date_start <= ${today}::date)
            AND (h.date_end IS NULL OR h.date_end >= ${today}::date))`.as('listed_now'),
    ]);
  }

  children(trx: Tx, parentId: number | null, today: string): Promise<TerritoryRow[]> {
    const q = this.base(trx, today);
    return (parentId === null ? q.where('t.parent_id', 'is', null) : q.where('t.parent_id', '=', parentId))
      .orderBy(sql`aikom_uk_sort(t.name)`)
      .execute();
  }

  byCode(trx: Tx, code: string, today: string): Promise<TerritoryRow | undefined> {
    return this.base(trx, today).where('t.code', '=', code).executeTakeFirst();
  }

  /** Prefix search on the collation-independent name key, most important units first. */
  search(trx: Tx, keyPrefix: string, limit: number, level: number | undefined, today: string): Promise<SearchRow[]> {
    let q = this.base(trx, today)
      .select([
        sql<string | null>`(SELECT o.category || o.name FROM territory o WHERE o.id = t.oblast_id AND o.id <> t.id)`.as(
          'oblast',
        ),
        sql<string | null>`(SELECT r.name FROM territory r WHERE r.id = t.raion_id AND r.id <> t.id)`.as('raion'),
        sql<
          string | null
        >`(SELECT h.name FROM territory h WHERE h.id = t.hromada_id AND h.id <> t.id AND h.category = 'H')`.as(
          'hromada',
        ),
      ])
      .where('t.name_key', 'like', `${keyPrefix.replace(/[\\%_]/g, '\\$&')}%`);
    if (level !== undefined) q = q.where('t.level', '=', level);
    return q
      .orderBy('t.level')
      .orderBy(sql`aikom_uk_sort(t.name)`)
      .limit(limit)
      .execute();
  }

  ancestors(
    trx: Tx,
    id: number,
  ): Promise<Array<{ id: number; code: string; name: string; category: string; level: number }>> {
    return sql<{ id: number; code: string; name: string; category: string; level: number }>`
      WITH RECURSIVE up AS (
        SELECT id, code, name, category, level, parent_id, 0 AS depth FROM territory WHERE id = ${id}
        UNION ALL
        SELECT t.id, t.code, t.name, t.category, t.level, t.parent_id, up.depth + 1
        FROM territory t JOIN up ON t.id = up.parent_id
      )
      SELECT id, code, name, category, level FROM up WHERE depth > 0 ORDER BY depth DESC`
      .execute(trx)
      .then((r) => r.rows);
  }

  /** Periods listed for the territory, for units containing it, and for settlements inside it. */
  hostilities(trx: Tx, id: number): Promise<HostilityRow[]> {
    return sql<HostilityRow>`
      SELECT h.territory_id, t.code, h.kind, h.listed_name, h.date_start::text AS date_start, h.date_end::text AS date_end
      FROM territory_hostility h JOIN territory t ON t.id = h.territory_id
      WHERE h.territory_id IN (
        SELECT unnest(ARRAY[x.id, x.oblast_id, x.raion_id, x.hromada_id, x.parent_id]) FROM territory x WHERE x.id = ${id}
        UNION SELECT s.id FROM territory s WHERE s.parent_id = ${id} OR s.hromada_id = ${id}
      )
      ORDER BY h.date_start NULLS FIRST, t.code`
      .execute(trx)
      .then((r) => r.rows);
  }
}
