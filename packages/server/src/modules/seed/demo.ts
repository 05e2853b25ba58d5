import type { Role } from '@aikom/domain/access/roles';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../context';
import { hashPassword } from '../auth/passwords';
import { CampaignService } from '../campaigns/service';
import { seedSynthetic } from './load-synthetic';

/** The password of every demo user (demo mode only; printed at start). */
export const DEMO_PASSWORD = 'Demo-Registry-2025!';
const DEMO_SEED = 20250901;

export interface DemoSeedResult {
  seeded: boolean;
  users: Array<{ login: string; role: Role; organisation: string | null }>;
}

/** Demo logins: one per role, at the demo oblast, its first ОУО and that ОУО's first school. */
const DEMO_USERS: ReadonlyArray<{
  login: string;
  role: Role;
  at: 'ministry' | 'region' | 'ouo' | 'school';
  fullName: string;
}> = [
  { login: 'mon.admin', role: 'ministry_admin', at: 'ministry', fullName: 'Олександра Мельник' },
  { login: 'mon.analyst', role: 'ministry_analyst', at: 'ministry', fullName: 'Богдан Савчук' },
  { login: 'mon.verifier', role: 'ministry_verifier', at: 'ministry', fullName: 'Ірина Лисенко' },
  { login: 'region.admin', role: 'region_admin', at: 'region', fullName: 'Василь Коваленко' },
  { login: 'region.analyst', role: 'region_analyst', at: 'region', fullName: 'Наталія Ткаченко' },
  { login: 'ouo.admin', role: 'ouo_admin', at: 'ouo', fullName: 'Андрій Бондаренко' },
  { login: 'ouo.specialist', role: 'ouo_specialist', at: 'ouo', fullName: 'Оксана Кравченко' },
  { login: 'school.director', role: 'school_admin', at: 'school', fullName: 'Марія Шевчук' },
  { login: 'school.secretary', role: 'school_editor', at: 'school', fullName: 'Олена Поліщук' },
];

/**
 * On a fresh demo instance (no school yet): the demo preset of the synthetic generator and one user per role.
 * On later starts, the demo users are listed again (they exist), nothing is re-seeded.
 */
export async function seedDemo(
  ctx: AppContext,
  onProgress?: (done: number, total: number, note: string) => void,
): Promise<DemoSeedResult> {
  const hasSchool = await ctx.db.kysely
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'school')
    .limit(1)
    .executeTakeFirst();
  const listUsers = async () => {
    const rows = await ctx.db.kysely
      .selectFrom('app_user as u')
      .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
      .select(['u.login', 'u.role', 'o.name'])
      .where(
        'u.login',
        'in',
        DEMO_USERS.map((u) => u.login),
      )
      .execute();
    const byLogin = new Map(rows.map((r) => [r.login, r]));
    return DEMO_USERS.filter((u) => byLogin.has(u.login)).map((u) => ({
      login: u.login,
      role: u.role,
      organisation: byLogin.get(u.login)!.name,
    }));
  };
  if (hasSchool) return { seeded: false, users: await listUsers() };
  const report = await seedSynthetic(ctx, { preset: 'demo', seed: DEMO_SEED, ...(onProgress ? { onProgress } : {}) });
  const orgs = [...report.organisations.values()];
  const ouo = orgs.find((o) => o.kind === 'ouo')!;
  const at = {
    ministry: orgs.find((o) => o.kind === 'ministry')!,
    region: orgs.find((o) => o.kind === 'region' && o.id === ouo.regionId)!,
    ouo,
    school: orgs.find((o) => o.kind === 'school' && o.ouoId === ouo.id)!,
  };
  const hash = await hashPassword(DEMO_PASSWORD);
  const now = ctx.now();
  await ctx.db.kysely
    .insertInto('app_user')
    .values(
      DEMO_USERS.map((u) => {
        const org = at[u.at];
        return {
          id: uuidv7(),
          login: u.login,
          full_name: u.fullName,
          role: u.role,
          organisation_id: org.id,
          region_id: u.at === 'ouo' || u.at === 'school' ? org.regionId : null,
          ouo_id: u.at === 'school' ? org.ouoId : null,
          status: 'active',
          password_hash: hash,
          password_changed_at: now,
          created_at: now,
          updated_at: now,
        };
      }),
    )
    .execute();
  await seedDemoCampaign(ctx);
  return { seeded: true, users: await listUsers() };
}

/**
 * The campaign of the MON letter of 27.06.2023, as the demo's ministry administrator would open it: the four
 * indicators for every school, confirmation required, a reminder three days before the deadline.
 */
async function seedDemoCampaign(ctx: AppContext): Promise<void> {
  const admin = await ctx.db.kysely
    .selectFrom('app_user')
    .select(['id', 'login', 'full_name', 'organisation_id'])
    .where('login', '=', 'mon.admin')
    .executeTakeFirstOrThrow();
  const deadline = new Date(ctx.now().getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
  await new CampaignService(ctx).create(
    {
      actor: {
        kind: 'user',
        userId: admin.id,
        login: admin.login,
        fullName: admin.full_name,
        role: 'ministry_admin',
        organisationId: admin.organisation_id,
        regionId: null,
        ouoId: null,
        schoolId: null,
        sessionId: 'seed',
        mfaPassed: true,
        csrfToken: '',
      },
      requestId: 'seed',
      ip: null,
      client: 'cli',
    },
    {
      title: 'Актуалізація даних про учнів',
      instructions:
        'Відповідно до листа МОН від 27.06.2023 просимо з особливою ретельністю перевірити для кожного учня: ' +
        'серію та номер свідоцтва про народження; дату народження; статус внутрішнього / зовнішнього вимушеного переміщення; ' +
        'втрату звʼязку з учнем та/або його законними представниками. Після виправлення даних підтвердьте їх актуальність.',
      deadline,
      scope: { kind: 'all' },
      indicators: [1, 2, 3, 4],
      requiresConfirmation: true,
      reminderDays: 3,
    },
  );
}
