import {
  parseHostilitiesTsv,
  parseKatottgTsv,
  readDatasetText,
  readManifest,
} from '@aikom/server/reference/reference-data';
import type { ReferenceData } from '../synth/generate';

let cached: ReferenceData | undefined;

/** The committed KATOTTH codifier and hostilities list the synthetic data set is placed in (read once). */
export function referenceData(): ReferenceData {
  if (!cached) {
    const manifest = readManifest();
    cached = {
      codifier: parseKatottgTsv(readDatasetText(manifest.katottg)),
      hostilities: parseHostilitiesTsv(readDatasetText(manifest.hostilities)),
    };
  }
  return cached;
}
