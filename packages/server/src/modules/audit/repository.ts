import { kyivDayStart } from '@aikom/domain/kyiv-time';
import { sql } from 'kysely';
import type { Tx } from '../../db/database';

export interface AuditEntry {
  actorUserId: string | null;
  actorPlatformId: string | null;
  actorLogin: string | null;
  role: string | null;
  organisationId: string | null;
  regionId: string | null;
  ouoId: string | null;
  client: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  details: Record<string, unknown>;
}

export interface AuditFilter {
  from?: string;
  to?: string;
  actorLogin?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  outcome?: string;
  /** Entries with id below this (cursor: newest first). */
  before?: number;
  limit: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor_login: string | null;
  actor_user_id: string | null;
  actor_platform_id: string | null;
  role: string | null;
  organisation_id: string | null;
  client: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  request_id: string | null;
  ip: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

export interface ChainBreak {
  id: number;
  reason: 'hash' | 'link' | 'gap';
}

/** The append-only, hash-chained audit log. Appends go through the definer function; nobody updates or deletes. */
export class AuditRepository {
  async append(trx: Tx, e: AuditEntry): Promise<number> {
    const r = await sql<{ id: number }>`
      SELECT aikom_audit_append(${e.actorUserId}::uuid, ${e.actorPlatformId}::uuid, ${e.actorLogin}, ${e.role},
        ${e.organisationId}::uuid, ${e.regionId}::uuid, ${e.ouoId}::uuid, ${e.client}, ${e.action}, ${e.objectType},
        ${e.objectId}, ${e.requestId}, ${e.ip}, ${e.outcome}, ${JSON.stringify(e.details)}::jsonb) AS id`.execute(trx);
    return r.rows[0]!.id;
  }

  /** Seals pending entries into the hash chain (the sequencer); returns how many were sealed. */
  async seal(trx: Tx, limit = 10_000): Promise<number> {
    const r = await sql<{ n: number }>`SELECT aikom_audit_seal(${limit}) AS n`.execute(trx);
    return r.rows[0]?.n ?? 0;
  }

  /** Seals everything pending, in batches. */
  async sealAll(db: { system<T>(fn: (trx: Tx) => Promise<T>): Promise<T> }): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await db.system((trx) => this.seal(trx));
      total += n;
      if (n === 0) return total;
    }
  }

  /** Search within the caller's scope (row-level security limits regions to their own entries). */
  search(trx: Tx, f: AuditFilter): Promise<AuditRow[]> {
    let q = trx
      .selectFrom('audit_log')
      .select([
        'id',
        'at',
        'actor_login',
        'actor_user_id',
        'actor_platform_id',
        'role',
        'organisation_id',
        'client',
        'action',
        'object_type',
        'object_id',
        'request_id',
        'ip',
        'outcome',
        'details',
      ])
      .orderBy('id', 'desc')
      .limit(f.limit);
    // Days are Kyiv days, as the officer reads them.
    if (f.from) q = q.where('at', '>=', kyivDayStart(f.from));
    if (f.to)
      q = q.where(
        'at',
        '<',
        kyivDayStart(new Date(Date.parse(`${f.to}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10)),
      );
    if (f.actorLogin) q = q.where('actor_login', '=', f.actorLogin.toLowerCase());
    if (f.action) q = q.where('action', '=', f.action);
    if (f.objectType) q = q.where('object_type', '=', f.objectType);
    if (f.objectId) q = q.where('object_id', '=', f.objectId);
    if (f.outcome) q = q.where('outcome', '=', f.outcome);
    if (f.before !== undefined) q = q.where('id', '<', f.before);
    return q.execute();
  }

  /**
   * Verifies the whole chain in the database: every entry's hash is SHA-256 of the previous hash and its content,
   * every entry links to its predecessor's hash, and ids have no gaps. Returns the first broken entry.
   */
  async verify(trx: Tx): Promise<{ entries: number; firstBreak: ChainBreak | null; headId: number }> {
    const r = await sql<{
      entries: number;
      break_id: number | null;
      reason: ChainBreak['reason'] | null;
      head: number;
    }>`
      WITH chain AS (
        SELECT a.id, a.hash, a.prev_hash,
          sha256(a.prev_hash || aikom_audit_content(a)) AS expected,
          lag(a.hash) OVER (ORDER BY a.id) AS previous_hash,
          lag(a.id) OVER (ORDER BY a.id) AS previous_id
        FROM audit_log a
      ), broken AS (
        SELECT id, CASE
            WHEN coalesce(previous_id, 0) <> id - 1 THEN 'gap'
            WHEN prev_hash IS DISTINCT FROM coalesce(previous_hash, '\\x'::bytea) THEN 'link'
            ELSE 'hash' END AS reason
        FROM chain
        WHERE hash <> expected OR prev_hash IS DISTINCT FROM coalesce(previous_hash, '\\x'::bytea)
          OR coalesce(previous_id, 0) <> id - 1
        ORDER BY id LIMIT 1
      )
      SELECT (SELECT count(*) FROM audit_log)::int AS entries, (SELECT id FROM broken) AS break_id,
        (SELECT reason FROM broken) AS reason, (SELECT last_id FROM audit_head) AS head`.execute(trx);
    const row = r.rows[0]!;
    let firstBreak: ChainBreak | null = row.break_id !== null ? { id: row.break_id, reason: row.reason! } : null;
    // Entries removed from the end leave the head pointing past the last row.
    const last = await sql<{ max: number | null }>`SELECT max(id) AS max FROM audit_log`.execute(trx);
    if (!firstBreak && (last.rows[0]?.max ?? 0) !== row.head)
      firstBreak = { id: (last.rows[0]?.max ?? 0) + 1, reason: 'gap' };
    return { entries: row.entries, firstBreak, headId: row.head };
  }
}
