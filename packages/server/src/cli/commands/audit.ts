import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { AppError } from '../../errors';
import { AuditRepository } from '../../modules/audit/repository';
import { openRuntime } from '../../runtime';
import { printJson } from '../output';

const REASONS = {
  hash: 'вміст запису не відповідає його хешу (запис змінено)',
  link: 'запис не посилається на хеш попереднього (ланцюг розірвано)',
  gap: 'у ланцюгу бракує записів (записи видалено)',
} as const;

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('журнал аудиту');
  audit
    .command('verify')
    .description('перевірити хеш-ланцюг журналу аудиту; назвати перший пошкоджений запис')
    .option('--json', 'вивести результат у JSON')
    .action(async (options: { json?: boolean }) => {
      const runtime = await openRuntime(loadConfig(), { purpose: 'aikom audit verify' });
      try {
        const repo = new AuditRepository();
        await repo.sealAll(runtime.ctx.db);
        const result = await repo.verify(runtime.ctx.db.kysely);
        if (options.json) printJson({ ok: result.firstBreak === null, ...result });
        else if (!result.firstBreak)
          console.log(`Журнал аудиту цілий: ${result.entries} записів, ланцюг хешів не порушено.`);
        if (result.firstBreak) {
          const detail = `Перший пошкоджений запис: №${result.firstBreak.id} — ${REASONS[result.firstBreak.reason]}.`;
          if (!options.json) console.error(detail);
          throw new AppError('CONFLICT', { detail });
        }
      } finally {
        await runtime.close();
      }
    });
}
