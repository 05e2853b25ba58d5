/**
 * Measures the generator: planning time and pupil records per second on one core, without identifier encryption.
 *
 *   npx tsx tools/src/synth/bench.ts [demo|region|national] [seed] [--json]
 *
 * `--json` also serialises every record (as a loader writing NDJSON or COPY rows would), to show that cost apart.
 */
import {
  parseHostilitiesTsv,
  parseKatottgTsv,
  readDatasetText,
  readManifest,
} from '@aikom/server/reference/reference-data';
import { createSyntheticDataset, type Preset } from './generate';

export interface BenchResult {
  preset: Preset;
  planMs: number;
  records: number;
  generateMs: number;
  recordsPerSecond: number;
  serialisedBytes: number | null;
}

/** Plans and generates a whole preset, timing both. */
export function benchSynthetic(preset: Preset, seed: number, serialise: boolean): BenchResult {
  const manifest = readManifest();
  const reference = {
    codifier: parseKatottgTsv(readDatasetText(manifest.katottg)),
    hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
  };
  const t0 = performance.now();
  const data = createSyntheticDataset(reference, { preset, seed });
  const t1 = performance.now();
  let records = 0;
  let bytes = 0;
  for (const p of data.pupils()) {
    records++;
    if (serialise) bytes += JSON.stringify(p.record).length + JSON.stringify(p.truth).length;
  }
  const t2 = performance.now();
  return {
    preset,
    planMs: Math.round(t1 - t0),
    records,
    generateMs: Math.round(t2 - t1),
    recordsPerSecond: Math.round(records / ((t2 - t1) / 1000)),
    serialisedBytes: serialise ? bytes : null,
  };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (invokedDirectly) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const preset = (args[0] ?? 'national') as Preset;
  const seed = Number(args[1] ?? 1);
  const result = benchSynthetic(preset, seed, process.argv.includes('--json'));
  console.log(JSON.stringify({ ...result, heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20) }));
}
