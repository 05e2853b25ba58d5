import { describe, expect, it } from 'vitest';
import { parseFields, parseFilter, parseSort, QueryParameterError } from './filter';

const FIELDS = ['sourcedId', 'status', 'dateLastModified', 'familyName'];

describe('OneRoster query parameters', () => {
  it('parses one predicate and predicates joined by AND or OR', () => {
    expect(parseFilter("status='active'", FIELDS)).toEqual({
      logic: 'AND',
      predicates: [{ field: 'status', op: '=', value: 'active' }],
    });
    expect(parseFilter("dateLastModified>='2025-09-01T00:00:00Z' AND status!='tobedeleted'", FIELDS)).toEqual({
      logic: 'AND',
      predicates: [
        { field: 'dateLastModified', op: '>=', value: '2025-09-01T00:00:00Z' },
        { field: 'status', op: '!=', value: 'tobedeleted' },
      ],
    });
    expect(parseFilter("familyName~'шевч' OR familyName='Бойко'", FIELDS).logic).toBe('OR');
  });

  it('refuses unknown fields, missing quotes, mixed logic and trailing garbage', () => {
    for (const bad of [
      "password='x'",
      'status=active',
      "status='active' AND familyName='a' OR familyName='b'",
      "status='active' status='x'",
      '',
    ]) {
      expect(() => parseFilter(bad, FIELDS), bad).toThrow(QueryParameterError);
    }
    try {
      parseFilter("password='x'", FIELDS);
    } catch (e) {
      expect((e as QueryParameterError).codeMinor).toBe('invalid_filter_field');
    }
  });

  it('checks sort and field selection against the whitelist', () => {
    expect(parseSort('familyName', 'desc', FIELDS)).toEqual({ field: 'familyName', direction: 'desc' });
    expect(parseSort(undefined, undefined, FIELDS)).toBeNull();
    expect(() => parseSort('birthDate', undefined, FIELDS)).toThrow(/birthDate/);
    expect(() => parseSort('familyName', 'up', FIELDS)).toThrow(QueryParameterError);
    expect(parseFields('sourcedId, familyName', FIELDS)).toEqual(['sourcedId', 'familyName']);
    expect(() => parseFields('sourcedId,identifiers', FIELDS)).toThrow(/identifiers/);
  });
});
