import { sql } from 'kysely';
import type { Tx } from '../../db/database';

export interface UserRow {
  id: string;
  login: string;
  full_name: string;
  email: string | null;
  role: string;
  organisation_id: string;
  organisation_name: string;
  organisation_kind: string;
  org_region_id: string | null;
  org_ouo_id: string | null;
  status: string;
  totp_enrolled_at: Date | null;
  valid_until: Date | null;
  last_login_at: Date | null;
  locked_until: Date | null;
  created_at: Date;
  created_by_login: string | null;
  version: number;
}

export interface UserFilter {
  roles: readonly string[];
  organisationId?: string | undefined;
  role?: string | undefined;
  status?: string | undefined;
  loginPrefix?: string | undefined;
  after?: readonly [string] | undefined;
  limit: number;
}

/** Staff accounts; row-level security keeps each admin to the users of their scope. */
export class UserRepository {
  private select(trx: Tx) {
    return trx
      .selectFrom('app_user as u')
      .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
      .leftJoin('app_user as c', 'c.id', 'u.created_by')
      .select([
        'u.id',
        'u.login',
        'u.full_name',
        'u.email',
        'u.role',
        'u.organisation_id',
        'o.name as organisation_name',
        'o.kind as organisation_kind',
        'o.region_id as org_region_id',
        'o.ouo_id as org_ouo_id',
        'u.status',
        'u.totp_enrolled_at',
        'u.valid_until',
        'u.last_login_at',
        'u.locked_until',
        'u.created_at',
        'c.login as created_by_login',
        'u.version',
      ]);
  }

  list(trx: Tx, f: UserFilter): Promise<UserRow[]> {
    if (f.roles.length === 0) return Promise.resolve([]);
    let q = this.select(trx)
      .where('u.role', 'in', [...f.roles])
      .orderBy('u.login')
      .limit(f.limit + 1);
    if (f.organisationId) q = q.where('u.organisation_id', '=', f.organisationId);
    if (f.role) q = q.where('u.role', '=', f.role);
    if (f.status) q = q.where('u.status', '=', f.status);
    if (f.loginPrefix) q = q.where('u.login', 'like', `${f.loginPrefix.replace(/[\\%_]/g, '\\$&')}%`);
    if (f.after) q = q.where('u.login', '>', f.after[0]);
    return q.execute();
  }

  get(trx: Tx, id: string): Promise<UserRow | undefined> {
    return this.select(trx).where('u.id', '=', id).executeTakeFirst();
  }

  /** Logins are unique nationally; this answers only whether one is taken. */
  async loginTaken(trx: Tx, login: string): Promise<boolean> {
    const r = await sql<{ taken: boolean }>`SELECT aikom_login_taken(${login}) AS taken`.execute(trx);
    return r.rows[0]?.taken ?? false;
  }

  async insert(
    trx: Tx,
    u: {
      id: string;
      login: string;
      full_name: string;
      email: string | null;
      role: string;
      organisation_id: string;
      region_id: string | null;
      ouo_id: string | null;
      activation_code_hash: string;
      activation_expires_at: Date;
      valid_until: Date | null;
      created_by: string | null;
      now: Date;
    },
  ): Promise<void> {
    const { now, ...values } = u;
    await trx
      .insertInto('app_user')
      .values({ ...values, status: 'pending', created_at: now, updated_at: now })
      .execute();
  }

  async setStatus(trx: Tx, id: string, status: 'active' | 'disabled', now: Date): Promise<void> {
    await trx
      .updateTable('app_user')
      .set({ status, updated_at: now, version: sql`version + 1` })
      .where('id', '=', id)
      .execute();
  }

  /** Back to first sign-in: a new activation code, no password, no second factor. */
  async reset(trx: Tx, id: string, codeHash: string, expiresAt: Date, now: Date): Promise<void> {
    await trx
      .updateTable('app_user')
      .set({
        status: 'pending',
        password_hash: null,
        totp_secret_enc: null,
        totp_enrolled_at: null,
        totp_last_step: null,
        activation_code_hash: codeHash,
        activation_expires_at: expiresAt,
        failed_logins: 0,
        locked_until: null,
        updated_at: now,
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .execute();
  }

  async setValidUntil(trx: Tx, id: string, validUntil: Date | null, now: Date): Promise<void> {
    await trx
      .updateTable('app_user')
      .set({ valid_until: validUntil, updated_at: now, version: sql`version + 1` })
      .where('id', '=', id)
      .execute();
  }

  /** Sessions of a user end when the account is disabled or reset. */
  async revokeSessions(trx: Tx, userId: string, now: Date): Promise<void> {
    await trx
      .updateTable('user_session')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }
}
