import { describe, expect, it } from 'vitest';
import type { RolloverException } from './exceptions';
import {
  completedLevel,
  defaultClosingReason,
  entryBasisOf,
  moveOf,
  planRollover,
  type FlaggedSpell,
  type RolloverInput,
} from './planner';

const lyceum = { gradeMin: 1, gradeMax: 11 };
const base = (over: Partial<RolloverInput> = {}): RolloverInput => ({
  fromYear: 2024,
  school: lyceum,
  classes: [],
  flagged: [],
  firstGraders: [{ grade: 1, classLetter: 'А', pupils: 20 }],
  ...over,
});
const repeat = (basis: 'parent_request' | 'council_decision', classLetter?: string): RolloverException => ({
  kind: 'repeat',
  basis,
  ...(classLetter ? { classLetter } : {}),
});
const leave = (over: Partial<Extract<RolloverException, { kind: 'leave' }>> = {}): RolloverException => ({
  kind: 'leave',
  reason: 'transfer',
  confirmed: true,
  ...over,
});
const codes = (findings: ReadonlyArray<{ code: string }>) => findings.map((f) => f.code);

describe('planRollover: class defaults', () => {
  it('moves every class up a grade with its letter and graduates the last grade', () => {
    const plan = planRollover(
      base({
        classes: [
          { grade: 11, classLetter: 'А', pupils: 22 },
          { grade: 4, classLetter: 'Б', pupils: 25 },
          { grade: 4, classLetter: 'А', pupils: 26 },
          { grade: 10, classLetter: 'А', pupils: 0 },
        ],
      }),
    );
    expect(plan).toMatchObject({ fromYear: 2024, toYear: 2025, closeDate: '2025-08-31', entryDate: '2025-09-01' });
    expect(plan.classes.map((c) => [c.grade, c.classLetter, c.move, c.to, c.completes])).toEqual([
      [4, 'А', 'promote', { grade: 5, classLetter: 'А' }, null],
      [4, 'Б', 'promote', { grade: 5, classLetter: 'Б' }, null],
      [11, 'А', 'graduate', null, 'complete'],
    ]);
    expect(plan.totals).toEqual({ pupils: 73, promote: 51, repeat: 0, graduate: 22, leave: 0 });
    expect(plan.nextClasses.map((c) => [c.grade, c.classLetter, c.pupils])).toEqual([
      [1, 'А', 20],
      [5, 'А', 26],
      [5, 'Б', 25],
    ]);
    expect(plan.blockers).toEqual([]);
    expect(plan.warnings).toEqual([]);
    expect(plan.canApply).toBe(true);
  });

  it('orders classes by grade, then letters and numbers the Ukrainian way', () => {
    const plan = planRollover(
      base({
        classes: [
          { grade: 5, classLetter: 'І', pupils: 1 },
          { grade: 5, classLetter: 'Є', pupils: 1 },
          { grade: 5, classLetter: 'Д', pupils: 1 },
          { grade: 6, classLetter: '10', pupils: 1 },
          { grade: 6, classLetter: '2', pupils: 1 },
        ],
      }),
    );
    expect(plan.classes.map((c) => `${c.grade}-${c.classLetter}`)).toEqual(['5-Д', '5-Є', '5-І', '6-2', '6-10']);
  });

  it('graduates the last grade of a gymnasium, who must continue elsewhere', () => {
    const plan = planRollover(
      base({ school: { gradeMin: 1, gradeMax: 9 }, classes: [{ grade: 9, classLetter: 'А', pupils: 18 }] }),
    );
    expect(plan.classes[0]).toMatchObject({ move: 'graduate', completes: 'basic' });
    expect(codes(plan.warnings)).toEqual(['TRANSITION_GRADUATES_CONTINUE']);
    expect(plan.warnings[0]!.count).toBe(18);
    expect(plan.canApply).toBe(true);
  });

  it('promotes grade 11 of a school that teaches grade 12', () => {
    const plan = planRollover(
      base({ school: { gradeMin: 10, gradeMax: 12 }, classes: [{ grade: 11, classLetter: 'А', pupils: 20 }] }),
    );
    expect(plan.classes[0]).toMatchObject({ move: 'promote', to: { grade: 12, classLetter: 'А' } });
    // A school without grade 1 does not wait for first graders.
    expect(codes(plan.warnings)).toEqual([]);
  });

  it('blocks a class outside the grades of the school', () => {
    const plan = planRollover(
      base({
        school: { gradeMin: 5, gradeMax: 9 },
        classes: [
          { grade: 4, classLetter: 'А', pupils: 3 },
          { grade: 10, classLetter: 'А', pupils: 2 },
          { grade: 6, classLetter: 'А', pupils: 20 },
        ],
      }),
    );
    expect(plan.blockers.map((b) => [b.code, b.grade, b.count])).toEqual([
      ['TRANSITION_GRADE_OUTSIDE_SCHOOL', 4, 3],
      ['TRANSITION_GRADE_OUTSIDE_SCHOOL', 10, 2],
    ]);
    expect(plan.blockers[0]!.message).toContain('5–9');
    expect(plan.canApply).toBe(false);
  });

  it('warns when a school with grade 1 has no first graders yet, and when there is nobody to move', () => {
    const plan = planRollover(base({ firstGraders: [{ grade: 1, classLetter: 'А', pupils: 0 }] }));
    expect(codes(plan.warnings)).toEqual(['TRANSITION_NO_FIRST_GRADE', 'TRANSITION_EMPTY']);
    expect(plan.warnings[0]!.message).toContain('2025-2026');
    expect(planRollover(base({ firstGraders: undefined })).warnings[0]!.code).toBe('TRANSITION_NO_FIRST_GRADE');
    expect(plan.canApply).toBe(true);
  });
});

