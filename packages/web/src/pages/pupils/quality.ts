import type { QualityRule } from '@aikom/sdk';

/** Errors first, then the rules that hit the most pupils. */
export function orderRules(rules: readonly QualityRule[]): QualityRule[] {
  const rank = (r: QualityRule) => (r.severity === 'error' ? 0 : 1);
  return [...rules].sort((a, b) => rank(a) - rank(b) || b.pupils - a.pupils || a.code.localeCompare(b.code));
}
