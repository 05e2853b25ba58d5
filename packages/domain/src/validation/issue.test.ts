import { describe, expect, it } from 'vitest';
import { issueOf, pointer, pointersOverlap } from './issue';

describe('issueOf', () => {
  it('takes the severity, path and Ukrainian message of the rule', () => {
    expect(issueOf('BIRTH_CERT_SERIES_FORMAT')).toEqual({
      code: 'BIRTH_CERT_SERIES_FORMAT',
      path: '/birthCertificate/series',
      message: 'Серія свідоцтва має складатися з римської цифри, дефіса та двох українських літер, напр. І-БК.',
      severity: 'error',
    });
  });

  it('takes another path and details when given', () => {
    expect(issueOf('SCHEMA_TYPE', '/lastName', { expected: 'string' })).toMatchObject({
      path: '/lastName',
      params: { expected: 'string' },
    });
  });
});

describe('pointer', () => {
  it.each([
    ['', 'lastName', '/lastName'],
    ['/enrollment', 'grade', '/enrollment/grade'],
    ['', 'a/b', '/a~1b'],
    ['', 'a~b', '/a~0b'],
    ['', '~1', '/~01'],
    ['/list', 0, '/list/0'],
    ['', '', '/'],
  ])('%j + %j → %j', (base, key, expected) => {
    expect(pointer(base, key)).toBe(expected);
  });
});

describe('pointersOverlap', () => {
  it.each([
    ['/a', '/a', true],
    ['/a', '/a/b', true],
    ['/a/b', '/a', true],
    ['/a', '/ab', false],
    ['/a/b', '/a/c', false],
    ['', '/a', true],
    ['/a', '', true],
  ])('%j and %j → %s', (a, b, expected) => {
    expect(pointersOverlap(a, b)).toBe(expected);
  });
});
