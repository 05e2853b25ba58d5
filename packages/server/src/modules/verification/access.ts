import type { AppContext } from '../../context';
import type { DbScope } from '../../db/database';
import type { VerificationTx } from '../../db/schema-verification';

/**
 * How verification work reaches the database: in the verification officer's scope (requests and their jobs: row-level
 * security applies), or as the owner (the operator CLI on the server itself, which has no signed-in user).
 */
export type Access = <T>(fn: (trx: VerificationTx) => Promise<T>) => Promise<T>;

export function scopedAccess(ctx: AppContext, scope: DbScope): Access {
  // The verification tables are not in db/schema.ts's DB yet; the transaction is the same.
  return (fn) => ctx.db.scoped(scope, (trx) => fn(trx as unknown as VerificationTx));
}

export function systemAccess(ctx: AppContext): Access {
  return (fn) => ctx.db.system((trx) => fn(trx as unknown as VerificationTx));
}
