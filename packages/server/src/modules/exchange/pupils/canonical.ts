import type { PupilRecord } from '@aikom/domain/exchange-record';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * The exchange record as the registry stores it, for comparison: the defaults the registry applies are made
 * explicit (day form, no special needs, Ukrainian, not displaced, in contact, class А, entry on 1 September), the
 * parts it does not keep for a status are dropped (a "since" date of "not displaced"), a Ukrainian birth certificate
 * does not repeat its country, and keys are sorted. Two records with the same canonical form are the same data, so a
 * platform that pushes an unchanged record is told `unchanged` and no history is written.
 */
export function canonicalRecord(r: PupilRecord): Record<string, Json> {
  const out: Record<string, unknown> = { ...r };
  delete out.externalId;
  if (r.birthCertificate) {
    const c = { ...r.birthCertificate } as Record<string, unknown>;
    if (c.issuedCountry === 'UA') delete c.issuedCountry;
    out.birthCertificate = c;
  }
  out.educationForm = r.educationForm ?? 'day';
  out.specialNeeds = r.specialNeeds ?? false;
  out.instructionLanguage = r.instructionLanguage ?? 'uk';
  const d = r.displacement ?? { status: 'none' as const };
  out.displacement = {
    status: d.status,
    ...(d.status !== 'none' && d.since ? { since: d.since } : {}),
    ...(d.status === 'internal' && d.originKatottg ? { originKatottg: d.originKatottg } : {}),
    ...(d.status === 'external' && d.country ? { country: d.country } : {}),
    ...(d.idpCertificate ? { idpCertificate: d.idpCertificate } : {}),
  };
  const c = r.contact ?? { status: 'in_contact' as const };
  out.contact = {
    status: c.status,
    ...(c.status === 'lost' && c.lostSince ? { lostSince: c.lostSince } : {}),
    ...(c.note ? { note: c.note } : {}),
  };
  if (r.enrollment) {
    const e = r.enrollment;
    const year = Number(e.schoolYear.slice(0, 4));
    out.enrollment = {
      ...e,
      classLetter: e.classLetter ?? 'А',
      entryDate: e.entryDate ?? `${year}-09-01`,
    };
  }
  return sortKeys(out) as Record<string, Json>;
}

function sortKeys(v: unknown): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o: Record<string, Json> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) o[k] = sortKeys(x);
    }
    return o;
  }
  return v as Json;
}

/** Top-level fields whose canonical values differ (names only, never values: they go to events and the audit). */
export function changedFields(before: PupilRecord, after: PupilRecord): string[] {
  const a = canonicalRecord(before);
  const b = canonicalRecord(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null))
    .sort();
}

/** Fields that identify the child: a change is a key change for mirrors keyed by them (Ed-Fi "key changes"). */
export const KEY_FIELDS: readonly string[] = ['birthCertificate', 'unzr', 'rnokpp'];
