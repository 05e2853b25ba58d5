/**
 * The cross-scope access matrix: every role, signed in at its organisation of the test cascade, against targets
 * in and out of its scope. Features describe their endpoints; the matrix runs every combination and checks that an
 * allowed call succeeds and a refused one is 403/404 without a trace of the target's data.
 */
import { ROLES, type Role } from '@aikom/domain/access/roles';
import type { InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { createUser, signIn, type Cascade, type Org, type Session } from './factories';
import type { TestApp } from './harness';

export const TARGETS = ['ownSchool', 'sameOuo', 'sameRegion', 'otherRegion'] as const;
export type TargetKey = (typeof TARGETS)[number];

/** The school each target key names, seen from the actors (whose school is schools[0]). */
export function targetSchool(c: Cascade, key: TargetKey): Org {
  return { ownSchool: c.schools[0], sameOuo: c.schools[1], sameRegion: c.schools[2], otherRegion: c.schools[4] }[key];
}

/** Whether a target lies in the scope of a role bound at the actors' organisations (independent of the policy code). */
export function inScope(role: Role, key: TargetKey): boolean {
  if (role.startsWith('ministry_')) return true;
  if (role.startsWith('region_')) return key !== 'otherRegion';
  if (role.startsWith('ouo_')) return key === 'ownSchool' || key === 'sameOuo';
  return key === 'ownSchool';
}

export function actorOrg(c: Cascade, role: Role): Org {
  if (role.startsWith('ministry_')) return c.ministry;
  if (role.startsWith('region_')) return c.regions[0];
  if (role.startsWith('ouo_')) return c.ouos[0];
  return c.schools[0];
}

export async function signInAllRoles(t: TestApp, c: Cascade): Promise<Record<Role, Session>> {
  const sessions = {} as Record<Role, Session>;
  for (const role of ROLES) {
    sessions[role] = await signIn(t.app, t.ctx, await createUser(t.ctx, role, actorOrg(c, role), { totp: true }));
    t.advance(31_000);
  }
  return sessions;
}

export interface MatrixEndpoint<T> {
  name: string;
  /** The request for a target (with the actor's session headers merged in). */
  request(target: T, key: TargetKey): InjectOptions;
  /** Whether the role may make this call on a target of this key. */
  allowed(role: Role, key: TargetKey): boolean;
  /** Strings of the target that must not appear when it is out of the actor's scope (name, login, identifiers). */
  secrets(target: T): string[];
  /** Optional extra check of a successful answer. */
  check?(body: string, target: T): void;
}

export async function runMatrix<T>(
  t: TestApp,
  sessions: Record<Role, Session>,
  targets: Record<TargetKey, T>,
  endpoint: MatrixEndpoint<T>,
): Promise<void> {
  for (const role of ROLES) {
    for (const key of TARGETS) {
      const target = targets[key];
      const base = endpoint.request(target, key);
      const res = await t.app.inject({
        ...base,
        headers: { ...(base.headers as Record<string, string>), ...sessions[role].headers },
      });
      const label = `${endpoint.name} as ${role} on ${key}: ${res.statusCode} ${res.body.slice(0, 200)}`;
      if (endpoint.allowed(role, key)) {
        expect(res.statusCode, label).toBeLessThan(300);
        endpoint.check?.(res.body, target);
      } else {
        expect([403, 404], label).toContain(res.statusCode);
        if (!inScope(role, key)) for (const s of endpoint.secrets(target)) expect(res.body, label).not.toContain(s);
      }
    }
  }
}
