import { sql } from 'kysely';
import type { ExchangeTx } from '../../../db/schema-exchange';

/** What the request role may read of a platform (never the secret hashes). */
export interface PlatformRow {
  id: string;
  name: string;
  operator: string;
  contact: string;
  client_id: string;
  scopes: string[];
  rate_limit_per_minute: number;
  status: string;
  secret_rotated_at: Date | null;
  created_at: Date;
  revoked_at: Date | null;
  version: number;
  schools: number;
}

export interface PlatformInsert {
  id: string;
  name: string;
  operator: string;
  contact: string;
  client_id: string;
  secret_hash: string;
  scopes: string[];
  rate_limit_per_minute: number;
  created_by: string | null;
  created_at: Date;
}

/** The platform register. Reads list public columns only, so they run under the request role as well. */
export class PlatformRepository {
  private select(trx: ExchangeTx) {
    return trx
      .selectFrom('platform as p')
      .select([
        'p.id',
        'p.name',
        'p.operator',
        'p.contact',
        'p.client_id',
        'p.scopes',
        'p.rate_limit_per_minute',
        'p.status',
        'p.secret_rotated_at',
        'p.created_at',
        'p.revoked_at',
        'p.version',
        sql<number>`(SELECT count(*) FROM platform_school s WHERE s.platform_id = p.id AND s.status = 'active')::int`.as(
          'schools',
        ),
      ]);
  }

  list(trx: ExchangeTx, includeRevoked: boolean): Promise<PlatformRow[]> {
    let q = this.select(trx)
      .orderBy(sql`lower(p.name)`)
      .orderBy('p.id');
    if (!includeRevoked) q = q.where('p.status', '=', 'active');
    return q.execute();
  }

  get(trx: ExchangeTx, id: string): Promise<PlatformRow | undefined> {
    return this.select(trx).where('p.id', '=', id).executeTakeFirst();
  }

  byClientId(trx: ExchangeTx, clientId: string): Promise<PlatformRow | undefined> {
    return this.select(trx).where('p.client_id', '=', clientId).executeTakeFirst();
  }

  async nameTaken(trx: ExchangeTx, name: string): Promise<boolean> {
    const r = await trx
      .selectFrom('platform')
      .select('id')
      .where(sql<boolean>`lower(name) = lower(${name})`)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return !!r;
  }

  async insert(trx: ExchangeTx, row: PlatformInsert): Promise<void> {
    await trx
      .insertInto('platform')
      .values({ ...row, status: 'active', version: 1 })
      .execute();
  }

  /** The new secret replaces the current one, which stays valid until `previousValidUntil`. */
  async rotateSecret(trx: ExchangeTx, id: string, hash: string, previousValidUntil: Date, now: Date): Promise<boolean> {
    const r = await trx
      .updateTable('platform')
      .set({
        previous_secret_hash: sql`secret_hash`,
        previous_secret_valid_until: previousValidUntil,
        secret_hash: hash,
        secret_rotated_at: now,
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async revoke(trx: ExchangeTx, id: string, by: string | null, now: Date): Promise<boolean> {
    const r = await trx
      .updateTable('platform')
      .set({
        status: 'revoked',
        revoked_at: now,
        revoked_by: by,
        previous_secret_hash: null,
        previous_secret_valid_until: null,
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** A revoked platform serves no school any more. */
  async endLinksOf(trx: ExchangeTx, id: string, by: string | null, now: Date): Promise<number> {
    const ended = await trx
      .updateTable('platform_school')
      .set({ status: 'ended', ended_at: now, ended_by: by, end_reason: 'platform_revoked', version: sql`version + 1` })
      .where('platform_id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    await trx
      .updateTable('platform_school')
      .set({ status: 'rejected', decided_at: now, decided_by: by, decision_note: 'платформу відкликано' })
      .where('platform_id', '=', id)
      .where('status', '=', 'requested')
      .execute();
    return Number(ended.numUpdatedRows);
  }
}
