import { can, type ScopeRef } from '@aikom/domain/access/policy';
import { isRealDate } from '@aikom/domain/iso-date';
import {
  aggregateZnz1,
  classKey,
  contingentCells,
  drillDownCell,
  inclusiveClasses,
  isSpecialSchool,
  movementCells,
  type ContingentFact,
  type MovementFact,
  type Znz1Cells,
} from '@aikom/domain/reports/znz1-aggregate';
import { checkZnz1, type RegistryCounts, type Znz1Check } from '@aikom/domain/reports/znz1-checks';
import {
  LOCALITY_CODES,
  LOCALITY_LABELS,
  OWNERSHIP_CODES,
  OWNERSHIP_LABELS,
  cellInfo,
  formCells,
  isEnterable,
  type CellId,
} from '@aikom/domain/reports/znz1-form';
import { isPupilMeasure, publishCells, type ExtraCells } from '@aikom/domain/reports/znz1-published';
import { schoolYear as schoolYearOfStart, schoolYearOf } from '@aikom/domain/school-year';
import { isTerritoryCategory, territoryDisplayName } from '@aikom/domain/territory';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../context';
import type { DbScope, Tx } from '../../db/database';
import { AppError } from '../../errors';
import { AuditService } from '../audit/service';
import { scopeOf, type Caller } from '../auth/caller';
import { SCHOOL_TYPE_LABELS } from '../organisations/schemas';
import { ReportRepository, type DrillPupil, type Period, type SchoolRow, type ScopeFilter } from './repository';

/** A job queued by a caller, acting in the scope it was queued with (its authorisation was checked then). */
export interface JobRequester {
  kind: 'job';
  jobId: string;
  scope: DbScope;
}

/**
 * Who asks: a caller of the API, an operator at the CLI (national scope, audited as `system:cli`), or a job.
 */
export type ReportRequester = Caller | 'cli' | JobRequester;

const isJob = (req: ReportRequester): req is JobRequester => typeof req === 'object' && 'kind' in req;

export type RollupLevel = 'ouo' | 'region' | 'nation';

export const REFRESH_JOB = 'report.refresh';

/** The official date of ZNZ-1 and 76-РВК: 5 September (наказ МОН № 868 від 30.07.2021). */
export const REPORT_DAY = '09-05';

/** Schools rebuilt per transaction when roll-ups are refreshed (bounded memory and lock time). */
const REFRESH_CHUNK = 200;

const STATUS_LABELS: Readonly<Record<string, string>> = {
  operating: 'діє',
  relocated: 'переміщений',
  suspended: 'діяльність призупинено',
  closed: 'закритий',
};

export interface SchoolHeader {
  id: string;
  edrpou: string | null;
  name: string;
  shortName: string | null;
  location: {
    katottg: string | null;
    settlement: string | null;
    hromada: string | null;
    raion: string | null;
    oblast: string | null;
    address: string | null;
  };
  locality: { value: string; code: number; label: string } | null;
  schoolType: { value: string; label: string } | null;
  ownership: { value: string; code: number; label: string } | null;
  status: { value: string; label: string };
  relocatedFrom: string | null;
  ouo: { id: string; name: string; edrpou: string | null } | null;
}

export interface Znz1Report {
  form: 'ЗНЗ-1';
  level: 'school';
  asOf: string;
  schoolYear: string;
  schoolYearStart: number;
  published: boolean;
  header: SchoolHeader;
  cells: Record<CellId, number | null>;
  entered: CellId[];
  registry: RegistryCounts;
  checks: Znz1Check[];
  generatedAt: string;
}

export interface RollupSchool {
  id: string;
  edrpou: string | null;
  name: string;
  pupils: number;
  classes: number;
  registryPupils: number;
  blockingErrors: number;
  consistent: boolean;
}

export interface RollupReport {
  form: '76-РВК' | 'ЗНЗ-1 (зведення)';
  level: RollupLevel;
  asOf: string;
  schoolYear: string;
  schoolYearStart: number;
  published: boolean;
  header: { id: string; name: string; edrpou: string | null; territory: string | null; code: string | null };
  cells: Record<CellId, number | null>;
  checks: Znz1Check[];
  coverage: { schools: number; included: number; stale: number; withErrors: number; builtAt: string | null };
  schools: RollupSchool[];
  flagged: Array<{ id: string; edrpou: string | null; name: string; blockingErrors: number; pupils: number }>;
  regions: Array<{ id: string; code: string; name: string; pupils: number | null }>;
  generatedAt: string;
}

