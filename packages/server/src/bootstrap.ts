import { schoolYear, schoolYearOf } from '@aikom/domain/school-year';
import type { AppContext } from './context';

export interface PreparedInstance {
  currentSchoolYear: string;
}

/**
 * Makes a fresh instance usable: the current school year exists (and the one before, for history).
 */
export async function prepareInstance(ctx: AppContext): Promise<PreparedInstance> {
  const current = schoolYearOf(ctx.now().toISOString().slice(0, 10));
  await ctx.db.system(async (trx) => {
    const existing = await trx.selectFrom('school_year').select('id').executeTakeFirst();
    if (existing) return;
    for (const y of [schoolYear(current.id - 1), current]) {
      await trx
        .insertInto('school_year')
        .values({ id: y.id, label: y.label, starts_on: y.startsOn, ends_on: y.endsOn, status: y.id === current.id ? 'open' : 'closed', is_current: y.id === current.id })
        .execute();
    }
  });
  const row = await ctx.db.kysely.selectFrom('school_year').select('label').where('is_current', '=', true).executeTakeFirst();
  return { currentSchoolYear: row?.label ?? current.label };
}
