import type { Me, Permission } from '@aikom/sdk';

/** What the portal asks of the signed-in user: the permissions and grantable roles `GET /api/v1/me` returns. */
export type Viewer = Pick<Me, 'permissions' | 'grantableRoles' | 'organisation'>;

export function can(viewer: Viewer | null, permission: Permission): boolean {
  return !!viewer && viewer.permissions.includes(permission);
}

/** The school whose pupils the user keeps every day (school users), or null. */
export function ownSchoolId(viewer: Viewer | null): string | null {
  return viewer && viewer.organisation.kind === 'school' ? viewer.organisation.id : null;
}

export type NavKey =
  | 'nav.home'
  | 'nav.pupils'
  | 'nav.search'
  | 'nav.quality'
  | 'nav.organisations'
  | 'nav.school'
  | 'nav.users'
  | 'nav.audit'
  | 'nav.subvention'
  | 'nav.territories'
  | 'nav.reports'
  | 'nav.dashboards'
  | 'nav.verification'
  | 'nav.cases'
  | 'nav.transition'
  | 'nav.transitions'
  | 'nav.transit'
  | 'nav.migration'
  | 'nav.campaigns'
  | 'nav.notifications';

export interface NavItem {
  key: NavKey;
  to: string;
  /** Only the exact path is current (the home page). */
  end?: boolean;
}

/**
 * The main sections a user sees, from the permissions the server grants them: a school's people get their pupils,
 * search and the quality panel first; authorities get the organisation tree (their schools' pupils are reached
 * through it); administrators their users; security officers the audit log. The server checks every request again.
 */
export function navigationFor(viewer: Viewer | null): NavItem[] {
  const items: NavItem[] = [{ key: 'nav.home', to: '/', end: true }];
  if (viewer) {
    const school = ownSchoolId(viewer);
    if (school && can(viewer, 'pupil:read')) {
      items.push({ key: 'nav.pupils', to: `/schools/${school}` });
      items.push({ key: 'nav.quality', to: `/quality/${school}` });
    }
    if (can(viewer, 'pupil:read')) items.push({ key: 'nav.search', to: '/pupils/search' });
    if (can(viewer, 'organisation:read')) {
      items.push(
        school
          ? { key: 'nav.school', to: `/organisations/${school}` }
          : { key: 'nav.organisations', to: '/organisations' },
      );
    }
    if (can(viewer, 'user:read') && viewer.grantableRoles.length > 0) items.push({ key: 'nav.users', to: '/users' });
    if (can(viewer, 'audit:read')) items.push({ key: 'nav.audit', to: '/audit' });
    // Campaigns: schools work them, authorities watch them (the list is open to every user; shown to these).
    if (can(viewer, 'campaign:confirm') || can(viewer, 'campaign:manage') || can(viewer, 'aggregate:read'))
      items.push({ key: 'nav.campaigns', to: '/campaigns' });
    if (can(viewer, 'campaign:confirm') || can(viewer, 'user:manage'))
      items.push({ key: 'nav.notifications', to: '/notifications' });
    if (can(viewer, 'subvention:read')) items.push({ key: 'nav.subvention', to: '/subvention' });
    if (can(viewer, 'verification:manage')) items.push({ key: 'nav.verification', to: '/verification' });
    if (can(viewer, 'verification:case')) items.push({ key: 'nav.cases', to: '/verification/cases' });
    if (school && can(viewer, 'transition:run'))
      items.push({ key: 'nav.transition', to: `/schools/${school}/transition` });
    if (!school && can(viewer, 'transition:run')) items.push({ key: 'nav.transitions', to: '/transitions' });
    if (can(viewer, 'transition:run')) items.push({ key: 'nav.transit', to: '/transit' });
    if (!school && can(viewer, 'aggregate:read')) items.push({ key: 'nav.migration', to: '/reports/migration' });
    if (can(viewer, 'aggregate:read')) {
      items.push({ key: 'nav.reports', to: '/reports', end: true });
      const { kind, id } = viewer.organisation;
      const level = kind === 'ministry' ? 'nation' : kind;
      if (['school', 'ouo', 'region', 'nation'].includes(level))
        items.push({ key: 'nav.dashboards', to: `/reports/dashboard/${level}${level === 'nation' ? '' : `/${id}`}` });
    }
  }
  items.push({ key: 'nav.territories', to: '/territories' });
  return items;
}

/**
 * Where to go after signing in: a path of this portal given as `?next=`, never another site (`//evil`, `https:`)
 * nor the sign-in pages themselves.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/^\/(sign-in|activate)(\/|\?|$)/.test(next)) return '/';
  return next;
}

/** The sign-in page that brings the user back to `where` (path and query) afterwards. */
export function signInPath(where: string, page: '/sign-in' | '/enrol-totp' = '/sign-in'): string {
  const next = safeNext(where);
  return next === '/' ? page : `${page}?next=${encodeURIComponent(next)}`;
}
