import type { Job } from '@aikom/sdk';
import { api } from '../../lib/api';

/**
 * The subvention endpoints the portal uses (`/api/v1/subvention/…`, docs/subvention.md), typed as the server's
 * schemas give them. The SDK does not cover them yet, so they go through its transport.
 */
const BASE = '/api/v1/subvention';
const enc = encodeURIComponent;

export type Kop = number;

export interface ParameterEntry {
  path: string;
  label: string;
  value: unknown;
  source: string;
  verified: boolean;
  note?: string;
}

export interface ParameterSetSummary {
  id: string;
  budgetYear: number;
  name: string;
  isDefault: boolean;
  version: number;
  createdAt: string;
}

export interface ParameterSet {
  id: string;
  budgetYear: number;
  name: string;
  isDefault: boolean;
  version: number;
  latestVersion: number;
  note: string | null;
  versionCreatedAt: string;
  versionCreatedBy: string | null;
  params: Record<string, unknown>;
  unverified: string[];
  entries: ParameterEntry[];
  versions: Array<{ version: number; note: string | null; createdAt: string; createdBy: string | null }>;
}

export interface ExcludedCount {
  schools: number;
  pupils: number;
}

export interface RunSummary {
  budgets?: number;
  schools?: number;
  pupils?: number;
  excluded?: Record<string, ExcludedCount>;
}

export interface Run {
  id: string;
  parameterSet: { id: string; version: number; name: string };
  budgetYear: number;
  asOf: string;
  status: 'queued' | 'succeeded' | 'failed';
  totalKop: Kop | null;
  totalText: string | null;
  weightSum: string | null;
  dataVersion: string | null;
  summary: RunSummary | null;
  error: unknown;
  jobId: string | null;
  createdBy: string | null;
  createdAt: string;
  computedAt: string | null;
}

export type BudgetKind = 'hromada' | 'city' | 'oblast';

export interface RunBudget {
  code: string;
  name: string;
  kind: BudgetKind;
  kindLabel: string;
  oblastCode: string;
  oblastName: string;
  pupils: number;
  weight: string;
  share: string;
  amountKop: Kop;
  amountText: string;
  perPupilKop: Kop | null;
}

export interface RunTile {
  code: string;
  name: string;
  short: string;
  amountKop: Kop;
  pupils: number;
  budgets: number;
  perPupilKop: Kop | null;
}

export interface RunDetail {
  run: Run;
  budgets: RunBudget[];
  tileMap: { tiles: RunTile[] };
}

type Levels = { primary: number; basic: number; profile: number };

export interface SchoolLine {
  id: string;
  name: string;
  edrpou: string | null;
  status: string;
  schoolType: string | null;
  relocated: boolean;
  rural: boolean;
  placeCode: string;
  pupils: number;
  classes: Levels;
  specialNeeds: number;
  minorityLanguage: number;
  transport: number;
  mountain: number;
  keptMonths: number;
  smallSchool: { minPupils: number; span: string; keptMonths: number } | null;
}

export interface Explanation {
  budget: { code: string; name: string; kind: BudgetKind; kindLabel: string; oblastCode: string; oblastName: string };
  result: {
    amountKop: Kop;
    amountText: string;
    weight: string;
    share: string;
    quotaKop: string;
    roundingKop: string;
    perPupilKop: Kop | null;
  };
  inputs: {
    pupils: number;
    schools: number;
    groups: Array<{ group: string; label: string; primary: number; basic: number; profile: number; total: number }>;
    classes: Levels;
    actualClassSize: { primary: string | null; basic: string | null; profile: string | null };
    indicators: {
      scope: 'budget' | 'oblast';
      pupils: number;
      ruralPupils: number;
      settlements: number;
      areaKm2: string;
      areaSource: 'parameter' | 'proxy';
      density: string;
      ruralSharePct: string;
    };
    norm: { value: string; source: string; densityBand: string | null; ruralBand: string | null };
    adjustments: { specialNeeds: number; minorityLanguage: number; transport: number; mountain: number };
    reduction: { applies: boolean; reason: string | null; coefficient: string | null };
    relocatedSchools: number;
    smallSchools: number;
  };
  schools: SchoolLine[];
  hiddenSchools: { schools: number; pupils: number };
  steps: Array<{ key: string; label: string; expression: string; value: string }>;
  parameters: Array<ParameterEntry & { used: boolean }>;
}

export interface BudgetDelta {
  code: string;
  name: string;
  kind: BudgetKind;
  oblastCode: string;
  oblastName: string;
  pupils: number;
  basePupils: number;
  baseKop: Kop;
  scenarioKop: Kop;
  deltaKop: Kop;
  deltaPct: number;
  deltaText: string;
  baseWeight: string;
  scenarioWeight: string;
  baseNorm: string | null;
  scenarioNorm: string | null;
}

export interface DeltaTile {
  code: string;
  name: string;
  short: string;
  baseKop: Kop;
  scenarioKop: Kop;
  deltaKop: Kop;
  deltaPct: number;
  gainers: number;
  losers: number;
  budgets: number;
}

export interface Comparison {
  base: { parameterSetId: string; version: number; name: string; asOf: string; totalKop: Kop };
  scenario: {
    name: string;
    totalKop: Kop;
    changes: Array<{ path: string; label: string; before: unknown; after: unknown }>;
    unverified: string[];
  };
  summary: {
    budgets: number;
    gainers: number;
    losers: number;
    unchanged: number;
    baseTotalKop: Kop;
    scenarioTotalKop: Kop;
    deltaTotalKop: Kop;
    redistributedKop: Kop;
  };
  budgets: BudgetDelta[];
  chart: {
    topGainers: BudgetDelta[];
    topLosers: BudgetDelta[];
    histogram: Array<{ fromPct: number | null; toPct: number | null; label: string; budgets: number }>;
  };
  tileMap: { tiles: DeltaTile[] };
  timings: { inputsMs: number; computeMs: number; cachedInputs: boolean };
}

