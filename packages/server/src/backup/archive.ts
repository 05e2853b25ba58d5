import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/**
 * The backup archive: `AIKOMBK1` magic, a salt and an IV, then AES-256-GCM ciphertext of a gzipped stream of
 * sections, and the GCM tag at the very end. The key comes from a passphrase (scrypt) or a 32-byte key file, kept
 * apart from the archive; the registry's own data keys are never inside it (identifiers stay sealed with them).
 *
 * Plaintext layout: [u32 header length][header JSON][per table: u32 name length, name, u64 length, COPY text].
 */
export const MAGIC = Buffer.from('AIKOMBK1', 'ascii');
export const SALT_BYTES = 16;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface BackupHeader {
  format: 'aikom-backup/1';
  createdAt: string;
  engine: string;
  schemaVersion: number;
  tables: Array<{ name: string; rows: number; sha256: string; bytes: number }>;
}

export type BackupSecret = { passphrase: string } | { key: Buffer };

export function deriveKey(secret: BackupSecret, salt: Buffer): Buffer {
  if ('key' in secret) {
    if (secret.key.length !== 32) throw new Error('the backup key must be 32 bytes');
    return secret.key;
  }
  if (secret.passphrase.length < 12) throw new Error('the backup passphrase must have at least 12 characters');
  return scryptSync(secret.passphrase, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
}

export function newCipher(secret: BackupSecret) {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, salt), iv);
  return { prefix: Buffer.concat([MAGIC, salt, iv]), cipher };
}

export function newDecipher(secret: BackupSecret, prefix: Buffer, tag: Buffer) {
  if (!prefix.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not an aikom backup');
  const salt = prefix.subarray(MAGIC.length, MAGIC.length + SALT_BYTES);
  const iv = prefix.subarray(MAGIC.length + SALT_BYTES, MAGIC.length + SALT_BYTES + IV_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(secret, salt), iv);
  decipher.setAuthTag(tag);
  return decipher;
}

export const PREFIX_BYTES = MAGIC.length + SALT_BYTES + IV_BYTES;
