import { sql } from 'kysely';
import { requiredRules } from '@aikom/domain/campaigns/campaign';
import { CampaignService } from '@aikom/server/modules/campaigns/service';
import type { Runtime } from '@aikom/server/runtime';
import { benchUser } from './actors';
import { fmt, repeat, time, type Benchmark } from './harness';

/**
 * While writes keep coming (pupil edits in random schools, as imports and platforms produce), the national roll-up
 * of a campaign is read from its per-school figures; the baseline is the naive full GROUP BY over the pupils.
 */
export const campaignRollup: Benchmark = {
  name: 'campaign-rollup',
  issue: 5,
  after: ['load-national-postgres'],
  description: 'National completion roll-up (by region and by ОУО) under concurrent writes, against a naive GROUP BY',
  async run(ctx) {
    const rt = ctx.shared.get('national') as Runtime;
    const ministry = await rt.ctx.db.kysely
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'ministry')
      .executeTakeFirstOrThrow();
    const service = new CampaignService(rt.ctx);
    const caller = await benchUser(rt.ctx, 'ministry_admin', { id: ministry.id, regionId: null, ouoId: null });
    const deadline = new Date(rt.ctx.now().getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
    const created = await time(() =>
      service.create(caller, {
        title: 'Бенчмарк: актуалізація даних',
        deadline,
        scope: { kind: 'all' },
        indicators: [1, 2, 3, 4],
      }),
    );
    const id = created.value.campaign.id;
    ctx.log(`  campaign opened over ${created.value.schools} schools in ${fmt(created.ms / 1000)} s`);
    // Concurrent writers: small batches of pupil edits (with their change events), as imports and platforms make them.
    let writing = true;
    let writes = 0;
    const writer = (async () => {
      while (writing) {
        await rt.ctx.db.system(async (trx) => {
          await sql`
            WITH picked AS (SELECT id, school_id, ouo_id, region_id FROM person TABLESAMPLE SYSTEM (0.01) LIMIT 500),
            touched AS (UPDATE person p SET version = p.version + 1, updated_at = now() FROM picked WHERE p.id = picked.id RETURNING picked.*)
            INSERT INTO pupil_event (person_id, school_id, ouo_id, region_id, source, kind, changes)
            SELECT id, school_id, ouo_id, region_id, 'bench', 'updated', '{}'::jsonb FROM touched`.execute(trx);
        });
        writes++;
        await service.refresh();
      }
    })();
    const c = (await service.repo.get(rt.ctx.db.kysely, id))!;
    await service.rollup(caller, id, 'region');
    const byRegion = await repeat(20, () => service.rollup(caller, id, 'region'));
    const byOuo = await repeat(20, () => service.rollup(caller, id, 'ouo'));
    const naive = await repeat(3, () =>
      rt.ctx.db.system((trx) =>
        service.repo.naiveRollupByRegion(trx, {
          required_rules: requiredRules([1, 2, 3, 4]),
          school_year: c.school_year,
        }),
      ),
    );
    writing = false;
    await writer;
    ctx.log(`  ${writes} write batches ran during the measurement`);
    return [
      {
        metric: 'national roll-up by region (warm, median of 20, under writes)',
        value: byRegion.median,
        unit: 'ms',
        baseline: { name: 'naive GROUP BY over pupils', value: naive.median },
        ratio: naive.median / byRegion.median,
        target: '< 200 ms',
        pass: byRegion.median < 200,
      },
      {
        metric: 'national roll-up by ОУО (warm, median of 20, under writes)',
        value: byOuo.median,
        unit: 'ms',
        target: '< 200 ms',
        pass: byOuo.median < 200,
      },
    ];
  },
};
