/**
 * Ukrainian agreement of a noun with a number: 1 учень, 2 учні, 5 учнів, 21 учень, 12 учнів; a fractional number takes
 * the genitive singular (2,5 учня).
 */
export interface NounForms {
  /** 1, 21, 31 … */
  one: string;
  /** 2–4, 22–24 … */
  few: string;
  /** 0, 5–20, 25–30 … */
  many: string;
  /** A fractional count (the genitive singular). */
  fraction: string;
}

export const PUPILS: NounForms = { one: 'учень', few: 'учні', many: 'учнів', fraction: 'учня' };
export const CLASSES: NounForms = { one: 'клас', few: 'класи', many: 'класів', fraction: 'класу' };
export const SETTLEMENTS: NounForms = {
  one: 'населений пункт',
  few: 'населені пункти',
  many: 'населених пунктів',
  fraction: 'населеного пункту',
};
export const SCHOOLS: NounForms = { one: 'заклад', few: 'заклади', many: 'закладів', fraction: 'закладу' };
/** «у N закладах» — the locative. */
export const IN_SCHOOLS: NounForms = { one: 'закладі', few: 'закладах', many: 'закладах', fraction: 'закладу' };
export const BUDGETS: NounForms = { one: 'бюджет', few: 'бюджети', many: 'бюджетів', fraction: 'бюджету' };

/**
 * The form of a noun for a count written as text (`"12"`, `"53,3333"`, `"1 234"`).
 *
 * @example noun('21', PUPILS) // 'учень'; noun('2,5', PUPILS) // 'учня'
 */
export function noun(count: string | number | bigint, forms: NounForms): string {
  const text = String(count).replace(/[\s\u00a0]/g, '');
  if (/[.,]/.test(text)) return forms.fraction;
  const n = BigInt(text.replace(/^[−-]/, ''));
  const last = n % 10n;
  const lastTwo = n % 100n;
  if (last === 1n && lastTwo !== 11n) return forms.one;
  if (last >= 2n && last <= 4n && (lastTwo < 12n || lastTwo > 14n)) return forms.few;
  return forms.many;
}

/** A count with its noun: `counted('2', PUPILS)` → `'2 учні'`. */
export function counted(count: string | number | bigint, forms: NounForms): string {
  return `${String(count)} ${noun(count, forms)}`;
}
