import { sql } from 'kysely';
import type { Database } from '../db/database';
import type { KeyRing } from './key-ring';
import { writeKeyFile } from './key-ring';

/**
 * A column holding ciphertexts of the key ring, and how to rebuild the AAD each ciphertext was bound to from the
 * row. Every feature that encrypts registers its columns here, so key rotation reaches all of them.
 */
export interface EncryptedColumn {
  table: string;
  column: string;
  /** Primary-key columns (text-castable), in order. */
  key: readonly string[];
  aad(keyValues: readonly string[]): string;
}

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  { table: 'person', column: 'identifiers_enc', key: ['id'], aad: ([id]) => `person.identifiers_enc:${id}` },
  { table: 'app_user', column: 'totp_secret_enc', key: ['id'], aad: ([id]) => `app_user.totp_secret_enc:${id}` },
  {
    table: 'pupil_import_file',
    column: 'content',
    key: ['import_id'],
    aad: ([id]) => `pupil_import_file.content:${id}`,
  },
  {
    table: 'pupil_import_row',
    column: 'payload',
    key: ['import_id', 'row_no'],
    aad: ([id, row]) => `pupil_import_row.payload:${id}:${row}`,
  },
  {
    table: 'oauth_signing_key',
    column: 'private_enc',
    key: ['kid'],
    aad: ([kid]) => `oauth_signing_key.private_enc:${kid}`,
  },
  {
    table: 'registry_record',
    column: 'identifiers_enc',
    key: ['snapshot_id', 'record_no'],
    aad: ([snapshot, record]) => `registry_record.identifiers_enc:${snapshot}:${record}`,
  },
  {
    table: 'verification_case',
    column: 'identifiers_enc',
    key: ['id'],
    aad: ([id]) => `verification_case.identifiers_enc:${id}`,
  },
];

export interface RotationReport {
  newKeyId: number;
  reencrypted: Record<string, number>;
  retired: number[];
}

const BATCH = 5_000;

/**
 * Rotates the data key: adds a new active key to the key file (old keys stay, so every ciphertext remains readable
 * at every moment), re-encrypts every ciphertext made with another key in batches (each batch its own transaction:
 * an interrupted rotation is simply run again), and optionally retires keys no ciphertext uses any more.
 */
export async function rotateKeys(
  db: Database,
  keyFile: string,
  ring: KeyRing,
  options: {
    now: Date;
    retire?: boolean;
    onProgress?: (done: number, column: string) => void;
    columns?: readonly EncryptedColumn[];
  },
): Promise<{ ring: KeyRing; report: RotationReport }> {
  const next = ring.withNewEncryptionKey(options.now);
  writeKeyFile(keyFile, next.file);
  const active = next.activeKeyId;
  const reencrypted: Record<string, number> = {};
  let done = 0;
  for (const col of options.columns ?? ENCRYPTED_COLUMNS) {
    const name = `${col.table}.${col.column}`;
    reencrypted[name] = 0;
    const keyList = col.key.map((k) => `${k}::text`).join(', ');
    for (;;) {
      const rows = await sql<{ k: string[]; v: Buffer }>`
        SELECT ARRAY[${sql.raw(keyList)}] AS k, ${sql.ref(col.column)} AS v FROM ${sql.table(col.table)}
        WHERE ${sql.ref(col.column)} IS NOT NULL
          AND get_byte(${sql.ref(col.column)}, 1) * 256 + get_byte(${sql.ref(col.column)}, 2) <> ${active}
        LIMIT ${BATCH}`.execute(db.kysely);
      if (rows.rows.length === 0) break;
      const keys = rows.rows.map((r) => r.k.join('\u001f'));
      const blobs = rows.rows.map((r) => next.encrypt(next.decrypt(r.v, col.aad(r.k)), col.aad(r.k), active));
      await db.system(async (trx) => {
        const match = col.key.map((k, i) => `"${k}"::text = split_part(x.k, chr(31), ${i + 1})`).join(' AND ');
        await sql`
          UPDATE ${sql.table(col.table)} SET ${sql.ref(col.column)} = x.v
          FROM unnest(${keys}::text[], ${blobs}::bytea[]) AS x(k, v)
          WHERE ${sql.raw(match)}`.execute(trx);
      });
      reencrypted[name] += rows.rows.length;
      done += rows.rows.length;
      options.onProgress?.(done, name);
    }
  }
  let ring2 = next;
  const retired: number[] = [];
  if (options.retire) {
    const unused = next.file.encryption.map((k) => k.id).filter((id) => id !== active);
    ring2 = next.withoutKeys(unused);
    writeKeyFile(keyFile, ring2.file);
    retired.push(...unused);
  }
  return { ring: ring2, report: { newKeyId: active, reencrypted, retired } };
}
