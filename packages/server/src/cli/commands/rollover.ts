import { parseSchoolYearLabel } from '@aikom/domain/school-year';
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { AppError, ERROR_CODES, type ErrorCode } from '../../errors';
import { transitionTx } from '../../db/schema-transitions';
import {
  TRANSITION_JOB,
  TransitionService,
  type BulkFilter,
  type BulkReport,
  type Initiator,
} from '../../modules/transitions/service';
import { openRuntime } from '../../runtime';
import { printJson, progressBar } from '../output';

function year(label: string, option: string): number {
  const y = parseSchoolYearLabel(label);
  if (!y) throw new AppError('VALIDATION_FAILED', { detail: `${option}: навчальний рік записують як 2024-2025.` });
  return y.id;
}

const plural = (n: number, one: string, few: string, many: string) => {
  const t = n % 100;
  const u = n % 10;
  return t >= 11 && t <= 14 ? many : u === 1 ? one : u >= 2 && u <= 4 ? few : many;
};

interface RolloverOptions {
  from: string;
  to: string;
  school?: string;
  ouo?: string;
  dryRun?: boolean;
  undo?: boolean;
  allowErrors?: boolean;
  order?: string;
  json?: boolean;
}

/**
 * `aikom rollover`: the year-end transition for operators. Many schools run as a recorded job (progress bar on a
 * terminal); a run killed half-way is resumed by running the command again (schools done are skipped, and a job of a
 * process that died is picked up where it stopped).
 */
export function registerRollover(program: Command): void {
  program
    .command('rollover')
    .description('перевести учнів на наступний навчальний рік (усі заклади, заклади ОУО або один заклад)')
    .requiredOption('--from <year>', 'навчальний рік, що завершується, напр. 2024-2025')
    .requiredOption('--to <year>', 'наступний навчальний рік, напр. 2025-2026 (його має бути відкрито)')
    .option('--school <edrpou>', 'лише заклад з цим кодом ЄДРПОУ')
    .option('--ouo <id>', 'лише заклади цього органу управління освітою (id)')
    .option('--dry-run', 'лише показати, що буде зроблено, і що заважає; нічого не змінювати')
    .option('--undo', 'скасувати переведення закладу (--school), доки рік не закрито')
    .option('--allow-errors', 'переводити й учнів із помилками в записах (із попередженням)')
    .option('--order <number>', 'номер наказу про переведення')
    .option('--json', 'вивести звіт у JSON')
    .action(async (o: RolloverOptions) => {
      const from = year(o.from, '--from');
      if (year(o.to, '--to') !== from + 1)
        throw new AppError('VALIDATION_FAILED', { detail: '--to має бути наступним навчальним роком після --from.' });
      if (o.undo && !o.school) throw new AppError('VALIDATION_FAILED', { detail: '--undo потребує --school.' });
      const runtime = await openRuntime(loadConfig({ ...process.env, AIKOM_DEMO: '0' }), { purpose: 'aikom rollover' });
      const command = `aikom rollover --from ${o.from} --to ${o.to}${o.school ? ` --school ${o.school}` : ''}${o.ouo ? ` --ouo ${o.ouo}` : ''}${o.dryRun ? ' --dry-run' : ''}${o.undo ? ' --undo' : ''}`;
      const i: Initiator = { kind: 'operator', command };
      const ctx = runtime.ctx;
      const service = new TransitionService(ctx);
      const scope = { national: true };
      const bar = progressBar(!o.json);
      try {
        const filter: BulkFilter = {};
        if (o.ouo) filter.ouoId = o.ouo;
        if (o.school) {
          const school = await ctx.db.scoped(scope, (trx) => service.repo.schoolByEdrpou(transitionTx(trx), o.school!));
          if (!school) throw new AppError('NOT_FOUND', { detail: `Заклад з кодом ЄДРПОУ ${o.school} не знайдено.` });
          filter.schoolIds = [school.id];
          if (o.undo) {
            const r = await service.undo(i, school.id, from);
            if (o.json) printJson({ undone: r.transition.id, reopened: r.reopened });
            else
              console.log(
                `Переведення закладу ${school.name} скасовано: відновлено ${r.reopened} ${plural(r.reopened, 'запис', 'записи', 'записів')} учнів.`,
              );
            return;
          }
        }
        const options = {
          validationErrors: o.allowErrors ? ('warn' as const) : ('block' as const),
          orderNumber: o.order ?? null,
        };
        if (o.dryRun) {
          const r = await service.dryRun(i, scope, from, filter, options);
          const ready = r.outcomes.filter((x) => x.status === 'applied');
          const blocked = r.outcomes.filter((x) => x.status === 'blocked');
          const totals = { pupils: 0, promote: 0, repeat: 0, graduate: 0, leave: 0 };
          for (const x of ready)
            for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += x.counts![k];
          const reasons = new Map<string, number>();
          for (const b of blocked) for (const x of b.blockers) reasons.set(x.code, (reasons.get(x.code) ?? 0) + 1);
          const summary = {
            dryRun: true,
            fromYear: o.from,
            toYear: o.to,
            schools: r.schools,
            alreadyApplied: r.alreadyApplied,
            ready: ready.length,
            blocked: blocked.length,
            pupils: totals,
            blockers: Object.fromEntries(reasons),
            blockedSchools: blocked
              .slice(0, 100)
              .map((b) => ({ edrpou: b.edrpou, name: b.name, blockers: b.blockers })),
          };
          if (o.json) printJson(summary);
          else {
            console.log(
              `Перевірка (нічого не змінено): закладів ${r.schools}, уже переведено ${r.alreadyApplied}, готові ${ready.length}, заблоковано ${blocked.length}.`,
            );
            console.log(
              `Учнів: ${totals.pupils} — до наступного класу ${totals.promote}, повторно ${totals.repeat}, випускників ${totals.graduate}, вибувають ${totals.leave}.`,
            );
            for (const [code, n] of reasons)
              console.log(`  ${code}: ${n} ${plural(n, 'заклад', 'заклади', 'закладів')}`);
          }
          return;
        }
        // A job left running by a process that died is returned to the queue and resumed here.
        await ctx.jobs.recover();
        const jobId = await ctx.jobs.enqueue(
          TRANSITION_JOB,
          { fromYear: from, filter: { ...filter }, options, caller: null, command },
          { scope },
        );
        let started = false;
        const poll = setInterval(() => {
          void ctx.jobs.get(jobId, scope).then((j) => {
            if (j.progress.total === null) return;
            if (!started) {
              bar.start(j.progress.total, j.progress.note ?? '');
              started = true;
            }
            bar.update(j.progress.done, j.progress.note ?? undefined);
          });
        }, 500);
        try {
          await ctx.jobs.drain();
        } finally {
          clearInterval(poll);
          bar.stop();
        }
        const job = await ctx.jobs.get(jobId, scope);
        if (job.status !== 'succeeded') {
          // The job's own refusal (a year not open, a conflict) is the operator's answer.
          const e = job.error as { code?: string; message?: string } | null;
          const code = e?.code && e.code in ERROR_CODES ? (e.code as ErrorCode) : 'TRANSITION_STATE';
          throw new AppError(code, { detail: `Переведення не завершено: ${e?.message ?? job.status}` });
        }
        const r = job.result as BulkReport;
        if (o.json) printJson({ jobId, ...r });
        else {
          console.log(
            `Переведено закладів: ${r.applied} (уже було: ${r.alreadyApplied}, заблоковано: ${r.blocked}) за ${Math.round(r.ms / 100) / 10} с.`,
          );
          console.log(
            `Учнів: ${r.pupils.pupils} — до наступного класу ${r.pupils.promote}, повторно ${r.pupils.repeat}, випускників ${r.pupils.graduate}, вибули ${r.pupils.leave}.`,
          );
          for (const b of r.blockedSchools.slice(0, 20))
            console.log(`  заблоковано: ${b.edrpou ?? ''} ${b.name}: ${b.blockers.map((x) => x.code).join(', ')}`);
        }
      } finally {
        bar.stop();
        await runtime.close();
      }
    });
}

