/**
 * Rules of the pupil's identifiers: the birth certificate (MON indicator 1), the УНЗР and the РНОКПП, each checked
 * on its own and against the birth date and sex of the record (DOMAIN.md § 3).
 */
import { isCountryCode, UKRAINE } from '../countries';
import { parseUkrainianBirthCertificate } from '../identifiers/birth-certificate';
import { parseRnokpp } from '../identifiers/rnokpp';
import { parseUnzr } from '../identifiers/unzr';
import { fieldsAt, has, textAt, type Fields } from './fields';
import { issueOf, type Issue } from './issue';
import type { RecordFacts } from './record-facts';

/**
 * Whether a series that is not in the canonical Ukrainian form still looks like a Ukrainian one, possibly mistyped
 * (it has Cyrillic letters, or begins with a Roman numeral and a dash), rather than like the series of a
 * certificate issued abroad.
 */
function looksUkrainian(series: string): boolean {
  return /\p{Script=Cyrillic}/u.test(series) || /^[IVXLCІХС]+\s*[-‐-―−_]/iu.test(series);
}

/**
 * A certificate issued by Ukraine, or without an issuing country and with a series that looks Ukrainian. One
 * without a country whose series looks foreign is a foreign certificate that lacks its country.
 */
export function isUkrainianCertificate(certificate: Fields): boolean {
  if (has(certificate, 'issuedCountry')) return certificate.issuedCountry === UKRAINE;
  const series = certificate.series;
  return typeof series !== 'string' || looksUkrainian(series);
}

function ukrainianCertificateIssues(certificate: Fields): Issue[] {
  const series = textAt(certificate, 'series');
  const number = textAt(certificate, 'number');
  const out: Issue[] = [];
  const parsed = parseUkrainianBirthCertificate(series, number);
  if (!has(certificate, 'series')) out.push(issueOf('BIRTH_CERT_SERIES_REQUIRED'));
  else if (series !== undefined && parsed.series === null) {
    out.push(
      issueOf(parsed.issues.includes('SERIES_NUMERAL') ? 'BIRTH_CERT_SERIES_NUMERAL' : 'BIRTH_CERT_SERIES_FORMAT'),
    );
  }
  if (!has(certificate, 'number')) out.push(issueOf('BIRTH_CERT_NUMBER_REQUIRED'));
  else if (number !== undefined && parsed.number === null) out.push(issueOf('BIRTH_CERT_NUMBER_FORMAT'));
  return out;
}

/**
 * The birth certificate, MON indicator 1: a Ukrainian one has the series «римська цифра-дві літери» and six digits;
 * a foreign one has a free-form number and the issuing country.
 */
export function birthCertificateIssues(record: Fields): Issue[] {
  if (!has(record, 'birthCertificate')) return [issueOf('BIRTH_CERT_MISSING')];
  const certificate = fieldsAt(record, 'birthCertificate');
  if (!certificate) return [];
  if (isUkrainianCertificate(certificate)) return ukrainianCertificateIssues(certificate);
  const out: Issue[] = [];
  const country = certificate.issuedCountry;
  if (!has(certificate, 'issuedCountry')) out.push(issueOf('BIRTH_CERT_COUNTRY_REQUIRED'));
  else if (typeof country === 'string' && !isCountryCode(country)) out.push(issueOf('BIRTH_CERT_COUNTRY_INVALID'));
  if (!has(certificate, 'number')) out.push(issueOf('BIRTH_CERT_NUMBER_REQUIRED'));
  return out;
}

/**
 * The УНЗР: format, a real date that equals the birth date (errors) and the check digit (a warning: the ICAO 9303
 * algorithm is believed, not confirmed, DOMAIN.md § 3).
 */
export function unzrIssues(record: Fields, facts: RecordFacts): Issue[] {
  const value = textAt(record, 'unzr');
  if (value === undefined) return [];
  const parsed = parseUnzr(value);
  if (!parsed.formatOk) return [issueOf('UNZR_FORMAT')];
  if (!parsed.dateOk) return [issueOf('UNZR_DATE_INVALID')];
  const out: Issue[] = [];
  if (facts.birthDate !== null && parsed.birthDate !== facts.birthDate) {
    out.push(issueOf('UNZR_BIRTH_DATE_MISMATCH', undefined, { encodedDate: parsed.birthDate! }));
  }
  if (!parsed.checkDigitOk) out.push(issueOf('UNZR_CHECK_DIGIT'));
  return out;
}

/**
 * The РНОКПП: ten digits with a valid check digit (errors); the birth date and sex it encodes should agree with the
 * record (warnings: a wrong record and a wrong number look the same from here).
 */
export function rnokppIssues(record: Fields, facts: RecordFacts): Issue[] {
  const value = textAt(record, 'rnokpp');
  if (value === undefined) return [];
  const parsed = parseRnokpp(value);
  if (!parsed.formatOk) return [issueOf('RNOKPP_FORMAT')];
  if (!parsed.checkDigitOk) return [issueOf('RNOKPP_CHECK_DIGIT')];
  const out: Issue[] = [];
  if (facts.birthDate !== null && parsed.birthDate !== facts.birthDate) {
    out.push(issueOf('RNOKPP_BIRTH_DATE_MISMATCH', undefined, { encodedDate: parsed.birthDate ?? '' }));
  }
  if (facts.sex !== null && parsed.sex !== facts.sex) out.push(issueOf('RNOKPP_SEX_MISMATCH'));
  return out;
}
