/**
 * The query parameters of OneRoster 1.2 collections (IMS OneRoster 1.2 Rostering Service REST Binding, § 3.4
 * "Paging", § 3.5 "Sorting", § 3.6 "Filtering", § 3.7 "Field selection"):
 * `filter=dateLastModified>'2025-09-01T00:00:00Z' AND status='active'`, `sort=familyName&orderBy=desc`,
 * `limit=100&offset=200`, `fields=sourcedId,familyName`.
 * Parsed into a small tree here; the service turns it into SQL over a whitelist of fields, values always bound as
 * parameters.
 */
export type FilterOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';

export interface Predicate {
  field: string;
  op: FilterOp;
  value: string;
}

export interface Filter {
  logic: 'AND' | 'OR';
  predicates: Predicate[];
}

export class QueryParameterError extends Error {
  constructor(
    /** The OneRoster code minor: invalid_filter_field, invalid_sort_field, invalid_selection_field … */
    readonly codeMinor: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryParameterError';
  }
}

const PREDICATE = /^\s*([A-Za-z][A-Za-z0-9.]*)\s*(!=|>=|<=|=|>|<|~)\s*'([^']*)'\s*/;
const LOGIC = /^(AND|OR)\s+/;

/** Parses a filter; the fields must be among `allowed`. */
export function parseFilter(text: string, allowed: readonly string[]): Filter {
  let rest = text.trim();
  const predicates: Predicate[] = [];
  let logic: Filter['logic'] | null = null;
  for (;;) {
    const m = PREDICATE.exec(rest);
    if (!m)
      throw new QueryParameterError(
        'invalid_filter_field',
        `Не вдалося розібрати фільтр біля «${rest.slice(0, 40)}»: очікується поле, оператор і значення в лапках.`,
      );
    const [, field, op, value] = m as unknown as [string, string, FilterOp, string];
    if (!allowed.includes(field))
      throw new QueryParameterError(
        'invalid_filter_field',
        `Фільтрувати за полем «${field}» не можна; доступні поля: ${allowed.join(', ')}.`,
      );
    predicates.push({ field, op, value });
    rest = rest.slice(m[0].length);
    if (rest === '') break;
    const l = LOGIC.exec(rest);
    if (!l) throw new QueryParameterError('invalid_filter_field', 'Умови фільтра поєднуються через AND або OR.');
    if (logic && logic !== l[1])
      throw new QueryParameterError('invalid_filter_field', 'В одному фільтрі можна вживати або AND, або OR.');
    logic = l[1] as Filter['logic'];
    rest = rest.slice(l[0].length);
  }
  return { logic: logic ?? 'AND', predicates };
}

export interface Paging {
  limit: number;
  offset: number;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export function parseSort(sort: string | undefined, orderBy: string | undefined, allowed: readonly string[]) {
  if (orderBy !== undefined && orderBy !== 'asc' && orderBy !== 'desc')
    throw new QueryParameterError('invalid_sort_field', 'orderBy: asc або desc.');
  if (sort === undefined) return null;
  if (!allowed.includes(sort))
    throw new QueryParameterError(
      'invalid_sort_field',
      `Сортувати за полем «${sort}» не можна; доступні поля: ${allowed.join(', ')}.`,
    );
  return { field: sort, direction: orderBy ?? 'asc' };
}

export function parseFields(fields: string | undefined, allowed: readonly string[]): string[] | null {
  if (fields === undefined) return null;
  const list = fields
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = list.filter((f) => !allowed.includes(f));
  if (unknown.length > 0)
    throw new QueryParameterError('invalid_selection_field', `Невідомі поля: ${unknown.join(', ')}.`);
  return list;
}
