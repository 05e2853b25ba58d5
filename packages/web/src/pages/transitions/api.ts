import { path, type Job, type PupilRecord } from '@aikom/sdk';
import { api } from '../../lib/api';

/**
 * The transition, transfer and in-transit endpoints the portal calls, typed as the server's schemas
 * (packages/server/src/modules/transitions/schemas.ts, transfers/schemas.ts), over the SDK's transport.
 */

export interface SchoolYear {
  label: string;
  startsOn: string;
  endsOn: string;
  status: 'planned' | 'open' | 'closed';
  isCurrent: boolean;
}

export interface Counts {
  pupils: number;
  promote: number;
  repeat: number;
  graduate: number;
  leave: number;
}

export interface Finding {
  code: string;
  severity: 'blocker' | 'warning';
  message: string;
  count: number;
  enrolmentIds?: string[];
  grade?: number;
  classLetter?: string;
}

export interface Transition {
  id: string;
  schoolId: string;
  fromYear: string;
  toYear: string;
  status: 'applied' | 'undone';
  counts: Counts;
  appliedAt: string;
  undoneAt: string | null;
}

export interface NextClass {
  grade: number;
  classLetter: string;
  label: string;
  pupils: number;
  promoted: number;
  repeating: number;
  firstGraders: number;
  maxSize: number;
}

export type Move = 'promote' | 'repeat' | 'graduate' | 'leave';
export type RepeatBasis = 'parent_request' | 'council_decision';
export type LeaveReason = 'transfer' | 'abroad' | 'vocational' | 'other';

export interface PreviewPupil {
  enrolmentId: string;
  personId: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  birthDate: string | null;
  grade: number;
  classLetter: string;
  move: Move | null;
  to: { grade: number; classLetter: string } | null;
  exception: {
    kind: 'repeat' | 'leave';
    basis: RepeatBasis | null;
    reason: LeaveReason | null;
    confirmed: boolean;
    destination: { id: string; name: string | null; edrpou: string | null } | null;
    destinationCountry: string | null;
    date: string | null;
    note: string | null;
  } | null;
  validationErrors: number;
  lostContact: boolean;
}

export interface Preview {
  school: { id: string; name: string; edrpou: string | null; gradeMin: number; gradeMax: number };
  fromYear: { label: string; status: string };
  toYear: { label: string; status: string } | null;
  applied: Transition | null;
  canApply: boolean;
  closeDate: string;
  entryDate: string;
  totals: Counts;
  classes: Array<{
    grade: number;
    classLetter: string;
    label: string;
    pupils: number;
    move: 'promote' | 'graduate';
    to: { grade: number; classLetter: string } | null;
    counts: { promote: number; repeat: number; graduate: number; leave: number };
  }>;
  nextClasses: NextClass[];
  blockers: Finding[];
  warnings: Finding[];
  pupils: PreviewPupil[];
}

export type ExceptionInput =
  | { kind: 'repeat'; basis: RepeatBasis; classLetter?: string; note?: string }
  | {
      kind: 'leave';
      reason: LeaveReason;
      confirmed?: boolean;
      destinationEdrpou?: string;
      destinationCountry?: string;
      date?: string;
      note?: string;
    };

export interface History {
  school: { id: string; name: string; edrpou: string | null };
  transitions: Transition[];
  newClasses: NextClass[];
}

export interface BulkStatus {
  fromYear: string;
  schools: number;
  applied: number;
  ready: number;
  blocked: number;
  items: Array<{
    school: { id: string; name: string; edrpou: string | null };
    status: 'applied' | 'ready' | 'blocked';
    counts: Counts | null;
    blockers: Array<{ code: string; count: number; message: string }>;
  }>;
}

export interface FirstGrader {
  enrolmentId: string;
  personId: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  sex: string;
  birthDate: string | null;
  classLetter: string;
  entryDate: string;
}

export interface FormedClasses {
  schoolYear: string;
  maxClassSize: number;
  applied: boolean;
  moved: number;
  classes: Array<{
    classLetter: string;
    label: string;
    boys: number;
    girls: number;
    pupils: Array<{ enrolmentId: string; name: string }>;
  }>;
}

