import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { prepareInstance } from '../../bootstrap';
import { LinkService } from '../../modules/exchange/links/service';
import { tokenService } from '../../modules/exchange/oauth/tokens';
import { PlatformService } from '../../modules/exchange/platforms/service';
import { PLATFORM_SCOPES, isPlatformScope } from '../../modules/exchange/scopes';
import { openRuntime, type Runtime } from '../../runtime';
import { printJson } from '../output';

async function withRuntime<T>(purpose: string, fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig({ ...process.env, AIKOM_DEMO: '0' }), { purpose });
  try {
    await prepareInstance(runtime.ctx);
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

function scopesOf(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  const scopes = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = scopes.filter((s) => !isPlatformScope(s));
  if (bad.length > 0 || scopes.length === 0)
    throw new Error(`--scopes: дозволи через кому з ${PLATFORM_SCOPES.join(', ')}; невідомі: ${bad.join(', ') || '—'}`);
  return scopes;
}

/**
 * `aikom platform …`: the operator's side of the platform register (ОІС authorised by the ministry). The client
 * secret is printed once, to standard output only; it is never logged.
 */
export function registerPlatform(program: Command): void {
  const platform = program.command('platform').description('освітні платформи (ОІС): облікові дані OAuth, заклади');

  platform
    .command('create')
    .description('зареєструвати платформу й видати облікові дані OAuth (секрет показується один раз)')
    .requiredOption('--name <name>', 'назва платформи')
    .option('--operator <operator>', 'оператор платформи (юридична особа); типово — назва')
    .option('--contact <contact>', 'технічний контакт оператора (e-mail або телефон)', 'не вказано')
    .option('--scopes <list>', `дозволи через кому (типово всі: ${PLATFORM_SCOPES.join(', ')})`)
    .option('--rate-limit <n>', 'запитів за хвилину на маршрут', '600')
    .option('--json', 'вивести результат у JSON')
    .action(
      async (o: {
        name: string;
        operator?: string;
        contact: string;
        scopes?: string;
        rateLimit: string;
        json?: boolean;
      }) => {
        const rate = Number(o.rateLimit);
        if (!Number.isInteger(rate) || rate < 1 || rate > 1_000_000)
          throw new Error('--rate-limit: ціле число 1–1000000');
        const scopes = scopesOf(o.scopes);
        await withRuntime('aikom platform create', async ({ ctx }) => {
          const created = await new PlatformService(ctx).create(null, {
            name: o.name,
            operator: o.operator ?? o.name,
            contact: o.contact,
            rateLimitPerMinute: rate,
            ...(scopes ? { scopes: scopes as never } : {}),
          });
          if (o.json)
            printJson({
              platformId: created.platform.id,
              clientId: created.clientId,
              clientSecret: created.clientSecret,
            });
          else {
            console.log(`Зареєстровано платформу «${created.platform.name}».`);
            console.log(`client_id:     ${created.clientId}`);
            console.log(`client_secret: ${created.clientSecret}`);
            console.log('Секрет показано один раз: передайте його оператору платформи захищеним каналом.');
          }
        });
      },
    );

  platform
    .command('list')
    .description('перелік платформ')
    .option('--json', 'вивести результат у JSON')
    .action(async (o: { json?: boolean }) => {
      await withRuntime('aikom platform list', async ({ ctx }) => {
        const all = await new PlatformService(ctx).all();
        if (o.json) printJson(all);
        else if (all.length === 0) console.log('Платформ ще не зареєстровано.');
        else
          for (const p of all)
            console.log(
              `${p.clientId}  ${p.status === 'active' ? 'чинна     ' : 'відкликана'}  закладів: ${p.schools}  ${p.name}`,
            );
      });
    });

  platform
    .command('rotate-secret')
    .description('видати новий секрет (попередній діє ще 24 години)')
    .requiredOption('--client-id <id>', 'client_id платформи')
    .option('--json', 'вивести результат у JSON')
    .action(async (o: { clientId: string; json?: boolean }) => {
      await withRuntime('aikom platform rotate-secret', async ({ ctx }) => {
        const service = new PlatformService(ctx);
        const r = await service.rotateSecret(null, await service.idOfClient(o.clientId));
        if (o.json)
          printJson({
            clientId: r.clientId,
            clientSecret: r.clientSecret,
            previousSecretValidUntil: r.previousSecretValidUntil,
          });
        else {
          console.log(`client_secret: ${r.clientSecret}`);
          console.log(`Попередній секрет діє до ${r.previousSecretValidUntil}.`);
        }
      });
    });

  platform
    .command('revoke')
    .description('відкликати платформу: її токени перестають діяти, заклади від неї відʼєднуються')
    .requiredOption('--client-id <id>', 'client_id платформи')
    .option('--json', 'вивести результат у JSON')
    .action(async (o: { clientId: string; json?: boolean }) => {
      await withRuntime('aikom platform revoke', async ({ ctx }) => {
        const service = new PlatformService(ctx);
        const p = await service.revoke(null, await service.idOfClient(o.clientId));
        if (o.json) printJson(p);
        else console.log(`Платформу «${p.name}» відкликано.`);
      });
    });

  platform
    .command('link')
    .description('підключити заклад до платформи рішенням оператора (без запиту закладу та рішення ОУО)')
    .requiredOption('--client-id <id>', 'client_id платформи')
    .requiredOption('--school <edrpou...>', 'код(и) ЄДРПОУ закладу')
    .option('--json', 'вивести результат у JSON')
    .action(async (o: { clientId: string; school: string[]; json?: boolean }) => {
      await withRuntime('aikom platform link', async ({ ctx }) => {
        const platformId = await new PlatformService(ctx).idOfClient(o.clientId);
        const links = [];
        for (const edrpou of o.school) links.push(await new LinkService(ctx).operatorLink(platformId, edrpou));
        if (o.json) printJson(links);
        else for (const l of links) console.log(`${l.school.edrpou}  ${l.school.name} → ${l.platform.name}`);
      });
    });

  platform
    .command('signing-key')
    .description('ключі підпису токенів доступу')
    .command('rotate')
    .description('вивести з ужитку поточний ключ підпису й створити новий (старий ще годину перевіряє токени)')
    .option('--json', 'вивести результат у JSON')
    .action(async (o: { json?: boolean }) => {
      await withRuntime('aikom platform signing-key rotate', async ({ ctx }) => {
        const kid = await tokenService(ctx).keys.rotate();
        if (o.json) printJson({ kid });
        else console.log(`Новий ключ підпису: ${kid}.`);
      });
    });
}
