import { can } from '@aikom/domain/access/policy';
import { ROLE_INFO } from '@aikom/domain/access/roles';
import { checkException, type RolloverException } from '@aikom/domain/rollover/exceptions';
import { moveOf, planRollover, type RolloverPlan, type RolloverMove } from '@aikom/domain/rollover/planner';
import { parseSchoolYearLabel, schoolYear } from '@aikom/domain/school-year';
import { DEFAULT_GRADES } from '@aikom/domain/validation/context';
import { isCountryCode } from '@aikom/domain/countries';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../context';
import type { DbScope, Tx } from '../../db/database';
import { transitionTx, type TransitionTx } from '../../db/schema-transitions';
import { AppError, type FieldError } from '../../errors';
import type { JobContext } from '../../jobs/job-runner';
import { AuditService, type AuditEvent } from '../audit/service';
import { scopeOf, type Caller, type UserActor } from '../auth/caller';
import {
  TransitionRepository,
  type ApplySchool,
  type PlanData,
  type SchoolRow,
  type SchoolYearRow,
  type TransitionRow,
} from './repository';

export const TRANSITION_JOB = 'transition.run';

/** Schools applied per transaction by a job: each school is whole in one batch, so a killed job leaves no half. */
export const BATCH_SCHOOLS = 200;

/**
 * Batches a bulk run writes at once, each its own transaction on its own connection: a batch is a few large
 * statements, each on one core of the database server, so two keep two cores busy. Batches hold different schools,
 * so they never wait for each other's rows. The embedded engine has one connection and runs them one after another.
 */
export const BULK_CONCURRENCY = 2;

/**
 * Runs `work` over `items` in batches of `size`, `concurrency` at a time, in order of the batches; stops taking new
 * batches when `stop` says so (what runs finishes) or a batch fails (the first failure is thrown once the others end).
 */