interface Glimpse {
  lastName: string;
  firstName: string;
  middleName: string | null;
  sex: string;
  birthDate: string | null;
}

export interface PendingArrival {
  transferId: string;
  pupil: Glimpse;
  grade: number;
  classLetter: string;
  exitDate: string;
  exitReason: string;
  from: { id: string; name: string | null; edrpou: string | null };
}

export interface Candidate {
  personId: string;
  pupil: Glimpse;
  lastSchool: { id: string; name: string | null; edrpou: string | null };
  grade: number;
  classLetter: string;
  exitDate: string;
  exitReason: string;
  match: 'identifier' | 'name_birth';
}

export interface CandidateQuery {
  identifier?: string;
  lastName?: string;
  firstName?: string;
  birthDate?: string;
}

export interface ArrivalInput extends CandidateQuery {
  transferId?: string;
  personId?: string;
  grade: number;
  classLetter?: string;
  entryDate: string;
}

export type PoolState = 'open' | 'waiting' | 'closed';

export interface PoolEntry {
  enrolmentId: string;
  personId: string;
  pupil: Glimpse;
  grade: number;
  classLetter: string;
  exitDate: string;
  exitReason: string;
  schoolDays: number;
  destination: { school: { id: string; name: string | null; edrpou: string | null } | null; country: string | null };
  school: { id: string; name: string | null; edrpou: string | null };
  residence: {
    territory: { code: string; name: string } | null;
    ouo: { id: string; name: string | null } | null;
  };
  case: { status: 'open' | 'closed' | 'reopened'; reason: string | null; at: string | null; notes: number };
}

export interface Pool {
  days: number;
  cutoff: string;
  items: PoolEntry[];
  nextCursor: string | null;
}

export interface TransitCase {
  entry: PoolEntry;
  inTransit: boolean;
  events: Array<{
    id: string;
    kind: 'note' | 'closed' | 'reopened';
    reason: string | null;
    note: string | null;
    at: string;
    by: string | null;
  }>;
}

export type CaseEvent =
  | { kind: 'note'; note: string }
  | { kind: 'closed'; reason: string; note?: string }
  | { kind: 'reopened'; note?: string };

interface Place {
  code: string;
  name: string;
}

export interface MigrationReport {
  period: { from: string; to: string };
  organisation: { id: string; kind: string; name: string } | null;
  flows: {
    hromadas: Array<{ from: Place; to: Place; pupils: number }>;
    regions: Array<{ from: Place; to: Place; pupils: number }>;
    months: Array<{ month: string; pupils: number }>;
    total: number;
  };
  displaced: {
    rows: Array<{ origin: Place | null; occupied: boolean; current: Place | null; pupils: number }>;
    total: number;
  };
  abroad: {
    left: Array<{ country: string | null; name: string | null; pupils: number }>;
    studyingFromAbroad: Array<{ country: string | null; name: string | null; pupils: number }>;
  };
}

export interface ReportQuery {
  from: string;
  to: string;
  organisationId?: string;
}

const http = api.http;
type Signal = { signal?: AbortSignal };