export interface ReportDate {
  asOf: string;
  schoolYear: number;
}

/** Schools' cells, as computed from their records. */
interface Computed {
  cells: Znz1Cells;
  registry: RegistryCounts;
  lastEventId: number;
  enteredAt: Date | null;
}

/** Computed cells of schools and the event horizon they were read at. */
type ComputedSet = Map<string, Computed> & { horizon?: number };

const schoolRef = (s: { id: string; region_id: string | null; ouo_id: string | null }): ScopeRef => ({
  kind: 'school',
  id: s.id,
  regionId: s.region_id,
  ouoId: s.ouo_id,
});

/** Every cell of the form (0 where nothing counts) and the measures present, in reading order. */
export function fullCells<T extends number | null>(
  values: Readonly<Record<CellId, T>>,
  schoolYear: number,
): Record<CellId, T | number> {
  const out: Record<CellId, T | number> = {};
  for (const c of formCells(schoolYear)) out[c.id] = c.id in values ? values[c.id]! : 0;
  for (const [id, v] of Object.entries(values)) if (!(id in out)) out[id] = v;
  return out;
}

/**
 * Reports: ZNZ-1 of a school from its pupil records as of a date, the roll-ups (76-РВК of an ОУО, a region, the
 * nation) from materialised per-school rows, entered cells, drill-down to pupils, published (suppressed) variants and
 * dashboards. Every read of a report and every export is audited; drill-down lists are audited as pupil lists.
 */
export class ReportService {
  readonly repo = new ReportRepository();
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {}

  scopeFor(req: ReportRequester): DbScope {
    if (req === 'cli') return { national: true };
    return isJob(req) ? req.scope : scopeOf(req.actor);
  }

  may(req: ReportRequester, action: 'aggregate:read' | 'pupil:read' | 'report:enter', target?: ScopeRef) {
    if (req === 'cli') return true;
    // A job reads and rebuilds aggregates within the scope it was queued with; row-level security bounds it.
    if (isJob(req)) return action === 'aggregate:read';
    return can(req.actor, action, target);
  }

  async record(
    trx: Tx,
    req: ReportRequester,
    event: { action: string; objectType: string; objectId: string | null; details: Record<string, unknown> },
  ): Promise<void> {
    if (req === 'cli') await this.audit.record(trx, null, event, { login: 'system:cli' });
    else if (isJob(req)) await this.audit.record(trx, null, event, { login: `job:${req.jobId}` });
    else await this.audit.record(trx, req, event);
  }

  /** The report date: given (validated) or 5 September of the current school year. */
  resolveDate(date?: string): ReportDate {
    const today = this.ctx.now().toISOString().slice(0, 10);
    const current = schoolYearOf(today);
    const asOf = date ?? `${current.id}-${REPORT_DAY}`;
    if (!isRealDate(asOf) || asOf < '2000-09-01' || asOf > current.endsOn) {
      const message = `Дата звіту — дійсна дата з 2000-09-01 до кінця поточного навчального року (${current.endsOn}).`;
      throw new AppError('VALIDATION_FAILED', {
        detail: message,
        errors: [{ path: '/date', code: 'REPORT_DATE_INVALID', message }],
      });
    }
    return { asOf, schoolYear: schoolYearOf(asOf).id };
  }

  private period(d: ReportDate): Period {
    return { yearStart: `${d.schoolYear}-09-01`, asOf: d.asOf, previousYear: d.schoolYear - 1 };
  }

