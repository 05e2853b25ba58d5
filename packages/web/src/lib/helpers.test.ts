import type { Organisation } from '@aikom/sdk';
import { describe, expect, it } from 'vitest';
import { filterOrganisations } from '../components/organisationFilter';
import { auditQuery } from '../pages/audit/query';
import { groupSecret } from '../pages/auth/totp';
import { describeAgent } from './agent';
import { endOfLocalDay, formatDateTime, localDayOf, parseDate } from './date';
import { plainText } from './text';

describe('date helpers', () => {
  it('shows a moment as дд.мм.рррр гг:хх in local time', () => {
    const local = new Date(2025, 8, 1, 8, 5);
    expect(formatDateTime(local.toISOString())).toBe('01.09.2025 08:05');
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('2025-09-01')).toBe('');
  });

  it('turns a day into its last moment and back', () => {
    const end = endOfLocalDay('2025-12-31')!;
    expect(new Date(end).getHours()).toBe(23);
    expect(localDayOf(end)).toBe('2025-12-31');
    expect(endOfLocalDay('2025-02-30')).toBeNull();
    expect(localDayOf(null)).toBe('');
  });
});

describe('small helpers', () => {
  it('says a user agent briefly', () => {
    expect(
      describeAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
      ),
    ).toBe('Chrome 124 · Windows');
    expect(describeAgent('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe(
      'Firefox 128 · Linux',
    );
    expect(describeAgent(null)).toBe('—');
  });

  it('groups a TOTP secret by four', () => {
    expect(groupSecret('L4TLQOFD37YHM6LS')).toBe('L4TL QOFD 37YH M6LS');
    expect(groupSecret('ABCDEF')).toBe('ABCD EF');
  });

  it('writes loosely typed values as text', () => {
    expect([plainText('a'), plainText(3), plainText(false), plainText(null), plainText({ a: [1] })]).toEqual([
      'a',
      '3',
      'false',
      '',
      '{"a":[1]}',
    ]);
  });

  it('builds the audit search of a page from the address', () => {
    expect(auditQuery(new URLSearchParams('from=2025-09-01&action=user.create&junk=1&actor= '), 120)).toEqual({
      limit: 50,
      from: '2025-09-01',
      action: 'user.create',
      before: 120,
    });
  });
});

describe('filterOrganisations', () => {
  const org = (name: string, territory: string, edrpou: string | null = null) =>
    ({
      id: name,
      name,
      shortName: null,
      edrpou,
      territory: { code: 'UA1', name: territory, category: 'O' },
    }) as Organisation;
  const regions = [
    org('Департамент освіти і науки Київської обласної державної адміністрації', 'Київська'),
    org('Департамент освіти і науки виконавчого органу Київської міської ради', 'Київ'),
    org('Департамент освіти і науки Львівської обласної державної адміністрації', 'Львівська', '12345678'),
  ];
  it('finds by every word typed, anywhere in the name, location or ЄДРПОУ', () => {
    expect(filterOrganisations(regions, 'Київської обл').map((o) => o.territory?.name)).toEqual(['Київська']);
    expect(filterOrganisations(regions, 'київ').length).toBe(2);
    expect(filterOrganisations(regions, '1234').map((o) => o.territory?.name)).toEqual(['Львівська']);
    expect(filterOrganisations(regions, '  ').length).toBe(3);
  });
});

describe('parseDate', () => {
  it('reads дд.мм.рррр as people type it, and ISO as pasted', () => {
    expect(parseDate('09.03.2014')).toBe('2014-03-09');
    expect(parseDate(' 9.3.2014 ')).toBe('2014-03-09');
    expect(parseDate('09/03/2014')).toBe('2014-03-09');
    expect(parseDate('09032014')).toBe('2014-03-09');
    expect(parseDate('2014-03-09')).toBe('2014-03-09');
    expect(parseDate('29.02.2024')).toBe('2024-02-29');
  });

  it('refuses what is not a real date', () => {
    for (const bad of ['', '31.02.2014', '29.02.2023', '09.13.2014', '9.3.14', 'завтра', '2014-3-9', '00.01.2014']) {
      expect(parseDate(bad), bad).toBeNull();
    }
  });
});
