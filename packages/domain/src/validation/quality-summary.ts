import type { Issue } from './issue';
import {
  INDICATORS,
  INDICATOR_NUMBERS,
  VALIDATION_RULES,
  type IndicatorNumber,
  type RuleCode,
  type RuleDefinition,
} from './rules';

export interface IndicatorQuality {
  /** Recorded and free of errors (warnings such as a lost contact do not make an indicator unsatisfied). */
  satisfied: boolean;
  /** The codes of the issues about this indicator. */
  codes: RuleCode[];
}

export interface QualitySummary {
  errorCount: number;
  warningCount: number;
  /** Whether the record can be saved: no errors. */
  canSave: boolean;
  /** Distinct codes, in the order of the issues. */
  codes: RuleCode[];
  /** The four indicators of the MON letter of 27.06.2023. */
  indicators: Record<IndicatorNumber, IndicatorQuality>;
}

/**
 * The data-quality view of a record's issues (errors and warnings together): counts, codes, and which of the four
 * MON indicators are satisfied — recorded (no "missing" warning) and without errors.
 *
 * @example qualitySummary([...errors, ...warnings]).indicators[1].satisfied
 */
export function qualitySummary(issues: readonly Issue[]): QualitySummary {
  const codes = [...new Set(issues.map((i) => i.code))];
  const indicators = {} as Record<IndicatorNumber, IndicatorQuality>;
  for (const n of INDICATOR_NUMBERS) {
    const mine = issues.filter((i) => (VALIDATION_RULES[i.code] as RuleDefinition).indicator === n);
    indicators[n] = {
      satisfied: !mine.some((i) => i.severity === 'error' || i.code === INDICATORS[n].missingRule),
      codes: [...new Set(mine.map((i) => i.code))],
    };
  }
  const errorCount = issues.filter((i) => i.severity === 'error').length;
  return {
    errorCount,
    warningCount: issues.length - errorCount,
    canSave: errorCount === 0,
    codes,
    indicators,
  };
}
