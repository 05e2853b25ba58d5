/**
 * The ZIP container of an XLSX file, read from its central directory before any XML is parsed: what it holds, how
 * large it says the contents are, and whether they really inflate to that (a zip bomb declares small sizes or an
 * absurd ratio). Also hands the entries the spreadsheet reader needs to it in the order it reads best.
 */
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;

export const isZip = (b: Uint8Array) =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

const num64 = (buf: Buffer, at: number) => {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('size out of range');
  return Number(v);
};

/** The entries listed in the central directory (ZIP64 sizes included). Throws ZipFormatError when it is damaged. */
export function readCentralDirectory(buf: Buffer, maxEntries = 10_000): ZipEntry[] {
  const floor = Math.max(0, buf.length - 22 - 65_535);
  let eocd = -1;
  for (let i = buf.length - 22; i >= floor; i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipFormatError('no end of central directory');
  let count = buf.readUInt16LE(eocd + 10);
  let size = buf.readUInt32LE(eocd + 12);
  let offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || buf.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new ZipFormatError('no zip64 locator');
    const at = num64(buf, locator + 8);
    if (at + 56 > buf.length || buf.readUInt32LE(at) !== ZIP64_EOCD) throw new ZipFormatError('no zip64 end record');
    count = num64(buf, at + 32);
    size = num64(buf, at + 40);
    offset = num64(buf, at + 48);
  }
  if (count > maxEntries) throw new ZipFormatError('too many entries');
  if (offset + size > buf.length) throw new ZipFormatError('central directory outside the file');
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError('damaged central directory');
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localHeaderOffset: buf.readUInt32LE(p + 42),
    };
    // ZIP64 extended information: the 8-byte values of the fields that hold 0xFFFFFFFF, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = buf.readUInt16LE(e);
      const len = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (entry.uncompressedSize === 0xffffffff) {
          entry.uncompressedSize = num64(buf, q);
          q += 8;
        }
        if (entry.compressedSize === 0xffffffff) {
          entry.compressedSize = num64(buf, q);
          q += 8;
        }
        if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = num64(buf, q);
      }
      e += 4 + len;
    }
    entries.push(entry);
    p = extraEnd + commentLength;
  }
  return entries;
}

export interface UnpackLimits {
  /** Total of the declared uncompressed sizes. */
  maxTotalBytes: number;
  /** Uncompressed / compressed of one entry above which it is a bomb (XML compresses 10–30 times). */
  maxRatio: number;
}

export const DEFAULT_UNPACK_LIMITS: UnpackLimits = { maxTotalBytes: 100 * 1024 * 1024, maxRatio: 1000 };

/** Why the declared contents are refused, or null when they are within the limits. */
export function unpackProblem(
  entries: readonly ZipEntry[],
  limits: UnpackLimits = DEFAULT_UNPACK_LIMITS,
): 'total' | 'ratio' | null {
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > 1024 * 1024 && e.uncompressedSize / Math.max(1, e.compressedSize) > limits.maxRatio)
      return 'ratio';
  }
  return total > limits.maxTotalBytes ? 'total' : null;
}

/** Where an entry's compressed data lies (after its local header, whose name and extra lengths may differ). */
function dataRange(buf: Buffer, e: ZipEntry): { start: number; end: number; recordEnd: number } {
  const h = e.localHeaderOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL)
    throw new ZipFormatError(`damaged local header of ${e.name}`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) throw new ZipFormatError(`${e.name} runs past the end of the file`);
  let recordEnd = end;
  // General purpose flag bit 3: sizes follow the data in a descriptor (with or without its signature).
  if (e.flags & 0x08) {
    const signed = end + 4 <= buf.length && buf.readUInt32LE(end) === DESCRIPTOR;
    const zip64 = e.compressedSize >= 0xffffffff || e.uncompressedSize >= 0xffffffff;
    recordEnd = Math.min(buf.length, end + (signed ? 4 : 0) + (zip64 ? 20 : 12));
  }
  return { start, end, recordEnd };
}

/**
 * Inflates every entry without keeping the output and checks that none yields more than it declared: sizes in the
 * directory can lie, inflating cannot. Rejects with ZipFormatError on a lie, an unknown method, encryption or damage.
 */
export async function verifyDeclaredSizes(buf: Buffer, entries: readonly ZipEntry[]): Promise<void> {
  for (const e of entries) {
    if (e.flags & 0x01) throw new ZipFormatError('encrypted entry');
    const { start, end } = dataRange(buf, e);
    if (e.method === 0) {
      if (end - start !== e.uncompressedSize) throw new ZipFormatError(`size of ${e.name} does not match`);
      continue;
    }
    if (e.method !== 8) throw new ZipFormatError(`compression method ${e.method}`);
    await new Promise<void>((resolve, reject) => {
      let produced = 0;
      const inflate = createInflateRaw();
      inflate.on('data', (chunk: Buffer) => {
        produced += chunk.length;
        if (produced > e.uncompressedSize)
          inflate.destroy(new ZipFormatError(`${e.name} inflates past its declared size`));
      });
      inflate.on('error', (err) =>
        reject(err instanceof ZipFormatError ? err : new ZipFormatError(`${e.name}: ${err.message}`)),
      );
      inflate.on('end', () => resolve());
      inflate.end(buf.subarray(start, end));
    });
  }
}

/**
 * The local records of the named entries, in the given order: a ZIP as a streaming reader wants it (workbook and
 * shared strings before the sheets, so no sheet has to wait in a temporary file), without the parts it does not
 * read (pictures, themes, printer settings).
 */
export function localRecords(buf: Buffer, entries: readonly ZipEntry[], order: readonly string[]): Map<string, Buffer> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const parts = new Map<string, Buffer>();
  for (const name of order) {
    const e = byName.get(name);
    if (!e) continue;
    const { recordEnd } = dataRange(buf, e);
    parts.set(name, buf.subarray(e.localHeaderOffset, recordEnd));
  }
  return parts;
}