  /** Every number of the form for schools, from their records (counts through aikom_report_contingent). */
  private async compute(
    trx: Tx,
    schools: readonly SchoolRow[],
    d: ReportDate,
    withHorizon = false,
  ): Promise<ComputedSet> {
    const ids = schools.map((s) => s.id);
    // Read before the records: an event after it makes the row out of date even if the read already saw it.
    const horizon = withHorizon ? await this.repo.eventHorizon(trx) : undefined;
    const [contingent, movement, entered, registry] = [
      await this.repo.contingent(trx, ids, d.asOf),
      await this.repo.movement(trx, ids, this.period(d)),
      await this.repo.entered(trx, ids, d.schoolYear),
      await this.repo.registry(trx, ids, d.asOf),
    ];
    const group = <T extends { schoolId?: string; school_id?: string }>(rows: readonly T[]) => {
      const m = new Map<string, T[]>();
      for (const row of rows) {
        const key = (row.schoolId ?? row.school_id)!;
        const list = m.get(key);
        if (list) list.push(row);
        else m.set(key, [row]);
      }
      return m;
    };
    const facts = group(contingent);
    const moves = group(movement);
    const typed = group(entered);
    const counts = new Map(registry.map((x) => [x.school_id, x]));
    const out: ComputedSet = new Map<string, Computed>();
    if (horizon !== undefined) out.horizon = horizon;
    for (const s of schools) {
      const own = typed.get(s.id) ?? [];
      const cells = aggregateZnz1({
        schoolYear: d.schoolYear,
        school: profile(s),
        contingent: facts.get(s.id) ?? [],
        movement: moves.get(s.id) ?? [],
        entered: Object.fromEntries(own.map((e) => [e.cell, e.value])),
      });
      const reg = counts.get(s.id);
      const blockingErrors = (facts.get(s.id) ?? []).reduce((n, f) => n + (f.hasErrors ? f.count : 0), 0);
      out.set(s.id, {
        cells,
        registry: { pupils: reg?.pupils ?? 0, classes: reg?.classes ?? 0, blockingErrors },
        lastEventId: reg?.last_event_id ?? 0,
        enteredAt: own.reduce<Date | null>((m, e) => (!m || e.entered_at > m ? e.entered_at : m), null),
      });
    }
    return out;
  }

  async readableSchool(trx: Tx, req: ReportRequester, key: string): Promise<SchoolRow> {
    const school = await this.repo.school(trx, key);
    // Out of scope and missing look the same.
    if (!school || !this.may(req, 'aggregate:read', schoolRef(school)))
      throw new AppError('NOT_FOUND', { detail: `Заклад «${key}» не знайдено у вашій зоні доступу.` });
    return school;
  }

  /**
   * ZNZ-1 of a school as of a date.
   *
   * @example await service.znz1(caller, '12345678', { date: '2025-09-05' })
   */
  async znz1(
    req: ReportRequester,
    schoolKey: string,
    options: { date?: string | undefined; published?: boolean | undefined; format?: string | undefined } = {},
  ): Promise<Znz1Report> {
    if (!this.may(req, 'aggregate:read')) throw new AppError('FORBIDDEN');
    const d = this.resolveDate(options.date);
    return this.ctx.db.scoped(this.scopeFor(req), async (trx) => {
      const school = await this.readableSchool(trx, req, schoolKey);
      const computed = (await this.compute(trx, [school], d)).get(school.id)!;
      const report = this.schoolReport(school, d, computed, options.published === true);
      await this.record(trx, req, {
        action: options.format && options.format !== 'json' ? 'report.export' : 'report.read',
        objectType: 'school',
        objectId: school.id,
        details: { form: 'ЗНЗ-1', asOf: d.asOf, published: report.published, format: options.format ?? 'json' },
      });
      return report;
    });
  }

  private schoolReport(school: SchoolRow, d: ReportDate, computed: Computed, published: boolean): Znz1Report {
    const values = computed.cells.values;
    const checks = checkZnz1(values, computed.registry, { schoolYear: d.schoolYear, entered: computed.cells.entered });
    return {
      form: 'ЗНЗ-1',
      level: 'school',
      asOf: d.asOf,
      schoolYear: schoolYearOfStart(d.schoolYear).label,
      schoolYearStart: d.schoolYear,
      published,
      header: presentHeader(school),
      cells: fullCells(published ? publishCells(values, d.schoolYear).values : values, d.schoolYear),
      entered: computed.cells.entered,
      registry: computed.registry,
      checks,
      generatedAt: this.ctx.now().toISOString(),
    };
  }

