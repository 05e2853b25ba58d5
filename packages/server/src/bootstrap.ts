import { ROLE_INFO, type Role } from '@aikom/domain/access/roles';
import { schoolYear, schoolYearOf } from '@aikom/domain/school-year';
import type { AppContext } from './context';
import { ensureCascadeRoots } from './modules/organisations/cascade-roots';
import { seedDemo, DEMO_PASSWORD } from './modules/seed/demo';
import { createMinistryAdmin } from './modules/users/admins';

export interface DemoUser {
  login: string;
  role: Role;
  roleLabel: string;
  organisation: string | null;
}

export interface PreparedInstance {
  currentSchoolYear: string;
  bootstrapAdmin: string | null;
  demoUsers: DemoUser[];
  demoPassword: string;
  hasUsers: boolean;
}

/**
 * Makes an instance usable: school years, the top of the cascade, the first administrator (when asked for and no
 * user exists), and on a fresh demo instance the demo data with one user per role.
 */
export async function prepareInstance(ctx: AppContext): Promise<PreparedInstance> {
  const now = ctx.now();
  const current = schoolYearOf(now.toISOString().slice(0, 10));
  await ctx.db.system(async (trx) => {
    const existing = await trx.selectFrom('school_year').select('id').executeTakeFirst();
    if (!existing) {
      for (const y of [schoolYear(current.id - 1), current]) {
        await trx
          .insertInto('school_year')
          .values({
            id: y.id,
            label: y.label,
            starts_on: y.startsOn,
            ends_on: y.endsOn,
            status: y.id === current.id ? 'open' : 'closed',
            is_current: y.id === current.id,
          })
          .execute();
      }
    }
    await ensureCascadeRoots(trx, now);
  });
  const hasUser = async () => !!(await ctx.db.kysely.selectFrom('app_user').select('id').limit(1).executeTakeFirst());
  let bootstrapAdmin: string | null = null;
  if (ctx.config.bootstrapAdmin && !(await hasUser())) {
    bootstrapAdmin = (await createMinistryAdmin(ctx, { ...ctx.config.bootstrapAdmin, via: 'AIKOM_BOOTSTRAP_ADMIN' }))
      .login;
  }
  let demoUsers: DemoUser[] = [];
  if (ctx.config.demo) {
    const demo = await seedDemo(ctx);
    demoUsers = demo.users.map((u) => ({ ...u, roleLabel: ROLE_INFO[u.role].uk }));
  }
  const row = await ctx.db.kysely
    .selectFrom('school_year')
    .select('label')
    .where('is_current', '=', true)
    .executeTakeFirst();
  return {
    currentSchoolYear: row?.label ?? current.label,
    bootstrapAdmin,
    demoUsers,
    demoPassword: DEMO_PASSWORD,
    hasUsers: await hasUser(),
  };
}