export interface Named {
  code: string;
  name: string;
  pupils: number;
}

export interface Redistribution {
  parameterSet: { id: string; version: number; name: string };
  then: { asOf: string; runId: string | null };
  now: { asOf: string };
  summary: Comparison['summary'] & {
    moved: number;
    movedInternallyDisplaced: number;
    withinBudget: number;
    entered: number;
    left: number;
  };
  budgets: Array<
    BudgetDelta & {
      inflow: number;
      outflow: number;
      entered: number;
      left: number;
      net: number;
      sources: Named[];
      destinations: Named[];
    }
  >;
  flows: Array<{
    fromCode: string | null;
    fromName: string | null;
    toCode: string | null;
    toName: string | null;
    pupils: number;
    internallyDisplaced: number;
  }>;
  chart: Comparison['chart'];
  tileMap: Comparison['tileMap'];
}

export interface Scenario {
  id: string;
  name: string;
  description: string | null;
  shared: boolean;
  mine: boolean;
  base: { parameterSetId: string; version: number };
  asOf: string;
  changes: Record<string, unknown>;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface ScenarioDefinition {
  base: { parameterSetId: string; version?: number; budgetYear?: number };
  asOf?: string;
  changes: Record<string, unknown>;
}

export interface TraceQuery {
  school?: string | undefined;
  group?: 'I' | 'II' | 'III' | 'IV' | 'V' | 'VI' | undefined;
  level?: 'primary' | 'basic' | 'profile' | undefined;
  feature?: 'specialNeeds' | 'minorityLanguage' | 'transport' | 'mountain' | undefined;
}

export interface TracedPupil {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string | null;
  school: { id: string; name: string } | null;
  grade: number | null;
  classLetter: string | null;
  educationForm: string;
  specialNeeds: boolean;
  instructionLanguage: string;
  displacementStatus: string;
}

export type SortOrder = 'asc' | 'desc';

const signal = (s?: AbortSignal) => (s ? { signal: s } : {});

export const subventionApi = {
  parameterSets: (budgetYear: number, s?: AbortSignal) =>
    api.http.get<{ items: ParameterSetSummary[] }>(`${BASE}/parameter-sets`, { query: { budgetYear }, ...signal(s) }),
  parameterSet: (id: string, version?: number, s?: AbortSignal) =>
    api.http.get<ParameterSet>(`${BASE}/parameter-sets/${enc(id)}`, { query: { version }, ...signal(s) }),
  createParameterSet: (body: { budgetYear: number; name: string; from?: { id: string; version?: number } }) =>
    api.http.post<ParameterSet>(`${BASE}/parameter-sets`, { body }),
  updateParameterSet: (id: string, latestVersion: number, body: { params: unknown; note: string }) =>
    api.http.put<ParameterSet>(`${BASE}/parameter-sets/${enc(id)}`, {
      body,
      headers: { 'if-match': `"${latestVersion}"` },
    }),
  runs: (budgetYear: number | undefined, s?: AbortSignal) =>
    api.http.get<{ items: Run[] }>(`${BASE}/runs`, { query: { budgetYear, limit: 50 }, ...signal(s) }),
  startRun: (body: { parameterSetId: string; version?: number; budgetYear?: number; asOf?: string }) =>
    api.http.post<{ run: Run; job: Job }>(`${BASE}/runs`, { body }),
  run: (id: string, s?: AbortSignal) => api.http.get<RunDetail>(`${BASE}/runs/${enc(id)}`, signal(s)),
  explanation: (id: string, code: string, s?: AbortSignal) =>
    api.http.get<{ run: Run; explanation: Explanation }>(`${BASE}/runs/${enc(id)}/budgets/${enc(code)}`, signal(s)),
  trace: (id: string, code: string, q: TraceQuery & { cursor?: string }, s?: AbortSignal) =>
    api.http.get<{ items: TracedPupil[]; nextCursor: string | null; schoolsOutOfScope: number }>(
      `${BASE}/runs/${enc(id)}/budgets/${enc(code)}/pupils`,
      { query: { ...q, limit: 100 }, ...signal(s) },
    ),
  runExportUrl: (id: string) => `${BASE}/runs/${enc(id)}/export.xlsx`,
  preview: (body: ScenarioDefinition & { name?: string }) =>
    api.http.post<Comparison>(`${BASE}/scenarios/preview`, { body }),
  saveScenario: (body: ScenarioDefinition & { name: string; description?: string; shared?: boolean }) =>
    api.http.post<Scenario>(`${BASE}/scenarios`, { body }),
  scenarios: (s?: AbortSignal) =>
    api.http.get<{ items: Scenario[] }>(`${BASE}/scenarios`, { query: { limit: 100 }, ...signal(s) }),
  scenario: (id: string, s?: AbortSignal) => api.http.get<Scenario>(`${BASE}/scenarios/${enc(id)}`, signal(s)),
  patchScenario: (id: string, body: { name?: string; description?: string | null; shared?: boolean }) =>
    api.http.patch<Scenario>(`${BASE}/scenarios/${enc(id)}`, { body }),
  comparison: (id: string, s?: AbortSignal) =>
    api.http.get<Comparison>(`${BASE}/scenarios/${enc(id)}/comparison`, signal(s)),
  redistribution: (runId: string, now: string | undefined, s?: AbortSignal) =>
    api.http.get<Redistribution>(`${BASE}/redistribution`, { query: { runId, now }, ...signal(s) }),
  scenarioExportUrl: (id: string) => `${BASE}/scenarios/${enc(id)}/export.xlsx`,
};
