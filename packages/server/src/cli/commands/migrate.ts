import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { migrate } from '../../db/migrate';
import { openRuntime } from '../../runtime';
import { printJson } from '../output';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('застосувати нові міграції схеми бази даних (лише вперед)')
    .option('--json', 'вивести результат у JSON')
    .action(async (options: { json?: boolean }) => {
      const runtime = await openRuntime(loadConfig(), { purpose: 'aikom migrate', prepare: false });
      try {
        const report = await migrate(runtime.ctx.db);
        if (options.json) printJson({ engine: runtime.ctx.db.engine, ...report });
        else if (report.applied.length === 0)
          console.log(`Схема актуальна (версія ${report.current}, ${runtime.ctx.db.engine}).`);
        else {
          for (const m of report.applied) console.log(`Застосовано ${String(m.version).padStart(4, '0')} ${m.name}`);
          console.log(`Версія схеми: ${report.current}.`);
        }
      } finally {
        await runtime.close();
      }
    });
}
