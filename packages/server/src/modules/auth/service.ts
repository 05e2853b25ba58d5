import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isRole, requiresMfa, ROLE_INFO, type Role } from '@aikom/domain/access/roles';
import type { AppContext } from '../../context';
import type { Tx } from '../../db/database';
import { AppError } from '../../errors';
import { AuditService } from '../audit/service';
import type { UserActor } from './caller';
import { checkPassword, dummyPasswordHash, hashPassword, PASSWORD_MESSAGES, verifyPassword } from './passwords';
import { AuthRepository, type AuthUserRow, type SessionRow } from './repository';
import { newTotpSecret, totpEnrolment, verifyTotp, type TotpEnrolment } from './totp';

export const SESSION_COOKIE = 'aikom_session';

/** Lockout with back-off: from the 5th consecutive failure, 1, 2, 4 … minutes, at most an hour. */
export const LOCKOUT_THRESHOLD = 5;
const LOCKOUT_MAX_MS = 60 * 60_000;
/** Password spraying from one address across logins. */
const IP_WINDOW_MS = 15 * 60_000;
const IP_MAX_FAILURES = 50;
const TOUCH_EVERY_MS = 60_000;

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export interface SignedIn {
  token: string;
  csrfToken: string;
  mfaEnrolmentRequired: boolean;
  user: { id: string; login: string; fullName: string; role: Role };
}

/** Activation codes are shown grouped (`K7Q2-9XMA-…`); typing them in any case or grouping is fine. */
export const normaliseActivationCode = (code: string) => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const totpAad = (userId: string) => `app_user.totp_secret_enc:${userId}`;

