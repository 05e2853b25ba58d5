import type { Me } from '@aikom/sdk';
import { describe, expect, it } from 'vitest';
import { can, navigationFor, ownSchoolId, safeNext, signInPath, type Viewer } from './permissions';

const viewer = (kind: string, permissions: string[], grantableRoles: Me['grantableRoles'] = []): Viewer => ({
  organisation: { id: `${kind}-1`, kind, name: 'x', edrpou: null },
  permissions,
  grantableRoles,
});

const keys = (v: Viewer | null) => navigationFor(v).map((i) => `${i.key} ${i.to}`);

describe('navigationFor', () => {
  it('shows a visitor the public sections only', () => {
    expect(keys(null)).toEqual(['nav.home /', 'nav.territories /territories']);
  });

  it('gives a school editor their pupils, quality panel, search and school', () => {
    expect(keys(viewer('school', ['organisation:read', 'pupil:read', 'pupil:write']))).toEqual([
      'nav.home /',
      'nav.pupils /schools/school-1',
      'nav.quality /quality/school-1',
      'nav.search /pupils/search',
      'nav.school /organisations/school-1',
      'nav.territories /territories',
    ]);
  });

  it('gives an ОУО administrator the organisation tree and users, not a school of their own', () => {
    expect(keys(viewer('ouo', ['organisation:read', 'pupil:read', 'user:read'], ['school_editor']))).toEqual([
      'nav.home /',
      'nav.search /pupils/search',
      'nav.organisations /organisations',
      'nav.users /users',
      'nav.territories /territories',
    ]);
  });

  it('shows the audit log to security officers and users only to those who may grant a role', () => {
    const ministry = viewer('ministry', ['organisation:read', 'user:read', 'audit:read'], ['region_admin']);
    expect(keys(ministry)).toContain('nav.audit /audit');
    expect(keys(ministry)).toContain('nav.users /users');
    expect(keys(viewer('region', ['organisation:read', 'user:read']))).not.toContain('nav.users /users');
    expect(keys(viewer('region', ['organisation:read']))).not.toContain('nav.audit /audit');
  });

  it('reads permissions as given, including ones it does not know', () => {
    const v = viewer('school', ['pupil:read', 'report:future']);
    expect(can(v, 'pupil:read')).toBe(true);
    expect(can(v, 'pupil:write')).toBe(false);
    expect(can(null, 'pupil:read')).toBe(false);
    expect(ownSchoolId(v)).toBe('school-1');
    expect(ownSchoolId(viewer('ouo', []))).toBeNull();
  });
});

describe('safeNext and signInPath', () => {
  it('returns only to a path of the portal', () => {
    expect(safeNext('/pupils/42?tab=history')).toBe('/pupils/42?tab=history');
    for (const bad of [
      null,
      undefined,
      '',
      'https://evil.example/',
      '//evil.example',
      '/\\evil',
      'pupils',
      '/sign-in',
      '/activate?x=1',
    ]) {
      expect(safeNext(bad), String(bad)).toBe('/');
    }
  });

  it('builds the sign-in address that leads back', () => {
    expect(signInPath('/schools/1/classes/6-%D0%90')).toBe('/sign-in?next=%2Fschools%2F1%2Fclasses%2F6-%25D0%2590');
    expect(signInPath('/')).toBe('/sign-in');
    expect(signInPath('/profile', '/enrol-totp')).toBe('/enrol-totp?next=%2Fprofile');
  });
});
