import { AppError } from '../errors';

/**
 * Opaque keyset cursors: the sort key of the last row seen, base64url-encoded JSON. Keyset pagination stays
 * index-backed at any depth (no OFFSET scans) and stable while rows are added.
 */
export function encodeCursor(values: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor<T extends ReadonlyArray<'string' | 'number'>>(
  cursor: string | undefined,
  shape: T,
): { [K in keyof T]: T[K] extends 'string' ? string : number } | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length || !parsed.every((v, i) => typeof v === shape[i])) {
    throw new AppError('BAD_REQUEST', {
      detail: 'Некоректний курсор сторінки.',
      errors: [{ path: '/cursor', code: 'CURSOR_INVALID', message: 'Некоректний курсор сторінки.' }],
    });
  }
  return parsed as { [K in keyof T]: T[K] extends 'string' ? string : number };
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
