import { sql } from 'kysely';
import type { AppContext } from '../../context';
import type { AuditEvent } from '../audit/service';
import type { Caller } from '../auth/caller';

interface Pending {
  caller: Caller;
  event: AuditEvent;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Entries per transaction at most. */
const MAX_BATCH = 500;

/**
 * Audit entries of the platform API's reads, committed in groups.
 *
 * The audit log is one hash chain: each append locks the chain's head until its transaction commits, and a durable
 * commit waits for the disk (≈ 8 ms on the development machine). Audited in their own request transactions, reads
 * are therefore serialised at about 120 a second whatever the hardware (measured: 93 reads/s at 100 clients, p99
 * 1.4 s). Here a read's entry is appended after its (read-only) transaction, together with the entries of the
 * other reads waiting at that moment, in one transaction of the owner connection with one statement — group commit
 * — and the request waits until that transaction has committed before it answers: no personal data leaves without
 * a durable audit entry, and a failed append fails the request. Writes keep their entries in their own transaction
 * (AuditService.record as its last statement), so a change and its audit entry commit together.
 */
export class ReadAudit {
  readonly #queue: Pending[] = [];
  #flushing: Promise<void> | null = null;

  constructor(private readonly ctx: AppContext) {}

  record(caller: Caller, event: AuditEvent): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ caller, event, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.#flushing || this.#queue.length === 0) return;
    this.#flushing = this.flush().finally(() => {
      this.#flushing = null;
      this.kick();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.#queue.splice(0, MAX_BATCH);
    try {
      // The same columns AuditService.record writes for a caller (modules/audit/service.ts).
      const rows = batch.map(({ caller, event }, n) => {
        const a = caller.actor;
        return {
          n,
          actor_user_id: a.kind === 'user' ? a.userId : null,
          actor_platform_id: a.kind === 'platform' ? a.platformId : null,
          actor_login: a.kind === 'user' ? a.login : a.clientId,
          role: a.kind === 'user' ? a.role : 'platform',
          organisation_id: a.kind === 'user' ? a.organisationId : null,
          region_id: a.kind === 'user' ? a.regionId : null,
          ouo_id: a.kind === 'user' ? a.ouoId : null,
          client: caller.client,
          action: event.action,
          object_type: event.objectType ?? null,
          object_id: event.objectId ?? null,
          request_id: caller.requestId,
          ip: caller.ip,
          outcome: event.outcome ?? 'ok',
          details: event.details ?? {},
        };
      });
      await this.ctx.db.system(async (trx) => {
        // One statement appends the whole group, in order, through the chain's definer function.
        await sql`
          SELECT aikom_audit_append(r.actor_user_id, r.actor_platform_id, r.actor_login, r.role, r.organisation_id,
            r.region_id, r.ouo_id, r.client, r.action, r.object_type, r.object_id, r.request_id, r.ip, r.outcome,
            r.details)
          FROM (SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(actor_user_id uuid,
            actor_platform_id uuid, actor_login text, role text, organisation_id uuid, region_id uuid, ouo_id uuid,
            client text, action text, object_type text, object_id text, request_id text, ip text, outcome text,
            details jsonb, n integer) ORDER BY n) r`.execute(trx);
      });
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}

const audits = new WeakMap<AppContext, ReadAudit>();

/** The read audit of an application context (one group-commit queue per process). */
export function readAudit(ctx: AppContext): ReadAudit {
  let a = audits.get(ctx);
  if (!a) audits.set(ctx, (a = new ReadAudit(ctx)));
  return a;
}
