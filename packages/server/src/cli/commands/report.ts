import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { loadConfig } from '../../config';
import { renderReport, type ExportFormat } from '../../modules/reports/render-report';
import { rollupDocument, znz1Document } from '../../modules/reports/report-document';
import { presentLayout } from '../../modules/reports/schemas';
import { ReportService, type RollupReport, type Znz1Report } from '../../modules/reports/service';
import { openRuntime } from '../../runtime';
import { printJson, progressBar } from '../output';

const formatOption = () =>
  new Option('--format <format>', 'json (на стандартний вивід), xlsx, pdf або csv (у файл)')
    .choices(['json', 'xlsx', 'pdf', 'csv'])
    .default('json');

interface Common {
  date?: string;
  format: 'json' | ExportFormat;
  out?: string;
  published?: boolean;
}

/** JSON to stdout, or the file laid out like the form (to --out, or a file named after the report). */
async function emit(report: Znz1Report | RollupReport, options: Common): Promise<void> {
  if (options.format === 'json') {
    printJson({ ...report, layout: presentLayout(report.schoolYearStart) });
    return;
  }
  const doc = report.level === 'school' ? znz1Document(report) : rollupDocument(report);
  const file = await renderReport(doc, options.format);
  const target = path.resolve(options.out ?? file.fileName);
  fs.writeFileSync(target, file.body);
  const failing = report.checks.filter((c) => !c.ok && c.severity === 'error').length;
  console.log(
    `Збережено ${target} (${Math.round(file.body.length / 1024)} КБ)` +
      (failing > 0 ? `; перевірок не пройдено: ${failing} (див. розділ «Перевірки»)` : ''),
  );
}

export function registerReport(program: Command): void {
  const report = program.command('report').description('звіти: ЗНЗ-1 закладу, 76-РВК ОУО, зведення регіону й країни');

  report
    .command('znz1')
    .description('звіт закладу за формою № ЗНЗ-1 на дату (за записами учнів)')
    .requiredOption('--school <edrpou>', 'код ЄДРПОУ закладу (або його ідентифікатор)')
    .option('--date <date>', 'дата звіту РРРР-ММ-ДД (типово 5 вересня поточного навчального року)')
    .addOption(formatOption())
    .option('--out <file>', 'куди записати файл (типово — назва звіту в поточному каталозі)')
    .option('--published', 'оприлюднений варіант: значення менше 5 учнів приховано')
    .action(async (options: Common & { school: string }) => {
      const runtime = await openRuntime(loadConfig(), { purpose: 'aikom report znz1' });
      try {
        const r = await new ReportService(runtime.ctx).znz1('cli', options.school, {
          date: options.date,
          published: options.published,
          format: options.format,
        });
        await emit(r, options);
      } finally {
        await runtime.close();
      }
    });

  report
    .command('rvk76')
    .description('зведений звіт ОУО за формою № 76-РВК на дату (застарілі дані закладів перебудовуються)')
    .requiredOption('--ouo <id>', 'ідентифікатор ОУО (UUID) або його код ЄДРПОУ')
    .option('--date <date>', 'дата звіту РРРР-ММ-ДД (типово 5 вересня поточного навчального року)')
    .addOption(formatOption())
    .option('--out <file>', 'куди записати файл')
    .option('--published', 'оприлюднений варіант: значення менше 5 учнів приховано')
    .action(async (options: Common & { ouo: string }) => {
      const runtime = await openRuntime(loadConfig(), { purpose: 'aikom report rvk76' });
      try {
        const r = await new ReportService(runtime.ctx).rollup('cli', 'ouo', options.ouo, {
          date: options.date,
          published: options.published,
          format: options.format,
        });
        await emit(r, options);
      } finally {
        await runtime.close();
      }
    });

  report
    .command('rollup')
    .description('зведення таблиць ЗНЗ-1 регіону або країни (з побудованих зведень; див. report refresh)')
    .option('--region <id>', 'регіон: код КАТОТТГ області, ідентифікатор або ЄДРПОУ департаменту (типово — країна)')
    .option('--date <date>', 'дата звіту РРРР-ММ-ДД')
    .addOption(formatOption())
    .option('--out <file>', 'куди записати файл')
    .option('--published', 'оприлюднений варіант: значення менше 5 учнів приховано')
    .action(async (options: Common & { region?: string }) => {
      const runtime = await openRuntime(loadConfig(), { purpose: 'aikom report rollup' });
      try {
        const r = await new ReportService(runtime.ctx).rollup(
          'cli',
          options.region ? 'region' : 'nation',
          options.region,
          { date: options.date, published: options.published, format: options.format },
        );
        await emit(r, options);
      } finally {
        await runtime.close();
      }
    });

  report
    .command('refresh')
    .description('побудувати (оновити) зведення на дату: відсутні й застарілі дані закладів та суми ОУО')
    .option('--date <date>', 'дата звіту РРРР-ММ-ДД (типово 5 вересня поточного навчального року)')
    .option('--region <id>', 'лише один регіон (ідентифікатор або ЄДРПОУ департаменту)')
    .option('--all', 'перебудувати всі заклади, а не лише застарілі')
    .option('--json', 'вивести підсумок у JSON')
    .action(async (options: { date?: string; region?: string; all?: boolean; json?: boolean }) => {
      const runtime = await openRuntime(loadConfig(), { purpose: 'aikom report refresh' });
      const bar = progressBar(!options.json);
      try {
        const service = new ReportService(runtime.ctx);
        let regionId: string | undefined;
        if (options.region) {
          const target = await runtime.ctx.db.scoped({ national: true }, (trx) =>
            service.rollupTarget(trx, 'cli', 'region', options.region),
          );
          regionId = target.id;
        }
        let started = false;
        const result = await service.refresh('cli', {
          date: options.date,
          filter: regionId ? { regionId } : {},
          all: options.all === true,
          onProgress: (done, total) => {
            if (!started) {
              bar.start(total, 'заклади');
              started = true;
            }
            bar.update(done);
          },
        });
        bar.stop();
        if (options.json) printJson({ ...result, engine: runtime.ctx.db.engine });
        else
          console.log(
            `Зведення на ${result.asOf}: перебудовано ${result.rebuilt} з ${result.schools} закладів за ${(result.ms / 1000).toFixed(1)} с.`,
          );
      } finally {
        bar.stop();
        await runtime.close();
      }
    });
}
