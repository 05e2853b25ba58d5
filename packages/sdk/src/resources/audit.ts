import type { CallOptions, HttpClient } from '../http';

export type AuditOutcome = 'ok' | 'denied' | 'failed';

/** One entry of the hash-chained audit log: who did what to which object, when and from where. */
export interface AuditEntry {
  /** Ascending; paging goes by `before`. */
  id: number;
  at: string;
  actorLogin: string | null;
  role: string | null;
  organisationId: string | null;
  /** `portal` or `platform:<client id>`. */
  client: string;
  /** e.g. `auth.login`, `user.create`, `pupil.update`. */
  action: string;
  objectType: string | null;
  objectId: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: AuditOutcome | (string & {});
  /** Ids, counts and field names; never personal data. */
  details: Record<string, unknown>;
}

export interface AuditSearchParams {
  /** First day, ISO `YYYY-MM-DD` (UTC days). */
  from?: string;
  /** Last day, inclusive. */
  to?: string;
  /** Login of the actor (exact). */
  actor?: string;
  /** Action code (exact). */
  action?: string;
  objectType?: string;
  objectId?: string;
  outcome?: AuditOutcome;
  /** Entries older than this id (the `nextBefore` of the previous page). */
  before?: number;
  /** 1–500, default 100. */
  limit?: number;
}

export interface AuditPage {
  /** Newest first. */
  items: AuditEntry[];
  /** `before` of the next (older) page; null on the last one. */
  nextBefore: number | null;
}

/** The audit log of the caller's scope (security officers); the search itself is audited. */
export function auditResource(http: HttpClient) {
  return {
    search: (params: AuditSearchParams = {}, call: CallOptions = {}) =>
      http.get<AuditPage>('/api/v1/audit', { query: { ...params }, signal: call.signal }),
  };
}

export type AuditResource = ReturnType<typeof auditResource>;
