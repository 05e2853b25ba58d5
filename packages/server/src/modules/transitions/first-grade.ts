import { can } from '@aikom/domain/access/policy';
import type { PupilRecord } from '@aikom/domain/exchange-record';
import { formClasses, type FormationMethod, type FormedClass } from '@aikom/domain/rollover/class-formation';
import { maxClassSize } from '@aikom/domain/rollover/class-size';
import { isRealDate } from '@aikom/domain/iso-date';
import { parseSchoolYearLabel, schoolYear } from '@aikom/domain/school-year';
import { sql } from 'kysely';
import type { AppContext } from '../../context';
import type { Tx } from '../../db/database';
import { transitionTx, type TransitionTx } from '../../db/schema-transitions';
import { AppError } from '../../errors';
import { AuditService } from '../audit/service';
import { scopeOf, type Caller } from '../auth/caller';
import { PupilService, type SavedPupil } from '../pupils/service';

/**
 * The last day of the applications for grade 1: Порядок зарахування, відрахування та переведення учнів (наказ МОН
 * № 367 від 16.04.2018, розділ II): applications are accepted until 31 May; later ones are taken for the places left.
 * A warning, never a refusal.
 */
export const APPLICATIONS_DEADLINE = { month: 5, day: 31 } as const;

export function applicationsDeadline(schoolYearStart: number): string {
  const m = String(APPLICATIONS_DEADLINE.month).padStart(2, '0');
  const d = String(APPLICATIONS_DEADLINE.day).padStart(2, '0');
  return `${schoolYearStart}-${m}-${d}`;
}

/**
 * The entry basis of a new record: a child entering grade 1 is a first-grade enrolment (`first_grade`), any other
 * new record an enrolment. The imports module gives it to writePupilsBulk (`BulkPupil.entryBasis`), so an XLSX of
 * first graders is recorded as the portal's single-record path records it.
 */
export function entryBasisOf(record: Pick<PupilRecord, 'enrollment'>): 'first_grade' | 'enrolment' {
  return record.enrollment?.grade === 1 ? 'first_grade' : 'enrolment';
}

export interface FirstGraderRow {
  enrolment_id: string;
  person_id: string;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  sex: string;
  birth_date: string | null;
  class_letter: string;
  entry_date: string;
  entry_basis: string;
}

interface Warning {
  code: string;
  path: string;
  message: string;
}

/**
 * First graders: enrolling a child (the ordinary create path, so one child is one person across the whole registry),
 * the list of a school's first graders for a year, and forming their classes.
 */
export class FirstGradeService {
  private readonly pupils: PupilService;
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {
    this.pupils = new PupilService(ctx);
  }

  private scoped<T>(caller: Caller, fn: (trx: TransitionTx) => Promise<T>): Promise<T> {
    return this.ctx.db.scoped(scopeOf(caller.actor), (trx: Tx) => fn(transitionTx(trx)));
  }

  private async school(trx: TransitionTx, caller: Caller, schoolId: string) {
    const s = await trx
      .selectFrom('organisation')
      .select(['id', 'name', 'edrpou', 'ouo_id', 'region_id', 'grade_min'])
      .where('id', '=', schoolId)
      .where('kind', '=', 'school')
      .executeTakeFirst();
    if (!s) throw new AppError('NOT_FOUND', { detail: 'Заклад не знайдено у вашій зоні доступу.' });
    if (!can(caller.actor, 'pupil:write', { kind: 'school', id: s.id, regionId: s.region_id, ouoId: s.ouo_id }))
      throw new AppError('FORBIDDEN');
    return s;
  }

