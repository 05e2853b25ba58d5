import type { Role } from '@aikom/domain/access/roles';
import type { AppContext } from '@aikom/server/context';
import type { Caller } from '@aikom/server/modules/auth/caller';
import { uuidv7 } from 'uuidv7';

/** A real user row for a benchmark caller (records that reference their author need one). */
export async function benchUser(
  ctx: AppContext,
  role: Role,
  org: { id: string; regionId: string | null; ouoId: string | null },
): Promise<Caller> {
  const id = uuidv7();
  const now = ctx.now();
  await ctx.db.kysely
    .insertInto('app_user')
    .values({
      id,
      login: `bench.${id.slice(-12)}`,
      full_name: 'Benchmark',
      role,
      organisation_id: org.id,
      region_id: org.regionId,
      ouo_id: org.ouoId,
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .execute();
  const caller = callerAs(role, org);
  return { ...caller, actor: { ...caller.actor, userId: id } } as Caller;
}

/** A caller acting as a role at an organisation (benchmarks call services directly, as a request would). */
export function callerAs(role: Role, org: { id: string; regionId: string | null; ouoId: string | null }): Caller {
  const kind = role.split('_')[0];
  return {
    actor: {
      kind: 'user',
      userId: '00000000-0000-7000-8000-000000000001',
      login: 'bench',
      fullName: 'Benchmark',
      role,
      organisationId: org.id,
      regionId: kind === 'region' ? org.id : org.regionId,
      ouoId: kind === 'ouo' ? org.id : org.ouoId,
      schoolId: kind === 'school' ? org.id : null,
      sessionId: 'bench',
      mfaPassed: true,
      csrfToken: '',
    },
    requestId: 'bench',
    ip: null,
    client: 'cli',
  };
}