describe('planRollover: exceptions', () => {
  const classes = [
    { grade: 1, classLetter: 'А', pupils: 20 },
    { grade: 2, classLetter: 'А', pupils: 20 },
    { grade: 5, classLetter: 'А', pupils: 25 },
    { grade: 9, classLetter: 'А', pupils: 24 },
    { grade: 11, classLetter: 'А', pupils: 20 },
  ];
  const flag = (id: string, grade: number, exception: RolloverException | null, over: Partial<FlaggedSpell> = {}) => ({
    enrolmentId: id,
    grade,
    classLetter: 'А',
    exception,
    ...over,
  });

  it('keeps repeaters in their grade, by default in a class of the same letter', () => {
    const plan = planRollover(
      base({
        classes,
        flagged: [flag('r1', 1, repeat('parent_request')), flag('r5', 5, repeat('council_decision', 'Б'))],
      }),
    );
    expect(plan.exceptions).toEqual([
      {
        enrolmentId: 'r1',
        move: 'repeat',
        closingReason: 'repeated',
        exitDate: '2025-08-31',
        to: { grade: 1, classLetter: 'А' },
        destinationSchoolId: null,
        destinationCountry: null,
        note: null,
      },
      expect.objectContaining({ enrolmentId: 'r5', to: { grade: 5, classLetter: 'Б' } }),
    ]);
    const c1 = plan.classes.find((c) => c.grade === 1)!;
    expect(c1.counts).toEqual({ promote: 19, repeat: 1, graduate: 0, leave: 0 });
    expect(plan.nextClasses.find((c) => c.grade === 1)).toMatchObject({ pupils: 21, repeating: 1, firstGraders: 20 });
    expect(plan.nextClasses.find((c) => c.grade === 5 && c.classLetter === 'Б')).toMatchObject({
      pupils: 1,
      repeating: 1,
      promoted: 0,
    });
    expect(plan.totals).toMatchObject({ repeat: 2, promote: 87, graduate: 20 });
  });

  it('lets a graduate of the last grade repeat it by the council decision', () => {
    const plan = planRollover(
      base({
        school: { gradeMin: 1, gradeMax: 9 },
        classes: [classes[3]!],
        flagged: [flag('g', 9, repeat('council_decision'))],
      }),
    );
    expect(plan.classes[0]!.counts).toEqual({ promote: 0, repeat: 1, graduate: 23, leave: 0 });
    expect(plan.nextClasses.filter((c) => c.grade > 1)).toEqual([
      expect.objectContaining({ grade: 9, repeating: 1, pupils: 1 }),
    ]);
  });

  it('records leavers with their reason, destination and date', () => {
    const plan = planRollover(
      base({
        classes,
        flagged: [
          flag('v', 9, leave({ reason: 'vocational', note: 'ВПУ № 5' })),
          flag('t', 9, leave({ destinationSchoolId: 'lyceum-2', date: '2025-06-20' })),
          flag('a', 5, leave({ reason: 'abroad', destinationCountry: 'PL' })),
        ],
      }),
    );
    expect(plan.exceptions.map((x) => [x.enrolmentId, x.move, x.closingReason, x.exitDate, x.to])).toEqual([
      ['v', 'leave', 'vocational', '2025-08-31', null],
      ['t', 'leave', 'transfer', '2025-06-20', null],
      ['a', 'leave', 'abroad', '2025-08-31', null],
    ]);
    expect(plan.exceptions[0]!.note).toBe('ВПУ № 5');
    expect(plan.exceptions[1]!.destinationSchoolId).toBe('lyceum-2');
    expect(plan.exceptions[2]!.destinationCountry).toBe('PL');
    expect(plan.classes.find((c) => c.grade === 9)!.counts).toEqual({ promote: 22, repeat: 0, graduate: 0, leave: 2 });
    expect(plan.canApply).toBe(true);
  });

  it('warns about a transfer without a destination school: it will enter the in-transit pool', () => {
    const plan = planRollover(base({ classes, flagged: [flag('t', 5, leave())] }));
    expect(codes(plan.warnings)).toEqual(['TRANSITION_DESTINATION_UNKNOWN']);
    expect(plan.warnings[0]!.enrolmentIds).toEqual(['t']);
  });

  it('blocks an unconfirmed exit until it is confirmed or withdrawn', () => {
    const plan = planRollover(
      base({ classes, flagged: [flag('u', 5, leave({ confirmed: false, destinationSchoolId: 'x' }))] }),
    );
    expect(plan.blockers).toEqual([
      expect.objectContaining({ code: 'TRANSITION_EXIT_UNCONFIRMED', count: 1, enrolmentIds: ['u'] }),
    ]);
    expect(plan.canApply).toBe(false);
  });

  it('blocks an exception that breaks the rules and leaves the pupil to the class default', () => {
    const plan = planRollover(
      base({
        classes,
        flagged: [flag('x', 2, repeat('council_decision')), flag('y', 11, leave())],
      }),
    );
    expect(plan.blockers.map((b) => [b.code, b.enrolmentIds, b.issues?.map((i) => i.code)])).toEqual([
      ['TRANSITION_EXCEPTION_INVALID', ['x'], ['REPEAT_PARENT_REQUEST_REQUIRED']],
      ['TRANSITION_EXCEPTION_INVALID', ['y'], ['LEAVE_GRADUATE']],
    ]);
    expect(plan.blockers[0]!.message).toMatch(/^Позначку для учня класу 2-А не можна застосувати: Учня 1 або 2 класу/);
    expect(plan.exceptions).toEqual([]);
    expect(plan.totals.repeat).toBe(0);
  });

  it('blocks flags on a spell that is in no class of the year (the preview is stale)', () => {
    const plan = planRollover(base({ classes, flagged: [flag('gone', 7, repeat('council_decision'))] }));
    expect(codes(plan.blockers)).toEqual(['TRANSITION_EXCEPTION_UNKNOWN_SPELL']);
  });

  it('warns about a second repeat of the same grade', () => {
    const plan = planRollover(
      base({ classes, flagged: [flag('r', 5, repeat('council_decision'), { repeating: true })] }),
    );
    expect(codes(plan.warnings)).toEqual(['TRANSITION_REPEAT_AGAIN']);
  });
});

