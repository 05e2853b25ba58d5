import { Command, CommanderError } from 'commander';
import { describeFailure } from './output';
import { registerServe } from './commands/serve';
import { registerMigrate } from './commands/migrate';
import { registerSeed } from './commands/seed';
import { registerAdmin } from './commands/admin';
import { registerAudit } from './commands/audit';
import { registerPlatform } from './commands/platform';
import { registerCampaign } from './commands/campaign';
import { registerKeys } from './commands/keys';
import { registerBackup } from './commands/backup';
import { registerReport } from './commands/report';
import { registerSubvention } from './commands/subvention';
import { registerRegistry } from './commands/registry';
import { registerRollover, registerSchoolYear } from './commands/rollover';

/**
 * The operator CLI. Every command has --help, exits non-zero with a clear message on failure, offers --json where
 * it reports something, and works on the embedded database (DATA_DIR) or PostgreSQL (DATABASE_URL).
 */
export function buildProgram(): Command {
  const program = new Command('aikom')
    .description('aikom — реєстр учнів закладів загальної середньої освіти: команди оператора')
    .showHelpAfterError('(довідка: aikom --help)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .exitOverride();
  registerServe(program);
  registerMigrate(program);
  registerSeed(program);
  registerAdmin(program);
  registerAudit(program);
  registerPlatform(program);
  registerCampaign(program);
  registerKeys(program);
  registerBackup(program);
  registerReport(program);
  registerSubvention(program);
  registerRegistry(program);
  registerRollover(program);
  registerSchoolYear(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(describeFailure(error) + '\n');
    return 1;
  }
}
