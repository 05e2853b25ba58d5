import { countryName } from '@aikom/domain/countries';
import {
  CONTACT_STATUSES,
  DISPLACEMENT_STATUSES,
  EDUCATION_FORMS,
  EXIT_REASONS,
  INSTRUCTION_LANGUAGES,
  SEXES,
  type Label,
} from '@aikom/domain/exchange-record';
import { INDICATORS, VALIDATION_RULES } from '@aikom/domain/validation/rules';
import { isMessageKey, type Translate } from '../../i18n/I18nProvider';

export { CONTACT_STATUSES, DISPLACEMENT_STATUSES, EDUCATION_FORMS, EXIT_REASONS, INSTRUCTION_LANGUAGES, SEXES };

/** A code of one of the exchange record's enumerations in the reader's language; an unknown code as it is. */
export function enumLabel(
  t: Translate,
  labels: Readonly<Record<string, Label>>,
  code: string | null | undefined,
): string {
  if (!code) return '—';
  return Object.hasOwn(labels, code) ? labels[code]![t.language] : code;
}

/** Capitalised for a value standing alone («Внутрішньо переміщена особа (ВПО)»). */
export const capital = (s: string) => (s ? s.charAt(0).toLocaleUpperCase('uk') + s.slice(1) : s);

export function country(t: Translate, code: string | null | undefined): string {
  if (!code) return '—';
  return countryName(code, t.language) ?? code;
}

/** Surname, first name, patronymic, as registers write a person. */
export function fullName(p: { lastName: string; firstName: string; middleName?: string | null | undefined }): string {
  return [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
}

/** `5-А` */
export const classLabel = (grade: number | string, letter: string | null | undefined) =>
  letter ? `${grade}-${letter}` : String(grade);

interface Rule {
  severity: string;
  message: { uk: string; en: string };
}
const rules = VALIDATION_RULES as unknown as Readonly<Record<string, Rule>>;

/**
 * A finding of the validation catalogue in the reader's language: the server's (and the browser's) Ukrainian message,
 * or the rule's English message from the same catalogue.
 */
export function issueText(t: Translate, issue: { code: string; message: string }): string {
  if (t.language === 'uk') return issue.message;
  return Object.hasOwn(rules, issue.code) ? rules[issue.code]!.message.en : issue.message;
}

/** A rule of the catalogue by its code, in the reader's language (the quality panel lists rules, not issues). */
export function ruleText(t: Translate, code: string, serverMessage: string): string {
  if (t.language === 'uk' || !Object.hasOwn(rules, code)) return serverMessage;
  return rules[code]!.message.en;
}

export function indicatorName(t: Translate, n: number, serverName: string): string {
  const def = (INDICATORS as unknown as Record<number, Label | undefined>)[n];
  return def ? def[t.language] : serverName;
}

function keyed(t: Translate, prefix: string, code: string | null | undefined, fallback = code ?? '—'): string {
  if (!code) return '—';
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? t(key) : fallback;
}

export const eventLabel = (t: Translate, kind: string) => keyed(t, 'pupil.event', kind);
export const entryBasisLabel = (t: Translate, basis: string) => keyed(t, 'pupil.basis', basis);

/** Why a spell ended: the exchange record's reasons, and the registry's own (a change of class). */
export function exitReasonLabel(t: Translate, reason: string | null): string {
  if (!reason) return '—';
  if (Object.hasOwn(EXIT_REASONS, reason)) return enumLabel(t, EXIT_REASONS, reason);
  return keyed(t, 'pupil.exitReason', reason);
}

/** `portal`, `import`, `platform:…` */
export function sourceLabel(t: Translate, source: string): string {
  if (source.startsWith('platform:')) return t('pupil.source.platform', { name: source.slice('platform:'.length) });
  return keyed(t, 'pupil.source', source, source);
}

/** Top-level fields of the record (as events name them) in the reader's language. */
export const recordFieldLabel = (t: Translate, field: string) => keyed(t, 'pupil.recordField', field, field);
