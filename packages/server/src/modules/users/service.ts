import { randomInt } from 'node:crypto';
import { canGrant, can } from '@aikom/domain/access/policy';
import { grantableRoles, ROLE_INFO, type Role } from '@aikom/domain/access/roles';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../context';
import type { Tx } from '../../db/database';
import { AppError } from '../../errors';
import { decodeCursor, page } from '../../http/cursor';
import { AuditService } from '../audit/service';
import { scopeOf, type Caller } from '../auth/caller';
import { hashPassword } from '../auth/passwords';
import { normaliseActivationCode } from '../auth/service';
import { OrganisationRepository } from '../organisations/repository';
import { scopeRefOf } from '../organisations/service';
import { UserRepository, type UserRow } from './repository';
import type { UserCreate, UserView } from './schemas';

/** Activation codes live a week; 16 characters of Crockford base32 (80 bits), shown grouped by four. */
const ACTIVATION_TTL_MS = 7 * 86_400_000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newActivationCode(): string {
  let code = '';
  for (let i = 0; i < 16; i++) code += CROCKFORD[randomInt(32)];
  return code.replace(/(.{4})(?!$)/g, '$1-');
}

export function presentUser(u: UserRow): UserView {
  return {
    id: u.id,
    login: u.login,
    fullName: u.full_name,
    email: u.email,
    role: u.role as Role,
    roleLabel: ROLE_INFO[u.role as Role]?.uk ?? u.role,
    organisation: { id: u.organisation_id, name: u.organisation_name, kind: u.organisation_kind },
    status: u.status as UserView['status'],
    mfaEnrolled: u.totp_enrolled_at !== null,
    validUntil: u.valid_until?.toISOString() ?? null,
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
    lockedUntil: u.locked_until?.toISOString() ?? null,
    createdAt: u.created_at.toISOString(),
    createdBy: u.created_by_login,
    version: u.version,
  };
}

/**
 * User management down the cascade. An administrator sees and manages exactly the users whose role they may grant
 * at organisations of their scope; nobody grants a role above their own or outside their scope.
 */
export class UserService {
  private readonly repo = new UserRepository();
  private readonly orgs = new OrganisationRepository();
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {}

  async list(
    caller: Caller,
    f: { organisationId?: string; role?: Role; status?: string; q?: string; limit: number; cursor?: string },
  ) {
    const actor = caller.actor;
    if (actor.kind !== 'user' || !can(actor, 'user:read')) throw new AppError('FORBIDDEN');
    const after = decodeCursor(f.cursor, ['string'] as const);
    const rows = await this.ctx.db.scoped(scopeOf(actor), (trx) =>
      this.repo.list(trx, {
        roles: grantableRoles(actor.role),
        organisationId: f.organisationId,
        role: f.role,
        status: f.status,
        loginPrefix: f.q?.trim().toLowerCase(),
        after,
        limit: f.limit,
      }),
    );
    const p = page(rows, f.limit, (r) => [r.login] as const);
    // Same-level roles are managed only at one's own organisation (e.g. ОУО specialists of one's own ОУО).
    return { items: p.items.filter((r) => this.manages(caller, r)).map(presentUser), nextCursor: p.nextCursor };
  }

