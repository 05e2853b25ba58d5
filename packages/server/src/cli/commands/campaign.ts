import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { AppError } from '../../errors';
import { CampaignService, presentCampaign, presentRollup } from '../../modules/campaigns/service';
import { openRuntime } from '../../runtime';
import { printJson } from '../output';

export function registerCampaign(program: Command): void {
  const campaign = program.command('campaign').description('кампанії актуалізації даних');
  campaign
    .command('status')
    .description('стан кампанії: підсумки й виконання за регіонами')
    .requiredOption('--id <id>', 'ідентифікатор кампанії')
    .option('--json', 'вивести результат у JSON')
    .action(async (options: { id: string; json?: boolean }) => {
      const runtime = await openRuntime(loadConfig(), { purpose: 'aikom campaign status' });
      try {
        const service = new CampaignService(runtime.ctx);
        await service.refresh();
        const c = await service.repo.get(runtime.ctx.db.kysely, options.id);
        if (!c) throw new AppError('NOT_FOUND', { detail: `Кампанію ${options.id} не знайдено.` });
        const regions = (await service.repo.rollup(runtime.ctx.db.kysely, c.id, 'region')).map(presentRollup);
        const total = regions.reduce(
          (t, r) => ({
            schools: t.schools + r.schools,
            confirmed: t.confirmed + r.schoolsConfirmed,
            pupils: t.pupils + r.pupils,
            done: t.done + r.pupilsDone,
          }),
          { schools: 0, confirmed: 0, pupils: 0, done: 0 },
        );
        const report = { campaign: presentCampaign(c), totals: total, regions };
        if (options.json) printJson(report);
        else {
          console.log(
            `${c.title} — до ${c.deadline.split('-').reverse().join('.')} (${c.status === 'open' ? 'триває' : 'завершено'})`,
          );
          console.log(
            `Закладів: ${total.schools}, підтвердили: ${total.confirmed}; учнів із повними даними: ${total.done} з ${total.pupils}`,
          );
          for (const r of regions)
            console.log(
              `  ${String(r.completion).padStart(3)} %  ${String(r.schoolsConfirmed).padStart(5)}/${r.schools}  ${r.name}`,
            );
        }
      } finally {
        await runtime.close();
      }
    });
}
