import { schoolYearOf } from '@aikom/domain/school-year';
import {
  parseHostilitiesTsv,
  parseKatottgTsv,
  readDatasetText,
  readManifest,
} from '@aikom/server/reference/reference-data';
import { benchVerification, runLinkageBench, type LinkageBenchResult } from '@aikom/server/modules/verification/bench';
import type { Runtime } from '@aikom/server/runtime';
import { createSyntheticExtracts } from '../synth/extracts';
import type { Benchmark, Figure } from './harness';

/**
 * Issue 10: the births extract of the generated data set (≈ 4 M records on the national scale) linked with the registry
 * seeded from the same data set, timed, with precision and recall against the generator's truth, the pairs sent to
 * review, and the exact-identifier baseline measured in the same run. It reuses the database loaded by
 * `load-national-postgres` (the preset of the scale); run alone, it seeds a fresh PostgreSQL database of its own.
 */
export const registryLinkage: Benchmark = {
  name: 'registry-linkage',
  issue: 10,
  after: ['load-national-postgres'],
  description: 'Births extract linked with the registry (Fellegi–Sunter, EM), against the exact-identifier baseline',
  async run(ctx) {
    // The database `load-national-postgres` loaded (with the preset of the scale, seed 1), or a fresh one.
    const loaded = ctx.shared.get('national') as Runtime | undefined;
    let r: LinkageBenchResult;
    if (loaded) {
      const today = loaded.ctx.now().toISOString().slice(0, 10);
      const manifest = readManifest();
      ctx.log(`  making the births extract of the ${ctx.scale} data set…`);
      const extracts = createSyntheticExtracts(
        {
          codifier: parseKatottgTsv(readDatasetText(manifest.katottg)),
          hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
        },
        { preset: ctx.scale, seed: 1, schoolYear: schoolYearOf(today).id, today },
      );
      const births = [...extracts.items('births')];
      ctx.log(`  linking ${births.length} births records…`);
      r = await runLinkageBench(loaded.ctx, { dataset: extracts.dataset, births });
    } else {
      r = await benchVerification({
        preset: ctx.scale,
        seed: 1,
        databaseUrl: await ctx.freshDatabase('linkage'),
        onStage: (stage) => ctx.log(`  ${stage}…`),
      });
    }
    const quality = (name: string, value: number, baseline: number): Figure => ({
      metric: name,
      value,
      unit: '',
      baseline: { name: 'exact identifiers only', value: baseline },
      ratio: baseline > 0 ? value / baseline : 0,
      target: '≥ 0.99',
      pass: value >= 0.99,
      note: `${value.toFixed(5)} against ${baseline.toFixed(5)}`,
    });
    return [
      {
        metric: `linkage of ${r.births} births records with ${r.registry} pupils (load + link + write)`,
        value: r.seconds.linkage,
        unit: 's',
        target: '< 120 s',
        pass: r.seconds.linkage < 120,
        note: `load ${r.seconds.load} s, link ${r.seconds.link} s, write ${r.seconds.write} s; ${r.cpuSeconds} CPU s; peak ${r.peakRssMiB} MiB; ${r.candidatePairs} candidate pairs`,
      },
      quality('precision of the links', r.linked.precision, r.baseline.precision),
      quality('recall of the links', r.linked.recall, r.baseline.recall),
      {
        metric: 'pairs sent to review',
        value: r.review,
        unit: 'pairs',
        note: `${r.reviewTrue} of them true; decided right, precision ${r.withReview.precision}, recall ${r.withReview.recall}`,
      },
    ];
  },
};
