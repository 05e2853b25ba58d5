import type { Organisation } from '@aikom/sdk';
import { describe, expect, it } from 'vitest';
import { EMPTY_ORG_FORM, checkOrgForm, formToCreate, formToPatch, orgFieldOf, orgToForm } from './orgForm';

const school: Organisation = {
  id: 's1',
  kind: 'school',
  parentId: 'o1',
  regionId: 'r1',
  ouoId: 'o1',
  name: 'Бучанський ліцей № 1',
  shortName: null,
  edrpou: '32855961',
  territory: { code: 'UA32080070010087821', name: 'Буча', category: 'M' },
  schoolType: 'lyceum',
  schoolTypeLabel: 'ліцей',
  ownership: 'communal',
  settlementType: 'urban',
  status: 'operating',
  originalTerritory: null,
  founder: null,
  gradeMin: 1,
  gradeMax: 11,
  address: 'вул. Енергетиків, 12',
  childCount: 0,
  version: 3,
  updatedAt: '2025-09-01T08:00:00Z',
};

describe('the organisation form', () => {
  it('creates a school with what is filled in and nothing empty', () => {
    const v = { ...orgToForm(school), shortName: ' ', founder: '', address: '' };
    expect(formToCreate('school', 'o1', v)).toEqual({
      kind: 'school',
      parentId: 'o1',
      name: 'Бучанський ліцей № 1',
      edrpou: '32855961',
      territoryCode: 'UA32080070010087821',
      schoolType: 'lyceum',
      ownership: 'communal',
      settlementType: 'urban',
      status: 'operating',
      gradeMin: 1,
      gradeMax: 11,
    });
    // An ОУО has no school fields.
    expect(
      formToCreate('ouo', 'r1', { ...EMPTY_ORG_FORM, name: 'Управління освіти', gradeMin: '1', schoolType: 'lyceum' }),
    ).toEqual({
      kind: 'ouo',
      parentId: 'r1',
      name: 'Управління освіти',
      status: 'operating',
    });
  });

  it('patches only what changed, clearing an emptied optional text with null', () => {
    const before = orgToForm(school);
    expect(formToPatch(before, before)).toEqual({});
    expect(formToPatch(before, { ...before, shortName: 'Ліцей № 1', address: '' })).toEqual({
      shortName: 'Ліцей № 1',
      address: null,
    });
    expect(
      formToPatch(before, { ...before, status: 'relocated', originalTerritoryCode: 'UA23080070000068953' }),
    ).toEqual({
      status: 'relocated',
      originalTerritoryCode: 'UA23080070000068953',
    });
    const relocated = { ...before, status: 'relocated', originalTerritoryCode: 'UA23080070000068953' };
    expect(formToPatch(relocated, { ...relocated, status: 'operating' })).toEqual({
      status: 'operating',
      originalTerritoryCode: null,
    });
  });

  it('checks what the browser can: names, the ЄДРПОУ check digit, required school fields, grades', () => {
    expect(checkOrgForm('school', orgToForm(school))).toEqual({});
    expect(checkOrgForm('school', { ...EMPTY_ORG_FORM, name: 'Лі' })).toEqual({
      name: 'NAME_REQUIRED',
      edrpou: 'EDRPOU_REQUIRED',
      territoryCode: 'TERRITORY_REQUIRED',
      schoolType: 'SCHOOL_TYPE_REQUIRED',
      ownership: 'OWNERSHIP_REQUIRED',
    });
    expect(checkOrgForm('ouo', { ...EMPTY_ORG_FORM, name: 'Управління освіти' })).toEqual({});
    expect(checkOrgForm('ouo', { ...EMPTY_ORG_FORM, name: 'Управління', edrpou: '32855962' }).edrpou).toBe(
      'EDRPOU_CHECK_DIGIT',
    );
    expect(checkOrgForm('ouo', { ...EMPTY_ORG_FORM, name: 'Управління', edrpou: '3285596' }).edrpou).toBe(
      'EDRPOU_FORMAT',
    );
    expect(checkOrgForm('school', { ...orgToForm(school), gradeMin: '9', gradeMax: '5' }).gradeMax).toBe(
      'GRADES_ORDER',
    );
    expect(checkOrgForm('school', { ...orgToForm(school), gradeMin: '13' }).gradeMin).toBe('GRADE_FORMAT');
    expect(checkOrgForm('school', { ...orgToForm(school), status: 'relocated' }).originalTerritoryCode).toBe(
      'ORIGINAL_TERRITORY_REQUIRED',
    );
  });

  it('places a server error by its pointer', () => {
    expect(orgFieldOf('/edrpou')).toBe('edrpou');
    expect(orgFieldOf('/territoryCode')).toBe('territoryCode');
    expect(orgFieldOf('/parentId')).toBeNull();
    expect(orgFieldOf('')).toBeNull();
  });
});
