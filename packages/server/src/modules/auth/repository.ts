import { sql } from 'kysely';
import type { Tx } from '../../db/database';

export interface AuthUserRow {
  id: string;
  login: string;
  full_name: string;
  role: string;
  organisation_id: string;
  region_id: string | null;
  ouo_id: string | null;
  org_kind: string;
  status: string;
  password_hash: string | null;
  totp_secret_enc: Buffer | null;
  totp_enrolled_at: Date | null;
  totp_last_step: number | null;
  activation_code_hash: string | null;
  activation_expires_at: Date | null;
  valid_until: Date | null;
  failed_logins: number;
  locked_until: Date | null;
}

export interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  mfa_passed: boolean;
  ip: string | null;
  user_agent: string | null;
}

/**
 * Sign-in data. These run on the owner connection before there is an actor (a session cannot be looked up under
 * the scope of the user it identifies); everything after sign-in runs scoped.
 */
export class AuthRepository {
  private userQuery(trx: Tx) {
    return trx
      .selectFrom('app_user as u')
      .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
      .select([
        'u.id',
        'u.login',
        'u.full_name',
        'u.role',
        'u.organisation_id',
        'u.region_id',
        'u.ouo_id',
        'o.kind as org_kind',
        'u.status',
        'u.password_hash',
        'u.totp_secret_enc',
        'u.totp_enrolled_at',
        'u.totp_last_step',
        'u.activation_code_hash',
        'u.activation_expires_at',
        'u.valid_until',
        'u.failed_logins',
        'u.locked_until',
      ]);
  }

  userByLogin(trx: Tx, login: string): Promise<AuthUserRow | undefined> {
    return this.userQuery(trx).where('u.login', '=', login.toLowerCase()).executeTakeFirst();
  }

  userById(trx: Tx, id: string): Promise<AuthUserRow | undefined> {
    return this.userQuery(trx).where('u.id', '=', id).executeTakeFirst();
  }

  async recordFailure(trx: Tx, userId: string, lockedUntil: Date | null): Promise<void> {
    await trx
      .updateTable('app_user')
      .set({ failed_logins: sql`failed_logins + 1`, locked_until: lockedUntil })
      .where('id', '=', userId)
      .execute();
  }

  async recordSuccess(trx: Tx, userId: string, now: Date): Promise<void> {
    await trx
      .updateTable('app_user')
      .set({ failed_logins: 0, locked_until: null, last_login_at: now })
      .where('id', '=', userId)
      .execute();
  }

  async logAttempt(trx: Tx, login: string, ip: string | null, success: boolean, now: Date): Promise<void> {
    await trx
      .insertInto('login_attempt')
      .values({ login: login.toLowerCase().slice(0, 200), ip, success, at: now })
      .execute();
  }

  /** Failed attempts from an address in a window (throttling of password spraying across logins). */
  async recentFailuresFromIp(trx: Tx, ip: string, since: Date): Promise<number> {
    const r = await trx
      .selectFrom('login_attempt')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('ip', '=', ip)
      .where('success', '=', false)
      .where('at', '>=', since)
      .executeTakeFirst();
    return r?.n ?? 0;
  }

  async createSession(
    trx: Tx,
    s: Omit<SessionRow, 'revoked_at' | 'last_seen_at' | 'created_at'> & { now: Date },
  ): Promise<void> {
    await trx
      .insertInto('user_session')
      .values({
        id: s.id,
        user_id: s.user_id,
        csrf_token: s.csrf_token,
        created_at: s.now,
        last_seen_at: s.now,
        expires_at: s.expires_at,
        mfa_passed: s.mfa_passed,
        ip: s.ip,
        user_agent: s.user_agent,
      })
      .execute();
  }

  session(trx: Tx, id: string): Promise<SessionRow | undefined> {
    return trx.selectFrom('user_session').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async touchSession(trx: Tx, id: string, now: Date): Promise<void> {
    await trx.updateTable('user_session').set({ last_seen_at: now }).where('id', '=', id).execute();
  }

  async revokeSession(trx: Tx, id: string, now: Date): Promise<void> {
    await trx
      .updateTable('user_session')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeUserSessions(trx: Tx, userId: string, now: Date, except?: string): Promise<number> {
    let q = trx
      .updateTable('user_session')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    if (except) q = q.where('id', '<>', except);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  activeSessions(trx: Tx, userId: string, now: Date): Promise<SessionRow[]> {
    return trx
      .selectFrom('user_session')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('last_seen_at', 'desc')
      .execute();
  }

  async setPassword(trx: Tx, userId: string, hash: string, now: Date): Promise<void> {
    await trx
      .updateTable('app_user')
      .set({
        password_hash: hash,
        password_changed_at: now,
        status: 'active',
        activation_code_hash: null,
        activation_expires_at: null,
        updated_at: now,
        version: sql`version + 1`,
      })
      .where('id', '=', userId)
      .execute();
  }

  async setTotp(
    trx: Tx,
    userId: string,
    secretEnc: Buffer | null,
    enrolledAt: Date | null,
    step: number | null,
  ): Promise<void> {
    await trx
      .updateTable('app_user')
      .set({ totp_secret_enc: secretEnc, totp_enrolled_at: enrolledAt, totp_last_step: step })
      .where('id', '=', userId)
      .execute();
  }

  async setTotpStep(trx: Tx, userId: string, step: number): Promise<void> {
    await trx.updateTable('app_user').set({ totp_last_step: step }).where('id', '=', userId).execute();
  }
}
