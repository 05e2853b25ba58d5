/**
 * The year-end transition of one school, planned without touching anything (DOMAIN.md § 4): per class of the year
 * that ends, who moves to the next grade (the class letter is kept), who graduates (the school's last grade), who
 * stays in the same grade and who leaves; the classes of the new year; and what blocks the transition.
 *
 * The plan is made of class defaults and per-pupil exceptions, so the server can apply it with set-based SQL (a
 * class mapping and a short list of exceptions) and the same plan can be shown to the school pupil by pupil.
 *
 * Dates: spells of the year that ends are closed on its last day (31 August), the new spells begin on the first day
 * of the new year (1 September) — whatever day the transition is applied on, so applying it early (June) or late
 * (September) gives the same history. A leaving pupil may carry an earlier exit date.
 */
import { schoolYear } from '../school-year';
import { checkException, type ExceptionIssue, type LeaveReason, type RolloverException } from './exceptions';
import { maxClassSize } from './class-size';

export type RolloverMove = 'promote' | 'repeat' | 'graduate' | 'leave';

/** What a spell's closing records (enrolment.exit_reason). */
export type ClosingReason = 'promoted' | 'repeated' | 'graduated' | LeaveReason;

/** The level of education a graduate completed in the school (what follows from the school's last grade). */
export type CompletedLevel = 'complete' | 'basic' | 'primary' | 'none';

/** Grades whose completion gives a level: primary after 4, basic after 9, complete (повна) after 11. */
export const LEVEL_GRADES = { primary: 4, basic: 9, complete: 11 } as const;

export function completedLevel(grade: number): CompletedLevel {
  if (grade >= LEVEL_GRADES.complete) return 'complete';
  if (grade >= LEVEL_GRADES.basic) return 'basic';
  if (grade >= LEVEL_GRADES.primary) return 'primary';
  return 'none';
}

export interface ClassCount {
  grade: number;
  classLetter: string;
  pupils: number;
}

/** A spell the planner must look at individually: one with an exception or a flag. */
export interface FlaggedSpell {
  enrolmentId: string;
  grade: number;
  classLetter: string;
  exception?: RolloverException | null;
  /** Errors of the validation catalogue on the pupil's record. */
  validationErrors?: number;
  /** Contact with the pupil or their representatives is lost. */
  lostContact?: boolean;
  /** The spell itself is a repeated year (entry basis `repeat`). */
  repeating?: boolean;
}

export interface RolloverInput {
  /** The school year that ends, by its first calendar year. */
  fromYear: number;
  /** The grades the school teaches (organisation.grade_min / grade_max); a school teaching 12 grades has 12. */
  school: { gradeMin: number; gradeMax: number };
  /** Every open spell of the year, counted per class. */
  classes: readonly ClassCount[];
  /** The spells with an exception or a flag (each is also counted in `classes`). */
  flagged: readonly FlaggedSpell[];
  /** First-grade classes already formed for the new year (to show the new year's classes whole). */
  firstGraders?: readonly ClassCount[];
  /**
   * Records with validation errors block the transition (`block`, default: the school fixes them first) or are
   * moved on with a warning (`warn`: a bulk run by the ОУО or the ministry over legacy data).
   */
  validationErrors?: 'block' | 'warn';
}

export interface ClassPlan {
  grade: number;
  classLetter: string;
  pupils: number;
  /** What happens to the class's pupils unless an exception says otherwise. */
  move: 'promote' | 'graduate';
  /** The class its pupils move to (null for graduates). */
  to: { grade: number; classLetter: string } | null;
  /** The level graduates of this class have completed (null unless `move` is `graduate`). */
  completes: CompletedLevel | null;
  counts: Record<RolloverMove, number>;
}

/** A pupil whose move differs from the class default, or who leaves. */
export interface PupilMove {
  enrolmentId: string;
  move: RolloverMove;
  closingReason: ClosingReason;
  exitDate: string;
  to: { grade: number; classLetter: string } | null;
  destinationSchoolId: string | null;
  destinationCountry: string | null;
  note: string | null;
}

export interface NextClass {
  grade: number;
  classLetter: string;
  pupils: number;
  promoted: number;
  repeating: number;
  firstGraders: number;
  maxSize: number;
}

