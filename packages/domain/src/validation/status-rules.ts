/**
 * Rules of the status indicators: forced displacement (MON indicator 3) and contact with the pupil (indicator 4).
 */
import { isCountryCode, UKRAINE } from '../countries';
import { isRealDate } from '../iso-date';
import { isKatottg } from '../territory';
import { fieldsAt, has, textAt, type Fields } from './fields';
import { issueOf, type Issue } from './issue';
import type { RecordFacts } from './record-facts';
import type { RuleCode } from './rules';

/** A date of a status: real, not in the future, not before the pupil was born. */
function statusDateIssues(
  value: string | undefined,
  codes: { invalid: RuleCode; inFuture: RuleCode; beforeBirth: RuleCode },
  facts: RecordFacts,
): Issue[] {
  if (value === undefined) return [];
  if (!isRealDate(value)) return [issueOf(codes.invalid)];
  if (value > facts.today) return [issueOf(codes.inFuture)];
  if (facts.birthDate !== null && value < facts.birthDate) return [issueOf(codes.beforeBirth)];
  return [];
}

/** Categories that cannot be a place of origin: an oblast or a raion is too coarse to tell the hromada. */
const TOO_COARSE = new Set(['O', 'P']);

/**
 * The hromada of origin of an internally displaced pupil: a KATOTTH code of a hromada or of a settlement (a
 * settlement identifies its hromada), found in the codifier, on the list of territories of hostilities or
 * occupation, and listed no later than the displacement began. Without the codifier only the format is checked.
 */
function originIssues(origin: string, since: string | undefined, internal: boolean, facts: RecordFacts): Issue[] {
  if (!isKatottg(origin)) return [issueOf('DISPLACEMENT_ORIGIN_FORMAT')];
  const territories = facts.territories;
  if (!territories) return [];
  const entry = territories.get(origin);
  if (!entry) return [issueOf('DISPLACEMENT_ORIGIN_UNKNOWN')];
  // A pupil abroad may name where they lived; only an IDP's origin must be a listed hromada.
  if (!internal) return [];
  if (TOO_COARSE.has(entry.category)) return [issueOf('DISPLACEMENT_ORIGIN_LEVEL')];
  const periods = territories.hostilityPeriods(origin);
  if (periods.length === 0) return [issueOf('DISPLACEMENT_ORIGIN_NOT_LISTED')];
  // A period without a start date has been listed from the beginning: nothing can precede it.
  const starts = periods.map((p) => p.start);
  if (since === undefined || !isRealDate(since) || starts.includes(null)) return [];
  const firstListed = (starts as string[]).reduce((a, b) => (b < a ? b : a));
  return since < firstListed
    ? [issueOf('DISPLACEMENT_SINCE_BEFORE_LISTED', undefined, { listedSince: firstListed })]
    : [];
}

/** MON indicator 3: the displacement status, and for a displaced pupil the date, the origin or the country. */
export function displacementIssues(record: Fields, facts: RecordFacts): Issue[] {
  if (!has(record, 'displacement')) return [issueOf('DISPLACEMENT_MISSING')];
  const displacement = fieldsAt(record, 'displacement');
  if (!displacement) return [];
  const out: Issue[] = [];
  const status = textAt(displacement, 'status');
  if (!has(displacement, 'status')) out.push(issueOf('DISPLACEMENT_STATUS_REQUIRED'));
  const displaced = status === 'internal' || status === 'external';
  const since = textAt(displacement, 'since');
  if (displaced && !has(displacement, 'since')) out.push(issueOf('DISPLACEMENT_SINCE_MISSING'));
  out.push(
    ...statusDateIssues(
      since,
      {
        invalid: 'DISPLACEMENT_SINCE_INVALID',
        inFuture: 'DISPLACEMENT_SINCE_IN_FUTURE',
        beforeBirth: 'DISPLACEMENT_SINCE_BEFORE_BIRTH',
      },
      facts,
    ),
  );
  const origin = textAt(displacement, 'originKatottg');
  if (status === 'internal' && !has(displacement, 'originKatottg')) out.push(issueOf('DISPLACEMENT_ORIGIN_REQUIRED'));
  if (origin !== undefined) out.push(...originIssues(origin, since, status === 'internal', facts));
  if (status === 'external') {
    const country = textAt(displacement, 'country');
    if (!has(displacement, 'country')) out.push(issueOf('DISPLACEMENT_COUNTRY_REQUIRED'));
    else if (country === UKRAINE) out.push(issueOf('DISPLACEMENT_COUNTRY_UKRAINE'));
    else if (country !== undefined && !isCountryCode(country)) out.push(issueOf('DISPLACEMENT_COUNTRY_INVALID'));
  }
  return out;
}

/**
 * MON indicator 4: the contact status; a lost contact has the date it was lost, and stays on the review list
 * (`CONTACT_LOST`) until it is restored.
 */
export function contactIssues(record: Fields, facts: RecordFacts): Issue[] {
  if (!has(record, 'contact')) return [issueOf('CONTACT_MISSING')];
  const contact = fieldsAt(record, 'contact');
  if (!contact) return [];
  const out: Issue[] = [];
  if (!has(contact, 'status')) out.push(issueOf('CONTACT_STATUS_REQUIRED'));
  if (contact.status === 'lost') {
    out.push(issueOf('CONTACT_LOST'));
    if (!has(contact, 'lostSince')) out.push(issueOf('CONTACT_LOST_SINCE_REQUIRED'));
  }
  out.push(
    ...statusDateIssues(
      textAt(contact, 'lostSince'),
      {
        invalid: 'CONTACT_LOST_SINCE_INVALID',
        inFuture: 'CONTACT_LOST_SINCE_IN_FUTURE',
        beforeBirth: 'CONTACT_LOST_SINCE_BEFORE_BIRTH',
      },
      facts,
    ),
  );
  return out;
}
