import type { JobProblem } from '../../jobs/job-runner';
import { can, type Action } from '@aikom/domain/access/policy';
import { EDUCATION_FORMS } from '@aikom/domain/exchange-record';
import { isRealDate } from '@aikom/domain/iso-date';
import { decodeBudgetInputs, encodeBudgetInputs, type StoredBudgetInputs } from '@aikom/domain/subvention/codec';
import { compareAllocations, sortDeltas, type BudgetDelta, type DeltaSort } from '@aikom/domain/subvention/compare';
import { ratioToPlain, SCALE } from '@aikom/domain/subvention/decimal';
import { explainBudget } from '@aikom/domain/subvention/explain';
import {
  allocate,
  AllocationError,
  budgetWeight,
  type Allocation,
  type BudgetAllocation,
} from '@aikom/domain/subvention/formula';
import { groupOf, type GroupId, type Level } from '@aikom/domain/subvention/groups';
import { budgetInputs, type BudgetInputs, type BudgetInputSet, type SchoolLine } from '@aikom/domain/subvention/inputs';
import { formatUah } from '@aikom/domain/subvention/money';
import {
  applyScenario,
  checkParameters,
  defaultParameters,
  defaultParametersName,
  diffParameters,
  parameterEntries,
  unverifiedPaths,
  type ParameterIssue,
  type SubventionParameters,
} from '@aikom/domain/subvention/parameters';
import { redistribution } from '@aikom/domain/subvention/redistribution';
import type { RegistrySnapshot } from '@aikom/domain/subvention/snapshot';
import { OBLAST_TILES, TILE_GRID } from '@aikom/domain/subvention/tile-map';
import { sql } from 'kysely';
import type { Static } from 'typebox';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../context';
import type { Database, DbScope, Tx } from '../../db/database';
import type { SubventionTx } from '../../db/schema-subvention';
import { AppError } from '../../errors';
import { decodeCursor, encodeCursor } from '../../http/cursor';
import { AuditService, type AuditEvent } from '../audit/service';
import { scopeOf, type Caller } from '../auth/caller';
import { comparisonWorkbook, runWorkbook } from './export';
import {
  kop,
  presentChanges,
  presentComparisonParts,
  presentDelta,
  presentExplanation,
  presentRun,
  BUDGET_KIND_LABELS,
} from './present';
import { SubventionRepository, type TracedPupilRow } from './repository';
import type {
  ComparisonSchema,
  ParameterSetCreate,
  ParameterSetSchema,
  RedistributionSchema,
  RunCreate,
  RunDetailSchema,
  ScenarioCreate,
  ScenarioPreview,
  ScenarioSchema,
  TraceSchema,
} from './schemas';
import { SnapshotLoader } from './snapshot';

/** The job that computes an allocation run. */
export const RUN_JOB = 'subvention.allocate';

/** The scope of operator commands (CLI, benchmarks): national, no actor. */
export const SYSTEM_SCOPE: DbScope = { national: true };

const DEFAULT_ID = /^default-(\d{4})$/;

type Sort = DeltaSort | 'amountKop' | 'perPupilKop';

function invalidParameters(issues: readonly ParameterIssue[]): AppError {
  return new AppError('SUBVENTION_PARAMETERS_INVALID', {
    errors: issues.map((i) => ({ path: i.path, code: 'PARAMETER_INVALID', message: i.message })),
  });
}

function validDate(date: string, path: string): string {
  if (!isRealDate(date))
    throw new AppError('VALIDATION_FAILED', {
      errors: [{ path, code: 'DATE_INVALID', message: 'Неіснуюча дата.' }],
    });
  return date;
}

/** The base allocations of recent scenarios (per database), so that a scenario re-run computes only the scenario. */
const baseCaches = new WeakMap<Database, Map<string, Allocation>>();
const BASE_CACHE_SIZE = 8;

export interface ResolvedSet {
  id: string;
  name: string;
  budgetYear: number;
  version: number;
  params: SubventionParameters;
}

interface ComputedScenario {
  set: ResolvedSet;
  name: string;
  asOf: string;
  params: SubventionParameters;
  base: Allocation;
  scenario: Allocation;
  snapshot: RegistrySnapshot;
  timings: { inputsMs: number; computeMs: number; cachedInputs: boolean };
}

/**
 * The education subvention: parameter sets (versioned; ministry administrators edit them), allocation runs (a job),
 * explanations, scenarios against their baseline, redistribution after migrations, traces to the pupils behind an
 * input, and spreadsheets. Reading needs `subvention:read`; changing a parameter set `subvention:manage`; a trace to
 * pupils also `pupil:read` and the pupils' schools in scope (and the database's row-level security).
 */
export class SubventionService {
  private readonly repo = new SubventionRepository();
  private readonly audit = new AuditService();
  readonly snapshots: SnapshotLoader;
  #regionNames: Map<string, string> | undefined;

  constructor(private readonly ctx: AppContext) {
    this.snapshots = new SnapshotLoader(ctx);
  }

  private scoped<T>(scope: DbScope, fn: (trx: SubventionTx) => Promise<T>): Promise<T> {
    return this.ctx.db.scoped(scope, (trx) => fn(trx as unknown as SubventionTx));
  }

  /** Audit entries go last in their transaction (the chain's head is locked until commit). */
  private record(trx: SubventionTx, caller: Caller, event: AuditEvent): Promise<number> {
    return this.audit.record(trx as unknown as Tx, caller, event);
  }

  private require(caller: Caller, action: Action): void {
    if (!can(caller.actor, action)) throw new AppError('FORBIDDEN');
  }

  private userId(caller: Caller): string | null {
    return caller.actor.kind === 'user' ? caller.actor.userId : null;
  }

  today(): string {
    return this.ctx.now().toISOString().slice(0, 10);
  }

