import { can } from '@aikom/domain/access/policy';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../../context';
import { baseTx, exchangeTx, type ExchangeTx } from '../../../db/schema-exchange';
import { AppError } from '../../../errors';
import { AuditService } from '../../audit/service';
import { scopeOf, type Caller } from '../../auth/caller';
import { PLATFORM_SCOPES } from '../scopes';
import { hashSecret, newClientId, newClientSecret, PREVIOUS_SECRET_GRACE_MS } from './credentials';
import { PlatformRepository, type PlatformRow } from './repository';
import type { Credentials, PlatformCreate, PlatformView } from './schemas';

export function presentPlatform(p: PlatformRow): PlatformView {
  return {
    id: p.id,
    name: p.name,
    operator: p.operator,
    contact: p.contact,
    clientId: p.client_id,
    scopes: p.scopes as PlatformView['scopes'],
    rateLimitPerMinute: p.rate_limit_per_minute,
    status: p.status as PlatformView['status'],
    schools: p.schools,
    secretRotatedAt: p.secret_rotated_at?.toISOString() ?? null,
    createdAt: p.created_at.toISOString(),
    revokedAt: p.revoked_at?.toISOString() ?? null,
    version: p.version,
  };
}

/** Who changes the register: a ministry administrator through the API, or the operator's CLI (`null`). */
export type Registrar = Caller | null;

const CLI = { login: 'system:cli' };

/**
 * The register of platforms (ОІС) authorised by the ministry: registration with OAuth client credentials (the secret
 * is returned once), rotation of the secret, revocation (which ends every school's link to the platform).
 */
export class PlatformService {
  private readonly repo = new PlatformRepository();
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {}

  private authorise(by: Registrar): void {
    if (by && !can(by.actor, 'platform:manage')) throw new AppError('FORBIDDEN');
  }

  /** Writes run on the owner connection (the request role may not touch credentials), after the policy check. */
  private write<T>(fn: (trx: ExchangeTx) => Promise<T>): Promise<T> {
    return this.ctx.db.system((trx) => fn(exchangeTx(trx)));
  }

  async list(caller: Caller): Promise<PlatformView[]> {
    const all = caller.actor.kind === 'user' && can(caller.actor, 'platform:manage');
    const rows = await this.ctx.db.scoped(scopeOf(caller.actor), (trx) => this.repo.list(exchangeTx(trx), all));
    return rows.map(presentPlatform);
  }

  async get(caller: Caller, id: string): Promise<PlatformView> {
    const row = await this.ctx.db.scoped(scopeOf(caller.actor), (trx) => this.repo.get(exchangeTx(trx), id));
    if (!row || (row.status !== 'active' && !(caller.actor.kind === 'user' && can(caller.actor, 'platform:manage'))))
      throw new AppError('NOT_FOUND');
    return presentPlatform(row);
  }

  /** Operator's lookups (CLI). */
  async all(): Promise<PlatformView[]> {
    return (await this.repo.list(exchangeTx(this.ctx.db.kysely), true)).map(presentPlatform);
  }

  async idOfClient(clientId: string): Promise<string> {
    const row = await this.repo.byClientId(exchangeTx(this.ctx.db.kysely), clientId);
    if (!row) throw new AppError('NOT_FOUND', { detail: `Платформу з client_id ${clientId} не знайдено.` });
    return row.id;
  }

  async create(by: Registrar, input: PlatformCreate): Promise<Credentials> {
    this.authorise(by);
    const name = input.name.trim();
    const now = this.ctx.now();
    const secret = newClientSecret();
    const hash = await hashSecret(secret);
    return this.write(async (trx) => {
      if (await this.repo.nameTaken(trx, name))
        throw new AppError('VALIDATION_FAILED', {
          errors: [
            { path: '/name', code: 'PLATFORM_NAME_TAKEN', message: 'Платформа з такою назвою вже зареєстрована.' },
          ],
        });
      const id = uuidv7();
      const clientId = newClientId();
      await this.repo.insert(trx, {
        id,
        name,
        operator: input.operator.trim(),
        contact: input.contact.trim(),
        client_id: clientId,
        secret_hash: hash,
        scopes: [...(input.scopes ?? PLATFORM_SCOPES)],
        rate_limit_per_minute: input.rateLimitPerMinute ?? 600,
        created_by: by?.actor.kind === 'user' ? by.actor.userId : null,
        created_at: now,
      });
      await this.audit.record(
        baseTx(trx),
        by,
        { action: 'platform.create', objectType: 'platform', objectId: id, details: { clientId } },
        by ? undefined : CLI,
      );
      return {
        platform: presentPlatform((await this.repo.get(trx, id))!),
        clientId,
        clientSecret: secret,
        previousSecretValidUntil: null,
      };
    });
  }

  async rotateSecret(by: Registrar, id: string): Promise<Credentials> {
    this.authorise(by);
    const now = this.ctx.now();
    const secret = newClientSecret();
    const hash = await hashSecret(secret);
    const until = new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS);
    return this.write(async (trx) => {
      const row = await this.repo.get(trx, id);
      if (!row) throw new AppError('NOT_FOUND');
      if (!(await this.repo.rotateSecret(trx, id, hash, until, now)))
        throw new AppError('CONFLICT', { detail: 'Платформу відкликано: її облікові дані не оновлюються.' });
      await this.audit.record(
        baseTx(trx),
        by,
        { action: 'platform.secret.rotate', objectType: 'platform', objectId: id },
        by ? undefined : CLI,
      );
      return {
        platform: presentPlatform((await this.repo.get(trx, id))!),
        clientId: row.client_id,
        clientSecret: secret,
        previousSecretValidUntil: until.toISOString(),
      };
    });
  }

  async revoke(by: Registrar, id: string): Promise<PlatformView> {
    this.authorise(by);
    const now = this.ctx.now();
    return this.write(async (trx) => {
      const row = await this.repo.get(trx, id);
      if (!row) throw new AppError('NOT_FOUND');
      const userId = by?.actor.kind === 'user' ? by.actor.userId : null;
      if (!(await this.repo.revoke(trx, id, userId, now)))
        throw new AppError('CONFLICT', { detail: 'Платформу вже відкликано.' });
      const ended = await this.repo.endLinksOf(trx, id, userId, now);
      await this.audit.record(
        baseTx(trx),
        by,
        { action: 'platform.revoke', objectType: 'platform', objectId: id, details: { schoolsEnded: ended } },
        by ? undefined : CLI,
      );
      return presentPlatform((await this.repo.get(trx, id))!);
    });
  }
}