  /**
   * The pupils behind a number of a school's ZNZ-1 (or a dashboard measure), for callers who may read the pupils.
   * Pupils who were the school's on the date but whose records another school outside the caller's scope holds now
   * are counted in the number, not listed (`notListed`).
   */
  async drillDown(req: ReportRequester, schoolKey: string, cell: string, date?: string) {
    if (!this.may(req, 'pupil:read')) throw new AppError('FORBIDDEN');
    const d = this.resolveDate(date);
    const info = cellInfo(cell, d.schoolYear);
    if (!info && !isPupilMeasure(cell)) throw new AppError('REPORT_CELL_UNKNOWN');
    if (info?.section.source === 'entered') throw new AppError('REPORT_CELL_ENTERED');
    return this.ctx.db.scoped(this.scopeFor(req), async (trx) => {
      const school = await this.readableSchool(trx, req, schoolKey);
      if (!this.may(req, 'pupil:read', schoolRef(school))) throw new AppError('NOT_FOUND');
      const computed = (await this.compute(trx, [school], d)).get(school.id)!;
      const target = drillDownCell(cell);
      const movementSection = info?.section.n === 5 || info?.section.n === 6;
      let pupils: DrillPupil[];
      if (movementSection) {
        const p = this.period(d);
        pupils = (await this.repo.movementPupils(trx, school.id, p)).filter((x) =>
          movementKinds(x, p).some((kind) =>
            movementCells({ kind, grade: x.grade, reason: reasonOf(kind, x) }).includes(target),
          ),
        );
      } else {
        const facts = await this.repo.contingent(trx, [school.id], d.asOf);
        const inclusive = inclusiveClasses(facts, profile(school));
        const special = isSpecialSchool(profile(school));
        pupils = (await this.repo.contingentPupils(trx, school.id, d.asOf)).filter((x) =>
          contingentCells(factOf(x), {
            schoolYear: d.schoolYear,
            inclusive: inclusive.has(classKey(x.grade, x.class_letter)),
            specialSchool: special,
            settlementType: school.settlement_type,
          }).includes(target),
        );
      }
      const value = computed.cells.values[cell] ?? 0;
      const counted = computed.cells.values[target] ?? 0;
      await this.record(trx, req, {
        action: 'pupil.list',
        objectType: 'school',
        objectId: school.id,
        details: { report: 'ЗНЗ-1', cell, asOf: d.asOf, count: pupils.length },
      });
      return {
        cell,
        label: info ? `${info.section.uk}: ${info.row.uk}, ${info.col.uk}` : cell,
        value,
        listedFor: target,
        notListed: Math.max(0, counted - pupils.length),
        pupils,
        asOf: d.asOf,
      };
    });
  }

  /** The cells a school entered for a school year: the current value of each and the history of entries. */
  async entered(req: ReportRequester, schoolKey: string, year?: number) {
    if (!this.may(req, 'aggregate:read')) throw new AppError('FORBIDDEN');
    const schoolYear = year ?? this.resolveDate().schoolYear;
    return this.ctx.db.scoped(this.scopeFor(req), async (trx) => {
      const school = await this.readableSchool(trx, req, schoolKey);
      const [latest, history] = [
        await this.repo.entered(trx, [school.id], schoolYear),
        await this.repo.enteredHistory(trx, school.id, schoolYear),
      ];
      return { schoolId: school.id, schoolYear, latest, history };
    });
  }

  /** The school enters (or corrects) the cells the records cannot determine; earlier entries are kept. */
  async enter(
    req: ReportRequester,
    schoolKey: string,
    input: { schoolYear?: string | undefined; cells: Record<string, number> },
  ) {
    if (!this.may(req, 'report:enter')) throw new AppError('FORBIDDEN');
    const year = input.schoolYear ? Number(input.schoolYear.slice(0, 4)) : this.resolveDate().schoolYear;
    if (input.schoolYear && input.schoolYear !== schoolYearOfStart(year).label)
      throw new AppError('VALIDATION_FAILED', {
        errors: [
          { path: '/schoolYear', code: 'SCHOOL_YEAR_FORMAT', message: 'Навчальний рік: РРРР-РРРР, напр. 2025-2026.' },
        ],
      });
    const errors = Object.keys(input.cells)
      .filter((id) => !isEnterable(id, year))
      .map((id) => ({ path: `/cells/${id}`, code: 'REPORT_CELL_NOT_ENTERABLE', message: enterMessage(id, year) }));
    if (errors.length > 0) throw new AppError('REPORT_CELL_NOT_ENTERABLE', { errors });
    if (Object.keys(input.cells).length === 0)
      throw new AppError('VALIDATION_FAILED', {
        errors: [{ path: '/cells', code: 'CELLS_EMPTY', message: 'Укажіть хоча б одну клітинку.' }],
      });
    const now = this.ctx.now();
    return this.ctx.db.scoped(this.scopeFor(req), async (trx) => {
      const org = await this.repo.organisation(trx, schoolKey, 'school');
      if (!org || !this.may(req, 'aggregate:read', schoolRef(org))) throw new AppError('NOT_FOUND');
      if (!this.may(req, 'report:enter', schoolRef(org))) throw new AppError('FORBIDDEN');
      const known = await trx.selectFrom('school_year').select('id').where('id', '=', year).executeTakeFirst();
      if (!known)
        throw new AppError('VALIDATION_FAILED', {
          errors: [
            { path: '/schoolYear', code: 'SCHOOL_YEAR_UNKNOWN', message: 'Такого навчального року в реєстрі немає.' },
          ],
        });
      await this.repo.insertEntered(
        trx,
        Object.entries(input.cells).map(([cell, value]) => ({
          id: uuidv7(),
          school_id: org.id,
          ouo_id: org.ouo_id!,
          region_id: org.region_id!,
          school_year: year,
          cell,
          value,
          entered_by: req !== 'cli' && !isJob(req) && req.actor.kind === 'user' ? req.actor.userId : null,
          entered_at: now,
        })),
      );
      await this.record(trx, req, {
        action: 'report.enter',
        objectType: 'school',
        objectId: org.id,
        details: { form: 'ЗНЗ-1', schoolYear: year, cells: Object.keys(input.cells).sort() },
      });
      return { schoolId: org.id, schoolYear: year, latest: await this.repo.entered(trx, [org.id], year) };
    });
  }

