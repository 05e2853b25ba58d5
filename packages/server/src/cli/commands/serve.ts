import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { startServer } from '../../server';
import { printBanner } from '../banner';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('запустити API і портал (PORT, HOST, DATA_DIR або DATABASE_URL)')
    .action(async () => {
      const config = loadConfig();
      const server = await startServer(config);
      printBanner(server, config);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('Зупинка…\n');
          void server.stop().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
