import type { PupilRecord } from '@aikom/domain/exchange-record';
import { uuidv7 } from 'uuidv7';
import type { BulkWriter } from '../../db/database';
import type { KeyRing } from '../../security/key-ring';
import { contactRow, displacementRow, enrolmentRow, personRow, type Quality, type SchoolRef } from './rows';

/** One pupil for a bulk write: a normalised record, its validation result, its school and spell. */
export interface BulkPupil {
  record: PupilRecord;
  quality: Quality;
  school: SchoolRef;
  schoolYear: number;
  entryBasis?: string;
  /** A fixed id (platform upserts, tests); a new UUIDv7 otherwise. */
  id?: string;
}

export interface BulkContext {
  keys: KeyRing;
  territoryId: (code: string | undefined) => number | null;
  source: string;
  actorUserId: string | null;
  actorPlatformId: string | null;
  now: Date;
  /** Rows per COPY round (bounded memory for national loads). */
  batch?: number;
  onProgress?: (done: number) => void | Promise<void>;
}

export const PERSON_COLUMNS = [
  'id',
  'last_name',
  'first_name',
  'middle_name',
  'sex',
  'birth_date',
  'citizenship',
  'residence_territory_id',
  'residence_address',
  'education_form',
  'special_needs',
  'instruction_language',
  'name_key',
  'phonetic_key',
  'birth_cert_kind',
  'birth_cert_country',
  'identifiers_enc',
  'birth_cert_bidx',
  'unzr_bidx',
  'rnokpp_bidx',
  'displacement_status',
  'displacement_since',
  'displacement_origin_id',
  'displacement_country',
  'contact_status',
  'contact_lost_since',
  'school_id',
  'ouo_id',
  'region_id',
  'quality_errors',
  'quality_warnings',
  'quality_codes',
  'source',
  'created_at',
  'updated_at',
] as const;
export const ENROLMENT_COLUMNS = [
  'id',
  'person_id',
  'school_id',
  'ouo_id',
  'region_id',
  'school_year',
  'grade',
  'class_letter',
  'entry_date',
  'entry_basis',
  'entry_order',
  'source',
  'created_by',
  'created_at',
] as const;
export const DISPLACEMENT_COLUMNS = [
  'id',
  'person_id',
  'status',
  'since',
  'origin_territory_id',
  'country',
  'idp_certificate',
  'studies_remotely',
  'recorded_at',
  'recorded_by',
  'source',
] as const;
export const CONTACT_COLUMNS = [
  'id',
  'person_id',
  'status',
  'since',
  'note',
  'recorded_at',
  'recorded_by',
  'source',
] as const;
export const EVENT_COLUMNS = [
  'person_id',
  'school_id',
  'ouo_id',
  'region_id',
  'at',
  'actor_user_id',
  'actor_platform_id',
  'source',
  'kind',
  'changes',
] as const;

const pick = <K extends string>(row: Record<string, unknown>, cols: readonly K[]) => cols.map((c) => row[c] ?? null);

/**
 * Writes pupils with COPY in the caller's bulk transaction: the person (identifiers sealed), the open spell, the
 * first displacement and contact records and a `created` event — the same rows the single-record path writes. The
 * caller validated the records and checked duplicates; this is the fast path of imports, seeds and platform loads.
 */
export async function writePupilsBulk(w: BulkWriter, pupils: Iterable<BulkPupil>, ctx: BulkContext): Promise<string[]> {
  const ids: string[] = [];
  const size = ctx.batch ?? 5_000;
  let persons: unknown[][] = [];
  let enrolments: unknown[][] = [];
  let displacements: unknown[][] = [];
  let contacts: unknown[][] = [];
  let events: unknown[][] = [];
  const flush = async () => {
    if (persons.length === 0) return;
    await w.copy('person', PERSON_COLUMNS, persons);
    await w.copy('enrolment', ENROLMENT_COLUMNS, enrolments);
    await w.copy('displacement_record', DISPLACEMENT_COLUMNS, displacements);
    await w.copy('contact_record', CONTACT_COLUMNS, contacts);
    await w.copy('pupil_event', EVENT_COLUMNS, events);
    persons = [];
    enrolments = [];
    displacements = [];
    contacts = [];
    events = [];
    await ctx.onProgress?.(ids.length);
  };
  for (const p of pupils) {
    const rows = pupilRows(p, ctx);
    ids.push(rows.id);
    persons.push(rows.person);
    if (rows.enrolment) enrolments.push(rows.enrolment);
    displacements.push(rows.displacement);
    contacts.push(rows.contact);
    events.push(rows.event);
    if (persons.length >= size) await flush();
  }
  await flush();
  return ids;
}

/** The rows of one pupil, in the column order of the COPY column lists above. */
export function pupilRows(p: BulkPupil, ctx: Omit<BulkContext, 'batch' | 'onProgress'>) {
  const id = p.id ?? uuidv7();
  const r = p.record;
  return {
    id,
    person: pick(
      personRow(ctx.keys, id, r, p.school, ctx.territoryId, p.quality, ctx.source, ctx.now) as Record<string, unknown>,
      PERSON_COLUMNS,
    ),
    enrolment: r.enrollment
      ? pick(
          enrolmentRow(
            uuidv7(),
            id,
            p.school,
            r.enrollment,
            p.schoolYear,
            p.entryBasis ?? 'enrolment',
            ctx.source,
            ctx.actorUserId,
            ctx.now,
          ) as Record<string, unknown>,
          ENROLMENT_COLUMNS,
        )
      : null,
    displacement: pick(
      displacementRow(
        uuidv7(),
        id,
        r.displacement ?? { status: 'none' },
        ctx.territoryId,
        ctx.actorUserId,
        ctx.source,
        ctx.now,
      ) as Record<string, unknown>,
      DISPLACEMENT_COLUMNS,
    ),
    contact: pick(
      contactRow(uuidv7(), id, r.contact ?? { status: 'in_contact' }, ctx.actorUserId, ctx.source, ctx.now) as Record<
        string,
        unknown
      >,
      CONTACT_COLUMNS,
    ),
    event: [
      id,
      p.school.id,
      p.school.ouo_id,
      p.school.region_id,
      ctx.now,
      ctx.actorUserId,
      ctx.actorPlatformId,
      ctx.source,
      'created',
      { grade: r.enrollment?.grade ?? null, classLetter: r.enrollment?.classLetter ?? null },
    ] as unknown[],
  };
}
