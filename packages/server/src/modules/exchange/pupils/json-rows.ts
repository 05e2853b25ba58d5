/**
 * Rows for set-based statements (`json_populate_recordset`): one JSON parameter carries a whole batch, so inserting
 * or updating 1 000 pupils is one round trip per table, not 1 000. Binary values travel as PostgreSQL's hex form
 * (`\x…`), dates as ISO strings.
 */
export function jsonRows(rows: ReadonlyArray<Record<string, unknown>>): string {
  return JSON.stringify(rows.map(encodeRow));
}

function encodeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = encodeValue(v);
  return out;
}

function encodeValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return '\\x' + Buffer.from(v).toString('hex');
  if (v instanceof Date) return v.toISOString();
  return v;
}

/** A blind index as the JSON probes of the matching functions carry it. */
export const hex = (b: Buffer | null): string | null => (b ? b.toString('hex') : null);