  /**
   * Rebuilds the report rows of the schools of a scope for a date (only the missing and out-of-date ones unless
   * `all`), chunk by chunk, and the sums of their ОУО.
   */
  async refresh(
    req: ReportRequester,
    options: {
      date?: string | undefined;
      filter?: ScopeFilter;
      all?: boolean;
      onProgress?: (done: number, total: number) => void | Promise<void>;
      cancelled?: () => Promise<boolean>;
    } = {},
  ): Promise<{ asOf: string; schools: number; rebuilt: number; ms: number }> {
    if (!this.may(req, 'aggregate:read')) throw new AppError('FORBIDDEN');
    const started = Date.now();
    const d = this.resolveDate(options.date);
    const scope = this.scopeFor(req);
    const filter = options.filter ?? {};
    const { ids, todo } = await this.ctx.db.scoped(scope, async (trx) => {
      const schools = await this.repo.schoolIds(trx, filter);
      const ids = schools.map((s) => s.id);
      return { ids, todo: options.all ? ids : await this.repo.outdated(trx, d.asOf, d.schoolYear, ids) };
    });
    await options.onProgress?.(0, todo.length);
    let done = 0;
    for (let i = 0; i < todo.length; i += REFRESH_CHUNK) {
      if (await options.cancelled?.()) break;
      const chunk = todo.slice(i, i + REFRESH_CHUNK);
      await this.ctx.db.scoped(scope, async (trx) => {
        await this.rebuild(trx, chunk, d);
      });
      done += chunk.length;
      await options.onProgress?.(done, todo.length);
    }
    await this.ctx.db.scoped(scope, (trx) =>
      this.record(trx, req, {
        action: 'report.refresh',
        objectType: filter.ouoId ? 'ouo' : filter.regionId ? 'region' : 'nation',
        objectId: filter.ouoId ?? filter.regionId ?? null,
        details: { asOf: d.asOf, schools: ids.length, rebuilt: done },
      }),
    );
    return { asOf: d.asOf, schools: ids.length, rebuilt: done, ms: Date.now() - started };
  }

  private async rebuild(trx: Tx, schoolIds: readonly string[], d: ReportDate): Promise<void> {
    const now = this.ctx.now();
    await this.repo.upsertSnapshot(trx, d.asOf, d.schoolYear, now);
    const schools = await this.repo.schools(trx, schoolIds);
    const computed = await this.compute(trx, schools, d, true);
    const ouos = await this.repo.replaceSchoolSnapshots(
      trx,
      d.asOf,
      schools.map((s) => {
        const c = computed.get(s.id)!;
        return {
          school_id: s.id,
          ouo_id: s.ouo_id,
          region_id: s.region_id,
          cells: c.cells.values,
          registry_pupils: c.registry.pupils,
          registry_classes: c.registry.classes,
          blocking_errors: c.registry.blockingErrors,
          last_event_id: c.lastEventId,
          event_horizon: computed.horizon ?? 0,
          entered_at: c.enteredAt,
          built_at: now,
        };
      }),
    );
    await this.repo.rollupOuo(trx, d.asOf, ouos);
  }

