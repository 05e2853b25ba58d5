import type { Tx } from '../../db/database';
import type { Caller } from '../auth/caller';
import { AuditRepository, type AuditEntry } from './repository';

export interface AuditEvent {
  action: string;
  objectType?: string;
  objectId?: string | null;
  outcome?: AuditEntry['outcome'];
  /** What was read or changed, never personal data itself (ids, counts, field names). */
  details?: Record<string, unknown>;
}

/**
 * Writes audit entries for a caller. Call it as the last statement of the request's transaction: the chain's head
 * is locked from the append until commit.
 */
export class AuditService {
  constructor(private readonly repo = new AuditRepository()) {}

  record(
    trx: Tx,
    caller: Caller | null,
    event: AuditEvent,
    anonymous?: { login?: string; ip?: string | null; requestId?: string },
  ): Promise<number> {
    const actor = caller?.actor;
    return this.repo.append(trx, {
      actorUserId: actor?.kind === 'user' ? actor.userId : null,
      actorPlatformId: actor?.kind === 'platform' ? actor.platformId : null,
      actorLogin:
        actor?.kind === 'user' ? actor.login : actor?.kind === 'platform' ? actor.clientId : (anonymous?.login ?? null),
      role: actor?.kind === 'user' ? actor.role : actor?.kind === 'platform' ? 'platform' : null,
      organisationId: actor?.kind === 'user' ? actor.organisationId : null,
      regionId: actor?.kind === 'user' ? actor.regionId : null,
      ouoId: actor?.kind === 'user' ? actor.ouoId : null,
      client: caller?.client ?? 'portal',
      action: event.action,
      objectType: event.objectType ?? null,
      objectId: event.objectId ?? null,
      requestId: caller?.requestId ?? anonymous?.requestId ?? null,
      ip: caller?.ip ?? anonymous?.ip ?? null,
      outcome: event.outcome ?? 'ok',
      details: event.details ?? {},
    });
  }
}