describe('planRollover: records that need attention', () => {
  const classes = [{ grade: 5, classLetter: 'А', pupils: 25 }];
  const flagged: FlaggedSpell[] = [
    { enrolmentId: 'e1', grade: 5, classLetter: 'А', validationErrors: 2 },
    { enrolmentId: 'e2', grade: 5, classLetter: 'А', validationErrors: 0, lostContact: true },
    { enrolmentId: 'e3', grade: 5, classLetter: 'А', validationErrors: 1, lostContact: true },
  ];

  it('blocks records with validation errors by default', () => {
    const plan = planRollover(base({ classes, flagged }));
    expect(plan.blockers).toEqual([
      expect.objectContaining({
        code: 'TRANSITION_VALIDATION_ERRORS',
        severity: 'blocker',
        count: 2,
        enrolmentIds: ['e1', 'e3'],
      }),
    ]);
    expect(plan.blockers[0]!.message).toBe(
      'Записи з помилками (учнів: 2): виправте їх на панелі якості даних, потім переводьте учнів.',
    );
    expect(codes(plan.warnings)).toEqual(['TRANSITION_LOST_CONTACT']);
    expect(plan.warnings[0]!.enrolmentIds).toEqual(['e2', 'e3']);
    expect(plan.canApply).toBe(false);
  });

  it('moves them on with a warning when asked to (a bulk run over legacy data)', () => {
    const plan = planRollover(base({ classes, flagged, validationErrors: 'warn' }));
    expect(plan.blockers).toEqual([]);
    expect(plan.warnings.map((w) => [w.code, w.severity])).toEqual([
      ['TRANSITION_VALIDATION_ERRORS', 'warning'],
      ['TRANSITION_LOST_CONTACT', 'warning'],
    ]);
    expect(plan.totals.promote).toBe(25);
    expect(plan.canApply).toBe(true);
  });
});

