/**
 * A worker thread of the synthetic load: generates the pupils of a range of schools (the generator is
 * deterministic per school), validates each by the catalogue, seals identifiers and renders the COPY text of all
 * five tables; the main thread only streams the batches into the database. Batches wait for an acknowledgement, so
 * at most two are in flight per worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSyntheticDataset, type Preset } from '@aikom/tools/synth/generate';
import { copyLine } from '../../db/database';
import { parseHostilitiesTsv, parseKatottgTsv, readDatasetText, readManifest } from '../../reference/reference-data';
import { KeyRing, type KeyFile } from '../../security/key-ring';
import { pupilRows, type BulkPupil } from '../pupils/bulk-writer';
import type { SchoolRef } from '../pupils/rows';
import { validateOnServer } from '../pupils/validation';

export interface WorkerInput {
  preset: Preset;
  seed: number;
  schoolYear: number;
  today: string;
  now: string;
  fromSchool: number;
  toSchool: number;
  keyFile: KeyFile;
  schools: Array<[edrpou: string, id: string, ouo: string | null, region: string | null]>;
  territories: Array<[code: string, id: number]>;
  batch: number;
}

export interface WorkerBatch {
  type: 'batch';
  count: number;
  person: string;
  enrolment: string;
  displacement: string;
  contact: string;
  event: string;
}

export interface WorkerDone {
  type: 'done';
  count: number;
  withErrors: number;
  withWarnings: number;
}

async function run(input: WorkerInput): Promise<void> {
  const port = parentPort!;
  const manifest = readManifest();
  const dataset = createSyntheticDataset(
    {
      codifier: parseKatottgTsv(readDatasetText(manifest.katottg)),
      hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
    },
    { preset: input.preset, seed: input.seed, schoolYear: input.schoolYear, today: input.today },
  );
  const keys = new KeyRing(input.keyFile);
  const schools = new Map<string, SchoolRef>(
    input.schools.map(([e, id, ouo, region]) => [e, { id, ouo_id: ouo, region_id: region }]),
  );
  const territories = new Map(input.territories);
  const territoryId = (code: string | undefined | null) => (code ? (territories.get(code) ?? null) : null);
  const now = new Date(input.now);
  const ctx = { keys, territoryId, source: 'seed', actorUserId: null, actorPlatformId: null, now };
  let acks = 0;
  let sent = 0;
  let waiter: (() => void) | null = null;
  port.on('message', () => {
    acks++;
    waiter?.();
  });
  const waitFor = (n: number) =>
    new Promise<void>((resolve) => {
      if (acks >= n) return resolve();
      waiter = () => {
        if (acks >= n) {
          waiter = null;
          resolve();
        }
      };
    });
  let buf = { person: '', enrolment: '', displacement: '', contact: '', event: '', count: 0 };
  let total = 0;
  let withErrors = 0;
  let withWarnings = 0;
  const flush = async () => {
    if (buf.count === 0) return;
    const msg: WorkerBatch = { type: 'batch', ...buf };
    port.postMessage(msg);
    sent++;
    buf = { person: '', enrolment: '', displacement: '', contact: '', event: '', count: 0 };
    await waitFor(sent - 1);
  };
  for (const p of dataset.pupils({ fromSchool: input.fromSchool, toSchool: input.toSchool })) {
    const v = validateOnServer(p.record, now);
    if (v.errors.length > 0) withErrors++;
    if (v.warnings.length > 0) withWarnings++;
    const school = schools.get(p.record.enrollment.schoolEdrpou);
    if (!school) throw new Error(`no school ${p.record.enrollment.schoolEdrpou}`);
    const bulk: BulkPupil = {
      record: v.errors.length === 0 ? v.normalised : (p.record as BulkPupil['record']),
      quality: v,
      school,
      schoolYear: input.schoolYear,
    };
    const rows = pupilRows(bulk, ctx);
    buf.person += copyLine(rows.person);
    if (rows.enrolment) buf.enrolment += copyLine(rows.enrolment);
    buf.displacement += copyLine(rows.displacement);
    buf.contact += copyLine(rows.contact);
    buf.event += copyLine(rows.event);
    buf.count++;
    total++;
    if (buf.count >= input.batch) await flush();
  }
  await flush();
  await waitFor(sent);
  const done: WorkerDone = { type: 'done', count: total, withErrors, withWarnings };
  port.postMessage(done);
}

if (parentPort && workerData) void run(workerData as WorkerInput);
