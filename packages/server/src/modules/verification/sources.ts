/**
 * Where an extract comes from. Each source is behind one small interface: the rows of the extract (cell text by
 * column name) and its provenance. Today's source is a CSV file handed over by the registry holder; an online
 * exchange over «Трембіта» (X-Road) is another implementation of the same interface, and nothing after it changes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { parse } from 'csv-parse';
import type { ExtractKind } from '@aikom/domain/linkage/extract-formats';
import { missingColumns } from '@aikom/domain/linkage/extract-formats';
import { isUnstorableText } from '@aikom/domain/storable-text';
import { AppError } from '../../errors';

export interface ExtractProvenance {
  /** `csv` for files; `trembita` for the online exchange. */
  adapter: string;
  /** What the operator or the exchange calls it: a file name, or the service and request id. */
  name: string;
  [fact: string]: unknown;
}

export interface RegistryExtractSource {
  readonly kind: ExtractKind;
  /** Rows of the extract in order: column name (lower case) → cell text. */
  rows(): AsyncIterable<Record<string, string>>;
  /** Facts about where the rows came from; complete once `rows()` has been read to the end. */
  provenance(): ExtractProvenance;
}

type Encoding = 'utf-8' | 'windows-1251';

/** UTF-8 (with or without a byte order mark) when the sample decodes as UTF-8, Windows-1251 otherwise. */
export function detectEncoding(sample: Buffer): Encoding {
  // A sample can end inside a multi-byte character: cut it back to the last whole one (continuation bytes are
  // 10xxxxxx; the lead byte of a cut character goes too).
  let end = sample.length;
  while (end > 0 && (sample[end - 1]! & 0xc0) === 0x80) end--;
  if (end > 0 && sample[end - 1]! >= 0xc0) end--;
  const head = sample.subarray(0, end);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head);
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

/** The delimiter of the header line: whichever of `;`, `,` and tab occurs most (`;` on a tie). */
export function detectDelimiter(headerLine: string): ';' | ',' | '\t' {
  const count = (c: string) => headerLine.split(c).length - 1;
  const semicolon = count(';');
  const comma = count(',');
  const tab = count('\t');
  if (tab > semicolon && tab > comma) return '\t';
  return comma > semicolon ? ',' : ';';
}

class Decode extends Transform {
  private readonly decoder: TextDecoder;

  constructor(encoding: Encoding) {
    super({ readableObjectMode: false });
    this.decoder = new TextDecoder(encoding);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    done(null, this.decoder.decode(chunk, { stream: true }));
  }

  override _flush(done: TransformCallback): void {
    done(null, this.decoder.decode());
  }
}

/** Hashes and counts the bytes that pass through (the file's SHA-256 for provenance). */
class Digest extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

/**
 * A CSV extract (docs/registry-extracts.md): a header row with the format's column names, `;` (or `,`, tab) as the
 * delimiter, UTF-8 or Windows-1251, quoted fields per RFC 4180. Read as a stream, so a national file never has to be
 * in memory.
 */
export class CsvExtractSource implements RegistryExtractSource {
  private facts: Record<string, unknown> = {};

  constructor(
    readonly kind: ExtractKind,
    private readonly name: string,
    private readonly open: () => Readable,
  ) {}

  static fromFile(kind: ExtractKind, file: string): CsvExtractSource {
    return new CsvExtractSource(kind, file.split(/[\\/]/).pop() ?? file, () => fs.createReadStream(file));
  }

  static fromBuffer(kind: ExtractKind, name: string, bytes: Buffer): CsvExtractSource {
    return new CsvExtractSource(kind, name, () => Readable.from([bytes]));
  }

  provenance(): ExtractProvenance {
    return { adapter: 'csv', name: this.name, ...this.facts };
  }

  async *rows(): AsyncIterable<Record<string, string>> {
    const sample = await readSample(this.open(), 65_536);
    const encoding = detectEncoding(sample);
    const text = new TextDecoder(encoding).decode(sample).replace(/^\uFEFF/, '');
    const headerLine = text.split(/\r?\n/)[0] ?? '';
    const delimiter = detectDelimiter(headerLine);
    const digest = new Digest();
    const source = this.open().pipe(digest).pipe(new Decode(encoding));
    let header: string[] = [];
    const parser = source.pipe(
      parse({
        delimiter,
        bom: true,
        columns: (h: string[]) => {
          if (h.some(isUnstorableText))
            throw new AppError('REGISTRY_EXTRACT_INVALID', {
              detail: 'Рядок заголовка містить нульовий байт: це не текстовий файл CSV або його пошкоджено.',
            });
          header = h.map((c) => c.trim().toLowerCase());
          const missing = missingColumns(this.kind, header);
          if (missing.length > 0) {
            throw new AppError('REGISTRY_EXTRACT_COLUMNS', {
              detail: `У файлі бракує обовʼязкових стовпців: ${missing.join(', ')}. Формат: docs/registry-extracts.md.`,
              extra: { missing },
            });
          }
          return header;
        },
        skip_empty_lines: true,
        relax_column_count: true,
        trim: false,
      }),
    );
    try {
      for await (const row of parser as AsyncIterable<Record<string, string>>) yield row;
    } catch (error) {
      if (error instanceof AppError) throw error;
      const e = error as { code?: string; lines?: number; message?: string };
      throw new AppError('REGISTRY_EXTRACT_INVALID', {
        detail: `Файл не вдалося прочитати як CSV${e.lines ? ` (рядок ${e.lines})` : ''}.`,
        cause: error,
      });
    }
    this.facts = { encoding, delimiter, bytes: digest.bytes, sha256: digest.hash.digest('hex'), columns: header };
  }
}

async function readSample(stream: Readable, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= bytes) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, bytes);
}

/**
 * Rows already in memory (a test, the benchmark, or an exchange client that has fetched a page of records): the
 * same interface as a file, with provenance given by the caller.
 */
export class RowsExtractSource implements RegistryExtractSource {
  constructor(
    readonly kind: ExtractKind,
    private readonly name: string,
    private readonly data: Iterable<Record<string, string>>,
    private readonly facts: Record<string, unknown> = {},
  ) {}

  provenance(): ExtractProvenance {
    return { adapter: 'rows', name: this.name, ...this.facts };
  }

  async *rows(): AsyncIterable<Record<string, string>> {
    const header = new Set<string>();
    let first = true;
    for (const row of this.data) {
      if (first) {
        for (const k of Object.keys(row)) header.add(k);
        const missing = missingColumns(this.kind, [...header]);
        if (missing.length > 0) {
          throw new AppError('REGISTRY_EXTRACT_COLUMNS', {
            detail: `У записах бракує обовʼязкових полів: ${missing.join(', ')}.`,
            extra: { missing },
          });
        }
        first = false;
      }
      yield row;
    }
  }
}
