import { AppError } from '../errors';

/**
 * Opaque keyset cursors: the sort key of the last row seen, base64url-encoded JSON. Keyset pagination stays
 * index-backed at any depth (no OFFSET scans) and stable while rows are added.
 */
export function encodeCursor(values: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Decodes a cursor of the given shape; `uuid` is a string that must be a UUID (it is compared with a uuid column). */
export function decodeCursor<T extends ReadonlyArray<'string' | 'number' | 'uuid'>>(
  cursor: string | undefined,
  shape: T,
): { [K in keyof T]: T[K] extends 'number' ? number : string } | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  // A cursor is the client's to forge: every value must also be one the database can compare (no U+0000 or lone
  // surrogate in text; numbers are ids and positions, so safe integers), or the query fails as a server error
  // instead of a refusal.
  const storable = (v: unknown) =>
    typeof v === 'number'
      ? Number.isSafeInteger(v)
      : typeof v === 'string' && !v.includes('\u0000') && !/[\uD800-\uDFFF]/.test(v.replace(SURROGATE_PAIR, ''));
  if (
    !Array.isArray(parsed) ||
    parsed.length !== shape.length ||
    !parsed.every(
      (v, i) => storable(v) && (shape[i] === 'uuid' ? typeof v === 'string' && UUID.test(v) : typeof v === shape[i]),
    )
  ) {
    throw new AppError('BAD_REQUEST', {
      detail: 'Некоректний курсор сторінки.',
      errors: [{ path: '/cursor', code: 'CURSOR_INVALID', message: 'Некоректний курсор сторінки.' }],
    });
  }
  return parsed as { [K in keyof T]: T[K] extends 'number' ? number : string };
}

/** A page of results and the cursor of the next one (null at the end). */
export function page<R, C extends ReadonlyArray<string | number>>(
  rows: R[],
  limit: number,
  keyOf: (row: R) => C,
): { items: R[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, nextCursor: hasMore ? encodeCursor(keyOf(items[items.length - 1]!)) : null };
}
