import { describe, expect, it } from 'vitest';
import { checkDraft, emptyDraft, extraRuleChoices, toInput } from './campaignForm';

describe('the campaign form', () => {
  const today = '2025-09-15';
  const good = { ...emptyDraft(), title: 'Актуалізація даних про учнів', deadline: '2025-10-01' };

  it('accepts a campaign for all schools with the four indicators and sends them', () => {
    expect(checkDraft(good, today)).toEqual({});
    expect(toInput(good)).toEqual({
      title: 'Актуалізація даних про учнів',
      deadline: '2025-10-01',
      scope: { kind: 'all' },
      indicators: [1, 2, 3, 4],
      rules: [],
      requiresConfirmation: true,
      reminderDays: 3,
    });
  });

  it('names what is missing or wrong, field by field', () => {
    expect(checkDraft({ ...good, title: ' а ', deadline: '' }, today)).toEqual({
      title: 'titleShort',
      deadline: 'deadlineMissing',
    });
    expect(checkDraft({ ...good, deadline: '31.02.2025' }, today).deadline).toBe('deadlineInvalid');
    expect(checkDraft({ ...good, deadline: '2025-09-14' }, today).deadline).toBe('deadlinePast');
    expect(checkDraft({ ...good, deadline: today }, today).deadline).toBeUndefined();
    expect(checkDraft({ ...good, scopeKind: 'region' }, today).regionId).toBe('regionMissing');
    expect(checkDraft({ ...good, scopeKind: 'list' }, today).schoolIds).toBe('schoolsMissing');
    expect(checkDraft({ ...good, indicators: [] }, today).indicators).toBe('nothingRequired');
    expect(checkDraft({ ...good, reminderDays: '0' }, today).reminderDays).toBe('reminderInvalid');
    expect(checkDraft({ ...good, reminderDays: '' }, today).reminderDays).toBeUndefined();
  });

  it('lets extra rules stand in for indicators, and offers only errors not already required', () => {
    const extra = extraRuleChoices([]);
    expect(extra.length).toBeGreaterThan(0);
    expect(checkDraft({ ...good, indicators: [], rules: [extra[0]!] }, today)).toEqual({});
    // An indicator's own rules are not offered again once it is chosen.
    expect(extraRuleChoices([1, 2, 3, 4]).length).toBeLessThan(extra.length);
    const input = toInput({ ...good, scopeKind: 'list', schoolIds: ['a'], reminderDays: '' });
    expect(input.scope).toEqual({ kind: 'list', schoolIds: ['a'] });
    expect('reminderDays' in input).toBe(false);
  });
});
