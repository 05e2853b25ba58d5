import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../db/database';

/** The spell a pupil left, as the exit recorded it. */
export interface Departure {
  enrolmentId: string;
  personId: string;
  schoolId: string;
  ouoId: string;
  regionId: string;
  exitDate: string;
  exitReason: string;
  /** The receiving school named by the leaving school (a school of the registry). */
  destinationSchoolId: string;
  source: string;
  createdBy: string | null;
  now: Date;
}

/**
 * Opens the hand-over of a pupil whose exit names a receiving school: a pending transfer, which the receiving school
 * sees among its expected arrivals (and nothing more of the record until it enrols the pupil). Called in the exit's
 * own transaction (PupilService.exit), so an exit and its hand-over are recorded together or not at all.
 */
export async function recordDeparture(trx: Tx, d: Departure): Promise<string> {
  const id = uuidv7();
  await sql`
    INSERT INTO pupil_transfer (id, person_id, from_enrolment_id, from_school_id, from_ouo_id, from_region_id,
      from_territory_id, exit_date, exit_reason, to_school_id, to_ouo_id, to_region_id, to_territory_id, status, source,
      created_by, created_at, updated_at)
    SELECT ${id}::uuid, ${d.personId}::uuid, ${d.enrolmentId}::uuid, ${d.schoolId}::uuid, ${d.ouoId}::uuid,
      ${d.regionId}::uuid, (SELECT territory_id FROM organisation WHERE id = ${d.schoolId}::uuid), ${d.exitDate}::date,
      ${d.exitReason}, t.id, t.ouo_id, t.region_id, t.territory_id, 'pending', ${d.source}, ${d.createdBy}::uuid,
      ${d.now}::timestamptz, ${d.now}::timestamptz
    FROM aikom_school_target(${d.destinationSchoolId}::uuid) t`.execute(trx);
  return id;
}
