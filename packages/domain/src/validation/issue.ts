import { VALIDATION_RULES, type RuleCode, type Severity } from './rules';

/** One finding of the validation catalogue about one field of one record. */
export interface Issue {
  code: RuleCode;
  /** JSON Pointer (RFC 6901) of the field, e.g. `/birthCertificate/series`; `''` for the record itself. */
  path: string;
  /** The rule's Ukrainian message (the English one is `VALIDATION_RULES[code].message.en`). */
  message: string;
  severity: Severity;
  /** Details for the person fixing the record, e.g. the suggested date or the value before normalisation. */
  params?: Readonly<Record<string, string | number>>;
}

/** An issue of a catalogue rule, at the rule's own path unless another is given. */
export function issueOf(code: RuleCode, path?: string, params?: Readonly<Record<string, string | number>>): Issue {
  const rule = VALIDATION_RULES[code];
  const issue: Issue = { code, path: path ?? rule.path, message: rule.message.uk, severity: rule.severity };
  if (params) issue.params = params;
  return issue;
}

/** Appends a key to a JSON Pointer, escaping `~` and `/` (RFC 6901, § 3). */
export function pointer(base: string, key: string | number): string {
  return `${base}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** Whether one pointer is the other or lies inside it (`/a` and `/a/b`, but not `/a` and `/ab`). */
export function pointersOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`) || a === '' || b === '';
}
