import { schoolYearOf } from '@aikom/domain/school-year';
import type { AppContext } from '../../context';
import type { Tx } from '../../db/database';

/**
 * The registry's current school year: the one marked current (the ministry opens the next year), or the calendar's
 * when none is marked yet. Everything "this year" (class lists, imports, campaigns) asks here.
 */
export async function currentSchoolYear(ctx: Pick<AppContext, 'db' | 'now'>, trx?: Tx): Promise<number> {
  const row = await (trx ?? ctx.db.kysely)
    .selectFrom('school_year')
    .select('id')
    .where('is_current', '=', true)
    .executeTakeFirst();
  return row?.id ?? schoolYearOf(ctx.now().toISOString().slice(0, 10)).id;
}
