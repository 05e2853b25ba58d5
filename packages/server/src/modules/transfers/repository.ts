import { sql } from 'kysely';
import type { TransitionTx } from '../../db/schema-transitions';

export interface PendingArrivalRow {
  transfer_id: string;
  person_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string;
  birth_date: string | null;
  grade: number;
  class_letter: string;
  exit_date: string;
  exit_reason: string;
  from_school_id: string;
  from_school_name: string;
  from_school_edrpou: string | null;
  has_identifiers: boolean;
  created_at: Date;
}

export interface CandidateRow {
  person_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string;
  birth_date: string | null;
  school_id: string;
  school_name: string;
  school_edrpou: string | null;
  grade: number;
  class_letter: string;
  exit_date: string;
  exit_reason: string;
  match: string;
}

export interface HandOver {
  previous_enrolment_id: string | null;
  previous_exit_date: string | null;
  previous_exit_reason: string | null;
  transfer_id: string | null;
  outcome: 'ok' | 'school' | 'not_found' | 'enrolled' | 'no_transfer' | 'mismatch';
}

export interface PoolRow {
  enrolment_id: string;
  person_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string;
  birth_date: string | null;
  grade: number;
  class_letter: string;
  exit_date: string;
  exit_reason: string;
  destination_school_id: string | null;
  destination_school_name: string | null;
  destination_school_edrpou: string | null;
  destination_country: string | null;
  school_id: string;
  school_name: string;
  school_edrpou: string | null;
  ouo_id: string;
  residence_ouo_id: string | null;
  residence_ouo_name: string | null;
  residence_territory_code: string | null;
  residence_territory_name: string | null;
  case_status: 'open' | 'closed' | 'reopened';
  case_reason: string | null;
  case_at: Date | null;
  notes: number;
}

export type PoolState = 'open' | 'closed' | 'waiting' | 'any';

export interface PoolFilter {
  cutoff: string;
  state: PoolState;
  schoolId?: string | undefined;
  ouoId?: string | undefined;
  regionId?: string | undefined;
  enrolmentId?: string | undefined;
  after?: { exitDate: string; enrolmentId: string } | undefined;
  limit: number;
}

export interface TransferRow {
  id: string;
  person_id: string;
  from_enrolment_id: string;
  from_school_id: string;
  to_school_id: string | null;
  exit_date: string;
  exit_reason: string;
  status: string;
  arrived_on: string | null;
  created_at: Date;
  last_name: string | null;
  first_name: string | null;
  from_school_name: string | null;
  to_school_name: string | null;
}

/** Transfers, arrivals and the in-transit pool. Every query runs in the caller's scoped transaction. */
export class TransferRepository {
  school(trx: TransitionTx, id: string) {
    return trx
      .selectFrom('organisation')
      .select(['id', 'name', 'edrpou', 'ouo_id', 'region_id', 'territory_id', 'grade_min', 'grade_max'])
      .where('id', '=', id)
      .where('kind', '=', 'school')
      .executeTakeFirst();
  }

  async pendingArrivals(trx: TransitionTx, schoolId: string): Promise<PendingArrivalRow[]> {
    const r = await sql<PendingArrivalRow>`SELECT * FROM aikom_pending_arrivals(${schoolId}::uuid)`.execute(trx);
    return r.rows;
  }

  async candidates(
    trx: TransitionTx,
    bidx: Buffer | null,
    birthDate: string | null,
    nameKey: string | null,
  ): Promise<CandidateRow[]> {
    const r = await sql<CandidateRow>`
      SELECT * FROM aikom_arrival_candidates(${bidx}::bytea, ${birthDate}::date, ${nameKey})`.execute(trx);
    return r.rows;
  }

  async handOver(
    trx: TransitionTx,
    h: {
      personId: string;
      schoolId: string;
      transferId: string | null;
      bidx: Buffer | null;
      birthDate: string | null;
      nameKey: string | null;
      now: Date;
    },
  ): Promise<HandOver> {
    const r = await sql<HandOver>`
      SELECT * FROM aikom_transfer_hand_over(${h.personId}::uuid, ${h.schoolId}::uuid, ${h.transferId}::uuid,
        ${h.bidx}::bytea, ${h.birthDate}::date, ${h.nameKey}, ${h.now}::timestamptz)`.execute(trx);
    return r.rows[0]!;
  }

