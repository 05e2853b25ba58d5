import fs from 'node:fs';
import { isRealDate } from '@aikom/domain/iso-date';
import { BUDGET_KIND_LABELS } from '@aikom/domain/subvention/budgets';
import { EXCLUSION_LABELS } from '@aikom/domain/subvention/budgets';
import { ratioToPlain, SCALE } from '@aikom/domain/subvention/decimal';
import { formatUah, kopiykyToNumber } from '@aikom/domain/subvention/money';
import { unverifiedPaths } from '@aikom/domain/subvention/parameters';
import { BUDGETS, counted, noun, PUPILS, SCHOOLS } from '@aikom/domain/subvention/plural';
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { AppError } from '../../errors';
import { runSummary, SubventionService, SYSTEM_SCOPE } from '../../modules/subvention/service';
import { openRuntime } from '../../runtime';
import { printJson } from '../output';

function year(value: string): number {
  const y = Number(value);
  if (!Number.isInteger(y) || y < 2018 || y > 2100) throw new Error('--year має бути роком від 2018 до 2100');
  return y;
}

export function registerSubvention(program: Command): void {
  const subvention = program.command('subvention').description('освітня субвенція: розподіл між місцевими бюджетами');

  subvention
    .command('allocate')
    .description(
      'розподілити субвенцію бюджетного року за набором параметрів і даними реєстру на дату; результат зберігається як розрахунок',
    )
    .requiredOption('--year <year>', 'бюджетний рік, напр. 2026')
    .requiredOption('--params <id>', 'набір параметрів: ідентифікатор або default (типовий набір року)')
    .option('--version <n>', 'версія набору (типово остання)')
    .option('--as-of <date>', 'дата, на яку враховуються учні (РРРР-ММ-ДД; типово сьогодні)')
    .option('--no-save', 'не зберігати розрахунок (лише показати)')
    .option('--xlsx <file>', 'записати таблицю розподілу у файл XLSX')
    .option('--top <n>', 'скільки бюджетів показати в текстовому звіті', '15')
    .option('--json', 'вивести весь розподіл у JSON')
    .action(
      async (options: {
        year: string;
        params: string;
        version?: string;
        asOf?: string;
        save: boolean;
        xlsx?: string;
        top: string;
        json?: boolean;
      }) => {
        const budgetYear = year(options.year);
        const version = options.version === undefined ? undefined : Number(options.version);
        if (version !== undefined && (!Number.isInteger(version) || version < 1))
          throw new Error('--version має бути цілим числом від 1');
        const runtime = await openRuntime(loadConfig(), { purpose: 'aikom subvention allocate' });
        try {
          const service = new SubventionService(runtime.ctx);
          const asOf = options.asOf ?? service.today();
          if (!isRealDate(asOf)) throw new Error('--as-of має бути датою РРРР-ММ-ДД');
          const set = await service.resolve(SYSTEM_SCOPE, options.params, version, budgetYear);
          if (set.budgetYear !== budgetYear)
            throw new AppError('VALIDATION_FAILED', {
              detail: `Набір «${set.id}» стосується ${set.budgetYear} бюджетного року, а не ${budgetYear}.`,
            });
          const started = performance.now();
          const live = await service.allocateLive(SYSTEM_SCOPE, set, asOf);
          const a = live.allocation;
          const runId = options.save ? await service.saveSystemRun(set, live, 'cli') : null;
          if (options.xlsx) fs.writeFileSync(options.xlsx, await service.runWorkbookOf(set, a));
          const seconds = Math.round(performance.now() - started) / 1000;
          const summary = runSummary(a, live.timings);
          const budgets = [...a.budgets].sort((x, y) =>
            y.amountKop > x.amountKop ? 1 : y.amountKop < x.amountKop ? -1 : 0,
          );
          const report = {
            parameterSet: { id: set.id, version: set.version, name: set.name },
            budgetYear,
            asOf,
            engine: runtime.ctx.db.engine,
            runId,
            totalKop: kopiykyToNumber(a.totalKop),
            totalText: formatUah(a.totalKop),
            dataVersion: live.dataVersion,
            unverifiedParameters: unverifiedPaths(set.params),
            summary,
            seconds,
            budgets: budgets.map((b) => ({
              code: b.inputs.code,
              name: b.inputs.name,
              kind: b.inputs.kind,
              oblastCode: b.inputs.oblastCode,
              oblastName: b.inputs.oblastName,
              pupils: b.inputs.pupils,
              weight: ratioToPlain({ num: b.weight.micro, den: SCALE }, 6),
              norm: ratioToPlain({ num: b.inputs.norm.scaled, den: SCALE }, 2),
              amountKop: kopiykyToNumber(b.amountKop),
              amountText: formatUah(b.amountKop),
            })),
          };
          if (options.json) {
            printJson(report);
            return;
          }
          console.log(
            `Розподіл ${report.totalText} на ${budgetYear} рік за набором «${set.name}» (версія ${set.version}), учні на ${asOf}:`,
          );
          console.log(
            `  ${counted(summary.budgets, BUDGETS)}, ${counted(summary.schools, SCHOOLS)}, ${counted(summary.pupils, PUPILS)}; вхідні дані ${live.timings.cachedInputs ? 'з кешу' : `${live.timings.inputsMs} мс`}, формула ${live.timings.computeMs} мс; разом ${seconds} с.`,
          );
          for (const [reason, x] of Object.entries(summary.excluded))
            console.log(
              `  Не враховано: ${EXCLUSION_LABELS[reason as keyof typeof EXCLUSION_LABELS]} — ${counted(x.schools, SCHOOLS)}, ${counted(x.pupils, PUPILS)}.`,
            );
          if (report.unverifiedParameters.length > 0)
            console.log(`  Неперевірених значень параметрів: ${report.unverifiedParameters.length} (див. --json).`);
          const top = Math.max(0, Number(options.top) || 0);
          for (const b of report.budgets.slice(0, top))
            console.log(
              `  ${b.code}  ${b.amountText.padStart(22)}  ${String(b.pupils).padStart(7)} ${noun(b.pupils, PUPILS).padEnd(5)}  ${b.name} (${BUDGET_KIND_LABELS[b.kind]})`,
            );
          if (runId) console.log(`Розрахунок збережено: ${runId}`);
          if (options.xlsx) console.log(`Таблицю записано: ${options.xlsx}`);
        } finally {
          await runtime.close();
        }
      },
    );

  subvention
    .command('params')
    .description('набори параметрів формули (типовий набір року створюється за першим запитом)')
    .option('--year <year>', 'бюджетний рік')
    .option('--json', 'вивести у JSON')
    .action(async (options: { year?: string; json?: boolean }) => {
      const budgetYear = options.year === undefined ? undefined : year(options.year);
      const runtime = await openRuntime(loadConfig(), { purpose: 'aikom subvention params' });
      try {
        const service = new SubventionService(runtime.ctx);
        const sets = await service.listSetsAsSystem(budgetYear);
        if (options.json) printJson({ items: sets });
        else
          for (const s of sets)
            console.log(`${s.id}  ${s.budgetYear}  версія ${s.version}  ${s.isDefault ? '[типовий] ' : ''}${s.name}`);
      } finally {
        await runtime.close();
      }
    });
}
