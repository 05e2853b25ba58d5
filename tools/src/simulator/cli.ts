/**
 * The e-journal simulator as a command (a load tool on loopback):
 *
 *   npx tsx tools/src/simulator/cli.ts run --base-url http://127.0.0.1:3000 --client-id … --client-secret … \
 *     [--preset region --seed 1] [--rounds 3 --edits 200 --batch 1000 --concurrency 2] [--json]
 *       against a running server seeded with the same preset and seed (`aikom seed --preset region --seed 1`) whose
 *       schools chose the platform (`aikom platform link --client-id … --school …`);
 *   npx tsx tools/src/simulator/cli.ts embedded [--database-url postgres://…] [--preset demo] [--schools 5] …
 *       starts a registry in this process (a fresh database, dropped at the end) and runs against it;
 *   npx tsx tools/src/simulator/cli.ts bench [--database-url postgres://…] [--preset region] [--schools 60] \
 *     [--read-clients 100 --read-seconds 15]
 *       the benchmark of tools/src/simulator/bench.ts, as JSON.
 */
import { parseArgs } from 'node:util';
import { createPlatformClient } from '../../../packages/sdk/src/resources/platform';
import { createSyntheticDataset, type Preset } from '../synth/generate';
import { benchExchange } from './bench';
import { startEmbeddedRegistry } from './embedded';
import { referenceData } from './reference';
import { EJournalSimulator } from './simulator';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    'base-url': { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'database-url': { type: 'string' },
    preset: { type: 'string', default: 'demo' },
    seed: { type: 'string', default: '1' },
    schools: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    edits: { type: 'string', default: '100' },
    batch: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '2' },
    today: { type: 'string' },
    'read-clients': { type: 'string', default: '100' },
    'read-seconds': { type: 'string', default: '15' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

const int = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name}: ціле невідʼємне число`);
  return n;
};
const preset = values.preset as Preset;
if (!['demo', 'region', 'national'].includes(preset)) throw new Error('--preset: demo, region або national');
const log = values.json ? () => undefined : (m: string) => console.error(m);

async function rounds(sim: EJournalSimulator): Promise<unknown> {
  const init = await sim.initialiseMirror();
  const first = await sim.push();
  await sim.follow();
  const reports: unknown[] = [{ round: 0, mirrorStart: init, push: first, verify: await sim.verify() }];
  for (let r = 1; r <= int('rounds'); r++) {
    const edits = await sim.edit(int('edits'));
    const follow = await sim.follow();
    reports.push({ round: r, edits, follow, verify: await sim.verify() });
  }
  return reports;
}

async function main(): Promise<number> {
  const command = positionals[0];
  if (values.help || !command) {
    console.log('Команди: run | embedded | bench (див. заголовок tools/src/simulator/cli.ts)');
    return command ? 0 : 2;
  }
  if (command === 'bench') {
    const result = await benchExchange({
      databaseUrl: values['database-url'],
      preset,
      seed: int('seed'),
      schools: int('schools'),
      batchSize: int('batch'),
      concurrency: int('concurrency'),
      readClients: int('read-clients'),
      readSeconds: int('read-seconds'),
      log,
    });
    console.log(JSON.stringify(result, null, 2));
    return result.mirror.equal ? 0 : 1;
  }
  if (command === 'embedded') {
    const registry = await startEmbeddedRegistry({
      databaseUrl: values['database-url'],
      preset,
      seed: int('seed'),
      schools: int('schools'),
    });
    try {
      const client = createPlatformClient({
        baseUrl: registry.baseUrl,
        clientId: registry.platform.clientId,
        clientSecret: registry.platform.clientSecret,
      });
      const sim = new EJournalSimulator({
        client,
        dataset: registry.dataset,
        schools: registry.schools,
        today: registry.today,
        batchSize: int('batch'),
        concurrency: int('concurrency'),
        seed: int('seed'),
        log,
      });
      const report = await rounds(sim);
      if (values.json) console.log(JSON.stringify(report, null, 2));
      return (report as Array<{ verify: { equal: boolean } }>).every((r) => r.verify.equal) ? 0 : 1;
    } finally {
      await registry.close();
    }
  }
  if (command === 'run') {
    const baseUrl = values['base-url'];
    const clientId = values['client-id'] ?? process.env.AIKOM_CLIENT_ID;
    const clientSecret = values['client-secret'] ?? process.env.AIKOM_CLIENT_SECRET;
    if (!baseUrl || !clientId || !clientSecret) throw new Error('потрібні --base-url, --client-id і --client-secret');
    const client = createPlatformClient({ baseUrl, clientId, clientSecret });
    const today = values.today ?? new Date().toISOString().slice(0, 10);
    const year = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 9 ? 1 : 0);
    const dataset = createSyntheticDataset(referenceData(), { preset, seed: int('seed'), schoolYear: year, today });
    const served = new Set((await client.platform.schools()).map((s) => s.edrpou));
    const schools = dataset.plan.schools.filter((s) => served.has(s.edrpou)).map((s) => s.edrpou);
    if (schools.length === 0)
      throw new Error('жоден заклад платформи не належить цьому синтетичному набору (перевірте --preset і --seed)');
    const sim = new EJournalSimulator({
      client,
      dataset,
      schools,
      today,
      batchSize: int('batch'),
      concurrency: int('concurrency'),
      seed: int('seed'),
      log,
    });
    const report = await rounds(sim);
    if (values.json) console.log(JSON.stringify(report, null, 2));
    return (report as Array<{ verify: { equal: boolean } }>).every((r) => r.verify.equal) ? 0 : 1;
  }
  console.error(`Невідома команда ${command}: run, embedded або bench`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
