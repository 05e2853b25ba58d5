/**
 * The one place that decides whether an actor may do an action on a resource. Pure: the server calls it for every
 * request (and row-level security in the database enforces the same scope again).
 */
import { GRANTS, ROLE_INFO, type OrganisationKind, type Role } from './roles';

/** The actor as the policy sees them: a signed-in user bound to one organisation, or a platform (ОІС). */
export type Actor =
  | {
      kind: 'user';
      userId: string;
      role: Role;
      organisationId: string;
      /** The actor's organisation and its ancestors. */
      regionId: string | null;
      ouoId: string | null;
      schoolId: string | null;
    }
  | { kind: 'platform'; platformId: string; schoolIds: readonly string[] };

/** Where a resource sits in the cascade. */
export interface ScopeRef {
  kind: OrganisationKind;
  id: string;
  regionId: string | null;
  ouoId: string | null;
}

export type Action =
  | 'organisation:read'
  | 'organisation:create'
  | 'organisation:update'
  | 'user:read'
  | 'user:create'
  | 'user:manage'
  | 'audit:read'
  | 'pupil:read'
  | 'pupil:write'
  | 'pupil:export'
  | 'aggregate:read'
  | 'campaign:manage'
  | 'campaign:confirm'
  | 'transition:run'
  | 'school-year:manage'
  | 'platform:manage'
  | 'platform:link'
  | 'report:enter'
  | 'subvention:read'
  | 'subvention:manage'
  | 'verification:manage'
  | 'verification:case';

/** Whether a scope reference lies inside the actor's own organisation's subtree (or is it). */
export function withinScope(actor: Actor, target: ScopeRef): boolean {
  if (actor.kind === 'platform') return target.kind === 'school' && actor.schoolIds.includes(target.id);
  switch (ROLE_INFO[actor.role].kind) {
    case 'ministry':
      return true;
    case 'region':
      return target.id === actor.organisationId || target.regionId === actor.organisationId;
    case 'ouo':
      return target.id === actor.organisationId || target.ouoId === actor.organisationId;
    case 'school':
      return target.kind === 'school' && target.id === actor.organisationId;
  }
}

/** Which roles may do an action at all (scope is checked separately). */
const ALLOWED: Readonly<Record<Action, readonly Role[]>> = {
  'organisation:read': [
    'ministry_admin',
    'ministry_analyst',
    'ministry_verifier',
    'region_admin',
    'region_analyst',
    'ouo_admin',
    'ouo_specialist',
    'school_admin',
    'school_editor',
  ],
  'organisation:create': ['ministry_admin', 'region_admin', 'ouo_admin'],
  'organisation:update': ['ministry_admin', 'region_admin', 'ouo_admin', 'school_admin'],
  'user:read': ['ministry_admin', 'region_admin', 'ouo_admin', 'school_admin'],
  'user:create': ['ministry_admin', 'region_admin', 'ouo_admin', 'school_admin'],
  'user:manage': ['ministry_admin', 'region_admin', 'ouo_admin', 'school_admin'],
  'audit:read': ['ministry_admin', 'region_admin'],
  'pupil:read': [
    'ministry_admin',
    'ministry_analyst',
    'region_admin',
    'region_analyst',
    'ouo_admin',
    'ouo_specialist',
    'school_admin',
    'school_editor',
  ],
  'pupil:write': ['ouo_specialist', 'school_admin', 'school_editor'],
  'pupil:export': [
    'ministry_analyst',
    'region_analyst',
    'ouo_admin',
    'ouo_specialist',
    'school_admin',
    'school_editor',
  ],
  'aggregate:read': [
    'ministry_admin',
    'ministry_analyst',
    'ministry_verifier',
    'region_admin',
    'region_analyst',
    'ouo_admin',
    'ouo_specialist',
    'school_admin',
    'school_editor',
  ],
  'campaign:manage': ['ministry_admin', 'region_admin'],
  'campaign:confirm': ['school_admin', 'school_editor'],
  'transition:run': ['ministry_admin', 'ouo_admin', 'ouo_specialist', 'school_admin', 'school_editor'],
  'school-year:manage': ['ministry_admin'],
  'platform:manage': ['ministry_admin'],
  'platform:link': ['ouo_admin', 'school_admin'],
  'report:enter': ['school_admin', 'school_editor'],
  'subvention:read': ['ministry_admin', 'ministry_analyst', 'region_admin', 'region_analyst'],
  'subvention:manage': ['ministry_admin'],
  'verification:manage': ['ministry_verifier'],
  'verification:case': ['ministry_verifier', 'ouo_admin', 'ouo_specialist'],
};

/**
 * Platforms act only on the pupils of schools linked to them.
 * Source: the exchange protocol (ARCHITECTURE.md, "Platform auth").
 */
const PLATFORM_ACTIONS: ReadonlySet<Action> = new Set(['pupil:read', 'pupil:write', 'organisation:read']);

export function roleMayDo(role: Role, action: Action): boolean {
  return ALLOWED[action].includes(role);
}

/**
 * `can(actor, action, target)`: the role allows the action and the target lies in the actor's scope.
 * Without a target, only the role is checked (for listing within one's own scope).
 */
export function can(actor: Actor, action: Action, target?: ScopeRef): boolean {
  if (actor.kind === 'platform')
    return PLATFORM_ACTIONS.has(action) && (target === undefined || withinScope(actor, target));
  if (!roleMayDo(actor.role, action)) return false;
  return target === undefined || withinScope(actor, target);
}

/**
 * Whether the actor may grant `role` at organisation `target` (user creation, deactivation, reset). Nobody grants a
 * role above their own or outside their scope.
 */
export function canGrant(actor: Actor, role: Role, target: ScopeRef): boolean {
  if (actor.kind !== 'user') return false;
  const grantable = GRANTS[actor.role] ?? [];
  if (!grantable.includes(role)) return false;
  if (ROLE_INFO[role].kind !== target.kind) return false;
  if (!withinScope(actor, target)) return false;
  // Same-level roles (e.g. region analyst by a region admin) only at the actor's own organisation.
  if (ROLE_INFO[role].kind === ROLE_INFO[actor.role].kind) return target.id === actor.organisationId;
  return true;
}
