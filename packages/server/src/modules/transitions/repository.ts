import type { RolloverException } from '@aikom/domain/rollover/exceptions';
import type { ClassCount, FlaggedSpell, PupilMove } from '@aikom/domain/rollover/planner';
import { sql } from 'kysely';
import type { TransitionTx } from '../../db/schema-transitions';

export interface SchoolRow {
  id: string;
  name: string;
  edrpou: string | null;
  ouo_id: string;
  region_id: string;
  grade_min: number | null;
  grade_max: number | null;
  status: string;
}

export interface SchoolYearRow {
  id: number;
  label: string;
  starts_on: string;
  ends_on: string;
  status: string;
  is_current: boolean;
  opened_at: Date;
  closed_at: Date | null;
}

export interface TransitionRow {
  id: string;
  school_id: string;
  ouo_id: string;
  region_id: string;
  from_year: number;
  to_year: number;
  status: string;
  pupils: number;
  promoted: number;
  repeated: number;
  graduated: number;
  left_school: number;
  summary: Record<string, unknown>;
  validation_errors: string;
  order_number: string | null;
  job_id: string | null;
  source: string;
  applied_by: string | null;
  applied_at: Date;
  undone_by: string | null;
  undone_at: Date | null;
}

export interface ExceptionRow {
  enrolment_id: string;
  person_id: string;
  school_id: string;
  school_year: number;
  kind: string;
  basis: string | null;
  reason: string | null;
  confirmed: boolean;
  class_letter: string | null;
  destination_school_id: string | null;
  destination_country: string | null;
  exit_date: string | null;
  note: string | null;
  set_at: Date;
}

export interface PreviewSpellRow {
  enrolment_id: string;
  person_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string;
  birth_date: string | null;
  grade: number;
  class_letter: string;
  entry_basis: string;
  quality_errors: number;
  contact_status: string;
}

/** What one school's plan needs from the database, for a batch of schools at once. */
export interface PlanData {
  classes: Map<string, ClassCount[]>;
  flagged: Map<string, FlaggedSpell[]>;
  firstGraders: Map<string, ClassCount[]>;
}

/** One school of a batch to apply: its new transition row and its plan as class defaults and exceptions. */
export interface ApplySchool {
  transitionId: string;
  school: SchoolRow;
  orderNumber: string | null;
  classes: ReadonlyArray<{ grade: number; classLetter: string; move: 'promote' | 'graduate' }>;
  exceptions: readonly PupilMove[];
  counts: { pupils: number; promote: number; repeat: number; graduate: number; leave: number };
  summary: Record<string, unknown>;
}

export interface ApplyBatch {
  fromYear: number;
  toYear: number;
  closeDate: string;
  entryDate: string;
  validationErrors: 'block' | 'warn';
  source: string;
  actorUserId: string | null;
  jobId: string | null;
  now: Date;
  schools: readonly ApplySchool[];
}

const exceptionOf = (r: ExceptionRow): RolloverException =>
  r.kind === 'repeat'
    ? { kind: 'repeat', basis: r.basis as 'parent_request', classLetter: r.class_letter, note: r.note }
    : {
        kind: 'leave',
        reason: r.reason as 'transfer',
        confirmed: r.confirmed,
        destinationSchoolId: r.destination_school_id,
        destinationCountry: r.destination_country,
        date: r.exit_date,
        note: r.note,
      };

/**
 * The transitions' SQL. Every method runs in the caller's transaction; the services open it with the actor's
 * scope, so row-level security applies to all of it.
 */
export class TransitionRepository {
  school(trx: TransitionTx, id: string): Promise<SchoolRow | undefined> {
    return (
      trx
        .selectFrom('organisation')
        .select(['id', 'name', 'edrpou', 'grade_min', 'grade_max', 'status'])
        // A school always has its ОУО and region (organisation CHECK).
        .select(['ouo_id', 'region_id'])
        .where('id', '=', id)
        .where('kind', '=', 'school')
        .executeTakeFirst() as Promise<SchoolRow | undefined>
    );
  }

  schoolByEdrpou(trx: TransitionTx, edrpou: string): Promise<SchoolRow | undefined> {
    return (
      trx
        .selectFrom('organisation')
        .select(['id', 'name', 'edrpou', 'grade_min', 'grade_max', 'status'])
        // A school always has its ОУО and region (organisation CHECK).
        .select(['ouo_id', 'region_id'])
        .where('edrpou', '=', edrpou)
        .where('kind', '=', 'school')
        .executeTakeFirst() as Promise<SchoolRow | undefined>
    );
  }

