/**
 * The shape rules: the TypeBox schema of the exchange record turned into catalogue issues (`SCHEMA_…`). Run on the
 * normalised record, after the field rules; `validatePupil` keeps only the shape issues that no field rule has
 * already explained, so every schema violation is reported once.
 */
import { Type } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';
import { ForeignBirthCertificateSchema, PupilRecordSchema, UkrainianBirthCertificateSchema } from '../exchange-record';
import { isFields, type Fields } from './fields';
import { isUkrainianCertificate } from './identifier-rules';
import { issueOf, pointer, type Issue } from './issue';
import type { RuleCode } from './rules';

/**
 * The record's schema with the birth certificate left out: the certificate is a union of a Ukrainian and a foreign
 * shape, and the errors of a union list every branch. It is checked separately against the branch its issuing
 * country selects, so that a foreign certificate is never told that its number needs six digits.
 */
const RecordWithoutCertificateSchema = Type.Object(
  { ...PupilRecordSchema.properties, birthCertificate: Type.Optional(Type.Unknown()) },
  { additionalProperties: false },
);

interface Validators {
  record: Validator;
  ukrainianCertificate: Validator;
  foreignCertificate: Validator;
}
let validators: Validators | undefined;
/** Compiled on first use, so that importing the domain package costs nothing. */
function compiled(): Validators {
  validators ??= {
    record: Compile(RecordWithoutCertificateSchema),
    ukrainianCertificate: Compile(UkrainianBirthCertificateSchema),
    foreignCertificate: Compile(ForeignBirthCertificateSchema),
  };
  return validators;
}

function codeOf(keyword: string): RuleCode {
  switch (keyword) {
    case 'type':
      return 'SCHEMA_TYPE';
    case 'enum':
    case 'const':
      return 'SCHEMA_ENUM';
    case 'maxLength':
      return 'SCHEMA_TOO_LONG';
    default:
      return 'SCHEMA_INVALID_VALUE';
  }
}

function issuesOf(errors: Iterable<TLocalizedValidationError>, base: string): Issue[] {
  const out: Issue[] = [];
  for (const error of errors) {
    const at = base + error.instancePath;
    switch (error.keyword) {
      case 'additionalProperties':
        for (const key of error.params.additionalProperties)
          out.push(issueOf('SCHEMA_UNKNOWN_FIELD', pointer(at, key)));
        break;
      case 'required':
        for (const key of error.params.requiredProperties) out.push(issueOf('SCHEMA_REQUIRED', pointer(at, key)));
        break;
      case 'boolean':
        // `additionalProperties: false` reports each unknown field twice; the `additionalProperties` error names it.
        break;
      default:
        out.push(issueOf(codeOf(error.keyword), at));
    }
  }
  return out;
}

/** The shape issues of a normalised record, one per field at most. */
export function schemaIssues(record: Fields): Issue[] {
  const v = compiled();
  const issues = issuesOf(v.record.Errors(record), '');
  const certificate = record.birthCertificate;
  if (isFields(certificate)) {
    const branch = isUkrainianCertificate(certificate) ? v.ukrainianCertificate : v.foreignCertificate;
    issues.push(...issuesOf(branch.Errors(certificate), '/birthCertificate'));
  } else if (certificate !== undefined) {
    issues.push(issueOf('SCHEMA_TYPE', '/birthCertificate'));
  }
  const seen = new Set<string>();
  return issues.filter((issue) => !seen.has(issue.path) && seen.add(issue.path));
}
