import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { openRuntime } from '../../runtime';
import { rotateKeys } from '../../security/rotate-keys';
import { printJson, progressBar } from '../output';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('ключі шифрування ідентифікаторів');
  keys
    .command('rotate')
    .description(
      'новий ключ шифрування: перешифрувати всі зашифровані дані; старі ключі лишаються, доки не вказано --retire',
    )
    .option('--retire', 'вилучити з файлу ключів старі ключі після перешифрування')
    .option('--json', 'вивести звіт у JSON')
    .action(async (options: { retire?: boolean; json?: boolean }) => {
      const config = loadConfig({ ...process.env, AIKOM_DEMO: '0' });
      const runtime = await openRuntime(config, { purpose: 'aikom keys rotate' });
      const bar = progressBar(!options.json);
      try {
        bar.start(0, 'перешифрування');
        const { report } = await rotateKeys(runtime.ctx.db, config.keyFile, runtime.ctx.keys, {
          now: runtime.ctx.now(),
          retire: options.retire ?? false,
          onProgress: (done, column) => bar.update(done, column),
        });
        bar.stop();
        if (options.json) printJson(report);
        else {
          console.log(`Новий активний ключ: №${report.newKeyId}.`);
          for (const [column, n] of Object.entries(report.reencrypted)) console.log(`  ${column}: перешифровано ${n}`);
          if (report.retired.length > 0) console.log(`Вилучено старі ключі: ${report.retired.join(', ')}.`);
          else console.log('Старі ключі лишилися у файлі ключів (вилучіть їх пізніше командою з --retire).');
        }
      } finally {
        bar.stop();
        await runtime.close();
      }
    });
}