  /** Schools visible in the transaction's scope, narrowed to an ОУО, a region or a list; closed schools excluded. */
  schools(
    trx: TransitionTx,
    filter: { ouoId?: string | undefined; regionId?: string | undefined; schoolIds?: readonly string[] | undefined },
  ): Promise<SchoolRow[]> {
    let q = trx
      .selectFrom('organisation')
      .select(['id', 'name', 'edrpou', 'grade_min', 'grade_max', 'status'])
      // A school always has its ОУО and region (organisation CHECK).
      .select(['ouo_id', 'region_id'])
      .where('kind', '=', 'school')
      .where('status', '<>', 'closed');
    if (filter.ouoId) q = q.where('ouo_id', '=', filter.ouoId);
    if (filter.regionId) q = q.where('region_id', '=', filter.regionId);
    if (filter.schoolIds) q = q.where('id', 'in', filter.schoolIds.length > 0 ? [...filter.schoolIds] : ['']);
    return q.orderBy('id').execute() as Promise<SchoolRow[]>;
  }

  organisation(trx: TransitionTx, id: string) {
    return trx
      .selectFrom('organisation')
      .select(['id', 'kind', 'name', 'region_id', 'ouo_id'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  // School years.

  schoolYears(trx: TransitionTx): Promise<SchoolYearRow[]> {
    return trx.selectFrom('school_year').selectAll().orderBy('id').execute();
  }

  schoolYear(trx: TransitionTx, id: number): Promise<SchoolYearRow | undefined> {
    return trx.selectFrom('school_year').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertSchoolYear(
    trx: TransitionTx,
    y: { id: number; label: string; startsOn: string; endsOn: string; now: Date },
  ): Promise<void> {
    await trx
      .insertInto('school_year')
      .values({
        id: y.id,
        label: y.label,
        starts_on: y.startsOn,
        ends_on: y.endsOn,
        status: 'open',
        is_current: false,
        opened_at: y.now,
      })
      .execute();
  }

  async openSchoolYear(trx: TransitionTx, id: number, now: Date): Promise<void> {
    await trx.updateTable('school_year').set({ status: 'open', opened_at: now }).where('id', '=', id).execute();
  }

  /** Closes a year; the next year becomes the current one when the closed one was. */
  async closeSchoolYear(trx: TransitionTx, id: number, now: Date): Promise<void> {
    const year = await trx.selectFrom('school_year').select('is_current').where('id', '=', id).executeTakeFirst();
    await trx
      .updateTable('school_year')
      .set({ status: 'closed', closed_at: now, is_current: false })
      .where('id', '=', id)
      .execute();
    if (year?.is_current)
      await trx
        .updateTable('school_year')
        .set({ is_current: true })
        .where('id', '=', id + 1)
        .execute();
  }

  // What a plan needs.

  /**
   * Open spells of the year counted per class, spells with a flag (an exception, validation errors, lost contact, a
   * repeated year) and the first-grade classes of the next year, for a batch of schools.
   */
  async planData(trx: TransitionTx, schoolIds: readonly string[], fromYear: number): Promise<PlanData> {
    const ids = [...schoolIds];
    const [classes, flagged, firstGraders] = await Promise.all([
      sql<{ school_id: string; grade: number; class_letter: string; pupils: number }>`
        SELECT e.school_id, e.grade, e.class_letter, count(*)::int AS pupils
        FROM enrolment e
        WHERE e.school_id = ANY (${ids}::uuid[]) AND e.school_year = ${fromYear} AND e.exit_date IS NULL
        GROUP BY 1, 2, 3`.execute(trx),
      // Flagged records through the small partial index on person (its predicate repeated so that it is used), then
      // the exceptions of the batch on records without a flag: each spell is in one part only.
      sql<
        ExceptionRow & {
          grade: number;
          spell_letter: string;
          quality_errors: number;
          lost: boolean;
          repeating: boolean;
          has_exception: boolean;
          spell_school: string;
        }
      >`
        SELECT e.id AS enrolment_id, e.school_id AS spell_school, e.grade, e.class_letter AS spell_letter,
          p.quality_errors, p.contact_status = 'lost' AS lost, e.entry_basis = 'repeat' AS repeating,
          x.enrolment_id IS NOT NULL AS has_exception, x.kind, x.basis, x.reason, x.confirmed, x.class_letter,
          x.destination_school_id, x.destination_country, x.exit_date, x.note
        FROM person p
        JOIN enrolment e ON e.person_id = p.id AND e.exit_date IS NULL AND e.school_year = ${fromYear}
        LEFT JOIN transition_exception x ON x.enrolment_id = e.id
        WHERE p.school_id = ANY (${ids}::uuid[]) AND (p.quality_errors > 0 OR p.contact_status = 'lost')
          AND e.school_id = ANY (${ids}::uuid[])
        UNION ALL
        SELECT e.id, e.school_id, e.grade, e.class_letter, p.quality_errors, p.contact_status = 'lost',
          e.entry_basis = 'repeat', true, x.kind, x.basis, x.reason, x.confirmed, x.class_letter,
          x.destination_school_id, x.destination_country, x.exit_date, x.note
        FROM transition_exception x
        JOIN enrolment e ON e.id = x.enrolment_id AND e.exit_date IS NULL AND e.school_year = ${fromYear}
        JOIN person p ON p.id = e.person_id
        WHERE x.school_id = ANY (${ids}::uuid[]) AND x.school_year = ${fromYear}
          AND NOT (p.quality_errors > 0 OR p.contact_status = 'lost')`.execute(trx),
      sql<{ school_id: string; grade: number; class_letter: string; pupils: number }>`
        SELECT e.school_id, e.grade, e.class_letter, count(*)::int AS pupils
        FROM enrolment e
        WHERE e.school_id = ANY (${ids}::uuid[]) AND e.school_year = ${fromYear + 1} AND e.grade = 1
          AND e.exit_date IS NULL AND e.transition_id IS NULL
        GROUP BY 1, 2, 3`.execute(trx),
    ]);
    const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
      const list = m.get(k);
      if (list) list.push(v);
      else m.set(k, [v]);
    };
    const data: PlanData = { classes: new Map(), flagged: new Map(), firstGraders: new Map() };
    for (const r of classes.rows)
      push(data.classes, r.school_id, { grade: r.grade, classLetter: r.class_letter, pupils: r.pupils });
    for (const r of firstGraders.rows)
      push(data.firstGraders, r.school_id, { grade: r.grade, classLetter: r.class_letter, pupils: r.pupils });
    for (const r of flagged.rows)
      push(data.flagged, r.spell_school, {
        enrolmentId: r.enrolment_id,
        grade: r.grade,
        classLetter: r.spell_letter,
        exception: r.has_exception ? exceptionOf(r) : null,
        validationErrors: r.quality_errors,
        lostContact: r.lost,
        repeating: r.repeating,
      });
    return data;
  }

  /** Every open spell of a school's year with the pupil's name (the preview the school adjusts). */
  previewSpells(trx: TransitionTx, schoolId: string, year: number): Promise<PreviewSpellRow[]> {
    return trx
      .selectFrom('enrolment as e')
      .innerJoin('person as p', 'p.id', 'e.person_id')
      .select([
        'e.id as enrolment_id',
        'p.id as person_id',
        'p.last_name',
        'p.first_name',
        'p.middle_name',
        'p.sex',
        'p.birth_date',
        'e.grade',
        'e.class_letter',
        'e.entry_basis',
        'p.quality_errors',
        'p.contact_status',
      ])
      .where('e.school_id', '=', schoolId)
      .where('e.school_year', '=', year)
      .where('e.exit_date', 'is', null)
      .orderBy('e.grade')
      .orderBy('e.class_letter')
      .orderBy('p.name_key')
      .execute();
  }

  // Exceptions.

  exceptions(trx: TransitionTx, schoolId: string, year: number): Promise<ExceptionRow[]> {
    return trx
      .selectFrom('transition_exception')
      .select([
        'enrolment_id',
        'person_id',
        'school_id',
        'school_year',
        'kind',
        'basis',
        'reason',
        'confirmed',
        'class_letter',
        'destination_school_id',
        'destination_country',
        'exit_date',
        'note',
        'set_at',
      ])
      .where('school_id', '=', schoolId)
      .where('school_year', '=', year)
      .execute();
  }

  openSpell(trx: TransitionTx, enrolmentId: string) {
    return trx
      .selectFrom('enrolment')
      .select(['id', 'person_id', 'school_id', 'ouo_id', 'region_id', 'school_year', 'grade', 'class_letter'])
      .where('id', '=', enrolmentId)
      .where('exit_date', 'is', null)
      .executeTakeFirst();
  }

  async upsertException(
    trx: TransitionTx,
    spell: { id: string; person_id: string; school_id: string; ouo_id: string; region_id: string; school_year: number },
    e: RolloverException,
    by: string | null,
    now: Date,
  ): Promise<void> {
    const row = {
      kind: e.kind,
      basis: e.kind === 'repeat' ? e.basis : null,
      reason: e.kind === 'leave' ? e.reason : null,
      confirmed: e.kind === 'leave' ? e.confirmed : true,
      class_letter: e.kind === 'repeat' ? (e.classLetter ?? null) : null,
      destination_school_id: e.kind === 'leave' ? (e.destinationSchoolId ?? null) : null,
      destination_country: e.kind === 'leave' ? (e.destinationCountry ?? null) : null,
      exit_date: e.kind === 'leave' ? (e.date ?? null) : null,
      note: e.note ?? null,
      set_by: by,
      set_at: now,
    };
    await trx
      .insertInto('transition_exception')
      .values({
        enrolment_id: spell.id,
        person_id: spell.person_id,
        school_id: spell.school_id,
        ouo_id: spell.ouo_id,
        region_id: spell.region_id,
        school_year: spell.school_year,
        ...row,
      })
      .onConflict((oc) => oc.column('enrolment_id').doUpdateSet(row))
      .execute();
  }

  async deleteException(trx: TransitionTx, enrolmentId: string): Promise<boolean> {
    const r = await trx.deleteFrom('transition_exception').where('enrolment_id', '=', enrolmentId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async destinationSchool(
    trx: TransitionTx,
    edrpou: string,
  ): Promise<{ id: string; name: string; edrpou: string } | undefined> {
    const r = await sql<{
      id: string;
      name: string;
      edrpou: string;
    }>`SELECT * FROM aikom_school_by_edrpou(${edrpou})`.execute(trx);
    return r.rows[0];
  }

  async schoolPublic(trx: TransitionTx, id: string): Promise<{ name: string; edrpou: string } | undefined> {
    const r = await sql<{ name: string; edrpou: string }>`SELECT * FROM aikom_school_public(${id}::uuid)`.execute(trx);
    return r.rows[0];
  }

  // Transitions.

  transitionsOf(trx: TransitionTx, schoolId: string): Promise<TransitionRow[]> {
    return trx
      .selectFrom('transition')
      .selectAll()
      .where('school_id', '=', schoolId)
      .orderBy('applied_at', 'desc')
      .execute();
  }

  applied(trx: TransitionTx, schoolId: string, fromYear: number): Promise<TransitionRow | undefined> {
    return trx
      .selectFrom('transition')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('from_year', '=', fromYear)
      .where('status', '=', 'applied')
      .executeTakeFirst();
  }

  async appliedSchools(trx: TransitionTx, schoolIds: readonly string[], fromYear: number): Promise<Set<string>> {
    if (schoolIds.length === 0) return new Set();
    const r = await sql<{ school_id: string }>`
      SELECT school_id FROM transition
      WHERE school_id = ANY (${[...schoolIds]}::uuid[]) AND from_year = ${fromYear} AND status = 'applied'`.execute(
      trx,
    );
    return new Set(r.rows.map((x) => x.school_id));
  }

  appliedTransitions(trx: TransitionTx, schoolIds: readonly string[], fromYear: number): Promise<TransitionRow[]> {
    if (schoolIds.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('transition')
      .selectAll()
      .where('school_id', 'in', [...schoolIds])
      .where('from_year', '=', fromYear)
      .where('status', '=', 'applied')
      .execute();
  }

  /** Serialises work on the same schools' transitions of a year (a school apply against a job, two jobs). */
  async lockSchools(trx: TransitionTx, schoolIds: readonly string[], fromYear: number): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended('aikom.transition:' || s::text || ':' || ${fromYear}::text, 0))
      FROM unnest(${[...schoolIds].sort()}::uuid[]) AS s`.execute(trx);
  }

  /**
   * Settings of a transaction that plans and writes a whole batch of schools with a few large statements (call it
   * first in the transaction; they end with it): no JIT compilation
   * (their estimated cost would start it, and compiling takes longer than it saves for statements that mostly write)
   * and room to hash and sort the batch's spells in memory rather than in temporary files.
   */
  async tuneBulk(trx: TransitionTx): Promise<void> {
    await sql`SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`.execute(trx);
  }

  /**
   * Applies the plans of a batch of schools as one set-based statement: the exceptions' spells are closed by id
   * (UPDATE … FROM the exceptions) and every other open spell of the batch by its class default (UPDATE … FROM the
   * class mapping, without the exceptions' spells) — each spell is read and written once, without joining the table
   * to itself; the new spells are opened from what was closed (INSERT … SELECT over the UPDATEs' RETURNING, so each
   * pupil's old spell is closed before the new one opens, as the one-open-spell index requires), the closings without a
   * successor recorded for undo, pending transfers opened to named schools and one event per pupil written, each an
   * INSERT … SELECT. Returns what was closed, per school and move.
   */
  async apply(
    trx: TransitionTx,
    b: ApplyBatch,
  ): Promise<Array<{ transition_id: string; move: string; pupils: number }>> {
    if (b.schools.length === 0) return [];
    await trx
      .insertInto('transition')
      .values(
        b.schools.map((s) => ({
          id: s.transitionId,
          school_id: s.school.id,
          ouo_id: s.school.ouo_id,
          region_id: s.school.region_id,
          from_year: b.fromYear,
          to_year: b.toYear,
          status: 'applied',
          pupils: s.counts.pupils,
          promoted: s.counts.promote,
          repeated: s.counts.repeat,
          graduated: s.counts.graduate,
          left_school: s.counts.leave,
          summary: JSON.stringify(s.summary),
          validation_errors: b.validationErrors,
          order_number: s.orderNumber,
          job_id: b.jobId,
          source: b.source,
          applied_by: b.actorUserId,
          applied_at: b.now,
        })),
      )
      .execute();
    const t = { ids: [] as string[], schools: [] as string[], orders: [] as Array<string | null> };
    const c = { schools: [] as string[], grades: [] as number[], letters: [] as string[], moves: [] as string[] };
    const x = {
      ids: [] as string[],
      moves: [] as string[],
      reasons: [] as string[],
      dates: [] as string[],
      grades: [] as Array<number | null>,
      letters: [] as Array<string | null>,
      schools: [] as Array<string | null>,
      countries: [] as Array<string | null>,
      notes: [] as Array<string | null>,
    };
    for (const s of b.schools) {
      t.ids.push(s.transitionId);
      t.schools.push(s.school.id);
      t.orders.push(s.orderNumber);
      for (const k of s.classes) {
        c.schools.push(s.school.id);
        c.grades.push(k.grade);
        c.letters.push(k.classLetter);
        c.moves.push(k.move);
      }
      for (const e of s.exceptions) {
        x.ids.push(e.enrolmentId);
        x.moves.push(e.move);
        x.reasons.push(e.closingReason);
        x.dates.push(e.exitDate);
        x.grades.push(e.to?.grade ?? null);
        x.letters.push(e.to?.classLetter ?? null);
        x.schools.push(e.destinationSchoolId);
        x.countries.push(e.destinationCountry);
        x.notes.push(e.note);
      }
    }
    const r = await sql<{ transition_id: string; move: string; pupils: number }>`
      WITH t AS (
        SELECT * FROM unnest(${t.ids}::uuid[], ${t.schools}::uuid[], ${t.orders}::text[])
          AS t(transition_id, school_id, order_number)
      ), c AS (
        SELECT * FROM unnest(${c.schools}::uuid[], ${c.grades}::smallint[], ${c.letters}::text[], ${c.moves}::text[])
          AS c(school_id, grade, class_letter, move)
      ), x AS (
        SELECT * FROM unnest(${x.ids}::uuid[], ${x.moves}::text[], ${x.reasons}::text[], ${x.dates}::date[],
          ${x.grades}::smallint[], ${x.letters}::text[], ${x.schools}::uuid[], ${x.countries}::text[],
          ${x.notes}::text[])
          AS x(enrolment_id, move, reason, exit_date, to_grade, to_letter, dest_school, dest_country, note)
      ), closed_x AS (
        UPDATE enrolment e
        SET exit_date = x.exit_date, exit_reason = x.reason, exit_destination_school_id = x.dest_school,
          exit_destination_country = x.dest_country, exit_note = x.note
        FROM x, t
        WHERE e.id = x.enrolment_id AND t.school_id = e.school_id AND e.school_year = ${b.fromYear}
          AND e.exit_date IS NULL
        RETURNING e.id, e.person_id, e.school_id, e.ouo_id, e.region_id, e.grade, e.class_letter, t.transition_id,
          t.order_number, x.move, x.reason, x.exit_date, x.to_grade, x.to_letter, x.dest_school
      ), closed_c AS (
        UPDATE enrolment e
        SET exit_date = ${b.closeDate}::date,
          exit_reason = CASE c.move WHEN 'promote' THEN 'promoted' ELSE 'graduated' END,
          exit_destination_school_id = NULL, exit_destination_country = NULL, exit_note = NULL
        FROM c, t
        WHERE e.school_id = c.school_id AND e.grade = c.grade AND e.class_letter = c.class_letter
          AND t.school_id = c.school_id AND e.school_id = ANY (${t.schools}::uuid[])
          AND e.school_year = ${b.fromYear} AND e.exit_date IS NULL
          AND NOT EXISTS (SELECT 1 FROM x WHERE x.enrolment_id = e.id)
        RETURNING e.id, e.person_id, e.school_id, e.ouo_id, e.region_id, e.grade, e.class_letter, t.transition_id,
          t.order_number, c.move, e.exit_reason AS reason, e.exit_date,
          CASE c.move WHEN 'promote' THEN e.grade + 1 END AS to_grade,
          CASE c.move WHEN 'promote' THEN e.class_letter END AS to_letter, NULL::uuid AS dest_school
      ), closed AS (
        SELECT * FROM closed_x UNION ALL SELECT * FROM closed_c
      ), opened AS (
        INSERT INTO enrolment (id, person_id, school_id, ouo_id, region_id, school_year, grade, class_letter,
          entry_date, entry_basis, entry_order, previous_enrolment_id, transition_id, source, created_by, created_at)
        SELECT aikom_uuidv7(), person_id, school_id, ouo_id, region_id, ${b.toYear}, to_grade, to_letter,
          ${b.entryDate}::date, CASE move WHEN 'promote' THEN 'promotion' ELSE 'repeat' END, order_number, id,
          transition_id, ${b.source}, ${b.actorUserId}::uuid, ${b.now}::timestamptz
        FROM closed WHERE move IN ('promote', 'repeat')
      ), exits AS (
        INSERT INTO transition_exit (transition_id, enrolment_id, school_id, ouo_id, region_id)
        SELECT transition_id, id, school_id, ouo_id, region_id FROM closed WHERE move IN ('graduate', 'leave')
      ), transfers AS (
        INSERT INTO pupil_transfer (id, person_id, from_enrolment_id, from_school_id, from_ouo_id, from_region_id,
          from_territory_id, exit_date, exit_reason, to_school_id, to_ouo_id, to_region_id, to_territory_id, status,
          transition_id, source, created_by, created_at, updated_at)
        SELECT aikom_uuidv7(), k.person_id, k.id, k.school_id, k.ouo_id, k.region_id,
          (SELECT territory_id FROM organisation WHERE id = k.school_id), k.exit_date, k.reason, d.id, d.ouo_id,
          d.region_id, d.territory_id, 'pending', k.transition_id, ${b.source}, ${b.actorUserId}::uuid,
          ${b.now}::timestamptz, ${b.now}::timestamptz
        FROM closed_x k CROSS JOIN LATERAL aikom_school_target(k.dest_school) d
        WHERE k.move = 'leave' AND k.dest_school IS NOT NULL
      ), events AS (
        INSERT INTO pupil_event (person_id, school_id, ouo_id, region_id, at, actor_user_id, source, kind, changes)
        SELECT person_id, school_id, ouo_id, region_id, ${b.now}::timestamptz, ${b.actorUserId}::uuid, ${b.source},
          CASE move WHEN 'promote' THEN 'promoted' WHEN 'repeat' THEN 'repeated' WHEN 'graduate' THEN 'graduated'
            ELSE 'left' END,
          jsonb_build_object('transitionId', transition_id, 'schoolYear', ${`${b.fromYear}-${b.toYear}`}::text,
            'grade', grade, 'classLetter', class_letter, 'toGrade', to_grade, 'toClassLetter', to_letter,
            'reason', reason)
        FROM closed
      )
      SELECT transition_id, move, count(*)::int AS pupils FROM closed GROUP BY 1, 2`.execute(trx);
    return r.rows;
  }

  /** What undoing a transition would lose (counted across scopes by a definer function; zeros when not visible). */
  async undoConflicts(
    trx: TransitionTx,
    transitionId: string,
  ): Promise<{ changed_spells: number; enrolled_elsewhere: number; case_events: number }> {
    const r = await sql<{ changed_spells: number; enrolled_elsewhere: number; case_events: number }>`
      SELECT * FROM aikom_transition_undo_conflicts(${transitionId}::uuid)`.execute(trx);
    return r.rows[0] ?? { changed_spells: 0, enrolled_elsewhere: 0, case_events: 0 };
  }

  /** {@link undoConflicts} for many transitions in one call, by transition id (those not visible are left out). */
  async undoConflictsMany(
    trx: TransitionTx,
    transitionIds: readonly string[],
  ): Promise<Map<string, { changed_spells: number; enrolled_elsewhere: number; case_events: number }>> {
    if (transitionIds.length === 0) return new Map();
    const r = await sql<{
      transition_id: string;
      changed_spells: number;
      enrolled_elsewhere: number;
      case_events: number;
    }>`
      SELECT * FROM aikom_transition_undo_conflicts_many(${[...transitionIds]}::uuid[])`.execute(trx);
    return new Map(r.rows.map(({ transition_id, ...c }) => [transition_id, c]));
  }

  /**
   * Undoes a transition that is marked undone in this transaction: deletes the pending transfers and the spells it
   * created (the restrictive policies allow nothing else), reopens the spells it closed and writes one event per
   * pupil. Returns the number of spells reopened.
   */
  async undo(
    trx: TransitionTx,
    u: { transitionIds: readonly string[]; source: string; actorUserId: string | null; now: Date },
  ): Promise<number> {
    const ids = [...u.transitionIds];
    await sql`DELETE FROM pupil_transfer WHERE transition_id = ANY (${ids}::uuid[]) AND status = 'pending'`.execute(
      trx,
    );
    const r = await sql<{ reopened: number }>`
      WITH gone AS (
        DELETE FROM enrolment WHERE transition_id = ANY (${ids}::uuid[])
        RETURNING previous_enrolment_id AS id
      ), targets AS (
        SELECT id FROM gone
        UNION ALL
        SELECT enrolment_id FROM transition_exit WHERE transition_id = ANY (${ids}::uuid[])
      ), reopened AS (
        UPDATE enrolment e
        SET exit_date = NULL, exit_reason = NULL, exit_destination_school_id = NULL, exit_destination_country = NULL,
          exit_note = NULL
        WHERE e.id IN (SELECT id FROM targets)
        RETURNING e.person_id, e.school_id, e.ouo_id, e.region_id, e.grade, e.class_letter
      ), events AS (
        INSERT INTO pupil_event (person_id, school_id, ouo_id, region_id, at, actor_user_id, source, kind, changes)
        SELECT person_id, school_id, ouo_id, region_id, ${u.now}::timestamptz, ${u.actorUserId}::uuid, ${u.source},
          'transition_undone', jsonb_build_object('grade', grade, 'classLetter', class_letter)
        FROM reopened
      )
      SELECT count(*)::int AS reopened FROM reopened`.execute(trx);
    return r.rows[0]!.reopened;
  }

  async markUndone(trx: TransitionTx, transitionIds: readonly string[], by: string | null, now: Date): Promise<void> {
    await trx
      .updateTable('transition')
      .set({ status: 'undone', undone_by: by, undone_at: now })
      .where('id', 'in', [...transitionIds])
      .where('status', '=', 'applied')
      .execute();
  }

  /** The new year's classes a transition created (for the result page). */
  async newClasses(trx: TransitionTx, transitionId: string) {
    const r = await sql<{ grade: number; class_letter: string; pupils: number; promoted: number; repeating: number }>`
      SELECT grade, class_letter, count(*)::int AS pupils,
        (count(*) FILTER (WHERE entry_basis = 'promotion'))::int AS promoted,
        (count(*) FILTER (WHERE entry_basis = 'repeat'))::int AS repeating
      FROM enrolment WHERE transition_id = ${transitionId}::uuid
      GROUP BY 1, 2 ORDER BY 1, 2`.execute(trx);
    return r.rows;
  }
}