/** `aikom school-year`: the ministry opens the next school year and closes the one that ended. */
export function registerSchoolYear(program: Command): void {
  const cmd = program.command('school-year').description('навчальні роки реєстру');
  cmd
    .command('list')
    .description('показати навчальні роки')
    .option('--json', 'вивести у JSON')
    .action(async (o: { json?: boolean }) => {
      const runtime = await openRuntime(loadConfig({ ...process.env, AIKOM_DEMO: '0' }), {
        purpose: 'aikom school-year list',
      });
      try {
        const years = await new TransitionService(runtime.ctx).schoolYears();
        if (o.json) printJson(years.map((y) => ({ label: y.label, status: y.status, current: y.is_current })));
        else for (const y of years) console.log(`${y.label}  ${y.status}${y.is_current ? '  (поточний)' : ''}`);
      } finally {
        await runtime.close();
      }
    });
  for (const action of ['open', 'close'] as const)
    cmd
      .command(action)
      .description(
        action === 'open'
          ? 'відкрити наступний навчальний рік'
          : 'закрити навчальний рік (переведення стають остаточними)',
      )
      .requiredOption('--year <year>', 'навчальний рік, напр. 2025-2026')
      .option('--json', 'вивести у JSON')
      .action(async (o: { year: string; json?: boolean }) => {
        year(o.year, '--year');
        const runtime = await openRuntime(loadConfig({ ...process.env, AIKOM_DEMO: '0' }), {
          purpose: `aikom school-year ${action}`,
        });
        try {
          const service = new TransitionService(runtime.ctx);
          const i: Initiator = { kind: 'operator', command: `aikom school-year ${action} --year ${o.year}` };
          const y = action === 'open' ? await service.openYear(i, o.year) : await service.closeYear(i, o.year);
          if (o.json) printJson({ label: y.label, status: y.status, current: y.is_current });
          else
            console.log(
              `${y.label}: ${y.status === 'open' ? 'відкрито' : 'закрито'}${y.is_current ? ' (поточний)' : ''}.`,
            );
        } finally {
          await runtime.close();
        }
      });
}
