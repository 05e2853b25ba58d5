/**
 * The canonical form of an exchange record, as it is stored and compared: strings trimmed, empty strings and nulls
 * treated as absent (blank XLSX cells, platforms that send `null`), codes in their canonical case, names and the
 * birth-certificate series in their canonical spelling, the УНЗР with its hyphen. Unknown fields and values of the
 * wrong type are kept as they are, so that validation reports them.
 *
 * Changes a person should look at (Latin look-alike letters, details that contradict the status) are returned as
 * warnings by `validatePupil`; the others are silent.
 */
import { normaliseClassLetter } from '../class-letter';
import type { PupilRecord } from '../exchange-record';
import { parseUkrainianBirthCertificate } from '../identifiers/birth-certificate';
import { parseUnzr } from '../identifiers/unzr';
import { normaliseName } from '../names';
import { UKRAINE } from '../countries';
import { has, isFields, setField, textAt, type Fields } from './fields';
import { issueOf, pointer, type Issue } from './issue';
import type { RuleCode } from './rules';

/** Returns the normalised value, or undefined for "absent". */
type Normaliser = (value: unknown, path: string, notes: Issue[]) => unknown;
type Spec = Readonly<Record<string, Normaliser>>;

const nonEmpty = (s: string): string | undefined => (s === '' ? undefined : s);
const ifString =
  (f: (s: string, path: string, notes: Issue[]) => string | undefined): Normaliser =>
  (value, path, notes) =>
    typeof value === 'string' ? f(value, path, notes) : value;

/** One line of text: spaces collapsed. */
const line = ifString((s) => nonEmpty(s.replace(/\s+/gu, ' ').trim()));
/** Free text (a note): only trimmed, line breaks kept. */
const text = ifString((s) => nonEmpty(s.trim()));
/** A lower-case code (sex, statuses, forms, languages). */
const lowerCode = ifString((s) => nonEmpty(s.trim().toLowerCase()));
/** An upper-case code (countries). */
const upperCode = ifString((s) => nonEmpty(s.trim().toUpperCase()));
/** Digits typed with spaces for readability (ЄДРПОУ, РНОКПП), or a KATOTTH code. */
const compact = ifString((s) => nonEmpty(s.replace(/\s+/gu, '').toUpperCase()));
const unzr = ifString((s) => parseUnzr(s).value ?? nonEmpty(s.trim()));
/** «2025–2026», «2025/2026» and «2025 - 2026» all mean 2025-2026. */
const schoolYear = ifString((s) => nonEmpty(s.trim().replace(/\s*[-‐‑‒–—/]\s*/gu, '-')));

const name = (lookalikeRule: RuleCode): Normaliser =>
  ifString((s, path, notes) => {
    const n = normaliseName(s);
    if (n.latinLookalikesReplaced) notes.push(issueOf(lookalikeRule, path, { original: s.trim() }));
    return nonEmpty(n.value);
  });

const classLetter = ifString((s, path, notes) => {
  const n = normaliseClassLetter(s);
  if (n.latinLookalikeReplaced)
    notes.push(issueOf('ENROLLMENT_CLASS_LETTER_LATIN_LOOKALIKE', path, { original: s.trim() }));
  return nonEmpty(n.value);
});

function normaliseFields(input: Fields, spec: Spec, path: string, notes: Issue[]): Fields {
  const out: Fields = {};
  for (const [key, raw] of Object.entries(input)) {
    const normaliser = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (!normaliser) {
      setField(out, key, raw);
      continue;
    }
    if (raw === null || raw === undefined) continue;
    const value = normaliser(raw, pointer(path, key), notes);
    if (value !== undefined) setField(out, key, value);
  }
  return out;
}

const object =
  (spec: Spec, finish: (out: Fields, path: string, notes: Issue[]) => Fields | undefined = (out) => out): Normaliser =>
  (value, path, notes) =>
    isFields(value) ? finish(normaliseFields(value, spec, path, notes), path, notes) : value;