  /** Queues a refresh of the roll-ups of the caller's scope (or of one region) as a job. */
  async requestRefresh(caller: Caller, input: { date?: string | undefined; regionId?: string | undefined }) {
    if (!can(caller.actor, 'aggregate:read')) throw new AppError('FORBIDDEN');
    const d = this.resolveDate(input.date);
    if (input.regionId) {
      const org = await this.ctx.db.scoped(scopeOf(caller.actor), (trx) =>
        this.repo.organisation(trx, input.regionId!, 'region'),
      );
      if (!org || !can(caller.actor, 'aggregate:read', { kind: 'region', id: org.id, regionId: org.id, ouoId: null }))
        throw new AppError('NOT_FOUND');
    }
    const actor = caller.actor;
    return this.ctx.jobs.enqueue(
      REFRESH_JOB,
      { asOf: d.asOf, ...(input.regionId ? { regionId: input.regionId } : {}) },
      {
        userId: actor.kind === 'user' ? actor.userId : null,
        organisationId: actor.kind === 'user' ? actor.organisationId : null,
        regionId: actor.kind === 'user' ? actor.regionId : null,
        ouoId: actor.kind === 'user' ? actor.ouoId : null,
        schoolId: actor.kind === 'user' ? actor.schoolId : null,
        scope: scopeOf(actor),
      },
    );
  }

  /** Resolves the organisation of a roll-up and checks the caller may read it. */
  async rollupTarget(trx: Tx, req: ReportRequester, level: RollupLevel, key?: string) {
    if (level === 'nation') {
      const m = await trx
        .selectFrom('organisation')
        .select(['id', 'name', 'edrpou'])
        .where('kind', '=', 'ministry')
        .executeTakeFirst();
      if (!m || !this.may(req, 'aggregate:read', { kind: 'ministry', id: m.id, regionId: null, ouoId: null }))
        throw new AppError('NOT_FOUND');
      return { id: m.id, name: m.name, edrpou: m.edrpou, territory: 'Україна', code: null, filter: {} as ScopeFilter };
    }
    const org =
      level === 'region' && key && /^UA\d{17}$/.test(key)
        ? await this.repo
            .regionByCode(trx, key)
            .then((x) => (x ? this.repo.organisation(trx, x.id, 'region') : undefined))
        : key
          ? await this.repo.organisation(trx, key, level)
          : undefined;
    const ref: ScopeRef | null = org
      ? {
          kind: level,
          id: org.id,
          regionId: level === 'region' ? org.id : org.region_id,
          ouoId: level === 'ouo' ? org.id : null,
        }
      : null;
    if (!org || !ref || !this.may(req, 'aggregate:read', ref)) throw new AppError('NOT_FOUND');
    return {
      id: org.id,
      name: org.name,
      edrpou: org.edrpou,
      territory: org.territory_name,
      code: org.territory_code,
      filter: (level === 'ouo' ? { ouoId: org.id } : { regionId: org.id }) as ScopeFilter,
    };
  }

  /**
   * A roll-up: 76-РВК of an ОУО (its schools rebuilt first when out of date), or the same tables for a region or the
   * nation (from the rows built by the refresh job).
   */
  async rollup(
    req: ReportRequester,
    level: RollupLevel,
    key: string | undefined,
    options: { date?: string | undefined; published?: boolean | undefined; format?: string | undefined } = {},
  ): Promise<RollupReport> {
    if (!this.may(req, 'aggregate:read')) throw new AppError('FORBIDDEN');
    const d = this.resolveDate(options.date);
    const scope = this.scopeFor(req);
    const target = await this.ctx.db.scoped(scope, (trx) => this.rollupTarget(trx, req, level, key));
    if (level === 'ouo') await this.refreshOutdated(scope, target.filter, d);
    return this.ctx.db.scoped(scope, async (trx) => {
      const report = await this.readRollup(trx, level, target, d, options.published === true);
      await this.record(trx, req, {
        action: options.format && options.format !== 'json' ? 'report.export' : 'report.read',
        objectType: level,
        objectId: target.id,
        details: { form: report.form, asOf: d.asOf, published: report.published, format: options.format ?? 'json' },
      });
      return report;
    });
  }

  /** Rebuilds the missing and out-of-date school rows of a small scope (an ОУО) in one transaction. */
  async refreshOutdated(scope: DbScope, filter: ScopeFilter, d: ReportDate): Promise<number> {
    return this.ctx.db.scoped(scope, async (trx) => {
      const ids = (await this.repo.schoolIds(trx, filter)).map((s) => s.id);
      const todo = await this.repo.outdated(trx, d.asOf, d.schoolYear, ids);
      if (todo.length > 0) await this.rebuild(trx, todo, d);
      return todo.length;
    });
  }

