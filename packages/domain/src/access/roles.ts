/**
 * Roles of the access cascade (DOMAIN.md § 2; MON letter of 27.06.2023): the regional administrator grants access to
 * the users of the local education authorities (ОУО) of the region; an authorised ОУО employee grants access to the
 * users of the schools it manages; school users keep their own school's pupils. Each role is bound to one
 * organisation of a fixed kind.
 */
export const ORGANISATION_KINDS = ['ministry', 'region', 'ouo', 'school'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const ROLES = [
  'ministry_admin',
  'ministry_analyst',
  'ministry_verifier',
  'region_admin',
  'region_analyst',
  'ouo_admin',
  'ouo_specialist',
  'school_admin',
  'school_editor',
] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export interface RoleInfo {
  kind: OrganisationKind;
  admin: boolean;
  uk: string;
  en: string;
}

export const ROLE_INFO: Readonly<Record<Role, RoleInfo>> = {
  ministry_admin: { kind: 'ministry', admin: true, uk: 'Адміністратор МОН', en: 'Ministry administrator' },
  ministry_analyst: { kind: 'ministry', admin: false, uk: 'Аналітик МОН', en: 'Ministry analyst' },
  ministry_verifier: {
    kind: 'ministry',
    admin: false,
    uk: 'Фахівець МОН з верифікації',
    en: 'Ministry verification officer',
  },
  region_admin: { kind: 'region', admin: true, uk: 'Адміністратор регіону', en: 'Regional administrator' },
  region_analyst: { kind: 'region', admin: false, uk: 'Аналітик регіону', en: 'Regional analyst' },
  ouo_admin: { kind: 'ouo', admin: true, uk: 'Адміністратор ОУО', en: 'Education authority administrator' },
  ouo_specialist: { kind: 'ouo', admin: false, uk: 'Фахівець ОУО', en: 'Education authority specialist' },
  school_admin: { kind: 'school', admin: true, uk: 'Керівник закладу', en: 'School director' },
  school_editor: { kind: 'school', admin: false, uk: 'Відповідальний за дані закладу', en: 'School data editor' },
};

/**
 * Who may create whom, and at which organisation relative to their own:
 * - ministry admin → ministry users (at the ministry) and region admins (at a region);
 * - region admin → region analysts (own region) and ОУО users (ОУО inside the region);
 * - ОУО admin → ОУО specialists (own ОУО) and school users (schools it manages);
 * - school admin → school editors of its school.
 */
export const GRANTS: Readonly<Partial<Record<Role, readonly Role[]>>> = {
  ministry_admin: ['ministry_admin', 'ministry_analyst', 'ministry_verifier', 'region_admin'],
  region_admin: ['region_analyst', 'ouo_admin', 'ouo_specialist'],
  ouo_admin: ['ouo_specialist', 'school_admin', 'school_editor'],
  school_admin: ['school_editor'],
};

export function grantableRoles(role: Role): readonly Role[] {
  return GRANTS[role] ?? [];
}

/** Admin roles always need a second factor; for the others it is configurable. */
export function requiresMfa(role: Role, policy: 'required' | 'admins' | 'off'): boolean {
  if (ROLE_INFO[role].admin) return policy !== 'off';
  return policy === 'required';
}
