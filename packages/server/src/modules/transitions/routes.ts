import { maxClassSize } from '@aikom/domain/rollover/class-size';
import { parseSchoolYearLabel, schoolYear } from '@aikom/domain/school-year';
import { DEFAULT_GRADES } from '@aikom/domain/validation/context';
import type { Static } from 'typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import type { App } from '../../http/app';
import { problemResponses } from '../../http/schemas';
import { scopeOf } from '../auth/caller';
import { callerOf } from '../auth/guard';
import { FirstGradeService } from './first-grade';
import type { SchoolYearRow, TransitionRow } from './repository';
import type { TransitionSchema } from './schemas';
import {
  ApplyBody,
  ApplyResultSchema,
  BulkBody,
  BulkQuery,
  BulkStatusSchema,
  ExceptionBody,
  ExceptionParams,
  FirstGraderBody,
  FormClassesBody,
  HistorySchema,
  PreviewSchema,
  SchoolParams,
  SchoolYearSchema,
  UndoResultSchema,
  YearLabel,
  YearParams,
} from './schemas';
import { TransitionService } from './service';

const label = (id: number) => schoolYear(id).label;

function yearOf(text: string): number {
  const y = parseSchoolYearLabel(text);
  if (!y)
    throw new AppError('VALIDATION_FAILED', {
      errors: [{ path: '/fromYear', code: 'SCHOOL_YEAR_FORMAT', message: 'Навчальний рік записують як 2024-2025.' }],
    });
  return y.id;
}

export function presentYear(y: SchoolYearRow): Static<typeof SchoolYearSchema> {
  return {
    label: y.label,
    startsOn: y.starts_on,
    endsOn: y.ends_on,
    status: y.status as 'open',
    isCurrent: y.is_current,
    openedAt: new Date(y.opened_at).toISOString(),
    closedAt: y.closed_at ? new Date(y.closed_at).toISOString() : null,
  };
}

export function presentTransition(t: TransitionRow): Static<typeof TransitionSchema> {
  return {
    id: t.id,
    schoolId: t.school_id,
    fromYear: label(t.from_year),
    toYear: label(t.to_year),
    status: t.status as 'applied',
    counts: { pupils: t.pupils, promote: t.promoted, repeat: t.repeated, graduate: t.graduated, leave: t.left_school },
    validationErrors: t.validation_errors as 'block',
    orderNumber: t.order_number,
    jobId: t.job_id,
    source: t.source,
    appliedAt: new Date(t.applied_at).toISOString(),
    undoneAt: t.undone_at ? new Date(t.undone_at).toISOString() : null,
    summary: t.summary,
  };
}

const presentNewClass = (
  c: { grade: number; class_letter: string; pupils: number; promoted: number; repeating: number },
  toYear: number,
) => ({
  grade: c.grade,
  classLetter: c.class_letter,
  label: `${c.grade}-${c.class_letter}`,
  pupils: c.pupils,
  promoted: c.promoted,
  repeating: c.repeating,
  firstGraders: 0,
  maxSize: maxClassSize(c.grade, toYear),
});