  async readRollup(
    trx: Tx,
    level: RollupLevel,
    target: Awaited<ReturnType<ReportService['rollupTarget']>>,
    d: ReportDate,
    published: boolean,
    extra?: ExtraCells,
  ): Promise<RollupReport> {
    const [values, cov] = [
      await this.repo.rollupCells(trx, d.asOf, target.filter),
      await this.repo.coverage(trx, d.asOf, d.schoolYear, target.filter),
    ];
    if (cov.included === 0 && level !== 'ouo')
      throw new AppError('REPORT_NOT_BUILT', {
        detail: `Зведення на ${d.asOf} ще не побудовано: запустіть побудову (POST /api/v1/reports/snapshots або «aikom report refresh --date ${d.asOf}»).`,
      });
    const coverage = {
      schools: cov.schools,
      included: cov.included,
      stale: cov.stale,
      withErrors: cov.with_errors,
      builtAt: cov.built_at ? new Date(cov.built_at).toISOString() : null,
    };
    const checks = checkZnz1(
      values,
      { pupils: cov.registry_pupils, classes: cov.registry_classes, blockingErrors: cov.blocking_errors },
      { schoolYear: d.schoolYear, entered: [], coverage },
    );
    let schools: RollupSchool[] = [];
    let flagged: RollupReport['flagged'] = [];
    let regions: RollupReport['regions'] = [];
    if (!published) {
      if (level === 'ouo') {
        schools = (await this.repo.schoolSnapshots(trx, d.asOf, target.filter)).map((s) => ({
          id: s.school_id,
          edrpou: s.edrpou,
          name: s.name,
          pupils: s.cells['1.16.2'] ?? 0,
          classes: s.cells['1.16.1'] ?? 0,
          registryPupils: s.registry_pupils,
          blockingErrors: s.blocking_errors,
          consistent: (s.cells['1.16.2'] ?? 0) === s.registry_pupils,
        }));
      }
      flagged = (await this.repo.schoolsWithErrors(trx, d.asOf, target.filter, 500)).map((s) => ({
        id: s.school_id,
        edrpou: s.edrpou,
        name: s.name,
        blockingErrors: s.blocking_errors,
        pupils: s.registry_pupils,
      }));
    }
    if (level === 'nation') {
      const [names, sums] = [await this.repo.regions(trx), await this.repo.regionCells(trx, d.asOf, ['1.16.2'])];
      regions = names.map((n) => ({
        id: n.id,
        code: n.code,
        name: n.name,
        pupils: sums.find((s) => s.region_id === n.id)?.value ?? 0,
      }));
    }
    let cells: Record<CellId, number | null> = fullCells(values, d.schoolYear);
    if (published) {
      const extraCells = extra ?? (level === 'nation' ? regionExtra(regions) : undefined);
      const p = publishCells(values, d.schoolYear, extraCells);
      cells = fullCells(p.values, d.schoolYear);
      regions = regions.map((r) => ({ ...r, pupils: p.values[`region.${r.code}.pupils`] ?? null }));
      for (const id of Object.keys(cells)) if (id.startsWith('region.')) delete cells[id];
    }
    return {
      form: level === 'ouo' ? '76-РВК' : 'ЗНЗ-1 (зведення)',
      level,
      asOf: d.asOf,
      schoolYear: schoolYearOfStart(d.schoolYear).label,
      schoolYearStart: d.schoolYear,
      published,
      header: {
        id: target.id,
        name: target.name,
        edrpou: target.edrpou,
        territory: target.territory,
        code: target.code,
      },
      cells,
      checks,
      coverage,
      schools,
      flagged,
      regions,
      generatedAt: this.ctx.now().toISOString(),
    };
  }

  /** The schools behind a number of a roll-up (their values of the cell), largest first. */
  async rollupDrillDown(
    req: ReportRequester,
    level: RollupLevel,
    key: string | undefined,
    cell: string,
    date?: string,
  ) {
    if (!this.may(req, 'aggregate:read')) throw new AppError('FORBIDDEN');
    const d = this.resolveDate(date);
    if (!cellInfo(cell, d.schoolYear) && !cell.startsWith('x.')) throw new AppError('REPORT_CELL_UNKNOWN');
    const scope = this.scopeFor(req);
    const target = await this.ctx.db.scoped(scope, (trx) => this.rollupTarget(trx, req, level, key));
    if (level === 'ouo') await this.refreshOutdated(scope, target.filter, d);
    return this.ctx.db.scoped(scope, async (trx) => {
      const rows = await this.repo.cellBySchool(trx, d.asOf, target.filter, cell, 2000);
      await this.record(trx, req, {
        action: 'report.read',
        objectType: level,
        objectId: target.id,
        details: { drillDown: cell, asOf: d.asOf, schools: rows.length },
      });
      return { cell, asOf: d.asOf, schools: rows };
    });
  }

