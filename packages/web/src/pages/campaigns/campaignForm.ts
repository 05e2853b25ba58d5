import { requiredRules } from '@aikom/domain/campaigns/campaign';
import { INDICATOR_NUMBERS, RULE_CODES, VALIDATION_RULES, type IndicatorNumber } from '@aikom/domain/validation/rules';
import type { CampaignInput } from './campaignApi';

/** The create form as typed: ids of the fields are the keys (the error summary links to them). */
export interface CampaignDraft {
  title: string;
  instructions: string;
  /** ISO date when typed as a real дд.мм.рррр, else the text as typed. */
  deadline: string;
  scopeKind: 'all' | 'region' | 'list';
  regionId: string;
  schoolIds: string[];
  indicators: IndicatorNumber[];
  rules: string[];
  requiresConfirmation: boolean;
  /** Days before the deadline for the automatic reminder; '' = none. */
  reminderDays: string;
}

export const emptyDraft = (regionId = ''): CampaignDraft => ({
  title: '',
  instructions: '',
  deadline: '',
  scopeKind: regionId ? 'region' : 'all',
  regionId,
  schoolIds: [],
  indicators: [...INDICATOR_NUMBERS],
  rules: [],
  requiresConfirmation: true,
  reminderDays: '3',
});

export type DraftProblem =
  | 'titleShort'
  | 'deadlineMissing'
  | 'deadlineInvalid'
  | 'deadlinePast'
  | 'regionMissing'
  | 'schoolsMissing'
  | 'nothingRequired'
  | 'reminderInvalid';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with the draft before it goes to the server (which checks the same again), by field id. */
export function checkDraft(d: CampaignDraft, today: string): Partial<Record<keyof CampaignDraft, DraftProblem>> {
  const out: Partial<Record<keyof CampaignDraft, DraftProblem>> = {};
  if (d.title.trim().length < 3) out.title = 'titleShort';
  if (!d.deadline.trim()) out.deadline = 'deadlineMissing';
  else if (!ISO.test(d.deadline)) out.deadline = 'deadlineInvalid';
  else if (d.deadline < today) out.deadline = 'deadlinePast';
  if (d.scopeKind === 'region' && !d.regionId) out.regionId = 'regionMissing';
  if (d.scopeKind === 'list' && d.schoolIds.length === 0) out.schoolIds = 'schoolsMissing';
  if (requiredRules(d.indicators, d.rules).length === 0) out.indicators = 'nothingRequired';
  if (d.reminderDays.trim() !== '') {
    const n = Number(d.reminderDays);
    if (!Number.isInteger(n) || n < 1 || n > 60) out.reminderDays = 'reminderInvalid';
  }
  return out;
}

/** The request body of `POST /api/v1/campaigns` for a checked draft. */
export function toInput(d: CampaignDraft): CampaignInput {
  return {
    title: d.title.trim(),
    ...(d.instructions.trim() ? { instructions: d.instructions.trim() } : {}),
    deadline: d.deadline,
    scope:
      d.scopeKind === 'region'
        ? { kind: 'region', regionId: d.regionId }
        : d.scopeKind === 'list'
          ? { kind: 'list', schoolIds: [...d.schoolIds] }
          : { kind: 'all' },
    indicators: [...d.indicators].sort(),
    rules: [...d.rules],
    requiresConfirmation: d.requiresConfirmation,
    ...(d.reminderDays.trim() ? { reminderDays: Number(d.reminderDays) } : {}),
  };
}

/** Errors of the catalogue that no chosen indicator already requires: what can be added as extra rules. */
export function extraRuleChoices(indicators: readonly IndicatorNumber[]): string[] {
  const covered = new Set<string>(requiredRules(indicators));
  return RULE_CODES.filter((code) => VALIDATION_RULES[code].severity === 'error' && !covered.has(code));
}