async function inBatches<T>(
  items: readonly T[],
  size: number,
  concurrency: number,
  work: (batch: readonly T[], index: number) => Promise<void>,
  stop?: () => Promise<boolean>,
): Promise<{ stopped: boolean }> {
  let next = 0;
  let stopped = false;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    while (!stopped && !failure && next < items.length) {
      if (await stop?.()) stopped = true;
      if (stopped || failure || next >= items.length) return;
      const at = next;
      next += size;
      try {
        await work(items.slice(at, at + size), at / size);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
  return { stopped };
}

/**
 * Who asks for a transition: a caller of the API, or the operator at the CLI (no user: the database is theirs, the
 * scope national, and the audit log names the command).
 */
export type Initiator = { kind: 'caller'; caller: Caller } | { kind: 'operator'; command: string };

/** A caller as a job keeps it: the actor without session secrets (a job outlives the request). */
export interface JobCaller {
  actor: Omit<UserActor, 'sessionId' | 'csrfToken' | 'mfaPassed'>;
  requestId: string;
  ip: string | null;
  client: string;
}

export interface ApplyOptions {
  orderNumber?: string | null | undefined;
  validationErrors?: 'block' | 'warn' | undefined;
}

export interface BulkFilter {
  ouoId?: string | undefined;
  regionId?: string | undefined;
  schoolIds?: readonly string[] | undefined;
}

export interface SchoolOutcome {
  schoolId: string;
  edrpou: string | null;
  name: string;
  status: 'applied' | 'already_applied' | 'blocked';
  transitionId: string | null;
  counts: { pupils: number; promote: number; repeat: number; graduate: number; leave: number } | null;
  blockers: Array<{ code: string; count: number; message: string }>;
}

export interface BulkReport {
  fromYear: number;
  toYear: number;
  schools: number;
  applied: number;
  alreadyApplied: number;
  blocked: number;
  pupils: { pupils: number; promote: number; repeat: number; graduate: number; leave: number };
  /** Blocked schools (the first 500), with what blocks them. */
  blockedSchools: SchoolOutcome[];
  cancelled: boolean;
  ms: number;
}

const scopeRef = (s: SchoolRow) => ({ kind: 'school' as const, id: s.id, regionId: s.region_id, ouoId: s.ouo_id });

const jobCallerOf = (caller: Caller): JobCaller => {
  if (caller.actor.kind !== 'user') throw new AppError('FORBIDDEN');
  const { sessionId: _s, csrfToken: _c, mfaPassed: _m, ...actor } = caller.actor;
  return { actor, requestId: caller.requestId, ip: caller.ip, client: caller.client };
};

const callerOfJob = (c: JobCaller): Caller => ({
  ...c,
  actor: { ...c.actor, sessionId: '', csrfToken: '', mfaPassed: true },
});

const emptyCounts = () => ({ pupils: 0, promote: 0, repeat: 0, graduate: 0, leave: 0 });

function yearLabelOf(label: string, path: string): number {
  const y = parseSchoolYearLabel(label);
  if (!y)
    throw new AppError('VALIDATION_FAILED', {
      errors: [{ path, code: 'SCHOOL_YEAR_FORMAT', message: 'Навчальний рік записують як 2024-2025.' }],
    });
  return y.id;
}

/**
 * The year-end transition (DOMAIN.md § 4): the school years the ministry opens and closes, a school's preview with its
 * exceptions, applying and undoing one school, and the job that transitions many schools at once. The rules are in
 * the domain's planner; this service authorises, reads, and writes the plan with set-based SQL.
 */
export class TransitionService {
  readonly repo = new TransitionRepository();
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {}

  private scopeOfInitiator(i: Initiator): DbScope {
    return i.kind === 'caller' ? scopeOf(i.caller.actor) : { national: true };
  }

  private scoped<T>(scope: DbScope, fn: (trx: TransitionTx) => Promise<T>): Promise<T> {
    return this.ctx.db.scoped(scope, (trx: Tx) => fn(transitionTx(trx)));
  }

  private record(trx: TransitionTx, i: Initiator, event: AuditEvent): Promise<number> {
    return i.kind === 'caller'
      ? this.audit.record(trx as unknown as Tx, i.caller, event)
      : this.audit.record(
          trx as unknown as Tx,
          null,
          { ...event, details: { ...event.details, command: i.command } },
          {
            login: 'system:cli',
          },
        );
  }

  private userIdOf(i: Initiator): string | null {
    return i.kind === 'caller' && i.caller.actor.kind === 'user' ? i.caller.actor.userId : null;
  }

  private sourceOf(i: Initiator): string {
    return i.kind === 'caller' ? (i.caller.actor.kind === 'platform' ? 'platform' : 'portal') : 'cli';
  }

  /** The school, visible in the caller's scope (404 otherwise) and allowed for the action (403 otherwise). */
  private async schoolFor(trx: TransitionTx, i: Initiator, schoolId: string): Promise<SchoolRow> {
    const school = await this.repo.school(trx, schoolId);
    if (!school) throw new AppError('NOT_FOUND', { detail: 'Заклад не знайдено у вашій зоні доступу.' });
    if (i.kind === 'caller' && !can(i.caller.actor, 'transition:run', scopeRef(school)))
      throw new AppError('FORBIDDEN');
    return school;
  }

  private authorise(i: Initiator): void {
    if (i.kind === 'caller' && !can(i.caller.actor, 'transition:run')) throw new AppError('FORBIDDEN');
  }

  /** The years of a transition: the one that ends must be open, the next one opened by the ministry. */
  private async years(trx: TransitionTx, fromYear: number): Promise<{ from: SchoolYearRow; to: SchoolYearRow }> {
    const from = await this.repo.schoolYear(trx, fromYear);
    const to = await this.repo.schoolYear(trx, fromYear + 1);
    const label = schoolYear(fromYear).label;
    if (!from) throw new AppError('SCHOOL_YEAR_STATE', { detail: `Навчального року ${label} у реєстрі немає.` });
    if (from.status === 'closed')
      throw new AppError('SCHOOL_YEAR_STATE', {
        detail: `${label} навчальний рік закрито: переведення учнів з нього вже не змінюється.`,
      });
    if (!to || to.status !== 'open')
      throw new AppError('SCHOOL_YEAR_STATE', {
        detail: `Наступний, ${schoolYear(fromYear + 1).label}, навчальний рік ще не відкрито: його відкриває МОН.`,
      });
    return { from, to };
  }

  // School years.

  async schoolYears(): Promise<SchoolYearRow[]> {
    return this.scoped({}, (trx) => this.repo.schoolYears(trx));
  }

  /** Opens a school year (the next after the latest; idempotent for an open one). The ministry's act. */
  async openYear(i: Initiator, label: string): Promise<SchoolYearRow> {
    if (i.kind === 'caller' && !can(i.caller.actor, 'school-year:manage')) throw new AppError('FORBIDDEN');
    const id = yearLabelOf(label, '/label');
    const now = this.ctx.now();
    return this.scoped(this.scopeOfInitiator(i), async (trx) => {
      const years = await this.repo.schoolYears(trx);
      const existing = years.find((y) => y.id === id);
      if (existing?.status === 'open') return existing;
      if (existing?.status === 'closed')
        throw new AppError('SCHOOL_YEAR_STATE', {
          detail: `${existing.label} навчальний рік закрито; знову відкрити його не можна.`,
        });
      const latest = years.at(-1)?.id;
      if (!existing && latest !== undefined && id !== latest + 1)
        throw new AppError('SCHOOL_YEAR_STATE', {
          detail: `Відкрити можна лише наступний навчальний рік (${schoolYear(latest + 1).label}).`,
        });
      const y = schoolYear(id);
      if (existing) await this.repo.openSchoolYear(trx, id, now);
      else await this.repo.insertSchoolYear(trx, { id, label: y.label, startsOn: y.startsOn, endsOn: y.endsOn, now });
      await this.record(trx, i, { action: 'school_year.open', objectType: 'school_year', objectId: y.label });
      return (await this.repo.schoolYear(trx, id))!;
    });
  }

  /**
   * Closes a school year: its transitions become final (undo is no longer possible) and, when it was the current
   * year, the next one becomes current. The next year must be open.
   */
  async closeYear(i: Initiator, label: string): Promise<SchoolYearRow> {
    if (i.kind === 'caller' && !can(i.caller.actor, 'school-year:manage')) throw new AppError('FORBIDDEN');
    const id = yearLabelOf(label, '/label');
    const now = this.ctx.now();
    return this.scoped(this.scopeOfInitiator(i), async (trx) => {
      const y = await this.repo.schoolYear(trx, id);
      if (!y) throw new AppError('NOT_FOUND', { detail: `Навчального року ${label} у реєстрі немає.` });
      if (y.status === 'closed') return y;
      const next = await this.repo.schoolYear(trx, id + 1);
      if (!next || next.status !== 'open')
        throw new AppError('SCHOOL_YEAR_STATE', {
          detail: `Спершу відкрийте ${schoolYear(id + 1).label} навчальний рік: учні переходять до нього.`,
        });
      await this.repo.closeSchoolYear(trx, id, now);
      await this.record(trx, i, { action: 'school_year.close', objectType: 'school_year', objectId: y.label });
      return (await this.repo.schoolYear(trx, id))!;
    });
  }

  // One school.

  private plan(school: SchoolRow, data: PlanData, fromYear: number, validationErrors: 'block' | 'warn'): RolloverPlan {
    return planRollover({
      fromYear,
      school: { gradeMin: school.grade_min ?? DEFAULT_GRADES.min, gradeMax: school.grade_max ?? DEFAULT_GRADES.max },
      classes: data.classes.get(school.id) ?? [],
      flagged: data.flagged.get(school.id) ?? [],
      firstGraders: data.firstGraders.get(school.id) ?? [],
      validationErrors,
    });
  }

  /**
   * The preview of a school's transition: the plan (classes, the new year's classes, blockers and warnings) and
   * every pupil with their move, so the school can mark exceptions. Reads names: audited.
   */
  async preview(caller: Caller, schoolId: string, fromYear: number) {
    const i: Initiator = { kind: 'caller', caller };
    this.authorise(i);
    return this.scoped(scopeOf(caller.actor), async (trx) => {
      const school = await this.schoolFor(trx, i, schoolId);
      const years = await this.yearsForPreview(trx, fromYear);
      const applied = await this.repo.applied(trx, school.id, fromYear);
      const data = await this.repo.planData(trx, [school.id], fromYear);
      const plan = this.plan(school, data, fromYear, 'block');
      const spells = await this.repo.previewSpells(trx, school.id, fromYear);
      const exceptions = new Map(
        (await this.repo.exceptions(trx, school.id, fromYear)).map((x) => [x.enrolment_id, x]),
      );
      const destinations = new Map<string, { name: string; edrpou: string } | undefined>();
      for (const x of exceptions.values())
        if (x.destination_school_id && !destinations.has(x.destination_school_id))
          destinations.set(x.destination_school_id, await this.repo.schoolPublic(trx, x.destination_school_id));
      const pupils = spells.map((s) => {
        const spell = { enrolmentId: s.enrolment_id, grade: s.grade, classLetter: s.class_letter };
        const m = plan.classes.some((c) => c.grade === s.grade && c.classLetter === s.class_letter)
          ? moveOf(plan, spell)
          : null;
        const x = exceptions.get(s.enrolment_id);
        return {
          spell: s,
          move: m?.move ?? null,
          to: m?.to ?? null,
          exception: x ?? null,
          destination: x?.destination_school_id ? (destinations.get(x.destination_school_id) ?? null) : null,
        };
      });
      await this.audit.record(trx as unknown as Tx, caller, {
        action: 'transition.preview',
        objectType: 'school',
        objectId: school.id,
        details: { fromYear, pupils: spells.length },
      });
      return { school, years, applied: applied ?? null, plan, pupils };
    });
  }

  /** The years of a preview: the plan can be looked at before the next year is opened. */
  private async yearsForPreview(trx: TransitionTx, fromYear: number) {
    const from = await this.repo.schoolYear(trx, fromYear);
    const to = await this.repo.schoolYear(trx, fromYear + 1);
    if (!from)
      throw new AppError('SCHOOL_YEAR_STATE', {
        detail: `Навчального року ${schoolYear(fromYear).label} у реєстрі немає.`,
      });
    return { from, to: to ?? null };
  }

  /**
   * Marks (or replaces) a pupil's exception for the transition. The destination of a transfer is named by the
   * receiving school's ЄДРПОУ.
   */
  async setException(
    caller: Caller,
    schoolId: string,
    fromYear: number,
    enrolmentId: string,
    input:
      | {
          kind: 'repeat';
          basis: 'parent_request' | 'council_decision';
          classLetter?: string | undefined;
          note?: string | undefined;
        }
      | {
          kind: 'leave';
          reason: 'transfer' | 'abroad' | 'vocational' | 'other';
          confirmed?: boolean | undefined;
          destinationEdrpou?: string | undefined;
          destinationCountry?: string | undefined;
          date?: string | undefined;
          note?: string | undefined;
        },
  ) {
    const i: Initiator = { kind: 'caller', caller };
    this.authorise(i);
    const now = this.ctx.now();
    return this.scoped(scopeOf(caller.actor), async (trx) => {
      const school = await this.schoolFor(trx, i, schoolId);
      // Exceptions may be prepared before the ministry opens the next year; a closed year takes none.
      const { from } = await this.yearsForPreview(trx, fromYear);
      if (from.status === 'closed')
        throw new AppError('SCHOOL_YEAR_STATE', { detail: `${from.label} навчальний рік закрито.` });
      if (await this.repo.applied(trx, school.id, fromYear))
        throw new AppError('TRANSITION_STATE', {
          detail: 'Учнів закладу вже переведено: щоб змінити позначки, спершу скасуйте переведення.',
        });
      const spell = await this.repo.openSpell(trx, enrolmentId);
      if (!spell || spell.school_id !== school.id || spell.school_year !== fromYear)
        throw new AppError('NOT_FOUND', { detail: 'Учня в цьому закладі й навчальному році не знайдено.' });
      const errors: FieldError[] = [];
      let exception: RolloverException;
      if (input.kind === 'repeat') {
        exception = {
          kind: 'repeat',
          basis: input.basis,
          classLetter: input.classLetter ?? null,
          note: input.note ?? null,
        };
      } else {
        let destination: string | null = null;
        if (input.destinationEdrpou) {
          const d = await this.repo.destinationSchool(trx, input.destinationEdrpou);
          if (!d)
            errors.push({
              path: '/destinationEdrpou',
              code: 'DESTINATION_UNKNOWN',
              message: 'Заклад призначення з таким кодом ЄДРПОУ не знайдено в реєстрі.',
            });
          else if (d.id === school.id)
            errors.push({
              path: '/destinationEdrpou',
              code: 'DESTINATION_SAME_SCHOOL',
              message: 'Заклад призначення має бути іншим, ніж заклад, з якого учень вибуває.',
            });
          else destination = d.id;
        }
        if (input.destinationCountry && !isCountryCode(input.destinationCountry))
          errors.push({
            path: '/destinationCountry',
            code: 'COUNTRY_UNKNOWN',
            message: 'Невідомий код країни (ISO 3166-1, напр. PL).',
          });
        exception = {
          kind: 'leave',
          reason: input.reason,
          confirmed: input.confirmed ?? true,
          destinationSchoolId: destination,
          destinationCountry: input.destinationCountry ?? null,
          date: input.date ?? null,
          note: input.note ?? null,
        };
      }
      const gradeMax = school.grade_max ?? DEFAULT_GRADES.max;
      for (const issue of checkException(exception, { grade: spell.grade, gradeMax, fromYear }))
        errors.push({ path: issue.path, code: issue.code, message: issue.message });
      if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { errors });
      await this.repo.upsertException(
        trx,
        spell,
        exception,
        caller.actor.kind === 'user' ? caller.actor.userId : null,
        now,
      );
      await this.audit.record(trx as unknown as Tx, caller, {
        action: 'transition.exception.set',
        objectType: 'pupil',
        objectId: spell.person_id,
        details: {
          schoolId: school.id,
          fromYear,
          kind: exception.kind,
          ...(exception.kind === 'leave'
            ? {
                reason: exception.reason,
                confirmed: exception.confirmed,
                country: exception.destinationCountry ?? null,
              }
            : { basis: exception.basis }),
        },
      });
      return { enrolmentId: spell.id, exception };
    });
  }

  async removeException(caller: Caller, schoolId: string, fromYear: number, enrolmentId: string): Promise<void> {
    const i: Initiator = { kind: 'caller', caller };
    this.authorise(i);
    await this.scoped(scopeOf(caller.actor), async (trx) => {
      const school = await this.schoolFor(trx, i, schoolId);
      if (await this.repo.applied(trx, school.id, fromYear))
        throw new AppError('TRANSITION_STATE', {
          detail: 'Учнів закладу вже переведено: щоб змінити позначки, спершу скасуйте переведення.',
        });
      const x = (await this.repo.exceptions(trx, school.id, fromYear)).find((e) => e.enrolment_id === enrolmentId);
      if (!x) throw new AppError('NOT_FOUND', { detail: 'Такої позначки немає.' });
      await this.repo.deleteException(trx, enrolmentId);
      await this.audit.record(trx as unknown as Tx, caller, {
        action: 'transition.exception.remove',
        objectType: 'pupil',
        objectId: x.person_id,
        details: { schoolId: school.id, fromYear, kind: x.kind },
      });
    });
  }

  /** Whether the initiator may move records with validation errors on with a warning (not a school's choice). */
  private mayOverrideErrors(i: Initiator): boolean {
    if (i.kind === 'operator') return true;
    const a = i.caller.actor;
    return a.kind === 'user' && ROLE_INFO[a.role].kind !== 'school';
  }

  /** Applies one school's transition in one transaction; applying it again returns the transition already applied. */
  async apply(caller: Caller, schoolId: string, fromYear: number, options: ApplyOptions = {}) {
    const i: Initiator = { kind: 'caller', caller };
    this.authorise(i);
    if (options.validationErrors === 'warn' && !this.mayOverrideErrors(i))
      throw new AppError('FORBIDDEN', {
        detail: 'Перевести учнів із помилками в записах може лише ОУО або МОН; заклад спершу виправляє помилки.',
      });
    return this.scoped(scopeOf(caller.actor), async (trx) => {
      const school = await this.schoolFor(trx, i, schoolId);
      const outcome = await this.applyBatch(trx, i, [school], fromYear, options, null);
      const o = outcome[0]!;
      if (o.status === 'blocked')
        throw new AppError('TRANSITION_BLOCKED', {
          detail: o.blockers.map((b) => b.message).join(' '),
          extra: { blockers: o.blockers },
        });
      return { outcome: o, transition: (await this.repo.applied(trx, school.id, fromYear))! };
    });
  }

  /**
   * Applies the transitions of a batch of schools in the caller's transaction: schools already applied are skipped,
   * blocked ones reported, the rest planned and written with set-based SQL, each audited.
   */
  async applyBatch(
    trx: TransitionTx,
    i: Initiator,
    schools: readonly SchoolRow[],
    fromYear: number,
    options: ApplyOptions,
    jobId: string | null,
  ): Promise<SchoolOutcome[]> {
    const { from, to } = await this.years(trx, fromYear);
    await this.repo.tuneBulk(trx);
    const ids = schools.map((s) => s.id);
    await this.repo.lockSchools(trx, ids, fromYear);
    const done = await this.repo.appliedSchools(trx, ids, fromYear);
    const todo = schools.filter((s) => !done.has(s.id));
    const data =
      todo.length > 0
        ? await this.repo.planData(
            trx,
            todo.map((s) => s.id),
            fromYear,
          )
        : null;
    const validationErrors = options.validationErrors ?? 'block';
    const outcomes = new Map<string, SchoolOutcome>();
    const apply: ApplySchool[] = [];
    const plans = new Map<string, RolloverPlan>();
    for (const s of schools) {
      const base = { schoolId: s.id, edrpou: s.edrpou, name: s.name };
      if (done.has(s.id)) {
        outcomes.set(s.id, { ...base, status: 'already_applied', transitionId: null, counts: null, blockers: [] });
        continue;
      }
      const plan = this.plan(s, data!, fromYear, validationErrors);
      if (!plan.canApply) {
        outcomes.set(s.id, {
          ...base,
          status: 'blocked',
          transitionId: null,
          counts: null,
          blockers: plan.blockers.map((b) => ({ code: b.code, count: b.count, message: b.message })),
        });
        continue;
      }
      const transitionId = uuidv7();
      plans.set(transitionId, plan);
      const counts = { ...plan.totals };
      apply.push({
        transitionId,
        school: s,
        orderNumber: options.orderNumber ?? null,
        classes: plan.classes.map((c) => ({ grade: c.grade, classLetter: c.classLetter, move: c.move })),
        exceptions: plan.exceptions,
        counts,
        summary: {
          classes: plan.classes.map((c) => ({
            grade: c.grade,
            classLetter: c.classLetter,
            move: c.move,
            counts: c.counts,
          })),
          nextClasses: plan.nextClasses,
          warnings: plan.warnings.map((w) => ({ code: w.code, count: w.count, message: w.message })),
        },
      });
      outcomes.set(s.id, { ...base, status: 'applied', transitionId, counts, blockers: [] });
    }
    const now = this.ctx.now();
    const written = await this.repo.apply(trx, {
      fromYear: from.id,
      toYear: to.id,
      closeDate: schoolYear(from.id).endsOn,
      entryDate: schoolYear(to.id).startsOn,
      validationErrors,
      source: this.sourceOf(i),
      actorUserId: this.userIdOf(i),
      jobId,
      now,
      schools: apply,
    });
    // The plan was read in this transaction; a spell opened or moved by someone else meanwhile would make the
    // written counts differ. Then nothing is kept: the school tries again.
    const byTransition = new Map<string, Record<string, number>>();
    for (const w of written)
      byTransition.set(w.transition_id, { ...byTransition.get(w.transition_id), [w.move]: w.pupils });
    for (const a of apply) {
      const got = byTransition.get(a.transitionId) ?? {};
      for (const m of ['promote', 'repeat', 'graduate', 'leave'] as RolloverMove[])
        if ((got[m] ?? 0) !== a.counts[m])
          throw new AppError('CONFLICT', {
            detail: `Під час переведення учнів закладу ${a.school.name} їхні дані змінилися. Нічого не змінено; спробуйте ще раз.`,
          });
    }
    for (const a of apply)
      await this.record(trx, i, {
        action: 'transition.apply',
        objectType: 'transition',
        objectId: a.transitionId,
        details: { schoolId: a.school.id, fromYear: from.id, toYear: to.id, ...a.counts, validationErrors, jobId },
      });
    return schools.map((s) => outcomes.get(s.id)!);
  }

  /**
   * Undoes a school's transition: the spells it opened are deleted and the ones it closed reopened, exactly as they
   * were. Refused once the year is closed, or when something happened since that undo would erase (a new spell
   * changed, a leaver enrolled elsewhere, follow-up recorded).
   */
  async undo(
    i: Initiator,
    schoolId: string,
    fromYear: number,
  ): Promise<{ transition: TransitionRow; reopened: number }> {
    this.authorise(i);
    const now = this.ctx.now();
    return this.scoped(this.scopeOfInitiator(i), async (trx) => {
      const school = await this.schoolFor(trx, i, schoolId);
      await this.repo.tuneBulk(trx);
      await this.repo.lockSchools(trx, [school.id], fromYear);
      const t = await this.repo.applied(trx, school.id, fromYear);
      if (!t)
        throw new AppError('TRANSITION_STATE', { detail: 'Учнів закладу в цьому навчальному році не переводили.' });
      const from = await this.repo.schoolYear(trx, fromYear);
      if (from?.status === 'closed')
        throw new AppError('TRANSITION_STATE', {
          detail: `${schoolYear(fromYear).label} навчальний рік закрито: переведення скасувати вже не можна.`,
        });
      const c = await this.repo.undoConflicts(trx, t.id);
      const reasons = [
        c.changed_spells > 0 ? `у новому навчальному році вже змінено записи учнів (${c.changed_spells})` : null,
        c.enrolled_elsewhere > 0
          ? `випускників або учнів, що вибули, уже зараховано деінде (${c.enrolled_elsewhere})`
          : null,
        c.case_events > 0 ? `щодо учнів, що вибули, уже ведеться робота (${c.case_events})` : null,
      ].filter(Boolean);
      if (reasons.length > 0)
        throw new AppError('TRANSITION_STATE', {
          detail: `Скасувати переведення не можна: ${reasons.join('; ')}. Виправте записи окремо.`,
          extra: { conflicts: c },
        });
      const userId = this.userIdOf(i);
      await this.repo.markUndone(trx, [t.id], userId, now);
      const reopened = await this.repo.undo(trx, {
        transitionIds: [t.id],
        source: this.sourceOf(i),
        actorUserId: userId,
        now,
      });
      if (reopened !== t.pupils)
        throw new AppError('CONFLICT', { detail: 'Записи учнів змінилися під час скасування; нічого не змінено.' });
      await this.record(trx, i, {
        action: 'transition.undo',
        objectType: 'transition',
        objectId: t.id,
        details: { schoolId: school.id, fromYear, reopened },
      });
      return { transition: { ...t, status: 'undone', undone_at: now, undone_by: userId }, reopened };
    });
  }

  /** A school's transitions (newest first) and, for the applied one of a year, the new year's classes. */
  async history(caller: Caller, schoolId: string) {
    const i: Initiator = { kind: 'caller', caller };
    if (!can(caller.actor, 'pupil:read') && !can(caller.actor, 'transition:run')) throw new AppError('FORBIDDEN');
    return this.scoped(scopeOf(caller.actor), async (trx) => {
      const school = await this.repo.school(trx, schoolId);
      if (!school) throw new AppError('NOT_FOUND', { detail: 'Заклад не знайдено у вашій зоні доступу.' });
      if (!can(i.caller.actor, 'pupil:read', scopeRef(school))) throw new AppError('NOT_FOUND');
      const transitions = await this.repo.transitionsOf(trx, school.id);
      const applied = transitions.find((t) => t.status === 'applied');
      return { school, transitions, newClasses: applied ? await this.repo.newClasses(trx, applied.id) : [] };
    });
  }

  // Many schools.

  /** Schools a bulk run covers, within the initiator's scope. */
  private async bulkSchools(trx: TransitionTx, i: Initiator, filter: BulkFilter): Promise<SchoolRow[]> {
    if (i.kind === 'caller' && i.caller.actor.kind === 'user') {
      const a = i.caller.actor;
      const kind = ROLE_INFO[a.role].kind;
      if (kind === 'ouo' && filter.ouoId && filter.ouoId !== a.organisationId) throw new AppError('NOT_FOUND');
      if (kind === 'ouo') filter = { ...filter, ouoId: a.organisationId };
      if (kind === 'school') filter = { ...filter, schoolIds: [a.organisationId] };
    }
    const schools = await this.repo.schools(trx, filter);
    if (i.kind === 'caller') return schools.filter((s) => can(i.caller.actor, 'transition:run', scopeRef(s)));
    return schools;
  }

  /** Queues the transition of many schools (an ОУО's, a region's, the country's) as a job with progress. */
  async startBulk(
    caller: Caller,
    fromYear: number,
    filter: BulkFilter,
    options: ApplyOptions,
  ): Promise<{ jobId: string; schools: number }> {
    const i: Initiator = { kind: 'caller', caller };
    this.authorise(i);
    if (options.validationErrors === 'warn' && !this.mayOverrideErrors(i)) throw new AppError('FORBIDDEN');
    const jobCaller = jobCallerOf(caller);
    const scope = scopeOf(caller.actor);
    const schools = await this.scoped(scope, async (trx) => {
      await this.years(trx, fromYear);
      if (filter.regionId || filter.ouoId) {
        const org = await this.repo.organisation(trx, (filter.ouoId ?? filter.regionId)!);
        if (!org)
          throw new AppError('NOT_FOUND', { detail: 'Орган управління освітою не знайдено у вашій зоні доступу.' });
      }
      return this.bulkSchools(trx, i, filter);
    });
    const a = jobCaller.actor;
    const jobId = await this.ctx.jobs.enqueue(
      TRANSITION_JOB,
      { fromYear, filter: { ...filter }, options: { ...options }, caller: jobCaller },
      {
        userId: a.userId,
        organisationId: a.organisationId,
        regionId: a.regionId,
        ouoId: ROLE_INFO[a.role].kind === 'ouo' ? a.organisationId : a.ouoId,
        schoolId: ROLE_INFO[a.role].kind === 'school' ? a.organisationId : null,
        scope,
      },
    );
    await this.scoped(scope, (trx) =>
      this.audit.record(trx as unknown as Tx, caller, {
        action: 'transition.bulk.start',
        objectType: 'job',
        objectId: jobId,
        details: {
          fromYear,
          schools: schools.length,
          ...filter,
          validationErrors: options.validationErrors ?? 'block',
        },
      }),
    );
    return { jobId, schools: schools.length };
  }

  /** The job: schools in batches, each batch one transaction; done schools are skipped, so a resumed job goes on. */
  async runBulkJob(job: JobContext): Promise<Record<string, unknown>> {
    const p = job.params as {
      fromYear: number;
      filter: BulkFilter;
      options: ApplyOptions;
      caller: JobCaller | null;
      command?: string;
    };
    const i: Initiator = p.caller
      ? { kind: 'caller', caller: callerOfJob(p.caller) }
      : { kind: 'operator', command: p.command ?? 'aikom rollover' };
    const report = await this.runBulk(i, job.scope, p.fromYear, p.filter, p.options, {
      jobId: job.id,
      progress: (done, total, note) => job.progress(done, total, note),
      cancelled: () => job.cancelled(),
    });
    return report as unknown as Record<string, unknown>;
  }

  /**
   * Transitions many schools: batches of {@link BATCH_SCHOOLS} in their own transactions ({@link BULK_CONCURRENCY} at
   * once), with progress. A batch is whole or absent, so a killed run leaves no school half done; done schools are
   * skipped, so a run started again goes on.
   */
  async runBulk(
    i: Initiator,
    scope: DbScope,
    fromYear: number,
    filter: BulkFilter,
    options: ApplyOptions,
    hooks: {
      jobId?: string | null;
      progress?: (done: number, total: number, note: string) => Promise<void> | void;
      cancelled?: () => Promise<boolean>;
      batchSchools?: number;
      /** Batches at once (default {@link BULK_CONCURRENCY}). */
      concurrency?: number;
    } = {},
  ): Promise<BulkReport> {
    const started = Date.now();
    const schools = await this.scoped(scope, async (trx) => {
      await this.years(trx, fromYear);
      return this.bulkSchools(trx, i, filter);
    });
    const report: BulkReport = {
      fromYear,
      toYear: fromYear + 1,
      schools: schools.length,
      applied: 0,
      alreadyApplied: 0,
      blocked: 0,
      pupils: emptyCounts(),
      blockedSchools: [],
      cancelled: false,
      ms: 0,
    };
    const size = hooks.batchSchools ?? BATCH_SCHOOLS;
    await hooks.progress?.(0, schools.length, 'переведення учнів');
    // Outcomes are reported in the order of the schools, whichever batch ends first.
    const byBatch: SchoolOutcome[][] = [];
    let done = 0;
    const run = await inBatches(
      schools,
      size,
      hooks.concurrency ?? BULK_CONCURRENCY,
      async (batch, index) => {
        byBatch[index] = await this.scoped(scope, (trx) =>
          this.applyBatch(trx, i, batch, fromYear, options, hooks.jobId ?? null),
        );
        done += batch.length;
        await hooks.progress?.(done, schools.length, `заклади: ${done} з ${schools.length}`);
      },
      hooks.cancelled,
    );
    report.cancelled = run.stopped;
    for (const o of byBatch.flat()) {
      if (o.status === 'applied') {
        report.applied++;
        for (const k of Object.keys(report.pupils) as Array<keyof BulkReport['pupils']>)
          report.pupils[k] += o.counts![k];
      } else if (o.status === 'already_applied') report.alreadyApplied++;
      else {
        report.blocked++;
        if (report.blockedSchools.length < 500) report.blockedSchools.push(o);
      }
    }
    report.ms = Date.now() - started;
    return report;
  }

  /**
   * Undoes the applied transitions of many schools from a year (operators and benchmarks), in batches as a bulk run
   * applies them; a school whose undo would erase something done since is left applied and reported.
   */
  async undoMany(
    i: Initiator,
    scope: DbScope,
    fromYear: number,
    filter: BulkFilter,
    batchSchools = BATCH_SCHOOLS,
  ): Promise<{ undone: number; refused: number; reopened: number; ms: number }> {
    const started = Date.now();
    const schools = await this.scoped(scope, (trx) => this.bulkSchools(trx, i, filter));
    const out = { undone: 0, refused: 0, reopened: 0, ms: 0 };
    const userId = this.userIdOf(i);
    await inBatches(schools, batchSchools, BULK_CONCURRENCY, async (batch) => {
      const ids = batch.map((s) => s.id);
      await this.scoped(scope, async (trx) => {
        const from = await this.repo.schoolYear(trx, fromYear);
        if (from?.status === 'closed')
          throw new AppError('TRANSITION_STATE', {
            detail: `${from.label} навчальний рік закрито: переведення скасувати вже не можна.`,
          });
        await this.repo.tuneBulk(trx);
        await this.repo.lockSchools(trx, ids, fromYear);
        const applied = await this.repo.appliedTransitions(trx, ids, fromYear);
        const conflicts = await this.repo.undoConflictsMany(
          trx,
          applied.map((t) => t.id),
        );
        const ok: typeof applied = [];
        for (const t of applied) {
          const c = conflicts.get(t.id);
          if (!c || c.changed_spells + c.enrolled_elsewhere + c.case_events > 0) out.refused++;
          else ok.push(t);
        }
        if (ok.length === 0) return;
        const now = this.ctx.now();
        await this.repo.markUndone(
          trx,
          ok.map((t) => t.id),
          userId,
          now,
        );
        const reopened = await this.repo.undo(trx, {
          transitionIds: ok.map((t) => t.id),
          source: this.sourceOf(i),
          actorUserId: userId,
          now,
        });
        if (reopened !== ok.reduce((n, t) => n + t.pupils, 0))
          throw new AppError('CONFLICT', { detail: 'Записи учнів змінилися під час скасування; нічого не змінено.' });
        for (const t of ok)
          await this.record(trx, i, {
            action: 'transition.undo',
            objectType: 'transition',
            objectId: t.id,
            details: { schoolId: t.school_id, fromYear },
          });
        out.undone += ok.length;
        out.reopened += reopened;
      });
    });
    out.ms = Date.now() - started;
    return out;
  }

  /** A dry run over many schools: what each would do and what blocks it, nothing written (audited as a read). */
  async dryRun(i: Initiator, scope: DbScope, fromYear: number, filter: BulkFilter, options: ApplyOptions) {
    return this.scoped(scope, async (trx) => {
      await this.repo.tuneBulk(trx);
      const schools = await this.bulkSchools(trx, i, filter);
      const done = await this.repo.appliedSchools(
        trx,
        schools.map((s) => s.id),
        fromYear,
      );
      const outcomes: Array<SchoolOutcome & { warnings: Array<{ code: string; count: number }> }> = [];
      for (let at = 0; at < schools.length; at += BATCH_SCHOOLS) {
        const batch = schools.slice(at, at + BATCH_SCHOOLS).filter((s) => !done.has(s.id));
        const data = await this.repo.planData(
          trx,
          batch.map((s) => s.id),
          fromYear,
        );
        for (const s of batch) {
          const plan = this.plan(s, data, fromYear, options.validationErrors ?? 'block');
          outcomes.push({
            schoolId: s.id,
            edrpou: s.edrpou,
            name: s.name,
            status: plan.canApply ? 'applied' : 'blocked',
            transitionId: null,
            counts: plan.totals,
            blockers: plan.blockers.map((b) => ({ code: b.code, count: b.count, message: b.message })),
            warnings: plan.warnings.map((w) => ({ code: w.code, count: w.count })),
          });
        }
      }
      await this.record(trx, i, {
        action: 'transition.dry_run',
        objectType: 'scope',
        details: { fromYear, schools: schools.length, ...filter },
      });
      for (const s of schools)
        if (done.has(s.id))
          outcomes.push({
            schoolId: s.id,
            edrpou: s.edrpou,
            name: s.name,
            status: 'already_applied',
            transitionId: null,
            counts: null,
            blockers: [],
            warnings: [],
          });
      return { schools: schools.length, alreadyApplied: done.size, outcomes };
    });
  }
}
