import { path } from '@aikom/sdk';
import { api } from '../../lib/api';

/**
 * The campaign endpoints of the public API (`/api/v1/campaigns…`, `/api/v1/notifications`, `/api/v1/outbox`), typed
 * as the server documents them in its OpenAPI, over the SDK's transport.
 */

export type ScopeKind = 'all' | 'region' | 'list';
export type SchoolStatus = 'open' | 'complete' | 'confirmed' | 'reopened';
export type RollupLevel = 'region' | 'ouo' | 'school';

export interface Campaign {
  id: string;
  title: string;
  instructions: string;
  deadline: string;
  scope: { kind: ScopeKind | (string & {}); regionId: string | null };
  indicators: number[];
  requiredRules: Array<{ code: string; message: string }>;
  requiresConfirmation: boolean;
  reminderDays: number | null;
  status: string;
  schoolYear: string;
  createdAt: string;
}

export interface RollupRow {
  id: string;
  name: string;
  code: string | null;
  schools: number;
  schoolsComplete: number;
  schoolsConfirmed: number;
  schoolsReopened: number;
  schoolsLate: number;
  pupils: number;
  pupilsDone: number;
  completion: number;
  confirmation: number;
}

export interface Summary {
  campaign: Campaign;
  level: RollupLevel;
  daysLeft: number;
  totals: {
    schools: number;
    confirmed: number;
    complete: number;
    pupils: number;
    done: number;
    completion: number;
    confirmation: number;
  };
  rows: RollupRow[];
}

export interface SchoolState {
  schoolId: string;
  name: string;
  edrpou: string | null;
  ouoId: string;
  regionId: string;
  pupils: number;
  pupilsDone: number;
  completion: number;
  status: SchoolStatus;
  confirmedAt: string | null;
  confirmedBy: string | null;
  confirmedLate: boolean | null;
  overdue: boolean;
  canConfirm: boolean;
}

export interface SchoolView {
  campaign: Campaign;
  school: SchoolState;
  items: Array<{ pupilId: string; name: string; class: string; problems: Array<{ code: string; message: string }> }>;
}

export interface TimelinePoint {
  day: string;
  schools: number;
  schoolsComplete: number;
  schoolsConfirmed: number;
  completion: number;
  confirmation: number;
}

export interface MapRow {
  regionId: string;
  katottg: string | null;
  name: string;
  completion: number;
  confirmation: number;
  schools: number;
}

export interface CampaignInput {
  title: string;
  instructions?: string;
  deadline: string;
  scope: { kind: 'all' } | { kind: 'region'; regionId: string } | { kind: 'list'; schoolIds: string[] };
  indicators?: number[];
  rules?: string[];
  requiresConfirmation?: boolean;
  reminderDays?: number;
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  body: string;
  createdAt: string;
  sentAt: string | null;
  error: string | null;
}

const http = api.http;
type Call = { signal?: AbortSignal };

export const campaignsApi = {
  list: (call: Call = {}) => http.get<{ items: Campaign[] }>('/api/v1/campaigns', call),
  create: (input: CampaignInput) =>
    http.post<{ campaign: Campaign; schools: number }>('/api/v1/campaigns', { body: input }),
  summary: (id: string, call: Call = {}) => http.get<Summary>(path`/api/v1/campaigns/${id}`, call),
  rollup: (id: string, level: RollupLevel, parentId: string | null, call: Call = {}) =>
    http.get<{ items: RollupRow[] }>(path`/api/v1/campaigns/${id}/rollup`, {
      query: { level, parentId },
      ...call,
    }),
  schools: (
    id: string,
    filter: { overdue?: boolean; regionId?: string; ouoId?: string; limit?: number },
    call: Call = {},
  ) =>
    http.get<{ items: SchoolState[]; total: number }>(path`/api/v1/campaigns/${id}/schools`, {
      query: { ...filter },
      ...call,
    }),
  school: (id: string, schoolId: string, call: Call = {}) =>
    http.get<SchoolView>(path`/api/v1/campaigns/${id}/schools/${schoolId}`, call),
  confirm: (id: string, schoolId: string) =>
    http.post<SchoolState>(path`/api/v1/campaigns/${id}/schools/${schoolId}/confirm`, {}),
  timeline: (id: string, call: Call = {}) =>
    http.get<{ items: TimelinePoint[] }>(path`/api/v1/campaigns/${id}/timeline`, call),
  map: (id: string, call: Call = {}) => http.get<{ items: MapRow[] }>(path`/api/v1/campaigns/${id}/map`, call),
  remind: (id: string, schoolIds?: string[]) =>
    http.post<{ schools: number; emails: number; smtp: boolean }>(path`/api/v1/campaigns/${id}/remind`, {
      body: schoolIds ? { schoolIds } : {},
    }),
  exportUrl: (id: string) => path`/api/v1/campaigns/${id}/export.xlsx`,
  notifications: (call: Call = {}) =>
    http.get<{ items: Notification[]; unread: number }>('/api/v1/notifications', call),
  markRead: (id: string) => http.post<undefined>(path`/api/v1/notifications/${id}/read`, {}),
  outbox: (call: Call = {}) => http.get<{ smtp: boolean; items: OutboxMail[] }>('/api/v1/outbox', call),
};
