import type { AuditSearchParams } from '@aikom/sdk';

export const PAGE = 50;
/** The filters of the audit search, in the address of the page. */
export const FILTERS = ['from', 'to', 'actor', 'action', 'objectType', 'objectId', 'outcome'] as const;
export type Filter = (typeof FILTERS)[number];

/** The search of one page: the filters of the address and where the page starts (`before`). */
export function auditQuery(params: URLSearchParams, before: number | undefined): AuditSearchParams {
  const q: AuditSearchParams = { limit: PAGE };
  for (const f of FILTERS) {
    const v = params.get(f)?.trim();
    if (v) (q as Record<string, string>)[f] = v;
  }
  if (before !== undefined) q.before = before;
  return q;
}
