/**
 * Reading an extract into a snapshot: every row through the domain's reader (names canonical, identifiers
 * normalised), identifiers as blind indexes and one sealed copy, written with COPY in the caller's bulk transaction
 * — all rows or none. Rejected rows are counted and listed by row number and error code, never by value.
 */
import {
  EXTRACT_SOURCES,
  readExtractRow,
  type ExtractKind,
  type ExtractRowError,
} from '@aikom/domain/linkage/extract-formats';
import type { BulkWriter } from '../../db/database';
import { AppError } from '../../errors';
import type { KeyRing } from '../../security/key-ring';
import { VerificationRepository } from './repository';
import type { RegistryExtractSource } from './sources';

/** AAD of a record's sealed identifiers: bound to its snapshot and row. */
export const recordAad = (snapshotId: string, recordNo: number) =>
  `registry_record.identifiers_enc:${snapshotId}:${recordNo}`;

/** What a record keeps sealed: the identifiers as read (for the case view) and identifier-like details. */
export interface SealedRecordIdentifiers {
  birthCertificate: { series: string; number: string } | null;
  unzr: string | null;
  rnokpp: string | null;
  details: Record<string, string>;
}

export interface ImportResult {
  total: number;
  imported: number;
  rejected: number;
  rejectedRows: Array<{ row: number; errors: ExtractRowError[] }>;
  notes: Record<string, number>;
  provenance: Record<string, unknown>;
}

const BATCH = 20_000;
const REJECTED_LISTED = 1_000;

export const sourceName = (kind: ExtractKind) => EXTRACT_SOURCES[kind].holder;

/**
 * Reads `source` into the snapshot `snapshotId` (already inserted, status `importing`) inside the bulk transaction
 * `w`. Throws REGISTRY_EXTRACT_EMPTY when no row could be read.
 */
export async function importRecords(
  w: BulkWriter,
  keys: KeyRing,
  snapshotId: string,
  source: RegistryExtractSource,
  territories: ReadonlyMap<string, number>,
  onProgress?: (rows: number) => Promise<void> | void,
): Promise<ImportResult> {
  const repo = new VerificationRepository();
  const kind = source.kind;
  const seen = new Set<string>();
  const notes: Record<string, number> = {};
  const rejectedRows: ImportResult['rejectedRows'] = [];
  let total = 0;
  let imported = 0;
  let rejected = 0;
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await repo.copyRecords(w, batch);
    batch = [];
    await onProgress?.(total);
  };
  for await (const row of source.rows()) {
    total++;
    const read = readExtractRow(kind, row);
    const errors = [...read.errors];
    const r = read.record;
    if (r && seen.has(r.recordId)) errors.push('RECORD_ID_DUPLICATE');
    if (!r || errors.length > 0) {
      rejected++;
      // Row numbers as in the file: the header is row 1.
      if (rejectedRows.length < REJECTED_LISTED) rejectedRows.push({ row: total + 1, errors });
      continue;
    }
    seen.add(r.recordId);
    for (const n of r.notes) notes[n] = (notes[n] ?? 0) + 1;
    const recordNo = ++imported;
    const c = r.birthCertificate;
    const sealed: SealedRecordIdentifiers = {
      birthCertificate: c ? { series: c.series, number: c.number } : null,
      unzr: r.unzr,
      rnokpp: r.rnokpp,
      details: r.sealedDetails,
    };
    const any = c || r.unzr || r.rnokpp || Object.keys(r.sealedDetails).length > 0;
    const territory = r.residenceKatottg ? (territories.get(r.residenceKatottg) ?? null) : null;
    if (r.residenceKatottg && territory === null) notes.KATOTTG_UNKNOWN = (notes.KATOTTG_UNKNOWN ?? 0) + 1;
    batch.push([
      snapshotId,
      recordNo,
      r.recordId,
      r.lastName,
      r.firstName,
      r.middleName,
      r.script,
      r.sex,
      r.birthDate,
      territory,
      r.eventDate,
      r.details,
      any ? keys.encrypt(JSON.stringify(sealed), recordAad(snapshotId, recordNo)) : null,
      // The same normalised values and HMAC domains as the pupils' blind indexes (modules/pupils/identifiers.ts).
      c ? keys.blindIndex('birth_cert', c.key) : null,
      r.unzr ? keys.blindIndex('unzr', r.unzr) : null,
      r.rnokpp ? keys.blindIndex('rnokpp', r.rnokpp) : null,
      r.notes,
    ]);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  if (imported === 0) {
    throw new AppError('REGISTRY_EXTRACT_EMPTY', {
      detail:
        total === 0
          ? 'Файл не містить жодного рядка даних.'
          : `Жоден із ${total} рядків не прочитано: ${[...new Set(rejectedRows.flatMap((x) => x.errors))].join(', ')}.`,
      extra: { rows: total, rejected: rejectedRows.slice(0, 20) },
    });
  }
  // The linkage reads the new snapshot right after: with statistics, not the planner's guess for a new table.
  await repo.analyzeRecords(w);
  return { total, imported, rejected, rejectedRows, notes, provenance: source.provenance() };
}
