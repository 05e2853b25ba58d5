import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';

/**
 * Keys for identifiers at rest: AES-256-GCM data keys (several, by id, one active — rotation adds a key and
 * re-encrypts) and the blind-index key (HMAC-SHA-256 of the normalised value, for exact lookup without decrypting).
 * Kept in a key file apart from the database, so a database backup alone reveals nothing.
 */
export interface KeyFile {
  format: 'aikom-keys/1';
  encryption: Array<{ id: number; key: string; createdAt: string }>;
  activeEncryptionKey: number;
  blindIndex: { key: string; createdAt: string };
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 3; // version byte + key id (uint16)
const BLIND_INDEX_BYTES = 16;

export class KeyRing {
  readonly #keys = new Map<number, Buffer>();
  readonly #active: number;
  readonly #blind: Buffer;

  constructor(readonly file: KeyFile) {
    for (const k of file.encryption) this.#keys.set(k.id, decodeKey(k.key, `encryption key ${k.id}`));
    if (!this.#keys.has(file.activeEncryptionKey)) throw new Error('active encryption key is missing');
    this.#active = file.activeEncryptionKey;
    this.#blind = decodeKey(file.blindIndex.key, 'blind-index key');
  }

  get activeKeyId(): number {
    return this.#active;
  }

  /** Encrypts a value bound to its place (aad: table, column and row id), so a ciphertext cannot be moved. */
  encrypt(plaintext: string, aad: string, keyId = this.#active): Buffer {
    const key = this.#keys.get(keyId);
    if (!key) throw new Error(`unknown key ${keyId}`);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt8(VERSION, 0);
    header.writeUInt16BE(keyId, 1);
    return Buffer.concat([header, iv, cipher.getAuthTag(), ct]);
  }

  decrypt(blob: Uint8Array, aad: string): string {
    const buf = Buffer.from(blob);
    if (buf.length < HEADER_BYTES + IV_BYTES + TAG_BYTES || buf.readUInt8(0) !== VERSION) {
      throw new Error('not an aikom ciphertext');
    }
    const key = this.#keys.get(buf.readUInt16BE(1));
    if (!key) throw new Error(`ciphertext uses unknown key ${buf.readUInt16BE(1)}`);
    const iv = buf.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
    const tag = buf.subarray(HEADER_BYTES + IV_BYTES, HEADER_BYTES + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(buf.subarray(HEADER_BYTES + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  /** Key id a ciphertext was made with (rotation re-encrypts those not made with the active key). */
  static keyIdOf(blob: Uint8Array): number {
    return Buffer.from(blob).readUInt16BE(1);
  }

  /** Blind index of a normalised identifier; `kind` separates the domains (a УНЗР never equals a certificate). */
  blindIndex(kind: string, normalised: string): Buffer {
    return createHmac('sha256', this.#blind)
      .update(`${kind}\u001f${normalised}`, 'utf8')
      .digest()
      .subarray(0, BLIND_INDEX_BYTES);
  }

  /** A copy of this ring with a new active encryption key. */
  withNewEncryptionKey(now: Date): KeyRing {
    const id = Math.max(...this.file.encryption.map((k) => k.id)) + 1;
    return new KeyRing({
      ...this.file,
      encryption: [
        ...this.file.encryption,
        { id, key: randomBytes(32).toString('base64'), createdAt: now.toISOString() },
      ],
      activeEncryptionKey: id,
    });
  }

  /** A copy without the keys no ciphertext uses any more. */
  withoutKeys(unused: readonly number[]): KeyRing {
    return new KeyRing({
      ...this.file,
      encryption: this.file.encryption.filter((k) => k.id === this.#active || !unused.includes(k.id)),
    });
  }
}

function decodeKey(b64: string, what: string): Buffer {
  const key = Buffer.from(b64, 'base64');
  if (key.length !== 32) throw new Error(`${what} must be 32 bytes`);
  return key;
}

export function generateKeyFile(now: Date): KeyFile {
  const at = now.toISOString();
  return {
    format: 'aikom-keys/1',
    encryption: [{ id: 1, key: randomBytes(32).toString('base64'), createdAt: at }],
    activeEncryptionKey: 1,
    blindIndex: { key: randomBytes(32).toString('base64'), createdAt: at },
  };
}

/** Loads the key file, creating it (mode 0600) when it does not exist yet. */
export function loadOrCreateKeyRing(file: string, now = new Date()): { ring: KeyRing; created: boolean } {
  if (fs.existsSync(file)) {
    let parsed: KeyFile;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
      return { ring: new KeyRing(parsed), created: false };
    } catch (error) {
      // JSON.parse quotes the start of the text it cannot read: that would be key material on the console.
      const reason = error instanceof SyntaxError ? 'це не коректний JSON' : (error as Error).message;
      throw new AppError('CONFIG_INVALID', { detail: `Файл ключів ${file} пошкоджено: ${reason}` });
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const keyFile = generateKeyFile(now);
  writeKeyFile(file, keyFile);
  return { ring: new KeyRing(keyFile), created: true };
}

/** Writes the key file atomically (temp file + rename), readable by the owner only. */
export function writeKeyFile(file: string, keyFile: KeyFile): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(keyFile, null, 2) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
}