export const transitionsApi = {
  schoolYears: (c: Signal = {}) =>
    http.get<{ items: SchoolYear[] }>('/api/v1/school-years', { signal: c.signal }).then((r) => r.items),
  openYear: (label: string) => http.post<SchoolYear>(path`/api/v1/school-years/${label}/open`),
  history: (schoolId: string, c: Signal = {}) =>
    http.get<History>(path`/api/v1/schools/${schoolId}/transitions`, { signal: c.signal }),
  preview: (schoolId: string, fromYear: string, c: Signal = {}) =>
    http.get<Preview>(path`/api/v1/schools/${schoolId}/transitions/${fromYear}/preview`, { signal: c.signal }),
  setException: (schoolId: string, fromYear: string, enrolmentId: string, body: ExceptionInput) =>
    http.put<{ enrolmentId: string }>(
      path`/api/v1/schools/${schoolId}/transitions/${fromYear}/exceptions/${enrolmentId}`,
      { body },
    ),
  removeException: (schoolId: string, fromYear: string, enrolmentId: string) =>
    http.delete<void>(path`/api/v1/schools/${schoolId}/transitions/${fromYear}/exceptions/${enrolmentId}`),
  apply: (schoolId: string, fromYear: string, body: { orderNumber?: string } = {}) =>
    http.post<{ transition: Transition; newClasses: NextClass[] }>(
      path`/api/v1/schools/${schoolId}/transitions/${fromYear}/apply`,
      { body },
    ),
  undo: (schoolId: string, fromYear: string) =>
    http.post<{ transition: Transition; reopened: number }>(
      path`/api/v1/schools/${schoolId}/transitions/${fromYear}/undo`,
    ),
  bulkStatus: (q: { fromYear: string; ouoId?: string; validationErrors?: 'block' | 'warn' }, c: Signal = {}) =>
    http.get<BulkStatus>('/api/v1/transitions', { query: { ...q }, signal: c.signal }),
  startBulk: (body: { fromYear: string; ouoId?: string; validationErrors?: 'block' | 'warn' }) =>
    http.post<{ jobId: string; schools: number }>('/api/v1/transitions', { body }),
  job: (id: string) => api.jobs.get(id),
  watchJob: (id: string, onProgress: (job: Job) => void, signal?: AbortSignal) =>
    api.jobs.watch(id, { onProgress, intervalMs: 700, ...(signal ? { signal } : {}) }),

  firstGraders: (schoolId: string, schoolYear: string, c: Signal = {}) =>
    http.get<{ schoolYear: string; items: FirstGrader[] }>(path`/api/v1/schools/${schoolId}/first-graders`, {
      query: { schoolYear },
      signal: c.signal,
    }),
  enrolFirstGrader: (schoolId: string, record: PupilRecord, applicationDate?: string) =>
    http.post<{ id: string; warnings: Array<{ code: string; path: string; message: string }> }>(
      path`/api/v1/schools/${schoolId}/first-graders`,
      { body: { record, ...(applicationDate ? { applicationDate } : {}) } },
    ),
  formClasses: (
    schoolId: string,
    body: { schoolYear: string; method: 'alphabetical' | 'sex_balance'; maxClassSize?: number; apply: boolean },
  ) => http.post<FormedClasses>(path`/api/v1/schools/${schoolId}/first-graders/classes`, { body }),

  arrivals: (schoolId: string, c: Signal = {}) =>
    http
      .get<{ items: PendingArrival[] }>(path`/api/v1/schools/${schoolId}/arrivals`, { signal: c.signal })
      .then((r) => r.items),
  candidates: (schoolId: string, body: CandidateQuery) =>
    http
      .post<{ items: Candidate[] }>(path`/api/v1/schools/${schoolId}/arrivals/candidates`, { body })
      .then((r) => r.items),
  arrive: (schoolId: string, body: ArrivalInput) =>
    http.post<{ personId: string; enrolmentId: string }>(path`/api/v1/schools/${schoolId}/arrivals`, { body }),

  pool: (q: { state: PoolState; schoolId?: string; cursor?: string }, c: Signal = {}) =>
    http.get<Pool>('/api/v1/transit', { query: { ...q, limit: 50 }, signal: c.signal }),
  transitCase: (enrolmentId: string, c: Signal = {}) =>
    http.get<TransitCase>(path`/api/v1/transit/${enrolmentId}`, { signal: c.signal }),
  addCaseEvent: (enrolmentId: string, body: CaseEvent) =>
    http.post<void>(path`/api/v1/transit/${enrolmentId}/events`, { body }),

  migration: (q: ReportQuery, c: Signal = {}) =>
    http.get<MigrationReport>('/api/v1/reports/migration', { query: { ...q }, signal: c.signal }),
  migrationXlsxUrl: (q: ReportQuery) => http.url('/api/v1/reports/migration.xlsx', { ...q }),
};