  async get(caller: Caller, id: string): Promise<UserView> {
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => presentUser(await this.managed(trx, caller, id)));
  }

  async create(
    caller: Caller,
    input: UserCreate,
  ): Promise<{ user: UserView; activationCode: string; activationExpiresAt: string }> {
    const actor = caller.actor;
    if (actor.kind !== 'user' || !can(actor, 'user:create')) throw new AppError('FORBIDDEN');
    const now = this.ctx.now();
    const login = input.login.toLowerCase();
    return this.ctx.db.scoped(scopeOf(actor), async (trx) => {
      const org = await this.orgs.get(trx, input.organisationId);
      // An organisation out of scope is reported as missing, like any resource the caller cannot see.
      if (!org)
        throw new AppError('NOT_FOUND', {
          detail: 'Організацію не знайдено у вашій зоні доступу.',
          errors: [
            {
              path: '/organisationId',
              code: 'ORGANISATION_NOT_FOUND',
              message: 'Організацію не знайдено у вашій зоні доступу.',
            },
          ],
        });
      if (!canGrant(actor, input.role, scopeRefOf(org))) {
        throw new AppError('FORBIDDEN', {
          detail: `Ви не можете надати роль «${ROLE_INFO[input.role].uk}» в організації «${org.name}».`,
        });
      }
      if (await this.repo.loginTaken(trx, login)) {
        throw new AppError('VALIDATION_FAILED', {
          errors: [{ path: '/login', code: 'LOGIN_TAKEN', message: 'Такий логін уже використовується.' }],
        });
      }
      const validUntil = input.validUntil ? new Date(input.validUntil) : null;
      if (validUntil && validUntil <= now) {
        throw new AppError('VALIDATION_FAILED', {
          errors: [
            {
              path: '/validUntil',
              code: 'VALID_UNTIL_PAST',
              message: 'Термін доступу має завершуватися в майбутньому.',
            },
          ],
        });
      }
      const code = newActivationCode();
      const expiresAt = new Date(now.getTime() + ACTIVATION_TTL_MS);
      const id = uuidv7();
      await this.repo.insert(trx, {
        id,
        login,
        full_name: input.fullName.trim(),
        email: input.email ?? null,
        role: input.role,
        organisation_id: org.id,
        region_id: org.kind === 'region' ? null : org.region_id,
        ouo_id: org.kind === 'school' ? org.ouo_id : null,
        activation_code_hash: await hashPassword(normaliseActivationCode(code)),
        activation_expires_at: expiresAt,
        valid_until: validUntil,
        created_by: actor.userId,
        now,
      });
      await this.audit.record(trx, caller, {
        action: 'user.create',
        objectType: 'user',
        objectId: id,
        details: { role: input.role, organisationId: org.id },
      });
      return {
        user: presentUser((await this.repo.get(trx, id))!),
        activationCode: code,
        activationExpiresAt: expiresAt.toISOString(),
      };
    });
  }

  async setStatus(caller: Caller, id: string, status: 'active' | 'disabled'): Promise<UserView> {
    const now = this.ctx.now();
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      const user = await this.managed(trx, caller, id);
      if (status === 'active' && user.status !== 'disabled')
        throw new AppError('CONFLICT', { detail: 'Увімкнути можна лише вимкнений обліковий запис.' });
      await this.repo.setStatus(trx, id, status, now);
      if (status === 'disabled') await this.repo.revokeSessions(trx, id, now);
      await this.audit.record(trx, caller, {
        action: status === 'disabled' ? 'user.disable' : 'user.enable',
        objectType: 'user',
        objectId: id,
      });
      return presentUser((await this.repo.get(trx, id))!);
    });
  }

  /** A forgotten password or a lost phone: back to activation with a new code; all sessions end. */
  async reset(
    caller: Caller,
    id: string,
  ): Promise<{ user: UserView; activationCode: string; activationExpiresAt: string }> {
    const now = this.ctx.now();
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      await this.managed(trx, caller, id);
      const code = newActivationCode();
      const expiresAt = new Date(now.getTime() + ACTIVATION_TTL_MS);
      await this.repo.reset(trx, id, await hashPassword(normaliseActivationCode(code)), expiresAt, now);
      await this.repo.revokeSessions(trx, id, now);
      await this.audit.record(trx, caller, { action: 'user.reset', objectType: 'user', objectId: id });
      return {
        user: presentUser((await this.repo.get(trx, id))!),
        activationCode: code,
        activationExpiresAt: expiresAt.toISOString(),
      };
    });
  }

  async setValidUntil(caller: Caller, id: string, validUntil: string | null): Promise<UserView> {
    const now = this.ctx.now();
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      await this.managed(trx, caller, id);
      await this.repo.setValidUntil(trx, id, validUntil ? new Date(validUntil) : null, now);
      await this.audit.record(trx, caller, {
        action: 'user.valid-until',
        objectType: 'user',
        objectId: id,
        details: { validUntil },
      });
      return presentUser((await this.repo.get(trx, id))!);
    });
  }

  private manages(caller: Caller, u: UserRow): boolean {
    const actor = caller.actor;
    if (actor.kind !== 'user' || u.id === actor.userId) return false;
    return canGrant(actor, u.role as Role, {
      kind: u.organisation_kind as 'school',
      id: u.organisation_id,
      regionId: u.org_region_id,
      ouoId: u.org_ouo_id,
    });
  }

  /** The user, if the caller manages them; otherwise the same 404 as for a user that does not exist. */
  private async managed(trx: Tx, caller: Caller, id: string): Promise<UserRow> {
    const actor = caller.actor;
    if (actor.kind !== 'user' || !can(actor, 'user:manage')) throw new AppError('FORBIDDEN');
    const user = await this.repo.get(trx, id);
    if (!user || !this.manages(caller, user)) throw new AppError('NOT_FOUND');
    return user;
  }
}
