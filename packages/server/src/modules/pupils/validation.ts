import type { ValidationContext } from '@aikom/domain/validation/context';
import { validatePupil, type ValidationResult } from '@aikom/domain/validation/validate';
import { kyivDate } from '@aikom/domain/kyiv-time';
import { schoolYearOf } from '@aikom/domain/school-year';
import { referenceIndex } from '../../reference/reference-index';

/**
 * The validation catalogue on the server: the same rules as in the browser, plus the ones that need the KATOTTH
 * codifier and the list of hostilities/occupation (answered from the in-memory reference index).
 */
export function serverValidationContext(now: Date): ValidationContext {
  const today = kyivDate(now);
  const index = referenceIndex();
  return {
    today,
    schoolYearStart: schoolYearOf(today).id,
    territories: {
      get: (code) => index.get(code),
      hostilityPeriods: (code) => index.hostilityPeriods(code),
    },
  };
}

export function validateOnServer(record: unknown, now: Date, context?: Partial<ValidationContext>): ValidationResult {
  return validatePupil(record, { ...serverValidationContext(now), ...context });
}
