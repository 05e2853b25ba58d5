import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { prepareInstance } from '../../bootstrap';
import { createMinistryAdmin } from '../../modules/users/admins';
import { openRuntime } from '../../runtime';
import { printJson } from '../output';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write('Пароль (введення не приховується; краще передати через stdin): ');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerAdmin(program: Command): void {
  const admin = program.command('admin').description('адміністратори');
  admin
    .command('create')
    .description('створити адміністратора МОН (пароль — зі стандартного входу)')
    .requiredOption('--login <login>', 'логін (латиниця, цифри, . _ @ -)')
    .option('--name <fullName>', "повне ім'я", 'Адміністратор МОН')
    .option('--json', 'вивести результат у JSON')
    .action(async (options: { login: string; name: string; json?: boolean }) => {
      const password = await readStdin();
      const runtime = await openRuntime(loadConfig({ ...process.env, AIKOM_DEMO: '0' }), {
        purpose: 'aikom admin create',
      });
      try {
        await prepareInstance(runtime.ctx);
        const created = await createMinistryAdmin(runtime.ctx, {
          login: options.login,
          password,
          fullName: options.name,
          via: 'cli',
        });
        if (options.json) printJson(created);
        else
          console.log(
            `Створено адміністратора МОН «${created.login}». Другий фактор (TOTP) налаштовується при першому вході.`,
          );
      } finally {
        await runtime.close();
      }
    });
}
