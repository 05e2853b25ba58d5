import { sql } from 'kysely';
import type { ExchangeTx } from '../../../db/schema-exchange';

export interface LinkRow {
  id: string;
  platform_id: string;
  platform_name: string;
  platform_operator: string;
  platform_contact: string;
  school_id: string;
  school_name: string;
  school_edrpou: string | null;
  ouo_id: string;
  region_id: string;
  status: string;
  requested_at: Date;
  request_note: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  ended_at: Date | null;
  end_reason: string | null;
  version: number;
}

export interface LinkFilter {
  status?: string | undefined;
  schoolId?: string | undefined;
  platformId?: string | undefined;
  /** Keyset: links requested before this (requested_at, id). */
  before?: readonly [string, string] | undefined;
  limit: number;
}

/** Schools' choices of platform. Every query runs under the caller's scope (row-level security). */
export class LinkRepository {
  private select(trx: ExchangeTx) {
    return trx
      .selectFrom('platform_school as s')
      .innerJoin('platform as p', 'p.id', 's.platform_id')
      .innerJoin('organisation as o', 'o.id', 's.school_id')
      .select([
        's.id',
        's.platform_id',
        'p.name as platform_name',
        'p.operator as platform_operator',
        'p.contact as platform_contact',
        's.school_id',
        'o.name as school_name',
        'o.edrpou as school_edrpou',
        's.ouo_id',
        's.region_id',
        's.status',
        's.requested_at',
        's.request_note',
        's.decided_at',
        's.decision_note',
        's.ended_at',
        's.end_reason',
        's.version',
      ]);
  }

  get(trx: ExchangeTx, id: string): Promise<LinkRow | undefined> {
    return this.select(trx).where('s.id', '=', id).executeTakeFirst();
  }

  list(trx: ExchangeTx, f: LinkFilter): Promise<LinkRow[]> {
    let q = this.select(trx)
      .orderBy('s.requested_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(f.limit + 1);
    if (f.status) q = q.where('s.status', '=', f.status);
    if (f.schoolId) q = q.where('s.school_id', '=', f.schoolId);
    if (f.platformId) q = q.where('s.platform_id', '=', f.platformId);
    if (f.before)
      q = q.where(sql<boolean>`(s.requested_at, s.id) < (${f.before[0]}::timestamptz, ${f.before[1]}::uuid)`);
    return q.execute();
  }

  ofSchool(trx: ExchangeTx, schoolId: string): Promise<LinkRow[]> {
    return this.select(trx)
      .where('s.school_id', '=', schoolId)
      .orderBy('s.requested_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(50)
      .execute();
  }

  async insertRequest(
    trx: ExchangeTx,
    row: {
      id: string;
      platform_id: string;
      school_id: string;
      ouo_id: string;
      region_id: string;
      requested_by: string;
      requested_at: Date;
      request_note: string | null;
    },
  ): Promise<void> {
    await trx
      .insertInto('platform_school')
      .values({ ...row, status: 'requested' })
      .execute();
  }

  /** Moves a link from one state to the next; false when it is no longer in `from` (someone acted first). */
  async transition(
    trx: ExchangeTx,
    id: string,
    from: string,
    set: {
      status: string;
      decided_by?: string;
      decided_at?: Date;
      decision_note?: string | null;
      ended_by?: string;
      ended_at?: Date;
      end_reason?: string;
    },
  ): Promise<boolean> {
    const r = await trx
      .updateTable('platform_school')
      .set({ ...set, version: sql`version + 1` })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Ends the school's current link (another platform is taking over). */
  async endActive(trx: ExchangeTx, schoolId: string, by: string, now: Date): Promise<void> {
    await trx
      .updateTable('platform_school')
      .set({ status: 'ended', ended_at: now, ended_by: by, end_reason: 'replaced', version: sql`version + 1` })
      .where('school_id', '=', schoolId)
      .where('status', '=', 'active')
      .execute();
  }

  platformStatus(trx: ExchangeTx, id: string) {
    return trx.selectFrom('platform').select(['id', 'name', 'status']).where('id', '=', id).executeTakeFirst();
  }

  school(trx: ExchangeTx, id: string) {
    return trx
      .selectFrom('organisation')
      .select(['id', 'kind', 'name', 'edrpou', 'region_id', 'ouo_id'])
      .where('id', '=', id)
      .where('kind', '=', 'school')
      .executeTakeFirst();
  }
}
