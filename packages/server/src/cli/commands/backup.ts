import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { Command } from 'commander';
import type { BackupSecret } from '../../backup/archive';
import { backup, restore } from '../../backup/backup';
import { loadConfig } from '../../config';
import { openRuntime } from '../../runtime';
import { printJson } from '../output';

interface SecretOptions {
  passphraseEnv?: string;
  keyFile?: string;
  createKey?: boolean;
}

/** The archive's key: a passphrase from an environment variable, or a 32-byte key file kept apart from backups. */
function secretOf(o: SecretOptions): BackupSecret {
  if (o.keyFile) {
    if (!fs.existsSync(o.keyFile)) {
      if (!o.createKey) throw new Error(`файл ключа ${o.keyFile} не існує (додайте --create-key, щоб створити його)`);
      fs.writeFileSync(o.keyFile, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    }
    const key = Buffer.from(fs.readFileSync(o.keyFile, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`файл ключа ${o.keyFile} має містити 32 байти в base64`);
    return { key };
  }
  if (o.passphraseEnv) {
    const passphrase = process.env[o.passphraseEnv];
    if (!passphrase) throw new Error(`змінна середовища ${o.passphraseEnv} порожня`);
    return { passphrase };
  }
  throw new Error('укажіть --key-file FILE або --passphrase-env VAR: резервна копія завжди зашифрована');
}

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description(
      'зашифрована узгоджена резервна копія всього реєстру (ключі шифрування ідентифікаторів зберігайте окремо)',
    )
    .requiredOption('--out <file>', 'файл копії')
    .option('--key-file <file>', 'файл ключа копії (32 байти base64)')
    .option('--create-key', 'створити файл ключа, якщо його немає')
    .option('--passphrase-env <var>', 'змінна середовища з паролем копії (замість файлу ключа)')
    .option('--json', 'вивести звіт у JSON')
    .action(async (o: SecretOptions & { out: string; json?: boolean }) => {
      const secret = secretOf(o);
      const runtime = await openRuntime(loadConfig({ ...process.env, AIKOM_DEMO: '0' }), { purpose: 'aikom backup' });
      try {
        const header = await backup(runtime.ctx.db, o.out, secret, runtime.ctx.now());
        const rows = header.tables.reduce((s, t) => s + t.rows, 0);
        if (o.json) printJson({ file: o.out, ...header, rows });
        else
          console.log(
            `Резервну копію записано в ${o.out}: ${header.tables.length} таблиць, ${rows} рядків, схема версії ${header.schemaVersion}. Файл ключів ${runtime.ctx.config.keyFile} до копії не входить — збережіть його окремо.`,
          );
      } finally {
        await runtime.close();
      }
    });
  program
    .command('restore')
    .description('відновити реєстр із резервної копії в порожню базу даних (новий DATA_DIR або нова база PostgreSQL)')
    .requiredOption('--in <file>', 'файл копії')
    .option('--key-file <file>', 'файл ключа копії')
    .option('--passphrase-env <var>', 'змінна середовища з паролем копії')
    .option('--json', 'вивести звіт у JSON')
    .action(async (o: SecretOptions & { in: string; json?: boolean }) => {
      const secret = secretOf(o);
      const runtime = await openRuntime(loadConfig({ ...process.env, AIKOM_DEMO: '0' }), {
        purpose: 'aikom restore',
        prepare: false,
      });
      try {
        const header = await restore(runtime.ctx.db, o.in, secret);
        const rows = header.tables.reduce((s, t) => s + t.rows, 0);
        if (o.json) printJson({ restored: o.in, ...header, rows });
        else
          console.log(
            `Відновлено з ${o.in}: ${header.tables.length} таблиць, ${rows} рядків (копія від ${header.createdAt}). Для читання ідентифікаторів потрібен той самий файл ключів.`,
          );
      } finally {
        await runtime.close();
      }
    });
}
