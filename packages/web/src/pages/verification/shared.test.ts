import { describe, expect, it } from 'vitest';
import { interpolate } from '../../i18n/core';
import { en } from '../../i18n/en';
import type { Translate } from '../../i18n/I18nProvider';
import { uk } from '../../i18n/uk';
import { navigationFor, type Viewer } from '../../lib/permissions';
import { caseStatusLabel, evidenceText, fullName, kindLabel, percent, reasonLabel } from './shared';

const translator = (language: 'uk' | 'en'): Translate =>
  Object.assign(
    (key: string, params?: Record<string, string | number>) => {
      const m = (language === 'uk' ? uk : en)[key as keyof typeof uk];
      return interpolate(typeof m === 'string' ? m : m.other, params);
    },
    { language },
  );

describe('verification labels', () => {
  const t = translator('uk');

  it('says evidence in words, with dates as дд.мм.рррр and schools by name', () => {
    expect(
      evidenceText(t, {
        code: 'births_record',
        recordId: 'ДРАЦС-1',
        snapshotVersion: 2,
        asOf: '2025-10-01',
      }),
    ).toBe('Запис витягу про народження ДРАЦС-1 (версія 2, станом на 01.10.2025)');
    expect(
      evidenceText(t, { code: 'in_transit', exitDate: '2025-09-19', school: { id: 's', name: 'Ліцей № 3' } }),
    ).toBe('Вибув(ла) 19.09.2025 із закладу Ліцей № 3 і ніде не зарахований(а)');
    // A missing value is a dash, never «undefined»; an unknown kind of evidence is shown by its code.
    expect(evidenceText(t, { code: 'lost_contact', since: null, days: 45 })).toBe(
      'Звʼязок утрачено з — (45 дн.), заклад: —',
    );
    expect(evidenceText(t, { code: 'something_new' })).toBe('something_new');
  });

  it('names kinds, statuses and reasons in both languages, falling back to the server’s words', () => {
    expect(kindLabel(t, 'idp')).toBe('Внутрішньо переміщені особи (ЄІБД ВПО)');
    expect(kindLabel(translator('en'), 'border')).toBe('State border crossings');
    expect(caseStatusLabel(t, 'found_enrolled')).toBe('Знайдено: навчається');
    expect(caseStatusLabel(t, 'archived', 'В архіві')).toBe('В архіві');
    expect(reasonLabel(translator('en'), 'sought_match')).toBe('On a list of children sought');
    expect(fullName({ lastName: 'Бондар', firstName: 'Олеся', middleName: null })).toBe('Бондар Олеся');
    expect(percent(t, 0.9953)).toBe('99,5');
    expect(percent(translator('en'), 0.9953)).toBe('99.5');
  });
});

describe('verification in the navigation', () => {
  const viewer = (kind: string, permissions: string[]): Viewer => ({
    organisation: { id: `${kind}-1`, kind, name: 'x', edrpou: null },
    permissions,
    grantableRoles: [],
  });
  const keys = (v: Viewer) => navigationFor(v).map((i) => `${i.key} ${i.to}`);

  it('gives the officer both sections, a case worker the cases only, and nobody else either', () => {
    const officer = keys(viewer('ministry', ['verification:manage', 'verification:case']));
    expect(officer).toContain('nav.verification /verification');
    expect(officer).toContain('nav.cases /verification/cases');
    const worker = keys(viewer('ouo', ['organisation:read', 'verification:case']));
    expect(worker).toContain('nav.cases /verification/cases');
    expect(worker).not.toContain('nav.verification /verification');
    const analyst = keys(viewer('ministry', ['organisation:read', 'aggregate:read']));
    expect(analyst.filter((k) => k.includes('/verification'))).toEqual([]);
  });
});