export async function registerTransitionRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new TransitionService(ctx);
  const firstGrade = new FirstGradeService(ctx);
  const tags = ['Переведення учнів'];

  app.get(
    '/api/v1/school-years',
    {
      config: { auth: { auth: 'any' } },
      schema: {
        tags,
        summary: 'School years of the registry (the ministry opens and closes them)',
        response: { 200: Type.Object({ items: Type.Array(SchoolYearSchema) }), ...problemResponses(401) },
      },
    },
    async () => ({ items: (await service.schoolYears()).map(presentYear) }),
  );

  for (const action of ['open', 'close'] as const) {
    app.post(
      `/api/v1/school-years/:label/${action}`,
      {
        config: { auth: { auth: 'user', action: 'school-year:manage' } },
        schema: {
          tags,
          summary:
            action === 'open'
              ? 'Open the next school year (transitions into it become possible)'
              : 'Close a school year (its transitions become final; the next year becomes current)',
          params: Type.Object({ label: YearLabel }),
          response: { 200: SchoolYearSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const i = { kind: 'caller' as const, caller: callerOf(request) };
        const y =
          action === 'open'
            ? await service.openYear(i, request.params.label)
            : await service.closeYear(i, request.params.label);
        return presentYear(y);
      },
    );
  }

  app.get(
    '/api/v1/schools/:schoolId/transitions',
    {
      config: { auth: { auth: 'user', action: 'pupil:read' } },
      schema: {
        tags,
        summary: "A school's transitions (newest first) and the classes the applied one created",
        params: SchoolParams,
        response: { 200: HistorySchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const h = await service.history(callerOf(request), request.params.schoolId);
      const applied = h.transitions.find((t) => t.status === 'applied');
      return {
        school: { id: h.school.id, name: h.school.name, edrpou: h.school.edrpou },
        transitions: h.transitions.map(presentTransition),
        newClasses: applied ? h.newClasses.map((c) => presentNewClass(c, applied.to_year)) : [],
      };
    },
  );

  app.get(
    '/api/v1/schools/:schoolId/transitions/:fromYear/preview',
    {
      config: { auth: { auth: 'user', action: 'transition:run' } },
      schema: {
        tags,
        summary: 'Preview (dry run) of the year-end transition of a school: per class and per pupil, with blockers',
        params: YearParams,
        response: { 200: PreviewSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const p = await service.preview(callerOf(request), request.params.schoolId, yearOf(request.params.fromYear));
      const plan = p.plan;
      return {
        school: {
          id: p.school.id,
          name: p.school.name,
          edrpou: p.school.edrpou,
          gradeMin: p.school.grade_min ?? DEFAULT_GRADES.min,
          gradeMax: p.school.grade_max ?? DEFAULT_GRADES.max,
        },
        fromYear: { label: p.years.from.label, status: p.years.from.status },
        toYear: p.years.to ? { label: p.years.to.label, status: p.years.to.status } : null,
        applied: p.applied ? presentTransition(p.applied) : null,
        canApply: plan.canApply && !p.applied && p.years.to?.status === 'open' && p.years.from.status !== 'closed',
        closeDate: plan.closeDate,
        entryDate: plan.entryDate,
        totals: plan.totals,
        classes: plan.classes.map((c) => ({ ...c, label: `${c.grade}-${c.classLetter}` })),
        nextClasses: plan.nextClasses.map((c) => ({ ...c, label: `${c.grade}-${c.classLetter}` })),
        blockers: plan.blockers,
        warnings: plan.warnings,
        pupils: p.pupils.map((x) => ({
          enrolmentId: x.spell.enrolment_id,
          personId: x.spell.person_id,
          lastName: x.spell.last_name,
          firstName: x.spell.first_name,
          middleName: x.spell.middle_name,
          sex: x.spell.sex,
          birthDate: x.spell.birth_date,
          grade: x.spell.grade,
          classLetter: x.spell.class_letter,
          move: x.move,
          to: x.to,
          exception: x.exception
            ? {
                kind: x.exception.kind as 'repeat',
                basis: x.exception.basis as 'parent_request' | null,
                reason: x.exception.reason as 'transfer' | null,
                confirmed: x.exception.confirmed,
                classLetter: x.exception.class_letter,
                destination: x.exception.destination_school_id
                  ? {
                      id: x.exception.destination_school_id,
                      name: x.destination?.name ?? null,
                      edrpou: x.destination?.edrpou ?? null,
                    }
                  : null,
                destinationCountry: x.exception.destination_country,
                date: x.exception.exit_date,
                note: x.exception.note,
              }
            : null,
          validationErrors: x.spell.quality_errors,
          lostContact: x.spell.contact_status === 'lost',
          repeating: x.spell.entry_basis === 'repeat',
        })),
      };
    },
  );

  app.put(
    '/api/v1/schools/:schoolId/transitions/:fromYear/exceptions/:enrolmentId',
    {
      config: { auth: { auth: 'user', action: 'transition:run' } },
      schema: {
        tags,
        summary: 'Mark a pupil as repeating the grade or leaving at the end of the year (replaces the previous mark)',
        params: ExceptionParams,
        body: ExceptionBody,
        response: {
          200: Type.Object({ enrolmentId: Type.String(), kind: Type.Enum(['repeat', 'leave']) }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const r = await service.setException(
        callerOf(request),
        request.params.schoolId,
        yearOf(request.params.fromYear),
        request.params.enrolmentId,
        request.body,
      );
      return { enrolmentId: r.enrolmentId, kind: r.exception.kind };
    },
  );

  app.delete(
    '/api/v1/schools/:schoolId/transitions/:fromYear/exceptions/:enrolmentId',
    {
      config: { auth: { auth: 'user', action: 'transition:run' } },
      schema: {
        tags,
        summary: "Withdraw a pupil's mark: the pupil follows the class again",
        params: ExceptionParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await service.removeException(
        callerOf(request),
        request.params.schoolId,
        yearOf(request.params.fromYear),
        request.params.enrolmentId,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/schools/:schoolId/transitions/:fromYear/apply',
    {
      config: { auth: { auth: 'user', action: 'transition:run' } },
      schema: {
        tags,
        summary: 'Apply the transition of a school (idempotent: a second call returns the transition applied)',
        params: YearParams,
        body: Type.Optional(ApplyBody),
        response: { 200: ApplyResultSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const fromYear = yearOf(request.params.fromYear);
      const r = await service.apply(caller, request.params.schoolId, fromYear, request.body ?? {});
      const h = await service.history(caller, request.params.schoolId);
      return {
        transition: presentTransition(r.transition),
        newClasses: h.newClasses.map((c) => presentNewClass(c, fromYear + 1)),
      };
    },
  );

  app.post(
    '/api/v1/schools/:schoolId/transitions/:fromYear/undo',
    {
      config: { auth: { auth: 'user', action: 'transition:run' } },
      schema: {
        tags,
        summary: "Undo a school's transition exactly (until the year is closed)",
        params: YearParams,
        response: { 200: UndoResultSchema, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const r = await service.undo(
        { kind: 'caller', caller: callerOf(request) },
        request.params.schoolId,
        yearOf(request.params.fromYear),
      );
      return { transition: presentTransition(r.transition), reopened: r.reopened };
    },
  );

  app.get(
    '/api/v1/transitions',
    {
      config: { auth: { auth: 'user', action: 'transition:run' } },
      schema: {
        tags,
        summary: 'Transition status of the schools in scope (an ОУО, a region, the country): applied, ready, blocked',
        querystring: BulkQuery,
        response: { 200: BulkStatusSchema, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const fromYear = yearOf(request.query.fromYear);
      const r = await service.dryRun(
        { kind: 'caller', caller },
        scopeOf(caller.actor),
        fromYear,
        { ouoId: request.query.ouoId, regionId: request.query.regionId },
        { validationErrors: request.query.validationErrors },
      );
      const items = r.outcomes.map((o) => ({
        school: { id: o.schoolId, name: o.name, edrpou: o.edrpou },
        status:
          o.status === 'already_applied'
            ? ('applied' as const)
            : o.status === 'applied'
              ? ('ready' as const)
              : ('blocked' as const),
        counts: o.counts,
        blockers: o.blockers,
      }));
      return {
        fromYear: label(fromYear),
        schools: r.schools,
        applied: items.filter((x) => x.status === 'applied').length,
        ready: items.filter((x) => x.status === 'ready').length,
        blocked: items.filter((x) => x.status === 'blocked').length,
        items,
      };
    },
  );

  app.post(
    '/api/v1/transitions',
    {
      config: { auth: { auth: 'user', action: 'transition:run' } },
      schema: {
        tags,
        summary: 'Transition many schools at once as a job (follow it at /api/v1/jobs/{jobId})',
        body: BulkBody,
        response: {
          202: Type.Object({ jobId: Type.String(), schools: Type.Integer() }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const r = await service.startBulk(
        callerOf(request),
        yearOf(b.fromYear),
        { ouoId: b.ouoId, regionId: b.regionId, schoolIds: b.schoolIds },
        { validationErrors: b.validationErrors, orderNumber: b.orderNumber },
      );
      return reply.status(202).send(r);
    },
  );

  // First graders.

  app.post(
    '/api/v1/schools/:schoolId/first-graders',
    {
      config: { auth: { auth: 'user', action: 'pupil:write' } },
      schema: {
        tags: ['Першокласники'],
        summary: 'Enrol a first grader (the ordinary create path: catalogue, duplicates across the registry)',
        params: SchoolParams,
        body: FirstGraderBody,
        response: {
          201: Type.Object({
            id: Type.String({ format: 'uuid' }),
            version: Type.Integer(),
            warnings: Type.Array(Type.Object({ code: Type.String(), path: Type.String(), message: Type.String() })),
          }),
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const r = await firstGrade.enrol(callerOf(request), request.params.schoolId, request.body);
      const warnings = [
        ...(r.deadlineWarning ? [r.deadlineWarning] : []),
        ...r.warnings.map((w) => ({ code: w.code, path: `/record${w.path}`, message: w.message })),
      ];
      return reply.status(201).send({ id: r.id, version: r.version, warnings });
    },
  );

  app.get(
    '/api/v1/schools/:schoolId/first-graders',
    {
      config: { auth: { auth: 'user', action: 'pupil:read' } },
      schema: {
        tags: ['Першокласники'],
        summary: 'First graders of a school for a school year',
        params: SchoolParams,
        querystring: Type.Object({ schoolYear: YearLabel }),
        response: {
          200: Type.Object({
            schoolYear: Type.String(),
            items: Type.Array(
              Type.Object({
                enrolmentId: Type.String(),
                personId: Type.String(),
                lastName: Type.String(),
                firstName: Type.String(),
                middleName: Type.Union([Type.String(), Type.Null()]),
                sex: Type.String(),
                birthDate: Type.Union([Type.String(), Type.Null()]),
                classLetter: Type.String(),
                entryDate: Type.String(),
                entryBasis: Type.String(),
              }),
            ),
          }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const r = await firstGrade.list(callerOf(request), request.params.schoolId, request.query.schoolYear);
      return {
        schoolYear: label(r.year),
        items: r.pupils.map((p) => ({
          enrolmentId: p.enrolment_id,
          personId: p.person_id,
          lastName: p.last_name,
          firstName: p.first_name,
          middleName: p.middle_name,
          sex: p.sex,
          birthDate: p.birth_date,
          classLetter: p.class_letter,
          entryDate: p.entry_date,
          entryBasis: p.entry_basis,
        })),
      };
    },
  );

  app.post(
    '/api/v1/schools/:schoolId/first-graders/classes',
    {
      config: { auth: { auth: 'user', action: 'pupil:write' } },
      schema: {
        tags: ['Першокласники'],
        summary: 'Form first-grade classes by size (balanced), alphabetically or by sex balance; propose or apply',
        params: SchoolParams,
        body: FormClassesBody,
        response: {
          200: Type.Object({
            schoolYear: Type.String(),
            maxClassSize: Type.Integer(),
            applied: Type.Boolean(),
            moved: Type.Integer({ description: 'Children whose class changes' }),
            classes: Type.Array(
              Type.Object({
                classLetter: Type.String(),
                label: Type.String(),
                boys: Type.Integer(),
                girls: Type.Integer(),
                pupils: Type.Array(Type.Object({ enrolmentId: Type.String(), name: Type.String() })),
              }),
            ),
          }),
          ...problemResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const r = await firstGrade.formClasses(callerOf(request), request.params.schoolId, request.body);
      return {
        schoolYear: label(r.year),
        maxClassSize: r.maxClassSize,
        applied: r.applied,
        moved: r.moved,
        classes: r.classes.map((c) => ({
          classLetter: c.classLetter,
          label: `1-${c.classLetter}`,
          boys: c.boys,
          girls: c.girls,
          pupils: c.pupils.map((id, k) => ({ enrolmentId: id, name: c.names[k]! })),
        })),
      };
    },
  );
}
