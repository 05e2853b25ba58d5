import type { PupilRecord } from '../exchange-record';
import type { ValidationContext } from './context';
import { ageIssues } from './age-rules';
import { contactIssues, displacementIssues } from './status-rules';
import { enrollmentIssues } from './enrollment-rules';
import { birthCertificateIssues, rnokppIssues, unzrIssues } from './identifier-rules';
import { issueOf, pointersOverlap, type Issue } from './issue';
import { normaliseWithNotes } from './normalise-pupil-record';
import { birthDateIssues, citizenshipIssues, nameIssues, residenceIssues, sexIssues } from './person-rules';
import { recordFacts } from './record-facts';
import { schemaIssues } from './schema-issues';

export interface ValidationResult {
  /** Issues that block saving. */
  errors: Issue[];
  /** Issues saved with the record and listed for review. */
  warnings: Issue[];
  /** The canonical form of the record; of the exchange shape when `errors` is empty. */
  normalised: PupilRecord;
}

/**
 * Validates a pupil exchange record by the catalogue (`VALIDATION_RULES`): normalises it, runs the field rules on
 * the normalised record and adds the shape issues that no field rule explains. Never throws, whatever the input: a
 * value that is not an object is one `SCHEMA_NOT_OBJECT` error. Pure: today's date, the school year and the
 * codifier come in `context`; without `context.territories` the codifier rules are skipped.
 *
 * @example
 * const { errors, warnings, normalised } = validatePupil(body, { today: '2025-10-01', schoolYearStart: 2025 });
 */
export function validatePupil(input: unknown, context: ValidationContext): ValidationResult {
  const { record, notes } = normaliseWithNotes(input);
  if (record === null) return { errors: [issueOf('SCHEMA_NOT_OBJECT')], warnings: [], normalised: {} as PupilRecord };
  const facts = recordFacts(record, context);
  const fieldIssues = [
    ...notes,
    ...nameIssues(record, facts),
    ...sexIssues(record),
    ...birthDateIssues(record, facts),
    ...ageIssues(record, facts),
    ...birthCertificateIssues(record),
    ...unzrIssues(record, facts),
    ...rnokppIssues(record, facts),
    ...citizenshipIssues(record),
    ...residenceIssues(record, facts),
    ...displacementIssues(record, facts),
    ...contactIssues(record, facts),
    ...enrollmentIssues(record, facts),
  ];
  const explained = fieldIssues.filter((i) => i.severity === 'error').map((i) => i.path);
  const shapeIssues = schemaIssues(record).filter((s) => !explained.some((path) => pointersOverlap(path, s.path)));
  const all = [...shapeIssues, ...fieldIssues];
  return {
    errors: all.filter((i) => i.severity === 'error'),
    warnings: all.filter((i) => i.severity === 'warning'),
    normalised: record as PupilRecord,
  };
}