export type FindingCode =
  | 'TRANSITION_VALIDATION_ERRORS'
  | 'TRANSITION_EXIT_UNCONFIRMED'
  | 'TRANSITION_GRADE_OUTSIDE_SCHOOL'
  | 'TRANSITION_EXCEPTION_INVALID'
  | 'TRANSITION_EXCEPTION_UNKNOWN_SPELL'
  | 'TRANSITION_LOST_CONTACT'
  | 'TRANSITION_CLASS_OVER_MAX'
  | 'TRANSITION_NO_FIRST_GRADE'
  | 'TRANSITION_GRADUATES_CONTINUE'
  | 'TRANSITION_DESTINATION_UNKNOWN'
  | 'TRANSITION_REPEAT_AGAIN'
  | 'TRANSITION_EMPTY';

export interface Finding {
  code: FindingCode;
  severity: 'blocker' | 'warning';
  message: string;
  /** How many pupils (or classes, for class findings) it concerns. */
  count: number;
  /** The spells it concerns (pupil findings). */
  enrolmentIds?: string[];
  /** The class it concerns (class findings). */
  grade?: number;
  classLetter?: string;
  /** Field-level problems of an invalid exception. */
  issues?: ExceptionIssue[];
}

export interface RolloverPlan {
  fromYear: number;
  toYear: number;
  /** Spells of the year that ends are closed on this date (31 August). */
  closeDate: string;
  /** New spells begin on this date (1 September). */
  entryDate: string;
  classes: ClassPlan[];
  exceptions: PupilMove[];
  nextClasses: NextClass[];
  totals: Record<RolloverMove, number> & { pupils: number };
  blockers: Finding[];
  warnings: Finding[];
  canApply: boolean;
}

const closingReasonOf = (move: Exclude<RolloverMove, 'leave'>): ClosingReason =>
  move === 'promote' ? 'promoted' : move === 'repeat' ? 'repeated' : 'graduated';

const classKey = (grade: number, letter: string) => `${grade}-${letter}`;

const letters = new Intl.Collator('uk', { numeric: true });
const byClass = (a: { grade: number; classLetter: string }, b: { grade: number; classLetter: string }) =>
  a.grade - b.grade || letters.compare(a.classLetter, b.classLetter);

/**
 * Plans the transition of one school from `fromYear` to the next year.
 *
 * @example planRollover({ fromYear: 2024, school: { gradeMin: 1, gradeMax: 11 },
 *   classes: [{ grade: 4, classLetter: 'А', pupils: 25 }], flagged: [] })
 *   // classes[0]: 4-А → 5-А, 25 promoted; canApply: true
 */
