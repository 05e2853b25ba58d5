import type { PupilRecord } from '@aikom/domain/exchange-record';
import { nameKey, phoneticKey } from '@aikom/domain/names';
import type { Insertable } from 'kysely';
import type { ContactRecordTable, DisplacementRecordTable, EnrolmentTable, PersonTable } from '../../db/schema';
import type { KeyRing } from '../../security/key-ring';
import { sealIdentifiers } from './identifiers';

export interface SchoolRef {
  id: string;
  ouo_id: string | null;
  region_id: string | null;
}

export interface Quality {
  errors: ReadonlyArray<{ code: string }>;
  warnings: ReadonlyArray<{ code: string }>;
}

/** The full name as one key: «прізвище імʼя по батькові», for exact duplicate checks and ordering. */
export function personNameKey(r: Pick<PupilRecord, 'lastName' | 'firstName' | 'middleName'>): string {
  return nameKey([r.lastName, r.firstName, r.middleName].filter(Boolean).join(' '));
}

export function personPhoneticKey(r: Pick<PupilRecord, 'lastName' | 'firstName' | 'middleName'>): string {
  return phoneticKey([r.lastName, r.firstName, r.middleName].filter(Boolean).join(' '));
}

/** The distinct rule codes of a record's issues, stored with the record for the data-quality panel. */
export function qualityColumns(q: Quality) {
  return {
    quality_errors: q.errors.length,
    quality_warnings: q.warnings.length,
    quality_codes: [...new Set([...q.errors, ...q.warnings].map((i) => i.code))].sort(),
  };
}

/**
 * The person row of a normalised exchange record: names and keys, sealed identifiers, current statuses, scope
 * columns of its school and the validation result.
 */
export function personRow(
  keys: KeyRing,
  id: string,
  r: PupilRecord,
  school: SchoolRef | null,
  territoryId: (code: string | undefined) => number | null,
  quality: Quality,
  source: string,
  now: Date,
): Insertable<PersonTable> {
  return {
    id,
    last_name: r.lastName,
    first_name: r.firstName,
    middle_name: r.middleName ?? null,
    sex: r.sex,
    birth_date: r.birthDate ?? null,
    citizenship: r.citizenship ?? null,
    residence_territory_id: territoryId(r.residence?.katottg),
    residence_address: r.residence?.address ?? null,
    education_form: r.educationForm ?? 'day',
    special_needs: r.specialNeeds ?? false,
    instruction_language: r.instructionLanguage ?? 'uk',
    name_key: personNameKey(r),
    phonetic_key: personPhoneticKey(r),
    ...sealIdentifiers(keys, id, {
      birthCertificate: r.birthCertificate
        ? {
            series: r.birthCertificate.series ?? '',
            number: r.birthCertificate.number,
            issuedCountry: r.birthCertificate.issuedCountry,
          }
        : null,
      unzr: r.unzr ?? null,
      rnokpp: r.rnokpp ?? null,
    }),
    displacement_status: r.displacement?.status ?? 'none',
    displacement_since:
      r.displacement?.status && r.displacement.status !== 'none' ? (r.displacement.since ?? null) : null,
    displacement_origin_id: r.displacement?.status === 'internal' ? territoryId(r.displacement.originKatottg) : null,
    displacement_country: r.displacement?.status === 'external' ? (r.displacement.country ?? null) : null,
    contact_status: r.contact?.status ?? 'in_contact',
    contact_lost_since: r.contact?.status === 'lost' ? (r.contact.lostSince ?? null) : null,
    school_id: school?.id ?? null,
    ouo_id: school?.ouo_id ?? null,
    region_id: school?.region_id ?? null,
    ...qualityColumns(quality),
    source,
    created_at: now,
    updated_at: now,
  };
}

export function enrolmentRow(
  id: string,
  personId: string,
  school: SchoolRef,
  e: NonNullable<PupilRecord['enrollment']>,
  schoolYear: number,
  basis: string,
  source: string,
  createdBy: string | null,
  now: Date,
): Insertable<EnrolmentTable> {
  return {
    id,
    person_id: personId,
    school_id: school.id,
    ouo_id: school.ouo_id!,
    region_id: school.region_id!,
    school_year: schoolYear,
    grade: e.grade,
    class_letter: e.classLetter ?? 'А',
    entry_date: e.entryDate ?? `${schoolYear}-09-01`,
    entry_basis: basis,
    entry_order: e.orderNumber ?? null,
    source,
    created_by: createdBy,
    created_at: now,
  };
}

export function displacementRow(
  id: string,
  personId: string,
  d: NonNullable<PupilRecord['displacement']>,
  territoryId: (code: string | undefined) => number | null,
  recordedBy: string | null,
  source: string,
  now: Date,
): Insertable<DisplacementRecordTable> {
  return {
    id,
    person_id: personId,
    status: d.status,
    since: d.since ?? null,
    origin_territory_id: d.status === 'internal' ? territoryId(d.originKatottg) : null,
    country: d.status === 'external' ? (d.country ?? null) : null,
    idp_certificate: d.idpCertificate ?? null,
    studies_remotely: null,
    recorded_at: now,
    recorded_by: recordedBy,
    source,
  };
}

export function contactRow(
  id: string,
  personId: string,
  c: NonNullable<PupilRecord['contact']>,
  recordedBy: string | null,
  source: string,
  now: Date,
): Insertable<ContactRecordTable> {
  return {
    id,
    person_id: personId,
    status: c.status,
    since: c.status === 'lost' ? (c.lostSince ?? null) : null,
    note: c.note ?? null,
    recorded_at: now,
    recorded_by: recordedBy,
    source,
  };
}