export function lockoutUntil(failures: number, now: Date): Date | null {
  if (failures < LOCKOUT_THRESHOLD) return null;
  return new Date(now.getTime() + Math.min(60_000 * 2 ** (failures - LOCKOUT_THRESHOLD), LOCKOUT_MAX_MS));
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Sign-in, activation, the second factor and sessions. */
export class AuthService {
  private readonly repo = new AuthRepository();
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {}

  private mfaNeeded(user: AuthUserRow): boolean {
    return isRole(user.role) && requiresMfa(user.role, this.ctx.config.mfa);
  }

  /**
   * Password (+ TOTP) sign-in. The same answer for an unknown login and a wrong password; failures are recorded
   * (and committed) before the refusal is returned.
   */
  async login(
    input: { login: string; password: string; totp?: string | undefined },
    meta: RequestMeta,
  ): Promise<SignedIn> {
    const now = this.ctx.now();
    const login = input.login.trim().toLowerCase();
    const outcome = await this.ctx.db.system(async (trx): Promise<Outcome<SignedIn>> => {
      const fail = async (
        code: 'LOGIN_FAILED' | 'LOGIN_LOCKED' | 'TOTP_INVALID' | 'ACCOUNT_DISABLED',
        user: AuthUserRow | undefined,
        extra: Record<string, unknown> = {},
      ) => {
        await this.repo.logAttempt(trx, login, meta.ip, false, now);
        await this.audit.record(
          trx,
          null,
          {
            action: 'auth.login',
            objectType: 'user',
            objectId: user?.id ?? null,
            outcome: 'failed',
            details: { reason: code, ...extra },
          },
          { login, ip: meta.ip, requestId: meta.requestId },
        );
        return { ok: false as const, error: new AppError(code, code === 'LOGIN_LOCKED' ? { extra } : {}) };
      };
      if (
        meta.ip &&
        (await this.repo.recentFailuresFromIp(trx, meta.ip, new Date(now.getTime() - IP_WINDOW_MS))) >= IP_MAX_FAILURES
      ) {
        return {
          ok: false,
          error: new AppError('RATE_LIMITED', {
            detail: 'Забагато невдалих спроб входу з цієї адреси. Спробуйте пізніше.',
          }),
        };
      }
      const user = await this.repo.userByLogin(trx, login);
      if (!user || user.status !== 'active' || !user.password_hash) {
        await verifyPassword(await dummyPasswordHash(), input.password);
        return fail('LOGIN_FAILED', user);
      }
      if (user.locked_until && user.locked_until > now) {
        return fail('LOGIN_LOCKED', user, {
          retryAfterSeconds: Math.ceil((user.locked_until.getTime() - now.getTime()) / 1000),
        });
      }
      if (!(await verifyPassword(user.password_hash, input.password))) {
        await this.repo.recordFailure(trx, user.id, lockoutUntil(user.failed_logins + 1, now));
        return fail('LOGIN_FAILED', user);
      }
      if (user.valid_until && user.valid_until <= now) return fail('ACCOUNT_DISABLED', user, { expired: true });
      const mfa = this.mfaNeeded(user);
      let mfaPassed = !mfa;
      if (mfa && user.totp_enrolled_at && user.totp_secret_enc) {
        if (!input.totp) return { ok: false, error: new AppError('TOTP_REQUIRED', { extra: { mfa: true } }) };
        const secret = this.ctx.keys.decrypt(user.totp_secret_enc, totpAad(user.id));
        const step = await verifyTotp(secret, input.totp, now, user.totp_last_step);
        if (step === null) {
          await this.repo.recordFailure(trx, user.id, lockoutUntil(user.failed_logins + 1, now));
          return fail('TOTP_INVALID', user);
        }
        await this.repo.setTotpStep(trx, user.id, step);
        mfaPassed = true;
      }
      const signedIn = await this.openSession(trx, user, mfaPassed, meta, now);
      await this.repo.recordSuccess(trx, user.id, now);
      await this.repo.logAttempt(trx, login, meta.ip, true, now);
      await this.audit.record(
        trx,
        null,
        { action: 'auth.login', objectType: 'user', objectId: user.id, details: { mfa: mfaPassed } },
        {
          login,
          ip: meta.ip,
          requestId: meta.requestId,
        },
      );
      return { ok: true, value: signedIn };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  private async openSession(
    trx: Tx,
    user: AuthUserRow,
    mfaPassed: boolean,
    meta: RequestMeta,
    now: Date,
    csrfToken = randomBytes(24).toString('base64url'),
  ): Promise<SignedIn> {
    const token = randomBytes(32).toString('base64url');
    await this.repo.createSession(trx, {
      id: sha256(token),
      user_id: user.id,
      csrf_token: csrfToken,
      expires_at: new Date(now.getTime() + this.ctx.config.sessionAbsoluteMs),
      mfa_passed: mfaPassed,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      now,
    });
    return {
      token,
      csrfToken,
      mfaEnrolmentRequired: !mfaPassed && this.mfaNeeded(user) && !user.totp_enrolled_at,
      user: { id: user.id, login: user.login, fullName: user.full_name, role: user.role as Role },
    };
  }

  /** First sign-in with the one-time activation code: sets the password and opens a session. */
  async activate(input: { login: string; code: string; password: string }, meta: RequestMeta): Promise<SignedIn> {
    const now = this.ctx.now();
    const login = input.login.trim().toLowerCase();
    const outcome = await this.ctx.db.system(async (trx): Promise<Outcome<SignedIn>> => {
      const user = await this.repo.userByLogin(trx, login);
      const valid =
        user?.status === 'pending' &&
        user.activation_code_hash !== null &&
        user.activation_expires_at !== null &&
        user.activation_expires_at > now &&
        !(user.locked_until && user.locked_until > now) &&
        (await verifyPassword(user.activation_code_hash, normaliseActivationCode(input.code)));
      if (!user || !valid) {
        if (!user) await verifyPassword(await dummyPasswordHash(), input.code);
        if (user) await this.repo.recordFailure(trx, user.id, lockoutUntil(user.failed_logins + 1, now));
        await this.repo.logAttempt(trx, login, meta.ip, false, now);
        await this.audit.record(
          trx,
          null,
          { action: 'auth.activate', objectType: 'user', objectId: user?.id ?? null, outcome: 'failed' },
          {
            login,
            ip: meta.ip,
            requestId: meta.requestId,
          },
        );
        return { ok: false, error: new AppError('ACTIVATION_INVALID') };
      }
      const problems = checkPassword(input.password, { login: user.login, fullName: user.full_name });
      if (problems.length > 0) {
        return {
          ok: false,
          error: new AppError('PASSWORD_REJECTED', {
            errors: problems.map((p) => ({ path: '/password', code: p, message: PASSWORD_MESSAGES[p] })),
          }),
        };
      }
      await this.repo.setPassword(trx, user.id, await hashPassword(input.password), now);
      await this.repo.recordSuccess(trx, user.id, now);
      const signedIn = await this.openSession(trx, { ...user, status: 'active' }, !this.mfaNeeded(user), meta, now);
      await this.audit.record(
        trx,
        null,
        { action: 'auth.activate', objectType: 'user', objectId: user.id },
        { login, ip: meta.ip, requestId: meta.requestId },
      );
      return { ok: true, value: signedIn };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Resolves a session cookie to the actor, or null when it is unknown, revoked or expired (idle or absolute). */
  async resolveSession(token: string): Promise<UserActor | null> {
    if (!/^[A-Za-z0-9_-]{40,50}$/.test(token)) return null;
    const now = this.ctx.now();
    const id = sha256(token);
    const session = await this.repo.session(this.ctx.db.kysely, id);
    if (!session || session.revoked_at || session.expires_at <= now) return null;
    if (session.last_seen_at.getTime() + this.ctx.config.sessionIdleMs <= now.getTime()) return null;
    const user = await this.repo.userById(this.ctx.db.kysely, session.user_id);
    if (!user || user.status !== 'active' || !isRole(user.role)) return null;
    if (user.valid_until && user.valid_until <= now) return null;
    if (now.getTime() - session.last_seen_at.getTime() > TOUCH_EVERY_MS)
      await this.repo.touchSession(this.ctx.db.kysely, id, now);
    return toActor(user, session);
  }

  async logout(actor: UserActor, meta: RequestMeta): Promise<void> {
    await this.ctx.db.system(async (trx) => {
      await this.repo.revokeSession(trx, actor.sessionId, this.ctx.now());
      await this.audit.record(
        trx,
        { actor, requestId: meta.requestId, ip: meta.ip, client: 'portal' },
        { action: 'auth.logout', objectType: 'session' },
      );
    });
  }

  /** Starts TOTP enrolment (only while no factor is enrolled; an admin reset clears it). */
  async totpSetup(actor: UserActor, meta: RequestMeta): Promise<TotpEnrolment> {
    return this.ctx.db.system(async (trx) => {
      const user = await this.repo.userById(trx, actor.userId);
      if (!user) throw new AppError('UNAUTHENTICATED');
      if (user.totp_enrolled_at)
        throw new AppError('CONFLICT', {
          detail: 'Другий фактор уже налаштовано. Для повторного налаштування зверніться до адміністратора.',
        });
      const secret = newTotpSecret();
      await this.repo.setTotp(trx, user.id, this.ctx.keys.encrypt(secret, totpAad(user.id)), null, null);
      await this.audit.record(
        trx,
        { actor, requestId: meta.requestId, ip: meta.ip, client: 'portal' },
        { action: 'auth.totp.setup', objectType: 'user', objectId: user.id },
      );
      return totpEnrolment(secret, user.login);
    });
  }

  /**
   * Finishes enrolment. Passing the second factor raises the session's privilege, so the session is replaced by a
   * new one rather than upgraded in place (OWASP ASVS 4.0.3 § 3.2.1: a new session token on authentication; a token
   * seen before the second factor never carries its privilege). The CSRF token, which authenticates nothing on its
   * own, carries over, so a client that already holds it keeps writing.
   */
  async totpConfirm(actor: UserActor, code: string, meta: RequestMeta): Promise<SignedIn> {
    const now = this.ctx.now();
    const outcome = await this.ctx.db.system(async (trx): Promise<Outcome<SignedIn>> => {
      const user = await this.repo.userById(trx, actor.userId);
      if (!user?.totp_secret_enc || user.totp_enrolled_at)
        return {
          ok: false,
          error: new AppError('CONFLICT', { detail: 'Немає незавершеного налаштування другого фактора.' }),
        };
      const step = await verifyTotp(this.ctx.keys.decrypt(user.totp_secret_enc, totpAad(user.id)), code, now, null);
      const caller = { actor, requestId: meta.requestId, ip: meta.ip, client: 'portal' };
      if (step === null) {
        await this.audit.record(trx, caller, {
          action: 'auth.totp.confirm',
          objectType: 'user',
          objectId: user.id,
          outcome: 'failed',
        });
        return { ok: false, error: new AppError('TOTP_INVALID') };
      }
      await this.repo.setTotp(trx, user.id, user.totp_secret_enc, now, step);
      await this.repo.revokeSession(trx, actor.sessionId, now);
      const signedIn = await this.openSession(
        trx,
        { ...user, totp_enrolled_at: now },
        true,
        meta,
        now,
        actor.csrfToken,
      );
      await this.audit.record(trx, caller, { action: 'auth.totp.confirm', objectType: 'user', objectId: user.id });
      return { ok: true, value: signedIn };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  async changePassword(actor: UserActor, current: string, next: string, meta: RequestMeta): Promise<void> {
    const now = this.ctx.now();
    const outcome = await this.ctx.db.system(async (trx): Promise<Outcome<null>> => {
      const user = await this.repo.userById(trx, actor.userId);
      if (!user?.password_hash || !(await verifyPassword(user.password_hash, current))) {
        return { ok: false, error: new AppError('LOGIN_FAILED', { detail: 'Поточний пароль неправильний.' }) };
      }
      const problems = checkPassword(next, { login: user.login, fullName: user.full_name });
      if (problems.length > 0) {
        return {
          ok: false,
          error: new AppError('PASSWORD_REJECTED', {
            errors: problems.map((p) => ({ path: '/newPassword', code: p, message: PASSWORD_MESSAGES[p] })),
          }),
        };
      }
      await this.repo.setPassword(trx, user.id, await hashPassword(next), now);
      // A changed password ends every other session.
      await this.repo.revokeUserSessions(trx, user.id, now, actor.sessionId);
      await this.audit.record(
        trx,
        { actor, requestId: meta.requestId, ip: meta.ip, client: 'portal' },
        { action: 'auth.password.change', objectType: 'user', objectId: user.id },
      );
      return { ok: true, value: null };
    });
    if (!outcome.ok) throw outcome.error;
  }

  async sessions(actor: UserActor): Promise<SessionRow[]> {
    return this.ctx.db.system((trx) => this.repo.activeSessions(trx, actor.userId, this.ctx.now()));
  }

  async revokeSessions(actor: UserActor, which: { id?: string; others?: boolean }, meta: RequestMeta): Promise<number> {
    const now = this.ctx.now();
    return this.ctx.db.system(async (trx) => {
      let count = 0;
      if (which.others) count = await this.repo.revokeUserSessions(trx, actor.userId, now, actor.sessionId);
      else if (which.id) {
        const s = (await this.repo.activeSessions(trx, actor.userId, now)).find(
          (x) => sha256(x.id).slice(0, 16) === which.id,
        );
        if (!s) throw new AppError('NOT_FOUND');
        await this.repo.revokeSession(trx, s.id, now);
        count = 1;
      }
      await this.audit.record(
        trx,
        { actor, requestId: meta.requestId, ip: meta.ip, client: 'portal' },
        { action: 'auth.session.revoke', objectType: 'session', details: { count } },
      );
      return count;
    });
  }
}

/** Public id of a session (its stored id is a token hash; this is a hash of that, safe to show). */
export const publicSessionId = (storedId: string) => sha256(storedId).slice(0, 16);

export function toActor(user: AuthUserRow, session: SessionRow): UserActor {
  const role = user.role as Role;
  const kind = ROLE_INFO[role].kind;
  return {
    kind: 'user',
    userId: user.id,
    login: user.login,
    fullName: user.full_name,
    role,
    organisationId: user.organisation_id,
    regionId: kind === 'region' ? user.organisation_id : user.region_id,
    ouoId: kind === 'ouo' ? user.organisation_id : user.ouo_id,
    schoolId: kind === 'school' ? user.organisation_id : null,
    sessionId: session.id,
    mfaPassed: session.mfa_passed,
    csrfToken: session.csrf_token,
  };
}