  /** The budget year being planned: the next calendar year. */
  defaultBudgetYear(): number {
    return Number(this.today().slice(0, 4)) + 1;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Parameter sets

  /** `default` means the default set of a year (the year given, else the one being planned). */
  private setIdOf(id: string, budgetYear?: number): string {
    return id === 'default' ? `default-${budgetYear ?? this.defaultBudgetYear()}` : id;
  }

  /** The shipped default set of a year exists once it is asked for (version 1, labelled as such). */
  private async ensureDefault(trx: SubventionTx, id: string): Promise<void> {
    const m = DEFAULT_ID.exec(id);
    if (!m) return;
    const year = Number(m[1]);
    if (year < 2018 || year > 2100) return;
    const created = await this.repo.insertSet(trx, {
      id,
      budgetYear: year,
      name: defaultParametersName(year),
      isDefault: true,
      createdBy: null,
      at: this.ctx.now(),
    });
    if (created)
      await this.repo.insertVersion(trx, {
        setId: id,
        version: 1,
        params: defaultParameters(year),
        note: 'Типовий набір, що постачається з програмою',
        createdBy: null,
        at: this.ctx.now(),
      });
  }

  private async resolveSet(
    trx: SubventionTx,
    rawId: string,
    version?: number,
    budgetYear?: number,
  ): Promise<ResolvedSet> {
    const id = this.setIdOf(rawId, budgetYear);
    await this.ensureDefault(trx, id);
    const set = await this.repo.getSet(trx, id);
    const v = set ? await this.repo.version(trx, id, version) : undefined;
    if (!set || !v)
      throw new AppError('NOT_FOUND', {
        detail: version
          ? `Версію ${version} набору параметрів «${id}» не знайдено.`
          : `Набір параметрів «${id}» не знайдено.`,
      });
    const issues = checkParameters(v.params);
    if (issues.length > 0) throw invalidParameters(issues);
    return {
      id,
      name: set.name,
      budgetYear: set.budget_year,
      version: v.version,
      params: v.params as SubventionParameters,
    };
  }

  async listSets(caller: Caller, budgetYear?: number) {
    this.require(caller, 'subvention:read');
    return this.setsIn(scopeOf(caller.actor), budgetYear);
  }

  /** The parameter sets, for operator commands. */
  listSetsAsSystem(budgetYear?: number) {
    return this.setsIn(SYSTEM_SCOPE, budgetYear);
  }

  private async setsIn(scope: DbScope, budgetYear?: number) {
    const year = budgetYear ?? this.defaultBudgetYear();
    const rows = await this.scoped(scope, async (trx) => {
      await this.ensureDefault(trx, `default-${year}`);
      return this.repo.listSets(trx, budgetYear);
    });
    return rows.map((r) => ({
      id: r.id,
      budgetYear: r.budget_year,
      name: r.name,
      isDefault: r.is_default,
      version: r.version,
      createdAt: r.created_at.toISOString(),
    }));
  }

  async getSet(caller: Caller, rawId: string, version?: number): Promise<Static<typeof ParameterSetSchema>> {
    this.require(caller, 'subvention:read');
    return this.scoped(scopeOf(caller.actor), async (trx) => {
      const id = this.setIdOf(rawId);
      await this.ensureDefault(trx, id);
      const set = await this.repo.getSet(trx, id);
      const v = set ? await this.repo.version(trx, id, version) : undefined;
      if (!set || !v) throw new AppError('NOT_FOUND');
      const versions = await this.repo.versions(trx, id);
      const params = v.params as SubventionParameters;
      return {
        id: set.id,
        budgetYear: set.budget_year,
        name: set.name,
        isDefault: set.is_default,
        version: v.version,
        latestVersion: versions[0]!.version,
        note: v.note,
        versionCreatedAt: v.created_at.toISOString(),
        versionCreatedBy: v.created_by,
        params,
        unverified: unverifiedPaths(params),
        entries: parameterEntries(params).map((e) => ({
          path: e.path,
          label: e.label,
          value: e.value,
          source: e.source,
          verified: e.verified,
          ...(e.note ? { note: e.note } : {}),
        })),
        versions: versions.map((x) => ({
          version: x.version,
          note: x.note,
          createdAt: x.created_at.toISOString(),
          createdBy: x.created_by,
        })),
      };
    });
  }

  async createSet(caller: Caller, input: ParameterSetCreate) {
    this.require(caller, 'subvention:manage');
    const id = uuidv7();
    await this.scoped(scopeOf(caller.actor), async (trx) => {
      const source =
        input.params ??
        (input.from
          ? { ...(await this.resolveSet(trx, input.from.id, input.from.version, input.budgetYear)).params }
          : defaultParameters(input.budgetYear));
      const params = { ...(source as Record<string, unknown>), budgetYear: input.budgetYear };
      const issues = checkParameters(params);
      if (issues.length > 0) throw invalidParameters(issues);
      const now = this.ctx.now();
      await this.repo.insertSet(trx, {
        id,
        budgetYear: input.budgetYear,
        name: input.name,
        isDefault: false,
        createdBy: this.userId(caller),
        at: now,
      });
      await this.repo.insertVersion(trx, {
        setId: id,
        version: 1,
        params,
        note: input.note ?? (input.from ? `На основі набору «${input.from.id}»` : 'Створено з типового набору'),
        createdBy: this.userId(caller),
        at: now,
      });
      await this.record(trx, caller, {
        action: 'subvention.parameters.create',
        objectType: 'subvention_parameter_set',
        objectId: id,
        details: { budgetYear: input.budgetYear, from: input.from?.id ?? null },
      });
    });
    return this.getSet(caller, id);
  }

  /** A new version of a set (If-Match: the version the editor saw); the earlier versions stay. */
  async updateSet(caller: Caller, rawId: string, input: { params: unknown; note: string }, expected: number) {
    this.require(caller, 'subvention:manage');
    const id = this.setIdOf(rawId);
    await this.scoped(scopeOf(caller.actor), async (trx) => {
      await this.ensureDefault(trx, id);
      await this.repo.lockSet(trx, id);
      const set = await this.repo.getSet(trx, id);
      const latest = set ? await this.repo.version(trx, id) : undefined;
      if (!set || !latest) throw new AppError('NOT_FOUND');
      if (latest.version !== expected)
        throw new AppError('PRECONDITION_FAILED', { extra: { currentVersion: latest.version } });
      const issues = checkParameters(input.params);
      if (issues.length > 0) throw invalidParameters(issues);
      const params = input.params as SubventionParameters;
      if (params.budgetYear !== set.budget_year)
        throw invalidParameters([
          { path: '/budgetYear', message: `набір параметрів стосується ${set.budget_year} бюджетного року` },
        ]);
      const changed = diffParameters(latest.params as SubventionParameters, params).map((c) => c.path);
      await this.repo.insertVersion(trx, {
        setId: id,
        version: latest.version + 1,
        params,
        note: input.note,
        createdBy: this.userId(caller),
        at: this.ctx.now(),
      });
      await this.record(trx, caller, {
        action: 'subvention.parameters.update',
        objectType: 'subvention_parameter_set',
        objectId: id,
        details: { version: latest.version + 1, changed },
      });
    });
    return this.getSet(caller, id);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Allocations

  /** An allocation now, in memory (the CLI and the benchmarks; the API stores runs). */
  async allocateLive(scope: DbScope, set: ResolvedSet, asOf: string) {
    const loaded = await this.snapshots.load(scope, asOf);
    const started = performance.now();
    const allocation = this.compute(loaded.snapshot, set.params);
    return {
      allocation,
      snapshot: loaded.snapshot,
      dataVersion: loaded.dataVersion,
      timings: { inputsMs: loaded.ms, computeMs: Math.round(performance.now() - started), cachedInputs: loaded.cached },
    };
  }

  resolve(scope: DbScope, id: string, version?: number, budgetYear?: number): Promise<ResolvedSet> {
    return this.scoped(scope, (trx) => this.resolveSet(trx, id, version, budgetYear));
  }

  private compute(snapshot: RegistrySnapshot, params: SubventionParameters): Allocation {
    try {
      return allocate(snapshot, params);
    } catch (error) {
      if (error instanceof AllocationError) throw new AppError('SUBVENTION_NO_PUPILS', { detail: error.message });
      throw error;
    }
  }

  /** Queues a run (a job computes it); the run is visible at once with status `queued`. */
  async startRun(caller: Caller, input: RunCreate) {
    this.require(caller, 'subvention:read');
    const asOf = validDate(input.asOf ?? this.today(), '/asOf');
    const scope = scopeOf(caller.actor);
    const id = uuidv7();
    const set = await this.scoped(scope, async (trx) => {
      const s = await this.resolveSet(trx, input.parameterSetId, input.version, input.budgetYear);
      await this.repo.insertRun(trx, {
        id,
        set_id: s.id,
        set_version: s.version,
        budget_year: s.budgetYear,
        as_of: asOf,
        created_by: this.userId(caller),
        created_at: this.ctx.now(),
      });
      await this.record(trx, caller, {
        action: 'subvention.run.create',
        objectType: 'subvention_run',
        objectId: id,
        details: { parameterSet: s.id, version: s.version, asOf },
      });
      return s;
    });
    const actor = caller.actor;
    const jobId = await this.ctx.jobs.enqueue(
      RUN_JOB,
      { runId: id },
      {
        userId: actor.kind === 'user' ? actor.userId : null,
        organisationId: actor.kind === 'user' ? actor.organisationId : null,
        scope,
      },
    );
    await this.scoped(scope, (trx) => this.repo.setRunJob(trx, id, jobId));
    const run = await this.scoped(scope, (trx) => this.repo.run(trx, id));
    return { run: presentRun(run!, set.name), job: await this.ctx.jobs.get(jobId, scope) };
  }

  /**
   * Computes a queued run and stores its budgets, all in one transaction (a run is complete or not there). Done
   * runs are left as they are, so a retried job changes nothing.
   */
  async computeRun(runId: string, scope: DbScope, onProgress?: (note: string) => Promise<void>) {
    const run = await this.scoped(scope, (trx) => this.repo.run(trx, runId));
    if (!run) throw new AppError('NOT_FOUND', { detail: 'Розрахунок не знайдено.' });
    if (run.status === 'succeeded') return { runId, status: run.status, budgets: run.summary.budgets ?? null };
    const set = await this.resolve(scope, run.set_id, run.set_version);
    await onProgress?.('вхідні дані реєстру');
    let live;
    try {
      live = await this.allocateLive(scope, set, run.as_of);
    } catch (error) {
      // A failed job is not tried again: the run says it failed and why, and a new run may be started.
      await this.failRun(
        runId,
        scope,
        error instanceof AppError
          ? { code: error.code, message: error.detail ?? error.title }
          : { code: 'INTERNAL', message: 'Розрахунок не вдався через внутрішню помилку; запустіть його ще раз.' },
      );
      throw error;
    }
    await onProgress?.('збереження результатів');
    const a = live.allocation;
    await this.scoped(scope, async (trx) => {
      const locked = await this.repo.lockRun(trx, runId);
      if (locked?.status === 'succeeded') return;
      await this.storeResults(trx, runId, live);
    });
    return { runId, status: 'succeeded', budgets: a.budgets.length, totalKop: kop(a.totalKop) };
  }

  /** Marks a run that did not finish as failed (one that succeeded meanwhile stays as it is). */
  async failRun(runId: string, scope: DbScope, problem: JobProblem): Promise<void> {
    await this.scoped(scope, async (trx) => {
      const locked = await this.repo.lockRun(trx, runId);
      if (!locked || locked.status === 'succeeded') return;
      await this.repo.finishRun(trx, runId, {
        status: 'failed',
        totalKop: null,
        weightSumMicro: null,
        dataVersion: null,
        summary: {},
        error: problem,
        at: this.ctx.now(),
      });
    });
  }

  private async storeResults(
    trx: SubventionTx,
    runId: string,
    live: Awaited<ReturnType<SubventionService['allocateLive']>>,
  ) {
    const a = live.allocation;
    await this.repo.insertRunBudgets(
      trx,
      a.budgets.map((b) => ({
        run_id: runId,
        code: b.inputs.code,
        kind: b.inputs.kind,
        name: b.inputs.name,
        oblast_code: b.inputs.oblastCode,
        pupils: b.inputs.pupils,
        weight_micro: Number(b.weight.micro),
        amount_kop: kop(b.amountKop),
        inputs: JSON.stringify(encodeBudgetInputs(b.inputs)),
      })),
    );
    await this.repo.finishRun(trx, runId, {
      status: 'succeeded',
      totalKop: kop(a.totalKop),
      weightSumMicro: Number(a.weightSumMicro),
      dataVersion: live.dataVersion,
      summary: runSummary(a, live.timings),
      error: null,
      at: this.ctx.now(),
    });
  }

  /**
   * Saves an allocation computed by an operator command as a run, in one transaction, audited as the system
   * (`system:<via>`).
   */
  async saveSystemRun(set: ResolvedSet, live: Awaited<ReturnType<SubventionService['allocateLive']>>, via: string) {
    const id = uuidv7();
    await this.scoped(SYSTEM_SCOPE, async (trx) => {
      await this.repo.insertRun(trx, {
        id,
        set_id: set.id,
        set_version: set.version,
        budget_year: set.budgetYear,
        as_of: live.allocation.asOf,
        created_by: null,
        created_at: this.ctx.now(),
      });
      await this.storeResults(trx, id, live);
      await this.audit.record(
        trx as unknown as Tx,
        null,
        {
          action: 'subvention.run.create',
          objectType: 'subvention_run',
          objectId: id,
          details: { parameterSet: set.id, version: set.version, asOf: live.allocation.asOf, via },
        },
        { login: `system:${via}` },
      );
    });
    return id;
  }

  /** A saved run's workbook (operator commands). */
  async runWorkbookOf(set: ResolvedSet, allocation: Allocation): Promise<Buffer> {
    return runWorkbook({
      title: `${set.name}, версія ${set.version}`,
      asOf: allocation.asOf,
      totalKop: allocation.totalKop,
      weightSumMicro: allocation.weightSumMicro,
      params: set.params,
      budgets: allocation.budgets.map((b) => ({
        inputs: b.inputs,
        weightMicro: b.weight.micro,
        amountKop: b.amountKop,
      })),
    });
  }

  async listRuns(caller: Caller, budgetYear: number | undefined, limit: number) {
    this.require(caller, 'subvention:read');
    return this.scoped(scopeOf(caller.actor), async (trx) => {
      const rows = await this.repo.runs(trx, budgetYear, limit);
      const names = new Map<string, string>();
      for (const r of rows)
        if (!names.has(r.set_id)) names.set(r.set_id, (await this.repo.getSet(trx, r.set_id))!.name);
      return rows.map((r) => presentRun(r, names.get(r.set_id)!));
    });
  }

  private async runOf(trx: SubventionTx, id: string, ready: boolean) {
    const run = await this.repo.run(trx, id);
    if (!run) throw new AppError('NOT_FOUND', { detail: 'Розрахунок не знайдено.' });
    if (ready && run.status !== 'succeeded')
      throw new AppError('SUBVENTION_RUN_STATE', {
        detail: run.status === 'queued' ? 'Розрахунок ще виконується.' : 'Розрахунок завершився помилкою.',
        extra: { status: run.status, jobId: run.job_id },
      });
    const set = (await this.repo.getSet(trx, run.set_id))!;
    return { run, setName: set.name };
  }

  async getRun(
    caller: Caller,
    id: string,
    q: { sort?: Sort; order?: 'asc' | 'desc'; oblast?: string },
  ): Promise<Static<typeof RunDetailSchema>> {
    this.require(caller, 'subvention:read');
    return this.scoped(scopeOf(caller.actor), async (trx) => {
      const { run, setName } = await this.runOf(trx, id, false);
      const rows = run.status === 'succeeded' ? await this.repo.runBudgets(trx, id) : [];
      const names = await this.regionNames(trx);
      const sum = BigInt(run.weight_sum_micro ?? 0) || 1n;
      const budgets = rows.map((r) => ({
        code: r.code,
        name: r.name,
        kind: r.kind as 'hromada' | 'city' | 'oblast',
        kindLabel: BUDGET_KIND_LABELS[r.kind as 'hromada'],
        oblastCode: r.oblast_code,
        oblastName: names.get(r.oblast_code) ?? r.oblast_code,
        pupils: r.pupils,
        weight: ratioToPlain({ num: BigInt(r.weight_micro), den: SCALE }, 6),
        share: ratioToPlain({ num: BigInt(r.weight_micro), den: sum }, 12),
        amountKop: r.amount_kop,
        amountText: formatUah(BigInt(r.amount_kop)),
        perPupilKop: r.pupils > 0 ? Math.floor(r.amount_kop / r.pupils) : null,
      }));
      const tiles = new Map(OBLAST_TILES.map((t) => [t.code, { amountKop: 0, pupils: 0, budgets: 0 }]));
      for (const b of budgets) {
        const t = tiles.get(b.oblastCode);
        if (!t) continue;
        t.amountKop += b.amountKop;
        t.pupils += b.pupils;
        t.budgets++;
      }
      const filtered = q.oblast ? budgets.filter((b) => b.oblastCode === q.oblast) : budgets;
      const sort = q.sort ?? 'amountKop';
      const dir = (q.order ?? 'desc') === 'asc' ? 1 : -1;
      const key = (b: (typeof budgets)[number]): number | string =>
        sort === 'name'
          ? b.name
          : sort === 'code'
            ? b.code
            : sort === 'pupils'
              ? b.pupils
              : sort === 'perPupilKop'
                ? (b.perPupilKop ?? 0)
                : b.amountKop;
      filtered.sort((a, b) => {
        const x = key(a);
        const y = key(b);
        const c = typeof x === 'string' ? x.localeCompare(y as string, 'uk') : x - (y as number);
        return dir * c || a.code.localeCompare(b.code);
      });
      return {
        run: presentRun(run, setName),
        budgets: filtered,
        tileMap: {
          ...TILE_GRID,
          tiles: OBLAST_TILES.map((t) => {
            const v = tiles.get(t.code)!;
            return {
              code: t.code,
              name: names.get(t.code) ?? t.short,
              short: t.short,
              col: t.col,
              row: t.row,
              ...v,
              perPupilKop: v.pupils > 0 ? Math.floor(v.amountKop / v.pupils) : null,
            };
          }),
        },
      };
    });
  }

  /** The school lines a reader may see: schools in their scope for aggregates. */
  private visibleLine(caller: Caller) {
    return (l: SchoolLine) =>
      can(caller.actor, 'aggregate:read', {
        kind: 'school',
        id: l.school.id,
        regionId: l.school.regionId,
        ouoId: l.school.ouoId,
      });
  }

  /** One budget of a run, explained from the inputs stored with the run. */
  async explainRunBudget(caller: Caller, runId: string, code: string) {
    this.require(caller, 'subvention:read');
    return this.scoped(scopeOf(caller.actor), async (trx) => {
      const { run, setName } = await this.runOf(trx, runId, true);
      const row = await this.repo.runBudget(trx, runId, code);
      if (!row) throw new AppError('NOT_FOUND', { detail: `Бюджету ${code} у цьому розрахунку немає.` });
      const set = await this.resolveSet(trx, run.set_id, run.set_version);
      const inputs = decodeBudgetInputs(row.inputs as unknown as StoredBudgetInputs);
      const { allocation, budget } = storedAllocation(run, inputs, BigInt(row.amount_kop), set.params);
      const explanation = explainBudget(allocation, budget, set.params);
      await this.record(trx, caller, {
        action: 'subvention.explain',
        objectType: 'subvention_run',
        objectId: runId,
        details: { budget: code },
      });
      return {
        run: presentRun(run, setName),
        explanation: presentExplanation(explanation, inputs, set.params, this.visibleLine(caller)),
      };
    });
  }

  async exportRun(caller: Caller, runId: string): Promise<{ file: Buffer; fileName: string }> {
    this.require(caller, 'subvention:read');
    const data = await this.scoped(scopeOf(caller.actor), async (trx) => {
      const { run, setName } = await this.runOf(trx, runId, true);
      const set = await this.resolveSet(trx, run.set_id, run.set_version);
      const rows = await this.repo.runBudgetsWithInputs(trx, runId);
      await this.record(trx, caller, {
        action: 'subvention.export',
        objectType: 'subvention_run',
        objectId: runId,
        details: { budgets: rows.length, format: 'xlsx' },
      });
      return { run, setName, set, rows };
    });
    const file = await runWorkbook({
      title: `${data.setName}, версія ${data.run.set_version}`,
      asOf: data.run.as_of,
      totalKop: BigInt(data.run.total_kop ?? 0),
      weightSumMicro: BigInt(data.run.weight_sum_micro ?? 0),
      params: data.set.params,
      budgets: data.rows.map((r) => ({
        inputs: decodeBudgetInputs(r.inputs as unknown as StoredBudgetInputs),
        weightMicro: BigInt(r.weight_micro),
        amountKop: BigInt(r.amount_kop),
      })),
    });
    return { file, fileName: `subvention-${data.run.budget_year}-${data.run.as_of}-${runId.slice(0, 8)}.xlsx` };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Scenarios

  private async computeScenario(
    scope: DbScope,
    def: { base: { parameterSetId: string; version?: number; budgetYear?: number }; asOf?: string; changes: unknown },
    name: string,
  ): Promise<ComputedScenario> {
    const asOf = validDate(def.asOf ?? this.today(), '/asOf');
    const set = await this.resolve(scope, def.base.parameterSetId, def.base.version, def.base.budgetYear);
    const merged = applyScenario(set.params, def.changes, name);
    const issues = checkParameters(merged);
    if (issues.length > 0) throw invalidParameters(issues.map((i) => ({ ...i, path: `/changes${i.path}` })));
    const params = merged as SubventionParameters;
    if (params.budgetYear !== set.budgetYear)
      throw invalidParameters([{ path: '/changes/budgetYear', message: 'сценарій не змінює бюджетного року' }]);
    const loaded = await this.snapshots.load(scope, asOf);
    const started = performance.now();
    const key = `${asOf}|${loaded.dataVersion}|${set.id}@${set.version}`;
    let cache = baseCaches.get(this.ctx.db);
    if (!cache) baseCaches.set(this.ctx.db, (cache = new Map<string, Allocation>()));
    let base = cache.get(key);
    if (!base) {
      base = this.compute(loaded.snapshot, set.params);
      cache.set(key, base);
      while (cache.size > BASE_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    const scenario = this.compute(loaded.snapshot, params);
    return {
      set,
      name,
      asOf,
      params,
      base,
      scenario,
      snapshot: loaded.snapshot,
      timings: { inputsMs: loaded.ms, computeMs: Math.round(performance.now() - started), cachedInputs: loaded.cached },
    };
  }

  private async comparisonOf(
    c: ComputedScenario,
    q: { sort?: Sort; order?: 'asc' | 'desc'; oblast?: string },
  ): Promise<Static<typeof ComparisonSchema>> {
    const names = await this.scoped(SYSTEM_SCOPE, (trx) => this.regionNames(trx));
    const comparison = compareAllocations(c.base, c.scenario, names);
    const rows = q.oblast ? comparison.budgets.filter((b) => b.oblastCode === q.oblast) : comparison.budgets;
    const sort: DeltaSort =
      q.sort === 'amountKop' ? 'scenarioKop' : q.sort === 'perPupilKop' ? 'deltaPct' : (q.sort ?? 'deltaKop');
    return {
      base: {
        parameterSetId: c.set.id,
        version: c.set.version,
        name: c.set.name,
        asOf: c.asOf,
        totalKop: kop(c.base.totalKop),
      },
      scenario: {
        name: c.name,
        totalKop: kop(c.scenario.totalKop),
        changes: presentChanges(diffParameters(c.set.params, c.params)),
        unverified: unverifiedPaths(c.params),
      },
      budgets: sortDeltas(rows, sort, q.order ?? (sort === 'name' || sort === 'code' ? 'asc' : 'desc')).map(
        presentDelta,
      ),
      ...presentComparisonParts(comparison),
      timings: c.timings,
    };
  }

  /** A scenario computed and compared with its baseline, without saving it. */
  async previewScenario(
    caller: Caller,
    input: ScenarioPreview,
    q: { sort?: Sort; order?: 'asc' | 'desc'; oblast?: string },
  ) {
    this.require(caller, 'subvention:read');
    const c = await this.computeScenario(scopeOf(caller.actor), input, input.name ?? 'попередній перегляд');
    return this.comparisonOf(c, q);
  }

  private presentScenario(
    caller: Caller,
    r: NonNullable<Awaited<ReturnType<SubventionRepository['scenario']>>>,
  ): Static<typeof ScenarioSchema> {
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      shared: r.shared,
      mine: caller.actor.kind === 'user' && caller.actor.userId === r.created_by,
      base: { parameterSetId: r.base_set_id, version: r.base_version },
      asOf: r.as_of,
      changes: r.changes,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    };
  }

  async createScenario(caller: Caller, input: ScenarioCreate) {
    this.require(caller, 'subvention:read');
    const userId = this.userId(caller);
    if (!userId) throw new AppError('FORBIDDEN');
    const scope = scopeOf(caller.actor);
    const asOf = validDate(input.asOf ?? this.today(), '/asOf');
    const id = uuidv7();
    await this.scoped(scope, async (trx) => {
      const set = await this.resolveSet(trx, input.base.parameterSetId, input.base.version, input.base.budgetYear);
      const issues = checkParameters(applyScenario(set.params, input.changes, input.name));
      if (issues.length > 0) throw invalidParameters(issues.map((i) => ({ ...i, path: `/changes${i.path}` })));
      const now = this.ctx.now();
      await this.repo.insertScenario(trx, {
        id,
        name: input.name,
        description: input.description ?? null,
        base_set_id: set.id,
        base_version: set.version,
        as_of: asOf,
        changes: JSON.stringify(input.changes),
        shared: input.shared ?? false,
        created_by: userId,
        created_at: now,
        updated_at: now,
      });
      await this.record(trx, caller, {
        action: 'subvention.scenario.create',
        objectType: 'subvention_scenario',
        objectId: id,
        details: { base: `${set.id}@${set.version}`, asOf, shared: input.shared ?? false },
      });
    });
    return this.getScenario(caller, id);
  }

  async listScenarios(caller: Caller, limit: number) {
    this.require(caller, 'subvention:read');
    const rows = await this.scoped(scopeOf(caller.actor), (trx) => this.repo.scenarios(trx, limit));
    return rows.map((r) => this.presentScenario(caller, r));
  }

  async getScenario(caller: Caller, id: string) {
    this.require(caller, 'subvention:read');
    const r = await this.scoped(scopeOf(caller.actor), (trx) => this.repo.scenario(trx, id));
    // Another author's draft looks missing (row-level security hides it).
    if (!r) throw new AppError('NOT_FOUND', { detail: 'Сценарій не знайдено.' });
    return this.presentScenario(caller, r);
  }

  async updateScenario(
    caller: Caller,
    id: string,
    patch: { name?: string; description?: string | null; shared?: boolean },
  ) {
    const current = await this.getScenario(caller, id);
    if (!current.mine) throw new AppError('FORBIDDEN', { detail: 'Змінити сценарій може лише його автор.' });
    await this.scoped(scopeOf(caller.actor), async (trx) => {
      await this.repo.updateScenario(trx, id, { ...patch, updated_at: this.ctx.now() });
      await this.record(trx, caller, {
        action: 'subvention.scenario.update',
        objectType: 'subvention_scenario',
        objectId: id,
        details: { fields: Object.keys(patch).sort() },
      });
    });
    return this.getScenario(caller, id);
  }

  private async savedScenario(caller: Caller, id: string): Promise<ComputedScenario> {
    const s = await this.getScenario(caller, id);
    return this.computeScenario(
      scopeOf(caller.actor),
      { base: { parameterSetId: s.base.parameterSetId, version: s.base.version }, asOf: s.asOf, changes: s.changes },
      s.name,
    );
  }

  async compareScenario(caller: Caller, id: string, q: { sort?: Sort; order?: 'asc' | 'desc'; oblast?: string }) {
    this.require(caller, 'subvention:read');
    return this.comparisonOf(await this.savedScenario(caller, id), q);
  }

  /** One budget under the baseline and under the scenario, each explained. */
  async explainScenarioBudget(caller: Caller, id: string, code: string) {
    this.require(caller, 'subvention:read');
    const c = await this.savedScenario(caller, id);
    const find = (a: Allocation) => a.budgets.find((b) => b.inputs.code === code);
    const base = find(c.base);
    const changed = find(c.scenario);
    if (!base && !changed) throw new AppError('NOT_FOUND', { detail: `Бюджету ${code} у цьому сценарії немає.` });
    const visible = this.visibleLine(caller);
    const explain = (a: Allocation, b: BudgetAllocation, p: SubventionParameters) =>
      presentExplanation(explainBudget(a, b, p), b.inputs, p, visible);
    await this.scoped(scopeOf(caller.actor), (trx) =>
      this.record(trx, caller, {
        action: 'subvention.explain',
        objectType: 'subvention_scenario',
        objectId: id,
        details: { budget: code },
      }),
    );
    const scenario = await this.getScenario(caller, id);
    return {
      scenario,
      baseline: base ? explain(c.base, base, c.set.params) : null,
      changed: changed ? explain(c.scenario, changed, c.params) : null,
    };
  }

  async exportScenario(caller: Caller, id: string): Promise<{ file: Buffer; fileName: string }> {
    this.require(caller, 'subvention:read');
    const c = await this.savedScenario(caller, id);
    const names = await this.scoped(SYSTEM_SCOPE, (trx) => this.regionNames(trx));
    await this.scoped(scopeOf(caller.actor), (trx) =>
      this.record(trx, caller, {
        action: 'subvention.export',
        objectType: 'subvention_scenario',
        objectId: id,
        details: { format: 'xlsx' },
      }),
    );
    const file = await comparisonWorkbook({
      title: `Сценарій «${c.name}» проти «${c.set.name}», версія ${c.set.version}; учні на ${c.asOf}`,
      comparison: compareAllocations(c.base, c.scenario, names),
      changes: diffParameters(c.set.params, c.params),
      params: c.params,
    });
    return { file, fileName: `subvention-scenario-${id.slice(0, 8)}.xlsx` };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Redistribution

  async redistribution(
    caller: Caller,
    q: {
      parameterSetId?: string;
      version?: number;
      budgetYear?: number;
      snapshot?: string;
      runId?: string;
      now?: string;
      sort?: Sort;
      order?: 'asc' | 'desc';
      oblast?: string;
    },
  ): Promise<Static<typeof RedistributionSchema>> {
    this.require(caller, 'subvention:read');
    const scope = scopeOf(caller.actor);
    const nowDate = validDate(q.now ?? this.today(), '/now');
    let set: ResolvedSet;
    let then: Allocation;
    if (q.runId) {
      const runId = q.runId;
      const stored = await this.scoped(scope, async (trx) => {
        const { run } = await this.runOf(trx, runId, true);
        const s = await this.resolveSet(trx, run.set_id, run.set_version);
        return { run, set: s, rows: await this.repo.runBudgetsWithInputs(trx, runId) };
      });
      set = stored.set;
      then = {
        asOf: stored.run.as_of,
        budgetYear: stored.run.budget_year,
        totalKop: BigInt(stored.run.total_kop ?? 0),
        weightSumMicro: BigInt(stored.run.weight_sum_micro ?? 0),
        excluded: [],
        budgets: stored.rows.map((r) => {
          const inputs = decodeBudgetInputs(r.inputs as unknown as StoredBudgetInputs);
          return storedAllocation(stored.run, inputs, BigInt(r.amount_kop), stored.set.params).budget;
        }),
      };
    } else {
      if (!q.snapshot)
        throw new AppError('VALIDATION_FAILED', {
          errors: [
            { path: '/snapshot', code: 'SNAPSHOT_REQUIRED', message: 'Укажіть дату знімка або збережений розрахунок.' },
          ],
        });
      set = await this.resolve(scope, q.parameterSetId ?? 'default', q.version, q.budgetYear);
      then = (await this.allocateLive(scope, set, validDate(q.snapshot, '/snapshot'))).allocation;
    }
    const now = (await this.allocateLive(scope, set, nowDate)).allocation;
    const { flows, names } = await this.scoped(scope, async (trx) => ({
      flows: await this.repo.flows(trx, then.asOf, now.asOf),
      names: await this.regionNames(trx),
    }));
    const r = redistribution(
      then,
      now,
      flows.map((f) => ({
        fromSchoolId: f.from_school,
        toSchoolId: f.to_school,
        pupils: f.pupils,
        internallyDisplaced: f.internally_displaced,
      })),
      names,
    );
    await this.scoped(scope, (trx) =>
      this.record(trx, caller, {
        action: 'subvention.redistribution',
        objectType: 'subvention_parameter_set',
        objectId: set.id,
        details: { version: set.version, snapshot: then.asOf, now: now.asOf, runId: q.runId ?? null },
      }),
    );
    const sort: DeltaSort =
      q.sort === 'amountKop' ? 'scenarioKop' : q.sort === 'perPupilKop' ? 'deltaPct' : (q.sort ?? 'deltaKop');
    const byCode = new Map(r.budgets.map((b) => [b.code, b]));
    const rows = sortDeltas(
      q.oblast ? r.budgets.filter((b) => b.oblastCode === q.oblast) : r.budgets,
      sort,
      q.order ?? 'desc',
    ).map((d: BudgetDelta) => {
      const m = byCode.get(d.code)!;
      return {
        ...presentDelta(d),
        inflow: m.inflow,
        outflow: m.outflow,
        entered: m.entered,
        left: m.left,
        net: m.net,
        sources: m.sources,
        destinations: m.destinations,
      };
    });
    const parts = presentComparisonParts(r.comparison);
    return {
      parameterSet: { id: set.id, version: set.version, name: set.name },
      then: { asOf: then.asOf, runId: q.runId ?? null },
      now: { asOf: now.asOf },
      summary: { ...parts.summary, ...r.summary },
      budgets: rows,
      flows: r.flows.slice(0, 500),
      chart: parts.chart,
      tileMap: parts.tileMap,
    };
  }

  // ------------------------------------------------------------------------------------------------------------
  // Traces to the pupils behind an input

  private requireTrace(caller: Caller): void {
    this.require(caller, 'subvention:read');
    this.require(caller, 'pupil:read');
  }

  private inScope(caller: Caller, l: SchoolLine): boolean {
    return can(caller.actor, 'pupil:read', {
      kind: 'school',
      id: l.school.id,
      regionId: l.school.regionId,
      ouoId: l.school.ouoId,
    });
  }

  /**
   * The pupils behind one input of a run's budget: a school, a group, a level, an adjustment. Only pupils of schools
   * in the reader's scope are listed (and row-level security checks it again); every list is audited.
   */
  async tracePupils(
    caller: Caller,
    runId: string,
    code: string,
    q: {
      school?: string;
      group?: GroupId;
      level?: Level;
      feature?: 'specialNeeds' | 'minorityLanguage' | 'transport' | 'mountain';
      cursor?: string;
      limit: number;
    },
  ): Promise<Static<typeof TraceSchema>> {
    this.requireTrace(caller);
    const after = decodeCursor(q.cursor, ['string'] as const)?.[0];
    return this.scoped(scopeOf(caller.actor), async (trx) => {
      const { run } = await this.runOf(trx, runId, true);
      const row = await this.repo.runBudget(trx, runId, code);
      if (!row) throw new AppError('NOT_FOUND', { detail: `Бюджету ${code} у цьому розрахунку немає.` });
      const set = await this.resolveSet(trx, run.set_id, run.set_version);
      const inputs = decodeBudgetInputs(row.inputs as unknown as StoredBudgetInputs);
      let lines = inputs.lines.filter((l) => !q.school || l.school.id === q.school);
      if (q.feature === 'mountain') lines = lines.filter((l) => l.mountain > 0);
      if (q.feature === 'transport') lines = lines.filter((l) => !l.relocated);
      const visible = lines.filter((l) => this.inScope(caller, l));
      // A school (or a whole budget) outside the reader's scope looks the same as a missing one.
      if ((q.school && visible.length === 0) || (lines.length > 0 && visible.length === 0))
        throw new AppError('NOT_FOUND', { detail: 'Таких учнів у вашій зоні доступу немає.' });
      const forms = Object.keys(EDUCATION_FORMS);
      const wanted = (l: SchoolLine, form: string) => {
        const g = groupOf(l.school.schoolType, form);
        if (q.group && g !== q.group) return false;
        if (q.feature === 'specialNeeds') return g === 'I';
        if (q.feature === 'transport') return g === 'I' || g === 'II' || g === 'III';
        return true;
      };
      const pairs = visible.flatMap((l) => forms.filter((f) => wanted(l, f)).map((f) => [l.school.id, f] as const));
      const [gradeFrom, gradeTo] =
        q.level === 'primary' ? [1, 4] : q.level === 'basic' ? [5, 9] : q.level === 'profile' ? [10, 12] : [1, 12];
      const rows =
        pairs.length === 0
          ? []
          : await this.repo.tracePupils(trx, {
              asOf: run.as_of,
              schoolIds: pairs.map((p) => p[0]),
              forms: pairs.map((p) => p[1]),
              gradeFrom,
              gradeTo,
              ...(q.feature === 'specialNeeds' ? { specialNeeds: true } : {}),
              ...(q.feature === 'minorityLanguage'
                ? { languages: set.params.adjustments.minorityLanguages.value }
                : {}),
              ...(q.feature === 'transport' ? { livesElsewhere: true } : {}),
              after,
              limit: q.limit + 1,
            });
      const more = rows.length > q.limit;
      const items = more ? rows.slice(0, q.limit) : rows;
      await this.record(trx, caller, {
        action: 'subvention.trace',
        objectType: 'subvention_run',
        objectId: runId,
        details: {
          budget: code,
          school: q.school ?? null,
          group: q.group ?? null,
          level: q.level ?? null,
          feature: q.feature ?? null,
          count: items.length,
        },
      });
      return {
        items: items.map(presentPupil),
        nextCursor: more ? encodeCursor([items.at(-1)!.id]) : null,
        schoolsOutOfScope: lines.length - visible.length,
      };
    });
  }

  /** The pupils behind one flow of a redistribution (budget → budget, or from/to outside the count). */
  async traceMovements(
    caller: Caller,
    q: {
      parameterSetId?: string;
      version?: number;
      budgetYear?: number;
      snapshot: string;
      now?: string;
      from: string;
      to: string;
      cursor?: string;
      limit: number;
    },
  ): Promise<Static<typeof TraceSchema>> {
    this.requireTrace(caller);
    const scope = scopeOf(caller.actor);
    const after = decodeCursor(q.cursor, ['string'] as const)?.[0];
    const set = await this.resolve(scope, q.parameterSetId ?? 'default', q.version, q.budgetYear);
    const thenDate = validDate(q.snapshot, '/snapshot');
    const nowDate = validDate(q.now ?? this.today(), '/now');
    // Which schools count for which budget on each date (no allocation needed: a date may have no pupils at all).
    const inputsAt = async (date: string) =>
      budgetInputs((await this.snapshots.load(scope, date)).snapshot, set.params);
    const [then, now] = [await inputsAt(thenDate), await inputsAt(nowDate)];
    const pick = (a: BudgetInputSet, code: string) => {
      if (code === 'outside') return { ids: null, hidden: 0 };
      const lines = a.budgets.find((b) => b.code === code)?.lines ?? [];
      const visible = lines.filter((l) => this.inScope(caller, l));
      return { ids: visible.map((l) => l.school.id), hidden: lines.length - visible.length };
    };
    const from = pick(then, q.from);
    const to = pick(now, q.to);
    // A budget whose schools all lie outside the reader's scope looks the same as a missing one.
    if ((from.ids?.length === 0 && from.hidden > 0) || (to.ids?.length === 0 && to.hidden > 0))
      throw new AppError('NOT_FOUND', { detail: 'Таких учнів у вашій зоні доступу немає.' });
    if (from.ids === null && to.ids === null)
      throw new AppError('VALIDATION_FAILED', {
        errors: [{ path: '/from', code: 'MOVEMENT_INVALID', message: 'Хоча б один бік руху має бути бюджетом.' }],
      });
    return this.scoped(scope, async (trx) => {
      const rows =
        (from.ids && from.ids.length === 0) || (to.ids && to.ids.length === 0)
          ? []
          : await this.repo.traceMovements(trx, {
              from: thenDate,
              to: nowDate,
              fromSchoolIds: from.ids,
              toSchoolIds: to.ids,
              after,
              limit: q.limit + 1,
            });
      const more = rows.length > q.limit;
      const items = more ? rows.slice(0, q.limit) : rows;
      await this.record(trx, caller, {
        action: 'subvention.trace',
        objectType: 'subvention_parameter_set',
        objectId: set.id,
        details: { movement: `${q.from}>${q.to}`, snapshot: thenDate, now: nowDate, count: items.length },
      });
      return {
        items: items.map((r) => ({
          ...presentPupil(r),
          fromSchool: r.from_school_id ? { id: r.from_school_id, name: r.from_school_name ?? '' } : null,
        })),
        nextCursor: more ? encodeCursor([items.at(-1)!.id]) : null,
        schoolsOutOfScope: from.hidden + to.hidden,
      };
    });
  }

  /** Names of the oblasts, Crimea, Kyiv and Sevastopol (the codifier's level 1), read once. */
  private async regionNames(trx: SubventionTx): Promise<Map<string, string>> {
    if (!this.#regionNames) {
      const rows = await sql<{ code: string; name: string }>`SELECT code, name FROM territory WHERE level = 1`.execute(
        trx,
      );
      this.#regionNames = new Map(rows.rows.map((r) => [r.code, r.name]));
    }
    return this.#regionNames;
  }
}

function presentPupil(
  r: Omit<TracedPupilRow, 'school_id' | 'school_name' | 'grade' | 'class_letter'> & {
    school_id: string | null;
    school_name: string | null;
    grade: number | null;
    class_letter: string | null;
  },
) {
  return {
    id: r.id,
    lastName: r.last_name,
    firstName: r.first_name,
    middleName: r.middle_name,
    birthDate: r.birth_date,
    school: r.school_id ? { id: r.school_id, name: r.school_name ?? '' } : null,
    grade: r.grade,
    classLetter: r.class_letter,
    educationForm: r.education_form,
    specialNeeds: r.special_needs,
    instructionLanguage: r.instruction_language,
    displacementStatus: r.displacement_status,
  };
}

/** A stored budget as an allocation's part: its weight recomputed from the stored inputs, its amount as stored. */
function storedAllocation(
  run: { as_of: string; budget_year: number; total_kop: number | null; weight_sum_micro: number | null },
  inputs: BudgetInputs,
  amountKop: bigint,
  params: SubventionParameters,
): { allocation: Allocation; budget: BudgetAllocation } {
  const totalKop = BigInt(run.total_kop ?? 0);
  const weightSumMicro = BigInt(run.weight_sum_micro ?? 0);
  const weight = budgetWeight(inputs, params);
  const budget: BudgetAllocation = {
    inputs,
    weight,
    quota: { num: totalKop * weight.micro, den: weightSumMicro === 0n ? 1n : weightSumMicro },
    amountKop,
  };
  return {
    allocation: {
      asOf: run.as_of,
      budgetYear: run.budget_year,
      totalKop,
      weightSumMicro,
      budgets: [budget],
      excluded: [],
    },
    budget,
  };
}

/** What a run reports about itself: counts, totals by kind of budget, the schools counted for none. */
export function runSummary(a: Allocation, timings: { inputsMs: number; computeMs: number; cachedInputs: boolean }) {
  const byKind: Record<string, { budgets: number; pupils: number; amountKop: number }> = {};
  let pupils = 0;
  let schools = 0;
  for (const b of a.budgets) {
    const k = (byKind[b.inputs.kind] ??= { budgets: 0, pupils: 0, amountKop: 0 });
    k.budgets++;
    k.pupils += b.inputs.pupils;
    k.amountKop += kop(b.amountKop);
    pupils += b.inputs.pupils;
    schools += b.inputs.lines.length;
  }
  const excluded: Record<string, { schools: number; pupils: number }> = {};
  for (const e of a.excluded) {
    const x = (excluded[e.reason] ??= { schools: 0, pupils: 0 });
    x.schools++;
    x.pupils += e.pupils;
  }
  const smallSchools = a.budgets.reduce((s, b) => s + b.inputs.lines.filter((l) => l.smallSchool).length, 0);
  const relocatedSchools = a.budgets.reduce((s, b) => s + b.inputs.lines.filter((l) => l.relocated).length, 0);
  return { budgets: a.budgets.length, schools, pupils, byKind, excluded, smallSchools, relocatedSchools, timings };
}
