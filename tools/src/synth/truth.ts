/**
 * Writes the ground truth of a synthetic data set (`seed --truth FILE`): one entry per pupil record with the real
 * child behind it, the faults injected into it and its duplicate group. This is the generator's only I/O.
 *
 * NDJSON (one JSON object per line) suits streaming and `grep`; JSON writes one array. The format follows the file
 * extension unless given.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { PupilTruth } from './pupils';

export type TruthFormat = 'ndjson' | 'json';

export interface TruthWriter {
  /** Queues one entry; await it to respect the file's back-pressure. */
  write(truth: PupilTruth): Promise<void>;
  /** Finishes the file; resolves with the number of entries written. */
  close(): Promise<number>;
}

/** `.json` → json, anything else → ndjson. */
export function truthFormatOf(file: string): TruthFormat {
  return path.extname(file).toLowerCase() === '.json' ? 'json' : 'ndjson';
}

/**
 * Opens a truth file for writing entries one by one, e.g. while the same records are being loaded.
 *
 * @example
 * const truth = openTruthWriter('truth.ndjson');
 * for (const p of data.pupils()) { await load(p.record); await truth.write(p.truth); }
 * await truth.close();
 */
export function openTruthWriter(file: string, format: TruthFormat = truthFormatOf(file)): TruthWriter {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const stream = fs.createWriteStream(file, { encoding: 'utf8' });
  let failure: Error | null = null;
  stream.on('error', (e) => {
    failure = e;
  });
  let count = 0;
  let buffer = format === 'json' ? '[' : '';
  const flush = async () => {
    if (failure) throw failure;
    if (buffer.length === 0) return;
    const ok = stream.write(buffer);
    buffer = '';
    if (!ok) await once(stream, 'drain');
  };
  return {
    async write(truth) {
      const line = JSON.stringify(truth);
      buffer += format === 'json' ? `${count === 0 ? '\n' : ',\n'}${line}` : `${line}\n`;
      count++;
      // Batches of about 64 KiB keep the number of stream writes (and awaits) small.
      if (buffer.length >= 65_536) await flush();
    },
    async close() {
      if (format === 'json') buffer += count === 0 ? ']\n' : '\n]\n';
      await flush();
      stream.end();
      await once(stream, 'finish');
      if (failure) throw failure;
      return count;
    },
  };
}

/** Writes a whole stream of truth entries to a file; resolves with the number written. */
export async function writeTruth(
  file: string,
  truths: Iterable<PupilTruth>,
  format: TruthFormat = truthFormatOf(file),
): Promise<number> {
  const writer = openTruthWriter(file, format);
  for (const t of truths) await writer.write(t);
  return writer.close();
}
