import type { Command } from 'commander';
import { Option } from 'commander';
import { loadConfig } from '../../config';
import { prepareInstance } from '../../bootstrap';
import { seedSynthetic } from '../../modules/seed/load-synthetic';
import { openRuntime } from '../../runtime';
import { printJson, progressBar } from '../output';

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description('завантажити синтетичні дані в порожній реєстр (детерміновано для зерна)')
    .addOption(
      new Option('--preset <preset>', 'обсяг: demo ≈ 6 тис. учнів, region ≈ 150 тис., national ≈ 3,9 млн')
        .choices(['demo', 'region', 'national'])
        .default('demo'),
    )
    .option('--seed <n>', 'зерно генератора (ціле число)', '1')
    .option('--truth <file>', 'записати істинні дані (які записи з помилками, які дублікати) у файл NDJSON')
    .option('--json', 'вивести звіт у JSON')
    .action(
      async (options: { preset: 'demo' | 'region' | 'national'; seed: string; truth?: string; json?: boolean }) => {
        const seed = Number(options.seed);
        if (!Number.isSafeInteger(seed)) throw new Error('--seed має бути цілим числом');
        const runtime = await openRuntime(loadConfig({ ...process.env, AIKOM_DEMO: '0' }), {
          purpose: `aikom seed --preset ${options.preset}`,
        });
        const bar = progressBar(!options.json);
        try {
          await prepareInstance(runtime.ctx);
          let started = false;
          const report = await seedSynthetic(runtime.ctx, {
            preset: options.preset,
            seed,
            onProgress: (done, total, note) => {
              if (!started) {
                bar.start(total, note);
                started = true;
              }
              bar.update(done, note);
            },
            ...(options.truth ? { truthFile: options.truth } : {}),
          });
          bar.stop();
          const summary = {
            preset: report.preset,
            seed: report.seed,
            engine: runtime.ctx.db.engine,
            regions: report.regions,
            ouos: report.ouos,
            schools: report.schools,
            pupils: report.pupils,
            withErrors: report.withErrors,
            withWarnings: report.withWarnings,
            seconds: Math.round(report.ms / 100) / 10,
            ...(options.truth ? { truth: options.truth } : {}),
          };
          if (options.json) printJson(summary);
          else
            console.log(
              `Завантажено: ${summary.schools} закладів, ${summary.ouos} ОУО, ${summary.pupils} учнів (з помилками: ${summary.withErrors}, з попередженнями: ${summary.withWarnings}) за ${summary.seconds} с.`,
            );
        } finally {
          bar.stop();
          await runtime.close();
        }
      },
    );
}
