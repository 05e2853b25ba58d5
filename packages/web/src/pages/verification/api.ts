import { path, type CallOptions } from '@aikom/sdk';
import { api } from '../../lib/api';

/**
 * The verification endpoints (`/api/v1/verification/…`, issue 10), typed as the server documents them in OpenAPI.
 * The SDK does not cover them yet: the portal calls them over the SDK's transport (`api.http`), which keeps the
 * session's CSRF token and reports an ended session like every other call.
 */

export const EXTRACT_KINDS = ['births', 'deaths', 'idp', 'border', 'sought'] as const;
export type ExtractKind = (typeof EXTRACT_KINDS)[number];

export const CASE_STATUSES = [
  'new',
  'in_work',
  'found_enrolled',
  'abroad',
  'deceased',
  'not_found',
  'escalated',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_REASONS = ['not_enrolled', 'lost_contact', 'in_transit', 'sought_match'] as const;
export type CaseReason = (typeof CASE_REASONS)[number];

export interface Labelled {
  code: string;
  label: string;
}

export interface LinkRun {
  id: string;
  target: 'registry' | 'births';
  targetSnapshotId: string | null;
  status: 'done' | 'superseded';
  startedAt: string;
  finishedAt: string;
  thresholds: { upper: number; lower: number };
  counts: Record<string, number>;
  stats: Record<string, unknown>;
  model?: {
    lambda: number;
    comparisons: Array<{
      name: string;
      label: string;
      levels: Array<{ level: string; m: number; u: number; weight: number }>;
    }>;
  };
}

export interface Snapshot {
  id: string;
  kind: ExtractKind;
  version: number;
  source: string;
  sourceLabel: string;
  adapter: string;
  asOf: string;
  status: 'importing' | 'imported' | 'failed';
  provenance: Record<string, unknown>;
  counts: { rows: number; imported: number; rejected: number };
  rejected: Array<{ row: number; errors: Array<{ code: string; message: string }> }>;
  notes: Record<string, number>;
  error: unknown;
  importedVia: string;
  createdAt: string;
  importedAt: string | null;
  runs: LinkRun[];
}

export interface Party {
  side: 'extract' | 'registry' | 'births';
  kind: string;
  recordId: string | null;
  personId: string | null;
  lastName: string;
  firstName: string;
  middleName: string | null;
  sex: string | null;
  birthDate: string | null;
  residence: { code: string; name: string } | null;
  eventDate: string | null;
  details: Record<string, unknown>;
  school: { id: string; name: string | null; edrpou: string | null } | null;
  enrolled: boolean | null;
}

export interface Pair {
  linkId: number;
  runId: string;
  kind: ExtractKind;
  target: 'registry' | 'births';
  status: 'linked' | 'review' | 'rejected';
  modelStatus: 'linked' | 'review';
  method: 'identifier' | 'probabilistic' | 'decision';
  probability: number;
  weight: number;
  ambiguous: boolean;
  comparisons: Array<{ field: string; label: string; level: string | null; weight: number }>;
  left: Party;
  right: Party;
}

export interface Decision {
  id: string;
  decision: 'match' | 'non_match' | 'withdrawn';
  note: string | null;
  decidedAt: string;
  decidedBy: string | null;
  linkId: number | null;
}

export type PairDetail = Pair & { decisions: Decision[] };

export interface Detection {
  id: string;
  params: Record<string, unknown>;
  stats: Record<string, unknown>;
  jobId: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface CaseSummary {
  id: string;
  number: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  sex: string | null;
  birthDate: string | null;
  residence: { code: string; name: string } | null;
  reasons: Labelled[];
  status: Labelled;
  ouo: { id: string; name: string | null } | null;
  regionId: string | null;
  handedOverAt: string | null;
  openedAt: string;
  updatedAt: string;
  closedAt: string | null;
  version: number;
}

export interface CaseHistoryEntry {
  at: string;
  kind: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  by: string | null;
  details: Record<string, unknown>;
}

export type CaseDetail = CaseSummary & {
  subject: { kind: 'person' | 'births'; personId: string | null };
  region: { id: string; name: string | null } | null;
  identifiers: {
    birthCertificate: { series: string; number: string } | null;
    unzr: string | null;
    rnokpp: string | null;
  };
  evidence: Array<Record<string, unknown>>;
  allowedStatuses: Labelled[];
  history: CaseHistoryEntry[];
};

export interface Dashboard {
  generatedAt: string;
  total: number;
  statuses: Labelled[];
  byStatus: Record<string, number>;
  byReason: Array<{ code: string; label: string; count: number }>;
  byRegion: Array<{ regionId: string | null; name: string; total: number; byStatus: Record<string, number> }>;
  chart: { categories: string[]; series: Array<{ status: string; name: string; data: number[] }> };
}

export interface Queued {
  jobId: string;
  snapshotId?: string;
  detectionId?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CaseFilter {
  status?: string;
  reason?: string;
  handedOver?: boolean;
  detectionId?: string;
  cursor?: string;
  limit?: number;
}

const http = api.http;

export const verification = {
  snapshots: (call: CallOptions = {}) =>
    http.get<{ items: Snapshot[] }>('/api/v1/verification/extracts', { signal: call.signal }),
  snapshot: (id: string, call: CallOptions = {}) =>
    http.get<Snapshot>(path`/api/v1/verification/extracts/${id}`, { signal: call.signal }),
  relink: (id: string, thresholds: { upper?: number; lower?: number } = {}) =>
    http.post<Queued>(path`/api/v1/verification/extracts/${id}/link`, { body: thresholds }),
  pairs: (
    q: { status?: 'review' | 'linked' | 'rejected'; kind?: ExtractKind; cursor?: string; limit?: number },
    call: CallOptions = {},
  ) => http.get<Page<Pair>>('/api/v1/verification/pairs', { query: { ...q }, signal: call.signal }),
  pair: (id: number, call: CallOptions = {}) =>
    http.get<PairDetail>(path`/api/v1/verification/pairs/${id}`, { signal: call.signal }),
  decide: (id: number, decision: 'match' | 'non_match', note: string) =>
    http.post<{ linkId: number; status: string; decision: string }>(path`/api/v1/verification/pairs/${id}/decision`, {
      body: note.trim() ? { decision, note: note.trim() } : { decision },
    }),
  withdraw: (id: number) =>
    http.delete<{ linkId: number; status: string; decision: string }>(path`/api/v1/verification/pairs/${id}/decision`),
  detect: (body: { lostContactDays?: number; transitDays?: number }) =>
    http.post<Queued>('/api/v1/verification/detections', { body }),
  detection: (id: string, call: CallOptions = {}) =>
    http.get<Detection>(path`/api/v1/verification/detections/${id}`, { signal: call.signal }),
  handOver: (body: { detectionId?: string; caseIds?: string[] }) =>
    http.post<{ handedOver: number }>('/api/v1/verification/cases/handover', { body }),
  cases: (q: CaseFilter, call: CallOptions = {}) =>
    http.get<Page<CaseSummary>>('/api/v1/verification/cases', { query: { ...q }, signal: call.signal }),
  case: (id: string, call: CallOptions = {}) =>
    http.get<CaseDetail>(path`/api/v1/verification/cases/${id}`, { signal: call.signal }),
  move: (id: string, body: { status: string; note?: string; version: number }) =>
    http.post<{ id: string; status: Labelled; version: number }>(path`/api/v1/verification/cases/${id}/status`, {
      body,
    }),
  note: (id: string, note: string) =>
    http.post<{ id: string }>(path`/api/v1/verification/cases/${id}/notes`, { body: { note } }),
  dashboard: (call: CallOptions = {}) => http.get<Dashboard>('/api/v1/verification/dashboard', { signal: call.signal }),
};

/** Where the extract upload goes (multipart, sent with XMLHttpRequest for its upload progress). */
export const uploadUrl = (kind: ExtractKind, asOf: string) =>
  http.url('/api/v1/verification/extracts', { kind, ...(asOf ? { asOf } : {}) });