  /** Report dates with built roll-ups. */
  async snapshots(req: ReportRequester) {
    if (!this.may(req, 'aggregate:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.scoped(this.scopeFor(req), (trx) => this.repo.snapshots(trx));
  }

  /** The live cells of a school (for its dashboard). */
  async schoolCells(trx: Tx, school: SchoolRow, d: ReportDate) {
    return (await this.compute(trx, [school], d)).get(school.id)!;
  }
}

function profile(s: SchoolRow) {
  return { schoolType: s.school_type, settlementType: s.settlement_type, ownership: s.ownership, status: s.status };
}

/** The tile-map values per region, tied to the national totals, for a joint suppression. */
export function regionExtra(regions: ReadonlyArray<{ code: string; pupils: number | null }>): ExtraCells {
  const values = new Map(regions.map((r) => [`region.${r.code}.pupils`, r.pupils ?? 0]));
  return { values, constraints: [{ total: 'x.pupils', parts: [...values.keys()] }] };
}

function factOf(x: DrillPupil): Omit<ContingentFact, 'count'> {
  return {
    grade: x.grade,
    classLetter: x.class_letter,
    sex: x.sex,
    birthYear: x.birth_date ? Number(x.birth_date.slice(0, 4)) : null,
    educationForm: x.education_form,
    instructionLanguage: x.instruction_language,
    specialNeeds: x.special_needs,
    displacement: x.displacement_status,
    originRegion: x.origin_region,
    country: x.displacement_country,
    contact: x.contact_status,
    hasErrors: x.quality_errors > 0,
    hasWarnings: x.quality_warnings > 0,
  };
}

/** Which movements of the period a spell is (it may have arrived and left within it). */
function movementKinds(x: DrillPupil, p: Period): Array<MovementFact['kind']> {
  const kinds: Array<MovementFact['kind']> = [];
  if (x.entry_date > p.yearStart && x.entry_date <= p.asOf) kinds.push('arrival');
  if (x.exit_date && x.exit_date >= p.yearStart && x.exit_date < p.asOf) kinds.push('exit');
  if (x.exit_reason && x.school_year === p.previousYear) kinds.push('yearEnd');
  return kinds;
}

function reasonOf(kind: MovementFact['kind'], x: DrillPupil): string | null {
  return kind === 'arrival' ? x.entry_basis : x.exit_reason;
}

function enterMessage(id: string, year: number): string {
  const info = cellInfo(id, year);
  if (!info) return `Клітинки ${id} у формі немає.`;
  if (info.section.source === 'records')
    return `Клітинку ${id} (${info.section.uk}) обчислює реєстр за записами учнів.`;
  return `Клітинка ${id} — підсумок, його обчислює реєстр.`;
}

export function presentHeader(s: SchoolRow): SchoolHeader {
  const locality = s.settlement_type === 'urban' || s.settlement_type === 'rural' ? s.settlement_type : null;
  const ownership =
    s.ownership === 'state' || s.ownership === 'communal' || s.ownership === 'private' ? s.ownership : null;
  return {
    id: s.id,
    edrpou: s.edrpou,
    name: s.name,
    shortName: s.short_name,
    location: {
      katottg: s.territory_code,
      settlement:
        s.settlement && s.settlement_category && isTerritoryCategory(s.settlement_category)
          ? territoryDisplayName(s.settlement_category, s.settlement)
          : s.settlement,
      hromada: s.hromada ? territoryDisplayName('H', s.hromada) : null,
      raion: s.raion ? territoryDisplayName('P', s.raion) : null,
      oblast:
        s.oblast && s.oblast_category && isTerritoryCategory(s.oblast_category)
          ? territoryDisplayName(s.oblast_category, s.oblast)
          : s.oblast,
      address: s.address,
    },
    locality: locality ? { value: locality, code: LOCALITY_CODES[locality], label: LOCALITY_LABELS[locality] } : null,
    schoolType: s.school_type
      ? {
          value: s.school_type,
          label: SCHOOL_TYPE_LABELS[s.school_type as keyof typeof SCHOOL_TYPE_LABELS] ?? s.school_type,
        }
      : null,
    ownership: ownership
      ? { value: ownership, code: OWNERSHIP_CODES[ownership], label: OWNERSHIP_LABELS[ownership] }
      : null,
    status: { value: s.status, label: STATUS_LABELS[s.status] ?? s.status },
    relocatedFrom: s.original_territory,
    ouo: s.ouo_name ? { id: s.ouo_id, name: s.ouo_name, edrpou: s.ouo_edrpou } : null,
  };
}