  /**
   * Enrols a first grader through PupilService.create (validation catalogue, duplicate detection against the whole
   * registry, sealed identifiers, the event and the audit entry), with the entry basis `first_grade`. An application
   * after 31 May is accepted with a warning.
   */
  async enrol(
    caller: Caller,
    schoolId: string,
    input: { record: unknown; applicationDate?: string | undefined },
  ): Promise<SavedPupil & { deadlineWarning: Warning | null }> {
    if (!can(caller.actor, 'pupil:write')) throw new AppError('FORBIDDEN');
    const school = await this.scoped(caller, (trx) => this.school(trx, caller, schoolId));
    const record = input.record as {
      enrollment?: { schoolEdrpou?: unknown; schoolYear?: unknown; grade?: unknown };
    } | null;
    const e = record && typeof record === 'object' ? record.enrollment : undefined;
    const errors = [];
    if (!e || e.grade !== 1)
      errors.push({
        path: '/record/enrollment/grade',
        code: 'FIRST_GRADE_ONLY',
        message: 'До 1 класу: укажіть клас 1.',
      });
    if (e && e.schoolEdrpou !== school.edrpou)
      errors.push({
        path: '/record/enrollment/schoolEdrpou',
        code: 'FIRST_GRADE_SCHOOL',
        message: 'Заклад у записі має бути тим закладом, до якого зараховують дитину.',
      });
    if (input.applicationDate !== undefined && !isRealDate(input.applicationDate))
      errors.push({ path: '/applicationDate', code: 'APPLICATION_DATE_INVALID', message: 'Дата заяви некоректна.' });
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { errors });
    const year = typeof e?.schoolYear === 'string' ? parseSchoolYearLabel(e.schoolYear) : null;
    const applied = input.applicationDate ?? this.ctx.now().toISOString().slice(0, 10);
    const deadline = year ? applicationsDeadline(year.id) : null;
    const deadlineWarning: Warning | null =
      deadline && applied > deadline
        ? {
            code: 'FIRST_GRADE_AFTER_DEADLINE',
            path: '/applicationDate',
            message: `Заяви про зарахування до 1 класу на ${year!.label} навчальний рік приймають до ${deadline.slice(8, 10)}.${deadline.slice(5, 7)}.${deadline.slice(0, 4)}: після цієї дати дитину зараховують на вільні місця.`,
          }
        : null;
    const saved = await this.pupils.create(caller, input.record, 'portal', { entryBasis: 'first_grade' });
    return { ...saved, deadlineWarning };
  }

  /** A school's first graders of a year (names: audited). */
  async list(caller: Caller, schoolId: string, yearLabel: string): Promise<{ year: number; pupils: FirstGraderRow[] }> {
    if (!can(caller.actor, 'pupil:read')) throw new AppError('FORBIDDEN');
    const year = this.year(yearLabel);
    return this.scoped(caller, async (trx) => {
      const s = await trx
        .selectFrom('organisation')
        .select(['id', 'ouo_id', 'region_id'])
        .where('id', '=', schoolId)
        .where('kind', '=', 'school')
        .executeTakeFirst();
      if (!s || !can(caller.actor, 'pupil:read', { kind: 'school', id: s.id, regionId: s.region_id, ouoId: s.ouo_id }))
        throw new AppError('NOT_FOUND', { detail: 'Заклад не знайдено у вашій зоні доступу.' });
      const pupils = await this.firstGraders(trx, s.id, year);
      await this.audit.record(trx as unknown as Tx, caller, {
        action: 'pupil.list',
        objectType: 'school',
        objectId: s.id,
        details: { grade: 1, schoolYear: year, count: pupils.length },
      });
      return { year, pupils };
    });
  }

  private year(label: string): number {
    const y = parseSchoolYearLabel(label);
    if (!y)
      throw new AppError('VALIDATION_FAILED', {
        errors: [
          { path: '/schoolYear', code: 'SCHOOL_YEAR_FORMAT', message: 'Навчальний рік записують як 2025-2026.' },
        ],
      });
    return y.id;
  }

  private firstGraders(trx: TransitionTx, schoolId: string, year: number): Promise<FirstGraderRow[]> {
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
        'e.class_letter',
        'e.entry_date',
        'e.entry_basis',
      ])
      .where('e.school_id', '=', schoolId)
      .where('e.school_year', '=', year)
      .where('e.grade', '=', 1)
      .where('e.exit_date', 'is', null)
      .orderBy('p.name_key')
      .execute();
  }

  /**
   * Forms the first-grade classes of a year (the rule: packages/domain/src/rollover/class-formation.ts). Without
   * `apply` it only proposes; with it, every child whose class changes gets its spell closed and a new one opened in
   * the new class (entry basis `class_change`), set-based, as a class change always is. Only before the school year
   * starts: afterwards a child changes class on their own record.
   */
  async formClasses(
    caller: Caller,
    schoolId: string,
    input: { schoolYear: string; method: FormationMethod; maxClassSize?: number | undefined; apply: boolean },
  ): Promise<{
    year: number;
    maxClassSize: number;
    classes: Array<FormedClass & { names: string[] }>;
    moved: number;
    applied: boolean;
  }> {
    const year = this.year(input.schoolYear);
    const max = input.maxClassSize ?? maxClassSize(1, year);
    const now = this.ctx.now();
    const today = now.toISOString().slice(0, 10);
    return this.scoped(caller, async (trx) => {
      const s = await this.school(trx, caller, schoolId);
      const children = await this.firstGraders(trx, s.id, year);
      const formed = formClasses(
        children.map((c) => ({
          id: c.enrolment_id,
          lastName: c.last_name,
          firstName: c.first_name,
          middleName: c.middle_name,
          sex: c.sex === 'male' ? 'male' : 'female',
        })),
        { method: input.method, maxSize: max, schoolYearStart: year },
      );
      const byId = new Map(children.map((c) => [c.enrolment_id, c]));
      const moves: Array<{ id: string; letter: string }> = [];
      for (const c of formed)
        for (const id of c.pupils)
          if (byId.get(id)!.class_letter !== c.classLetter) moves.push({ id, letter: c.classLetter });
      if (input.apply) {
        if (today >= schoolYear(year).startsOn)
          throw new AppError('TRANSITION_STATE', {
            detail: `${schoolYear(year).label} навчальний рік уже почався: класи формують до 1 вересня, а далі переводять окремих учнів у картці учня.`,
          });
        if (moves.length > 0) await this.moveClasses(trx, caller, s, moves, now);
        await this.audit.record(trx as unknown as Tx, caller, {
          action: 'first_grade.classes.form',
          objectType: 'school',
          objectId: s.id,
          details: {
            schoolYear: year,
            method: input.method,
            maxClassSize: max,
            classes: formed.length,
            moved: moves.length,
          },
        });
      }
      return {
        year,
        maxClassSize: max,
        classes: formed.map((c) => ({
          ...c,
          names: c.pupils.map((id) => {
            const p = byId.get(id)!;
            return [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');
          }),
        })),
        moved: moves.length,
        applied: input.apply,
      };
    });
  }

  /** Class changes, set-based: close each spell on its entry date and open the next one in the new class. */
  private async moveClasses(
    trx: TransitionTx,
    caller: Caller,
    school: { id: string; ouo_id: string | null; region_id: string | null },
    moves: ReadonlyArray<{ id: string; letter: string }>,
    now: Date,
  ): Promise<void> {
    const userId = caller.actor.kind === 'user' ? caller.actor.userId : null;
    const r = await sql<{ moved: number }>`
      WITH m AS (SELECT * FROM unnest(${moves.map((m) => m.id)}::uuid[], ${moves.map((m) => m.letter)}::text[])
          AS m(id, letter)),
      closed AS (
        UPDATE enrolment e SET exit_date = e.entry_date, exit_reason = 'class_change'
        FROM m WHERE e.id = m.id AND e.exit_date IS NULL AND e.school_id = ${school.id}::uuid
        RETURNING e.*, m.letter
      ), opened AS (
        INSERT INTO enrolment (id, person_id, school_id, ouo_id, region_id, school_year, grade, class_letter,
          entry_date, entry_basis, entry_order, previous_enrolment_id, source, created_by, created_at)
        SELECT aikom_uuidv7(), person_id, school_id, ouo_id, region_id, school_year, grade, letter, entry_date,
          'class_change', entry_order, id, 'portal', ${userId}::uuid, ${now}::timestamptz
        FROM closed
      ), events AS (
        INSERT INTO pupil_event (person_id, school_id, ouo_id, region_id, at, actor_user_id, source, kind, changes)
        SELECT person_id, school_id, ouo_id, region_id, ${now}::timestamptz, ${userId}::uuid, 'portal', 'updated',
          jsonb_build_object('fields', jsonb_build_array('enrollment'), 'classLetter', letter)
        FROM closed
      )
      SELECT count(*)::int AS moved FROM closed`.execute(trx);
    if (r.rows[0]!.moved !== moves.length)
      throw new AppError('CONFLICT', {
        detail: 'Записи першокласників змінилися; класи не сформовано, спробуйте ще раз.',
      });
  }
}
