/**
 * Data-update campaigns: the MON letter of 27.06.2023 asked every school to check four indicators of every pupil
 * by a deadline (7 July 2023) and asked education authorities to watch and encourage. A campaign names what must be
 * satisfied; a pupil is "done" when none of those rules fails for them; a school may confirm when all its pupils
 * are done.
 */
import {
  INDICATORS,
  INDICATOR_NUMBERS,
  VALIDATION_RULES,
  indicatorRules,
  isRuleCode,
  type IndicatorNumber,
  type RuleCode,
} from '../validation/rules';

/**
 * The rules a campaign requires for a set of indicators: for each indicator, its "not recorded" rule and its errors.
 * Advisory warnings (an unusual age, a replaced look-alike letter, a lost contact that is recorded) do not block: the
 * data is current even when it says something worth a look.
 */
export function requiredRules(indicators: readonly IndicatorNumber[], extra: readonly string[] = []): RuleCode[] {
  const codes = new Set<RuleCode>();
  for (const n of indicators) {
    codes.add(INDICATORS[n].missingRule);
    for (const code of indicatorRules(n)) if (VALIDATION_RULES[code].severity === 'error') codes.add(code);
  }
  for (const code of extra) if (isRuleCode(code)) codes.add(code);
  return [...codes].sort();
}

/** The four indicators of the MON letter: the default of a new campaign. */
export const MON_LETTER_INDICATORS: readonly IndicatorNumber[] = INDICATOR_NUMBERS;

/** Whether a pupil's stored quality codes satisfy the campaign. */
export function pupilDone(qualityCodes: readonly string[], required: ReadonlySet<string>): boolean {
  return !qualityCodes.some((c) => required.has(c));
}

export type SchoolCampaignStatus = 'open' | 'complete' | 'confirmed' | 'reopened';

/**
 * The state of one school in a campaign:
 * - `open` — some pupils still fail a required rule;
 * - `complete` — nothing blocking remains, not yet confirmed (or no confirmation is required);
 * - `confirmed` — the school confirmed that the data is current;
 * - `reopened` — confirmed, then the data changed: it must be checked and confirmed again.
 */
export function schoolStatus(s: {
  pupils: number;
  done: number;
  confirmedAt: string | null;
  changedAfterConfirmation: boolean;
}): SchoolCampaignStatus {
  if (s.confirmedAt && !s.changedAfterConfirmation) return 'confirmed';
  if (s.confirmedAt && s.changedAfterConfirmation) return 'reopened';
  return s.done >= s.pupils ? 'complete' : 'open';
}

/** Confirmation is allowed only when nothing blocking remains. */
export function canConfirm(s: { pupils: number; done: number }): boolean {
  return s.done >= s.pupils;
}

/** A confirmation after the end of the deadline day (Kyiv time) is late. */
export function isLate(confirmedAt: Date, deadline: string): boolean {
  return confirmedAt.getTime() > endOfDayKyiv(deadline).getTime();
}

/**
 * The end of a calendar day in Kyiv as an instant. Ukraine is UTC+2 in winter and UTC+3 in summer (EU rules: from the
 * last Sunday of March to the last Sunday of October).
 */
export function endOfDayKyiv(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(y, month, 0));
    return last.getUTCDate() - last.getUTCDay();
  };
  const summer = (m > 3 && m < 10) || (m === 3 && d >= lastSunday(3)) || (m === 10 && d < lastSunday(10));
  return new Date(Date.UTC(y, m - 1, d, 24 - (summer ? 3 : 2), 0, 0) - 1);
}

/** Percent, rounded down, so 99.9 % never shows as 100 %. */
export function completion(done: number, total: number): number {
  return total === 0 ? 100 : Math.floor((100 * done) / total);
}

/** The day a reminder goes out: N days before the deadline. */
export function reminderDay(deadline: string, daysBefore: number): string {
  const t = Date.parse(`${deadline}T00:00:00Z`) - daysBefore * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