  transfer(trx: TransitionTx, id: string) {
    return trx.selectFrom('pupil_transfer').selectAll().where('id', '=', id).executeTakeFirst();
  }

  spell(trx: TransitionTx, id: string) {
    return trx.selectFrom('enrolment').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertEnrolment(
    trx: TransitionTx,
    e: {
      id: string;
      personId: string;
      school: { id: string; ouo_id: string; region_id: string };
      schoolYear: number;
      grade: number;
      classLetter: string;
      entryDate: string;
      entryBasis: string;
      orderNumber: string | null;
      previousId: string | null;
      source: string;
      createdBy: string | null;
      now: Date;
    },
  ): Promise<void> {
    await trx
      .insertInto('enrolment')
      .values({
        id: e.id,
        person_id: e.personId,
        school_id: e.school.id,
        ouo_id: e.school.ouo_id,
        region_id: e.school.region_id,
        school_year: e.schoolYear,
        grade: e.grade,
        class_letter: e.classLetter,
        entry_date: e.entryDate,
        entry_basis: e.entryBasis,
        entry_order: e.orderNumber,
        previous_enrolment_id: e.previousId,
        source: e.source,
        created_by: e.createdBy,
        created_at: e.now,
      })
      .execute();
  }

  async completeTransfer(
    trx: TransitionTx,
    id: string,
    to: { enrolmentId: string; arrivedOn: string; now: Date },
  ): Promise<void> {
    await trx
      .updateTable('pupil_transfer')
      .set({ status: 'arrived', to_enrolment_id: to.enrolmentId, arrived_on: to.arrivedOn, updated_at: to.now })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }

  async insertArrivedTransfer(
    trx: TransitionTx,
    t: {
      id: string;
      personId: string;
      from: {
        id: string;
        school_id: string;
        ouo_id: string;
        region_id: string;
        exit_date: string;
        exit_reason: string;
      };
      to: { id: string; ouo_id: string; region_id: string; territory_id: number | null };
      toEnrolmentId: string;
      arrivedOn: string;
      source: string;
      createdBy: string | null;
      now: Date;
    },
  ): Promise<void> {
    await sql`
      INSERT INTO pupil_transfer (id, person_id, from_enrolment_id, from_school_id, from_ouo_id, from_region_id,
        from_territory_id, exit_date, exit_reason, to_school_id, to_ouo_id, to_region_id, to_territory_id, status,
        to_enrolment_id, arrived_on, source, created_by, created_at, updated_at)
      SELECT ${t.id}::uuid, ${t.personId}::uuid, ${t.from.id}::uuid, ${t.from.school_id}::uuid, ${t.from.ouo_id}::uuid,
        ${t.from.region_id}::uuid, o.territory_id, ${t.from.exit_date}::date, ${t.from.exit_reason},
        ${t.to.id}::uuid, ${t.to.ouo_id}::uuid, ${t.to.region_id}::uuid, ${t.to.territory_id}::integer, 'arrived',
        ${t.toEnrolmentId}::uuid, ${t.arrivedOn}::date, ${t.source}, ${t.createdBy}::uuid, ${t.now}::timestamptz,
        ${t.now}::timestamptz
      FROM aikom_school_target(${t.from.school_id}::uuid) o`.execute(trx);
  }

  async event(
    trx: TransitionTx,
    e: {
      personId: string;
      school: { id: string; ouo_id: string; region_id: string };
      userId: string | null;
      platformId: string | null;
      source: string;
      kind: string;
      changes: Record<string, unknown>;
      now: Date;
    },
  ): Promise<void> {
    await trx
      .insertInto('pupil_event')
      .values({
        person_id: e.personId,
        school_id: e.school.id,
        ouo_id: e.school.ouo_id,
        region_id: e.school.region_id,
        at: e.now,
        actor_user_id: e.userId,
        actor_platform_id: e.platformId,
        source: e.source,
        kind: e.kind,
        changes: JSON.stringify(e.changes),
      })
      .execute();
  }

  /** A school's transfers in one direction (names only where the record is visible to the caller). */
  transfers(trx: TransitionTx, schoolId: string, direction: 'in' | 'out', limit: number): Promise<TransferRow[]> {
    return trx
      .selectFrom('pupil_transfer as t')
      .leftJoin('person as p', 'p.id', 't.person_id')
      .select([
        't.id',
        't.person_id',
        't.from_enrolment_id',
        't.from_school_id',
        't.to_school_id',
        't.exit_date',
        't.exit_reason',
        't.status',
        't.arrived_on',
        't.created_at',
        'p.last_name',
        'p.first_name',
        sql<string | null>`(SELECT name FROM aikom_school_public(t.from_school_id))`.as('from_school_name'),
        sql<string | null>`(SELECT name FROM aikom_school_public(t.to_school_id))`.as('to_school_name'),
      ])
      .where(direction === 'in' ? 't.to_school_id' : 't.from_school_id', '=', schoolId)
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
      .limit(limit)
      .execute();
  }

  // The in-transit pool.

  async pool(trx: TransitionTx, f: PoolFilter): Promise<PoolRow[]> {
    const r = await sql<PoolRow>`
      SELECT * FROM aikom_transit_pool(${f.cutoff}::date, ${f.state}, ${f.schoolId ?? null}::uuid,
        ${f.ouoId ?? null}::uuid, ${f.regionId ?? null}::uuid, ${f.enrolmentId ?? null}::uuid,
        ${f.after?.exitDate ?? null}::date, ${f.after?.enrolmentId ?? null}::uuid, ${f.limit}::integer)`.execute(trx);
    return r.rows;
  }

  transitExit(trx: TransitionTx, enrolmentId: string) {
    return trx.selectFrom('transit_exit').selectAll().where('enrolment_id', '=', enrolmentId).executeTakeFirst();
  }

  caseEvents(trx: TransitionTx, enrolmentId: string) {
    return trx
      .selectFrom('transit_case_event as c')
      .leftJoin('app_user as u', 'u.id', 'c.by_user')
      .select(['c.id', 'c.kind', 'c.reason', 'c.note', 'c.at', 'u.full_name as by_name', 'c.by_organisation'])
      .where('c.enrolment_id', '=', enrolmentId)
      .orderBy('c.at')
      .orderBy('c.id')
      .execute();
  }

  async addCaseEvent(
    trx: TransitionTx,
    e: {
      id: string;
      exit: {
        enrolment_id: string;
        person_id: string;
        school_id: string;
        ouo_id: string;
        region_id: string;
        residence_ouo_id: string | null;
        residence_region_id: string | null;
      };
      kind: 'note' | 'closed' | 'reopened';
      reason: string | null;
      note: string | null;
      byUser: string | null;
      byOrganisation: string | null;
      now: Date;
    },
  ): Promise<void> {
    await trx
      .insertInto('transit_case_event')
      .values({
        id: e.id,
        enrolment_id: e.exit.enrolment_id,
        person_id: e.exit.person_id,
        school_id: e.exit.school_id,
        ouo_id: e.exit.ouo_id,
        region_id: e.exit.region_id,
        residence_ouo_id: e.exit.residence_ouo_id,
        residence_region_id: e.exit.residence_region_id,
        kind: e.kind,
        reason: e.reason,
        note: e.note,
        at: e.now,
        by_user: e.byUser,
        by_organisation: e.byOrganisation,
      })
      .execute();
  }

  /** The pending transfer of a spell (the school the pupil was sent to), if any. */
  pendingTransferOf(trx: TransitionTx, enrolmentId: string) {
    return trx
      .selectFrom('pupil_transfer')
      .select(['id', 'to_school_id', 'status', 'created_at'])
      .where('from_enrolment_id', '=', enrolmentId)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
  }
}
