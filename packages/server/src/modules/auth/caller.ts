import type { Actor } from '@aikom/domain/access/policy';
import { ROLE_INFO, type Role } from '@aikom/domain/access/roles';
import type { DbScope } from '../../db/database';

/** A signed-in portal user, as resolved from the session cookie. */
export interface UserActor extends Extract<Actor, { kind: 'user' }> {
  login: string;
  fullName: string;
  sessionId: string;
  mfaPassed: boolean;
  /** The session's CSRF token (compared with the x-csrf-token header). */
  csrfToken: string;
}

export interface PlatformActor extends Extract<Actor, { kind: 'platform' }> {
  clientId: string;
  name: string;
  scopes: readonly string[];
}

export type RequestActor = UserActor | PlatformActor;

/** Who is asking, for authorisation and the audit log. */
export interface Caller {
  actor: RequestActor;
  requestId: string;
  ip: string | null;
  /** `portal`, `platform:<clientId>` or `cli`. */
  client: string;
}

/** The database scope of an actor: what row-level security lets their transactions see. */
export function scopeOf(actor: RequestActor): DbScope {
  if (actor.kind === 'platform') return { schools: actor.schoolIds, actor: actor.platformId };
  const base = { actor: actor.userId };
  switch (ROLE_INFO[actor.role].kind) {
    case 'ministry':
      return { ...base, national: true };
    case 'region':
      return { ...base, region: actor.organisationId };
    case 'ouo':
      return { ...base, ouo: actor.organisationId, ...(actor.regionId ? { ownRegion: actor.regionId } : {}) };
    case 'school':
      return {
        ...base,
        school: actor.organisationId,
        ...(actor.regionId ? { ownRegion: actor.regionId } : {}),
        ...(actor.ouoId ? { ownOuo: actor.ouoId } : {}),
      };
  }
}

export function roleOf(actor: RequestActor): Role | null {
  return actor.kind === 'user' ? actor.role : null;
}
