import { describe, expect, it } from 'vitest';
import {
  INDICATORS,
  INDICATOR_NUMBERS,
  RULE_CODES,
  VALIDATION_RULES,
  indicatorRules,
  isRuleCode,
  type RuleDefinition,
} from './rules';

const rules = Object.entries(VALIDATION_RULES) as Array<[string, RuleDefinition]>;

describe('VALIDATION_RULES', () => {
  it.each(rules)('%s is a well-formed rule', (code, rule) => {
    expect(code).toMatch(/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/);
    expect(['error', 'warning']).toContain(rule.severity);
    expect(rule.path === '*' || /^(?:\/[A-Za-z]+)*$/.test(rule.path)).toBe(true);
    expect(rule.source.length).toBeGreaterThan(10);
    if (rule.indicator !== undefined) expect(INDICATOR_NUMBERS).toContain(rule.indicator);
  });

  it.each(rules)('%s has a Ukrainian and an English message, each a sentence', (_code, { message }) => {
    expect(message.uk).toMatch(/^[А-ЩЬЮЯҐЄІЇ]/u);
    expect(message.uk).toMatch(/[.]$/);
    // The Ukrainian apostrophe is U+02BC (names.ts), never the ASCII one.
    expect(message.uk).not.toMatch(/['’]/u);
    expect(message.en).toMatch(/^[A-Z]/);
    expect(message.en).toMatch(/[.]$/);
  });

  it('has unique Ukrainian messages, except the same check on two fields', () => {
    const counts = new Map<string, string[]>();
    for (const [code, rule] of rules) counts.set(rule.message.uk, [...(counts.get(rule.message.uk) ?? []), code]);
    const repeated = [...counts.values()].filter((codes) => codes.length > 1);
    expect(repeated).toEqual([
      ['RESIDENCE_KATOTTG_FORMAT', 'DISPLACEMENT_ORIGIN_FORMAT'],
      ['RESIDENCE_KATOTTG_UNKNOWN', 'DISPLACEMENT_ORIGIN_UNKNOWN'],
    ]);
  });

  it('cites a source for each rule: a law, an order, a form, a standard or a section of the design', () => {
    for (const [code, rule] of rules) {
      expect(rule.source, code).toMatch(
        /Закон|Кодекс|наказ|Правила|Положення|форма|ДСТУ|лист МОН|DOMAIN\.md|ARCHITECTURE\.md/u,
      );
    }
  });

  it('makes warnings of exactly the rules that must not block saving', () => {
    // Unverified or advisory checks (the УНЗР check digit, what an РНОКПП encodes, ages, a suspected swap), the
    // "not recorded" indicators, the normalisations worth a look, and the review lists (a lost contact).
    expect(RULE_CODES.filter((code) => VALIDATION_RULES[code].severity === 'warning')).toEqual([
      'LAST_NAME_LATIN_LOOKALIKE',
      'FIRST_NAME_LATIN_LOOKALIKE',
      'MIDDLE_NAME_LATIN_LOOKALIKE',
      'MIDDLE_NAME_SEX_MISMATCH',
      'BIRTH_DATE_MISSING',
      'BIRTH_DATE_AGE_UNUSUAL',
      'BIRTH_DATE_DAY_MONTH_SWAP',
      'BIRTH_CERT_MISSING',
      'BIRTH_CERT_SERIES_LATIN_LOOKALIKE',
      'UNZR_CHECK_DIGIT',
      'RNOKPP_BIRTH_DATE_MISMATCH',
      'RNOKPP_SEX_MISMATCH',
      'DISPLACEMENT_MISSING',
      'DISPLACEMENT_SINCE_MISSING',
      'DISPLACEMENT_ORIGIN_NOT_LISTED',
      'DISPLACEMENT_SINCE_BEFORE_LISTED',
      'DISPLACEMENT_NONE_WITH_DETAILS',
      'DISPLACEMENT_INTERNAL_WITH_COUNTRY',
      'CONTACT_MISSING',
      'CONTACT_LOST',
      'DUPLICATE_SUSPECTED',
      'CONTACT_IN_CONTACT_WITH_LOST_SINCE',
      'ENROLLMENT_CLASS_LETTER_LATIN_LOOKALIKE',
      'ENROLLMENT_ENTRY_DATE_IN_FUTURE',
    ]);
  });

  it('lists the codes in RULE_CODES', () => {
    expect(RULE_CODES).toEqual(Object.keys(VALIDATION_RULES));
  });
});

describe('isRuleCode', () => {
  it('knows the catalogue codes only', () => {
    expect(isRuleCode('BIRTH_CERT_SERIES_FORMAT')).toBe(true);
    expect(isRuleCode('NOT_A_RULE')).toBe(false);
    expect(isRuleCode('toString')).toBe(false);
    expect(isRuleCode(42)).toBe(false);
  });
});

describe('INDICATORS', () => {
  it('are the four of the MON letter of 27.06.2023, named in both languages', () => {
    expect(Object.keys(INDICATORS)).toEqual(['1', '2', '3', '4']);
    expect(INDICATORS[1].uk).toBe('Серія та номер свідоцтва про народження');
    expect(INDICATORS[2].uk).toBe('Дата народження');
    for (const n of INDICATOR_NUMBERS) expect(INDICATORS[n].en).toMatch(/^[A-Z]/);
  });

  it.each(INDICATOR_NUMBERS)(
    'indicator %i is reported missing by a warning of its own, so saving stays possible',
    (n) => {
      const missing = VALIDATION_RULES[INDICATORS[n].missingRule] as RuleDefinition;
      expect(missing.severity).toBe('warning');
      expect(missing.indicator).toBe(n);
      expect(indicatorRules(n)).toContain(INDICATORS[n].missingRule);
    },
  );

  it('assign the rules of each status to its indicator', () => {
    expect(indicatorRules(1).every((c) => c.startsWith('BIRTH_CERT_'))).toBe(true);
    expect(indicatorRules(2).every((c) => c.startsWith('BIRTH_DATE_'))).toBe(true);
    expect(indicatorRules(3).every((c) => c.startsWith('DISPLACEMENT_'))).toBe(true);
    expect(indicatorRules(4).every((c) => c.startsWith('CONTACT_'))).toBe(true);
    expect(indicatorRules(4)).toContain('CONTACT_LOST');
  });
});
