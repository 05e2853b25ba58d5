import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';
import type { BulkWriter, Database } from '../db/database';
import { currentVersion, migrate } from '../db/migrate';
import { AppError } from '../errors';
import { newCipher, newDecipher, PREFIX_BYTES, TAG_BYTES, type BackupHeader, type BackupSecret } from './archive';

/** Tables are written parents first (foreign keys), found from the catalogue, so new features are included. */
async function tablesInOrder(w: BulkWriter): Promise<string[]> {
  const tables = (
    await w.query<{ t: string }>(
      `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migration' ORDER BY 1`,
    )
  ).map((r) => r.t);
  const deps = await w.query<{ child: string; parent: string }>(
    `SELECT DISTINCT c.relname AS child, p.relname AS parent FROM pg_constraint k
     JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND c.relname <> p.relname`,
  );
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string, stack: Set<string>) => {
    if (seen.has(t)) return;
    if (stack.has(t)) throw new Error(`foreign-key cycle through ${t}`);
    stack.add(t);
    for (const d of deps) if (d.child === t && tables.includes(d.parent)) visit(d.parent, stack);
    stack.delete(t);
    seen.add(t);
    order.push(t);
  };
  for (const t of tables) visit(t, new Set());
  return order;
}

/** Rows in a stable order: by primary key (so a restore compares equal and self-references load parent first). */
async function orderOf(w: BulkWriter, table: string): Promise<string> {
  const pk = await w.query<{ a: string }>(
    `SELECT a.attname AS a FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    [table],
  );
  return pk.length > 0 ? pk.map((r) => `"${r.a}"`).join(', ') : '1';
}

/** SHA-256, size and line count (= rows in COPY text) of a file, streamed. */
async function digest(file: string): Promise<{ sha256: string; bytes: number; rows: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let rows = 0;
  for await (const chunk of fs.createReadStream(file)) {
    const b = chunk as Buffer;
    hash.update(b);
    bytes += b.length;
    for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) rows++;
  }
  return { sha256: hash.digest('hex'), bytes, rows };
}

function writeU32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/**
 * A consistent, encrypted logical backup of the whole registry: every table read in one snapshot (a REPEATABLE
 * READ transaction on PostgreSQL; the embedded database is held by this process alone), COPY text per table.
 * Restores into either engine.
 */
export async function backup(db: Database, file: string, secret: BackupSecret, now: Date): Promise<BackupHeader> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-backup-'));
  try {
    const header: BackupHeader = {
      format: 'aikom-backup/1',
      createdAt: now.toISOString(),
      engine: db.engine,
      schemaVersion: await currentVersion(db),
      tables: [],
    };
    await db.bulk(async (w) => {
      if (db.engine === 'postgres') await w.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      for (const table of await tablesInOrder(w)) {
        const part = path.join(work, `${table}.copy`);
        await w.copyToFile(`(SELECT * FROM ${table} ORDER BY ${await orderOf(w, table)})`, part);
        header.tables.push({ name: table, ...(await digest(part)) });
      }
    });
    const { prefix, cipher } = newCipher(secret);
    const out = fs.createWriteStream(file, { mode: 0o600 });
    out.write(prefix);
    const gzip = createGzip({ level: 6 });
    const done = pipeline(gzip, cipher, out, { end: false });
    const h = Buffer.from(JSON.stringify(header), 'utf8');
    gzip.write(writeU32(h.length));
    gzip.write(h);
    for (const t of header.tables) {
      const name = Buffer.from(t.name, 'utf8');
      const len = Buffer.alloc(8);
      len.writeBigUInt64BE(BigInt(t.bytes));
      gzip.write(writeU32(name.length));
      gzip.write(name);
      gzip.write(len);
      await pipeline(fs.createReadStream(path.join(work, `${t.name}.copy`)), gzip, { end: false });
    }
    gzip.end();
    await done;
    await new Promise<void>((resolve, reject) =>
      out.end(cipher.getAuthTag(), (e?: Error | null) => (e ? reject(e) : resolve())),
    );
    return header;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Reads and authenticates an archive: the plaintext is only used once the GCM tag has verified. */
async function openArchive(file: string, secret: BackupSecret, work: string): Promise<BackupHeader> {
  const size = fs.statSync(file).size;
  if (size < PREFIX_BYTES + TAG_BYTES)
    throw new AppError('BAD_REQUEST', { detail: 'Файл не є резервною копією АІКОМ.' });
  const fd = fs.openSync(file, 'r');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  fs.readSync(fd, prefix, 0, PREFIX_BYTES, 0);
  fs.readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
  fs.closeSync(fd);
  let decipher;
  try {
    decipher = newDecipher(secret, prefix, tag);
  } catch {
    throw new AppError('BAD_REQUEST', { detail: 'Файл не є резервною копією АІКОМ.' });
  }
  const plain = path.join(work, 'plain');
  try {
    await pipeline(
      fs.createReadStream(file, { start: PREFIX_BYTES, end: size - TAG_BYTES - 1 }),
      decipher,
      createGunzip(),
      fs.createWriteStream(plain),
    );
  } catch {
    throw new AppError('BAD_REQUEST', {
      detail: 'Не вдалося розшифрувати резервну копію: неправильний ключ чи пароль, або файл пошкоджено.',
    });
  }
  const fdp = fs.openSync(plain, 'r');
  let pos = 0;
  const read = (n: number) => {
    const b = Buffer.alloc(n);
    fs.readSync(fdp, b, 0, n, pos);
    pos += n;
    return b;
  };
  const header = JSON.parse(read(read(4).readUInt32BE()).toString('utf8')) as BackupHeader;
  for (const t of header.tables) {
    const name = read(read(4).readUInt32BE()).toString('utf8');
    const len = Number(read(8).readBigUInt64BE());
    if (name !== t.name || len !== t.bytes)
      throw new AppError('BAD_REQUEST', { detail: 'Структуру резервної копії пошкоджено.' });
    const part = path.join(work, `${name}.copy`);
    const fdo = fs.openSync(part, 'w');
    const chunk = Buffer.alloc(1 << 20);
    for (let left = len; left > 0;) {
      const n = fs.readSync(fdp, chunk, 0, Math.min(chunk.length, left), pos);
      fs.writeSync(fdo, chunk, 0, n);
      pos += n;
      left -= n;
    }
    fs.closeSync(fdo);
    if ((await digest(part)).sha256 !== t.sha256)
      throw new AppError('BAD_REQUEST', { detail: `Дані таблиці ${name} у копії пошкоджено.` });
  }
  fs.closeSync(fdp);
  return header;
}

/**
 * Restores an archive into an empty database (no registry data yet: a fresh DATA_DIR or a new PostgreSQL
 * database): migrates it to the archive's schema version, loads every table in one transaction, and resets the
 * identity sequences. All or nothing.
 */
export async function restore(db: Database, file: string, secret: BackupSecret): Promise<BackupHeader> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-restore-'));
  try {
    const header = await openArchive(file, secret, work);
    await migrate(db);
    const version = await currentVersion(db);
    if (version !== header.schemaVersion) {
      throw new AppError('CONFLICT', {
        detail: `Копію зроблено зі схемою версії ${header.schemaVersion}, а ця збірка має ${version}. Відновлюйте тією самою версією програми.`,
      });
    }
    const occupied = await sql<{
      n: number;
    }>`SELECT (SELECT count(*) FROM organisation)::int + (SELECT count(*) FROM app_user)::int AS n`.execute(db.kysely);
    if ((occupied.rows[0]?.n ?? 0) > 0) {
      throw new AppError('CONFLICT', {
        detail: 'Відновлювати можна лише в порожню базу даних (новий DATA_DIR або нова база PostgreSQL).',
      });
    }
    await db.bulk(async (w) => {
      // Foreign keys were checked by the source database; with the right to (a superuser, the embedded engine) they
      // are not checked again row by row. Otherwise rows come parents first, in primary-key order.
      const su = await w.query<{ su: boolean }>(`SELECT rolsuper AS su FROM pg_roles WHERE rolname = current_user`);
      if (su[0]?.su) await w.query(`SET LOCAL session_replication_role = replica`);
      // Rows the migrations themselves insert (the audit chain's head) are replaced by the archive's.
      for (const t of [...header.tables].reverse()) await w.query(`DELETE FROM ${t.name}`);
      for (const t of header.tables) await w.copyFromFile(t.name, null, path.join(work, `${t.name}.copy`));
      const identities = await w.query<{ t: string; c: string }>(
        `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES'`,
      );
      for (const { t, c } of identities) {
        await w.query(
          `SELECT setval(pg_get_serial_sequence('${t}', '${c}'), coalesce((SELECT max("${c}") FROM ${t}), 0) + 1, false)`,
        );
      }
    });
    return header;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
