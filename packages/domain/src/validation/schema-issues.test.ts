import { describe, expect, it } from 'vitest';
import { validPupilRecord } from '../testing/pupil-records';
import { schemaIssues } from './schema-issues';

const codes = (record: Record<string, unknown>) => schemaIssues(record).map((i) => `${i.code}@${i.path}`);

describe('schemaIssues', () => {
  it('finds nothing in a valid record', () => {
    expect(schemaIssues({ ...validPupilRecord() })).toEqual([]);
  });

  it('names every missing required field (the safety net behind the field rules)', () => {
    expect(codes({})).toEqual(['SCHEMA_REQUIRED@/lastName', 'SCHEMA_REQUIRED@/firstName', 'SCHEMA_REQUIRED@/sex']);
    expect(codes({ ...validPupilRecord(), enrollment: {} })).toEqual([
      'SCHEMA_REQUIRED@/enrollment/schoolEdrpou',
      'SCHEMA_REQUIRED@/enrollment/schoolYear',
      'SCHEMA_REQUIRED@/enrollment/grade',
    ]);
  });

  it('names every unknown field once', () => {
    expect(codes({ ...validPupilRecord(), a: 1, b: 2 })).toEqual([
      'SCHEMA_UNKNOWN_FIELD@/a',
      'SCHEMA_UNKNOWN_FIELD@/b',
    ]);
  });

  it('maps the other keywords of the schema', () => {
    expect(
      codes({
        ...validPupilRecord(),
        lastName: 1,
        sex: 'x',
        firstName: 'Т'.repeat(101),
        birthDate: '2014-3-9',
        residence: {},
      }),
    ).toEqual([
      'SCHEMA_TYPE@/lastName',
      'SCHEMA_TOO_LONG@/firstName',
      'SCHEMA_ENUM@/sex',
      'SCHEMA_INVALID_VALUE@/birthDate',
      'SCHEMA_INVALID_VALUE@/residence',
    ]);
  });

  it('checks a Ukrainian certificate against the Ukrainian shape only', () => {
    expect(codes({ ...validPupilRecord(), birthCertificate: { series: 'І-БК', number: '12' } })).toEqual([
      'SCHEMA_INVALID_VALUE@/birthCertificate/number',
    ]);
  });

  it('checks a foreign certificate against the foreign shape only', () => {
    expect(codes({ ...validPupilRecord(), birthCertificate: { number: '12', issuedCountry: 'PL' } })).toEqual([]);
    expect(codes({ ...validPupilRecord(), birthCertificate: { series: 'USC', number: '12' } })).toEqual([
      'SCHEMA_REQUIRED@/birthCertificate/issuedCountry',
    ]);
  });

  it('reports a certificate that is not an object', () => {
    expect(codes({ ...validPupilRecord(), birthCertificate: ['І-БК', '123456'] })).toEqual([
      'SCHEMA_TYPE@/birthCertificate',
    ]);
  });
});
