import path from 'node:path';
import { Option, type Command } from 'commander';
import { EXTRACT_KINDS, type ExtractKind } from '@aikom/domain/linkage/extract-formats';
import { createSyntheticExtracts, writeExtractFiles } from '@aikom/tools/synth/extracts';
import { loadConfig } from '../../config';
import { prepareInstance } from '../../bootstrap';
import { parseHostilitiesTsv, parseKatottgTsv, readDatasetText, readManifest } from '../../reference/reference-data';
import { openRuntime } from '../../runtime';
import { systemAccess } from '../../modules/verification/access';
import { DEFAULT_LOST_CONTACT_DAYS, VerificationService } from '../../modules/verification/service';
import { printJson, progressBar } from '../output';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function probability(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n > 0 && n < 1)) throw new Error(`${name} має бути числом між 0 і 1`);
  return n;
}

function positive(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} має бути додатним цілим числом`);
  return n;
}

/**
 * `aikom registry …`: the operator's side of verification against state registries — import an extract from a file
 * (and link it), link again, detect potentially missing children, and make synthetic extracts for a seeded registry.
 * These run as the database owner on the server itself and are audited as the CLI; the portal does the same through
 * the API as the ministry's verification officer.
 */
export function registerRegistry(program: Command): void {
  const registry = program.command('registry').description('верифікація за державними реєстрами');

  registry
    .command('import')
    .description('завантажити витяг з реєстру (CSV, формат — docs/registry-extracts.md) як нову версію і звʼязати його')
    .addOption(new Option('--kind <kind>', 'вид витягу').choices([...EXTRACT_KINDS]).makeOptionMandatory())
    .requiredOption('--file <file>', 'файл CSV')
    .option('--as-of <date>', 'дата, станом на яку складено витяг (РРРР-ММ-ДД; типово сьогодні)')
    .option('--no-link', 'не звʼязувати після завантаження')
    .option('--json', 'вивести звіт у JSON')
    .action(async (options: { kind: ExtractKind; file: string; asOf?: string; link: boolean; json?: boolean }) => {
      if (options.asOf !== undefined && !ISO_DATE.test(options.asOf))
        throw new Error('--as-of має бути датою РРРР-ММ-ДД');
      const runtime = await openRuntime(loadConfig({ ...process.env, AIKOM_DEMO: '0' }), {
        purpose: `aikom registry import --kind ${options.kind}`,
      });
      const bar = progressBar(!options.json);
      try {
        await prepareInstance(runtime.ctx);
        const service = new VerificationService(runtime.ctx);
        if (options.link) await service.assertLinkable(systemAccess(runtime.ctx), options.kind);
        bar.start(0, 'рядки витягу');
        const { snapshot, result } = await service.importFile(options.kind, path.resolve(options.file), {
          ...(options.asOf ? { asOf: options.asOf } : {}),
          onProgress: (rows) => bar.update(rows),
        });
        bar.stop();
        const runs = options.link
          ? await service.link(systemAccess(runtime.ctx), snapshot.id, {
              onProgress: (stage, done, total) => {
                if (total > 0) bar.start(total, stage);
                bar.update(done, stage);
              },
            })
          : [];
        bar.stop();
        const report = {
          snapshotId: snapshot.id,
          kind: snapshot.kind,
          version: snapshot.version,
          asOf: snapshot.asOf,
          rows: result.total,
          imported: result.imported,
          rejected: result.rejected,
          rejectedRows: result.rejectedRows.slice(0, 20),
          notes: result.notes,
          provenance: result.provenance,
          runs: runs.map((r) => ({
            runId: r.runId,
            target: r.target,
            linked: r.linked,
            review: r.review,
            byMethod: r.byMethod,
            seconds: r.seconds,
          })),
        };
        if (options.json) printJson(report);
        else {
          console.log(
            `Завантажено витяг «${options.kind}», версія ${snapshot.version}: ${result.imported} записів` +
              (result.rejected > 0 ? `, відхилено ${result.rejected}` : '') +
              '.',
          );
          for (const r of runs) {
            console.log(
              `Звʼязано з ${r.target === 'registry' ? 'реєстром учнів' : 'витягом про народження'}: ${r.linked} пар, на перевірку ${r.review}, за ${r.seconds.total} с.`,
            );
          }
        }
      } finally {
        bar.stop();
        await runtime.close();
      }
    });

  registry
    .command('link')
    .description('звʼязати версію витягу ще раз (рішення перевіряльників застосовуються)')
    .requiredOption('--snapshot <id>', 'ідентифікатор версії витягу')
    .option('--upper <p>', 'верхній поріг імовірності (типово 0.99)')
    .option('--lower <p>', 'нижній поріг імовірності (типово 0.2)')
    .option('--json', 'вивести звіт у JSON')
    .action(async (options: { snapshot: string; upper?: string; lower?: string; json?: boolean }) => {
      const upper = probability(options.upper, '--upper');
      const lower = probability(options.lower, '--lower');
      const runtime = await openRuntime(loadConfig({ ...process.env, AIKOM_DEMO: '0' }), {
        purpose: 'aikom registry link',
      });
      try {
        const runs = await new VerificationService(runtime.ctx).link(systemAccess(runtime.ctx), options.snapshot, {
          upper,
          lower,
        });
        if (options.json) printJson({ runs });
        else
          for (const r of runs)
            console.log(`${r.target}: ${r.linked} пар, на перевірку ${r.review}, за ${r.seconds.total} с.`);
      } finally {
        await runtime.close();
      }
    });

  registry
    .command('detect')
    .description('скласти перелік потенційно зниклих дітей і відкрити справи (для передачі ОУО — у порталі)')
    .option('--lost-contact-days <n>', `втрачено звʼязок довше, ніж стільки днів (типово ${DEFAULT_LOST_CONTACT_DAYS})`)
    .option(
      '--transit-days <n>',
      'вибув і не зарахований довше, ніж стільки навчальних днів (типово AIKOM_TRANSIT_DAYS)',
    )
    .option('--json', 'вивести звіт у JSON')
    .action(async (options: { lostContactDays?: string; transitDays?: string; json?: boolean }) => {
      const lost = positive(options.lostContactDays, '--lost-contact-days');
      const transit = positive(options.transitDays, '--transit-days');
      const runtime = await openRuntime(loadConfig({ ...process.env, AIKOM_DEMO: '0' }), {
        purpose: 'aikom registry detect',
      });
      try {
        const stats = await new VerificationService(runtime.ctx).detectAsOperator({
          lostContactDays: lost ?? DEFAULT_LOST_CONTACT_DAYS,
          transitDays: transit ?? runtime.ctx.config.transitDays,
        });
        if (options.json) printJson(stats);
        else
          console.log(
            `Дітей у переліку: ${stats.children}; відкрито справ: ${stats.opened}, оновлено: ${stats.updated}, без ОУО: ${stats.withoutOuo}.`,
          );
      } finally {
        await runtime.close();
      }
    });

  registry
    .command('synth')
    .description(
      'створити синтетичні витяги реєстрів для даних, завантажених командою seed (та сама шаблон, зерно і дата)',
    )
    .addOption(new Option('--preset <preset>', 'обсяг').choices(['demo', 'region', 'national']).default('demo'))
    .option('--seed <n>', 'зерно генератора', '1')
    .option('--today <date>', 'дата, на яку завантажено seed (РРРР-ММ-ДД; типово сьогодні)')
    .requiredOption('--dir <dir>', 'каталог для файлів <вид>.csv')
    .option('--truth <file>', 'записати істину (NDJSON: kind, recordId, truthId, fate) для оцінювання')
    .option('--json', 'вивести звіт у JSON')
    .action(
      async (options: {
        preset: 'demo' | 'region' | 'national';
        seed: string;
        today?: string;
        dir: string;
        truth?: string;
        json?: boolean;
      }) => {
        const seed = Number(options.seed);
        if (!Number.isSafeInteger(seed)) throw new Error('--seed має бути цілим числом');
        const today = options.today ?? new Date().toISOString().slice(0, 10);
        if (!ISO_DATE.test(today)) throw new Error('--today має бути датою РРРР-ММ-ДД');
        const year = Number(today.slice(5, 7)) >= 9 ? Number(today.slice(0, 4)) : Number(today.slice(0, 4)) - 1;
        const manifest = readManifest();
        const extracts = createSyntheticExtracts(
          {
            codifier: parseKatottgTsv(readDatasetText(manifest.katottg)),
            hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
          },
          { preset: options.preset, seed, schoolYear: year, today },
        );
        const written = await writeExtractFiles(
          extracts,
          path.resolve(options.dir),
          options.truth ? path.resolve(options.truth) : undefined,
        );
        if (options.json) printJson({ ...written, extraChildren: extracts.extraChildren });
        else
          console.log(
            `Створено витяги в ${options.dir}: ${EXTRACT_KINDS.map((k) => `${k} ${written.rows[k]}`).join(', ')}; дітей поза реєстром учнів: ${extracts.extraChildren}.`,
          );
      },
    );

  registry
    .command('status')
    .description('версії витягів і їх звʼязування')
    .option('--json', 'вивести у JSON')
    .action(async (options: { json?: boolean }) => {
      const runtime = await openRuntime(loadConfig({ ...process.env, AIKOM_DEMO: '0' }), {
        purpose: 'aikom registry status',
      });
      try {
        const snapshots = await new VerificationService(runtime.ctx).listSnapshots(systemAccess(runtime.ctx));
        if (options.json) printJson({ snapshots });
        else
          for (const s of snapshots)
            console.log(`${s.kind} v${s.version} (${s.asOf}): ${s.status}, ${s.counts.imported} записів — ${s.id}`);
      } finally {
        await runtime.close();
      }
    });
}