describe('planRollover: class sizes of the new year', () => {
  it('warns when a class of the new year would exceed the legal maximum', () => {
    const plan = planRollover(
      base({
        classes: [
          { grade: 5, classLetter: 'А', pupils: 30 },
          { grade: 6, classLetter: 'А', pupils: 25 },
        ],
        flagged: [{ enrolmentId: 'r', grade: 6, classLetter: 'А', exception: repeat('council_decision') }],
        firstGraders: [{ grade: 1, classLetter: 'А', pupils: 25 }],
      }),
    );
    expect(plan.warnings.map((w) => [w.code, w.grade, w.classLetter])).toEqual([
      ['TRANSITION_CLASS_OVER_MAX', 1, 'А'],
      ['TRANSITION_CLASS_OVER_MAX', 6, 'А'],
    ]);
    expect(plan.warnings[1]!.message).toBe(
      'У класі 6-А буде учнів: 31 — більше за граничні 30 (ст. 12 Закону «Про повну загальну середню освіту»).',
    );
    expect(plan.nextClasses.find((c) => c.grade === 1)!.maxSize).toBe(24);
  });
});

describe('moveOf, entryBasisOf, defaultClosingReason, completedLevel', () => {
  const plan = planRollover(
    base({
      classes: [
        { grade: 3, classLetter: 'А', pupils: 20 },
        { grade: 11, classLetter: 'А', pupils: 20 },
      ],
      flagged: [{ enrolmentId: 'r', grade: 3, classLetter: 'А', exception: repeat('council_decision') }],
    }),
  );

  it('gives any spell its move: the exception or the class default', () => {
    expect(moveOf(plan, { enrolmentId: 'r', grade: 3, classLetter: 'А' })).toMatchObject({
      move: 'repeat',
      to: { grade: 3, classLetter: 'А' },
    });
    expect(moveOf(plan, { enrolmentId: 'p', grade: 3, classLetter: 'А' })).toEqual({
      move: 'promote',
      to: { grade: 4, classLetter: 'А' },
      exception: null,
    });
    expect(moveOf(plan, { enrolmentId: 'g', grade: 11, classLetter: 'А' }).move).toBe('graduate');
    expect(() => moveOf(plan, { enrolmentId: 'z', grade: 7, classLetter: 'А' })).toThrow(RangeError);
  });

  it('names the entry basis of new spells and the closing reason of class defaults', () => {
    expect(entryBasisOf('promote')).toBe('promotion');
    expect(entryBasisOf('repeat')).toBe('repeat');
    expect(entryBasisOf('graduate')).toBeNull();
    expect(entryBasisOf('leave')).toBeNull();
    expect(defaultClosingReason('promote')).toBe('promoted');
    expect(defaultClosingReason('graduate')).toBe('graduated');
  });

  it.each([
    [12, 'complete'],
    [11, 'complete'],
    [10, 'basic'],
    [9, 'basic'],
    [4, 'primary'],
    [3, 'none'],
  ] as const)('grade %i completes %s', (grade, level) => {
    expect(completedLevel(grade)).toBe(level);
  });
});