/** A Ukrainian certificate gets its canonical series (І-БК) and number; a foreign one stays as typed. */
const birthCertificate = object({ series: line, number: line, issuedCountry: upperCode }, (out, path, notes) => {
  if (has(out, 'issuedCountry') && out.issuedCountry !== UKRAINE) return out;
  const series = textAt(out, 'series');
  const number = textAt(out, 'number');
  const parsed = parseUkrainianBirthCertificate(series, number);
  if (series !== undefined && parsed.series !== null) {
    out.series = parsed.series;
    if (parsed.issues.includes('SERIES_LATIN_LOOKALIKE')) {
      notes.push(issueOf('BIRTH_CERT_SERIES_LATIN_LOOKALIKE', pointer(path, 'series'), { original: series }));
    }
  }
  if (number !== undefined && parsed.number !== null) out.number = parsed.number;
  return out;
});

const residence = object({ katottg: compact, address: line }, (out) => (Object.keys(out).length > 0 ? out : undefined));

/**
 * A pupil who is not displaced has no hromada of origin, country of stay or IDP certificate; an internally displaced
 * one has no country of stay. Such details contradict the status, so they are removed and the removal reported.
 */
const displacement = object(
  { status: lowerCode, since: line, originKatottg: compact, country: upperCode, idpCertificate: line },
  (out, path, notes) => {
    if (out.status === 'none') {
      const removed = ['originKatottg', 'country', 'idpCertificate'].filter((key) => has(out, key));
      if (removed.length > 0) {
        for (const key of removed) delete out[key];
        notes.push(issueOf('DISPLACEMENT_NONE_WITH_DETAILS', path, { removed: removed.join(', ') }));
      }
    } else if (out.status === 'internal' && has(out, 'country')) {
      delete out.country;
      notes.push(issueOf('DISPLACEMENT_INTERNAL_WITH_COUNTRY', pointer(path, 'country')));
    }
    return out;
  },
);

/** A pupil in contact has no date of lost contact (a restored contact keeps it: it says when contact was lost). */
const contact = object({ status: lowerCode, lostSince: line, note: text }, (out, path, notes) => {
  if (out.status === 'in_contact' && has(out, 'lostSince')) {
    delete out.lostSince;
    notes.push(issueOf('CONTACT_IN_CONTACT_WITH_LOST_SINCE', pointer(path, 'lostSince')));
  }
  return out;
});

const enrollment = object({
  schoolEdrpou: compact,
  schoolYear,
  grade: (value) => value,
  classLetter,
  entryDate: line,
  orderNumber: line,
});

const RECORD_SPEC: Spec = {
  externalId: line,
  lastName: name('LAST_NAME_LATIN_LOOKALIKE'),
  firstName: name('FIRST_NAME_LATIN_LOOKALIKE'),
  middleName: name('MIDDLE_NAME_LATIN_LOOKALIKE'),
  sex: lowerCode,
  birthDate: line,
  birthCertificate,
  unzr,
  rnokpp: compact,
  citizenship: upperCode,
  residence,
  displacement,
  contact,
  educationForm: lowerCode,
  specialNeeds: (value) => value,
  instructionLanguage: lowerCode,
  enrollment,
};

/**
 * The normalised record and the notes about changes worth a look; `record` is null when the input is not a JSON
 * object at all.
 */
export function normaliseWithNotes(input: unknown): { record: Fields | null; notes: Issue[] } {
  if (!isFields(input)) return { record: null, notes: [] };
  const notes: Issue[] = [];
  return { record: normaliseFields(input, RECORD_SPEC, '', notes), notes };
}

/**
 * The canonical form of an exchange record. Idempotent. The result has the shape of {@link PupilRecord} only when
 * `validatePupil` finds no errors in it; for input that is not an object it is an empty object.
 *
 * @example normalisePupilRecord({ lastName: ' ШЕВЧЕНКО ', unzr: '2012030901234' })
 * // { lastName: 'Шевченко', unzr: '20120309-01234' }
 */
export function normalisePupilRecord(input: unknown): PupilRecord {
  return (normaliseWithNotes(input).record ?? {}) as PupilRecord;
}
