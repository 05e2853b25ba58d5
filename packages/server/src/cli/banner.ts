import type { AppConfig } from '../config';
import type { RunningServer } from '../server';

/** What a person sees after `npm start`: where to go and how to log in. */
export function printBanner(server: RunningServer, config: AppConfig): void {
  const lines = [
    '',
    `  aikom працює: ${server.url}`,
    `  База даних: ${config.databaseUrl ? 'PostgreSQL' : `вбудована (PGlite), ${config.dataDir}`}; навчальний рік ${server.prepared.currentSchoolYear}`,
    `  API: ${server.url}/api/docs · стан: ${server.url}/healthz`,
  ];
  if (server.prepared.bootstrapAdmin) lines.push(`  Адміністратор міністерства: ${server.prepared.bootstrapAdmin}`);
  if (server.prepared.demoUsers.length > 0) {
    lines.push('', '  Демо-користувачі (лише демо-режим; пароль для всіх нижче):');
    for (const u of server.prepared.demoUsers)
      lines.push(`    ${u.login.padEnd(22)} ${u.roleLabel}${u.organisation ? ` — ${u.organisation}` : ''}`);
    lines.push(`  Пароль: ${server.prepared.demoPassword}`);
    if (config.mfa === 'admins')
      lines.push('  Адміністратори налаштовують другий фактор (TOTP) при першому вході; решта входить за паролем.');
    else if (config.mfa === 'required') lines.push('  Другий фактор (TOTP) налаштовується при першому вході.');
  } else if (!server.prepared.bootstrapAdmin && !server.prepared.hasUsers) {
    lines.push(
      '',
      '  Користувачів ще немає: задайте AIKOM_BOOTSTRAP_ADMIN=логін:пароль або виконайте `npx aikom admin create --login L`.',
    );
  }
  lines.push('', '  Зупинити: Ctrl+C', '');
  process.stdout.write(lines.join('\n') + '\n');
}