export function planRollover(input: RolloverInput): RolloverPlan {
  const from = schoolYear(input.fromYear);
  const to = schoolYear(input.fromYear + 1);
  const { gradeMin, gradeMax } = input.school;
  const blockers: Finding[] = [];
  const warnings: Finding[] = [];

  const classes = new Map<string, ClassPlan>();
  const outside: ClassCount[] = [];
  for (const c of [...input.classes].sort(byClass)) {
    if (c.pupils <= 0) continue;
    if (c.grade < gradeMin || c.grade > gradeMax) outside.push(c);
    const graduates = c.grade >= gradeMax;
    classes.set(classKey(c.grade, c.classLetter), {
      grade: c.grade,
      classLetter: c.classLetter,
      pupils: c.pupils,
      move: graduates ? 'graduate' : 'promote',
      to: graduates ? null : { grade: c.grade + 1, classLetter: c.classLetter },
      completes: graduates ? completedLevel(c.grade) : null,
      counts: { promote: graduates ? 0 : c.pupils, repeat: 0, graduate: graduates ? c.pupils : 0, leave: 0 },
    });
  }
  for (const c of outside) {
    blockers.push({
      code: 'TRANSITION_GRADE_OUTSIDE_SCHOOL',
      severity: 'blocker',
      message: `Клас ${c.grade}-${c.classLetter} не відповідає класам закладу (${gradeMin}–${gradeMax}): виправте клас учнів або дані закладу.`,
      count: c.pupils,
      grade: c.grade,
      classLetter: c.classLetter,
    });
  }

  const exceptions: PupilMove[] = [];
  const withErrors: string[] = [];
  const lostContact: string[] = [];
  const unconfirmed: string[] = [];
  const unknown: string[] = [];
  const noDestination: string[] = [];
  const repeatAgain: string[] = [];
  for (const f of input.flagged) {
    const plan = classes.get(classKey(f.grade, f.classLetter));
    if (!plan) {
      unknown.push(f.enrolmentId);
      continue;
    }
    if ((f.validationErrors ?? 0) > 0) withErrors.push(f.enrolmentId);
    if (f.lostContact) lostContact.push(f.enrolmentId);
    const e = f.exception;
    if (!e) continue;
    const issues = checkException(e, { grade: f.grade, gradeMax, fromYear: input.fromYear });
    if (issues.length > 0) {
      blockers.push({
        code: 'TRANSITION_EXCEPTION_INVALID',
        severity: 'blocker',
        message: `Позначку для учня класу ${f.grade}-${f.classLetter} не можна застосувати: ${issues.map((i) => i.message).join(' ')}`,
        count: 1,
        enrolmentIds: [f.enrolmentId],
        grade: f.grade,
        classLetter: f.classLetter,
        issues,
      });
      continue;
    }
    const dflt = plan.move;
    plan.counts[dflt]--;
    if (e.kind === 'repeat') {
      if (f.repeating) repeatAgain.push(f.enrolmentId);
      plan.counts.repeat++;
      exceptions.push({
        enrolmentId: f.enrolmentId,
        move: 'repeat',
        closingReason: closingReasonOf('repeat'),
        exitDate: from.endsOn,
        to: { grade: f.grade, classLetter: e.classLetter ?? f.classLetter },
        destinationSchoolId: null,
        destinationCountry: null,
        note: e.note ?? null,
      });
    } else {
      if (!e.confirmed) unconfirmed.push(f.enrolmentId);
      if (e.reason === 'transfer' && !e.destinationSchoolId) noDestination.push(f.enrolmentId);
      plan.counts.leave++;
      exceptions.push({
        enrolmentId: f.enrolmentId,
        move: 'leave',
        closingReason: e.reason,
        exitDate: e.date ?? from.endsOn,
        to: null,
        destinationSchoolId: e.destinationSchoolId ?? null,
        destinationCountry: e.destinationCountry ?? null,
        note: e.note ?? null,
      });
    }
  }

  if (withErrors.length > 0) {
    const block = (input.validationErrors ?? 'block') === 'block';
    (block ? blockers : warnings).push({
      code: 'TRANSITION_VALIDATION_ERRORS',
      severity: block ? 'blocker' : 'warning',
      message: block
        ? `Записи з помилками (учнів: ${withErrors.length}): виправте їх на панелі якості даних, потім переводьте учнів.`
        : `Записи з помилками (учнів: ${withErrors.length}) переведено без виправлення: виправте їх найближчим часом.`,
      count: withErrors.length,
      enrolmentIds: withErrors,
    });
  }
  if (unconfirmed.length > 0)
    blockers.push({
      code: 'TRANSITION_EXIT_UNCONFIRMED',
      severity: 'blocker',
      message: `Непідтверджене вибуття (учнів: ${unconfirmed.length}): підтвердьте його з причиною й місцем навчання або скасуйте.`,
      count: unconfirmed.length,
      enrolmentIds: unconfirmed,
    });
  if (unknown.length > 0)
    blockers.push({
      code: 'TRANSITION_EXCEPTION_UNKNOWN_SPELL',
      severity: 'blocker',
      message: `Позначки, що не відповідають жодному класу навчального року (учнів: ${unknown.length}): оновіть попередній перегляд.`,
      count: unknown.length,
      enrolmentIds: unknown,
    });
  if (lostContact.length > 0)
    warnings.push({
      code: 'TRANSITION_LOST_CONTACT',
      severity: 'warning',
      message: `Звʼязок утрачено (учнів: ${lostContact.length}): перевірте, чи продовжують вони навчання.`,
      count: lostContact.length,
      enrolmentIds: lostContact,
    });
  if (noDestination.length > 0)
    warnings.push({
      code: 'TRANSITION_DESTINATION_UNKNOWN',
      severity: 'warning',
      message: `Вибуття до іншого закладу без зазначення закладу (учнів: ${noDestination.length}): до зарахування в іншому закладі такі учні будуть у переліку тих, хто вибув і ніде не навчається.`,
      count: noDestination.length,
      enrolmentIds: noDestination,
    });
  if (repeatAgain.length > 0)
    warnings.push({
      code: 'TRANSITION_REPEAT_AGAIN',
      severity: 'warning',
      message: `Повторне навчання вдруге в тому самому класі (учнів: ${repeatAgain.length}): це виняток, перевірте рішення.`,
      count: repeatAgain.length,
      enrolmentIds: repeatAgain,
    });

  // Graduates of a school that ends before grade 11 must continue elsewhere (full general secondary education is
  // compulsory): they are followed in the in-transit pool until another school enrols them.
  const continuing = [...classes.values()].filter((c) => c.move === 'graduate' && c.completes !== 'complete');
  const continuingPupils = continuing.reduce((s, c) => s + c.counts.graduate, 0);
  if (continuingPupils > 0)
    warnings.push({
      code: 'TRANSITION_GRADUATES_CONTINUE',
      severity: 'warning',
      message: `Закінчують заклад, не здобувши повної загальної середньої освіти (учнів: ${continuingPupils}): до зарахування в іншому закладі такі учні будуть у переліку тих, хто вибув і ніде не навчається.`,
      count: continuingPupils,
    });

  // The new year's classes: promoted classes, repeaters joining the class of their grade, first graders.
  const next = new Map<string, NextClass>();
  const nextOf = (grade: number, letter: string) => {
    const k = classKey(grade, letter);
    let c = next.get(k);
    if (!c) {
      c = {
        grade,
        classLetter: letter,
        pupils: 0,
        promoted: 0,
        repeating: 0,
        firstGraders: 0,
        maxSize: maxClassSize(grade, to.id),
      };
      next.set(k, c);
    }
    return c;
  };
  for (const c of classes.values())
    if (c.to && c.counts.promote > 0) nextOf(c.to.grade, c.to.classLetter).promoted += c.counts.promote;
  for (const x of exceptions) if (x.move === 'repeat' && x.to) nextOf(x.to.grade, x.to.classLetter).repeating++;
  for (const f of input.firstGraders ?? []) if (f.pupils > 0) nextOf(f.grade, f.classLetter).firstGraders += f.pupils;
  const nextClasses = [...next.values()]
    .map((c) => ({ ...c, pupils: c.promoted + c.repeating + c.firstGraders }))
    .sort(byClass);
  for (const c of nextClasses) {
    if (c.pupils > c.maxSize)
      warnings.push({
        code: 'TRANSITION_CLASS_OVER_MAX',
        severity: 'warning',
        message: `У класі ${c.grade}-${c.classLetter} буде учнів: ${c.pupils} — більше за граничні ${c.maxSize} (ст. 12 Закону «Про повну загальну середню освіту»).`,
        count: 1,
        grade: c.grade,
        classLetter: c.classLetter,
      });
  }
  if (gradeMin === 1 && !nextClasses.some((c) => c.grade === 1 && c.firstGraders > 0))
    warnings.push({
      code: 'TRANSITION_NO_FIRST_GRADE',
      severity: 'warning',
      message: `Першокласників на ${to.label} навчальний рік ще не зараховано.`,
      count: 0,
    });

  const plans = [...classes.values()];
  const totals = { pupils: 0, promote: 0, repeat: 0, graduate: 0, leave: 0 };
  for (const c of plans) {
    totals.pupils += c.pupils;
    for (const m of ['promote', 'repeat', 'graduate', 'leave'] as const) totals[m] += c.counts[m];
  }
  if (totals.pupils === 0)
    warnings.push({
      code: 'TRANSITION_EMPTY',
      severity: 'warning',
      message: `У ${from.label} навчальному році в закладі немає учнів, яких можна перевести.`,
      count: 0,
    });

  return {
    fromYear: from.id,
    toYear: to.id,
    closeDate: from.endsOn,
    entryDate: to.startsOn,
    classes: plans,
    exceptions,
    nextClasses,
    totals,
    blockers,
    warnings,
    canApply: blockers.length === 0,
  };
}

/** The move of any spell of a planned class: its exception, or the class default. */
export function moveOf(
  plan: RolloverPlan,
  spell: { enrolmentId: string; grade: number; classLetter: string },
): { move: RolloverMove; to: { grade: number; classLetter: string } | null; exception: PupilMove | null } {
  const x = plan.exceptions.find((e) => e.enrolmentId === spell.enrolmentId);
  if (x) return { move: x.move, to: x.to, exception: x };
  const c = plan.classes.find((p) => p.grade === spell.grade && p.classLetter === spell.classLetter);
  if (!c) throw new RangeError(`the spell ${spell.enrolmentId} is not in a planned class`);
  return { move: c.move, to: c.to, exception: null };
}

/** What a new spell of a move is entered as (enrolment.entry_basis); leaving and graduating open none. */
export function entryBasisOf(move: RolloverMove): 'promotion' | 'repeat' | null {
  return move === 'promote' ? 'promotion' : move === 'repeat' ? 'repeat' : null;
}

/** What the closed spell of a class default records. */
export function defaultClosingReason(move: 'promote' | 'graduate'): ClosingReason {
  return closingReasonOf(move);
}
