import { can } from '@aikom/domain/access/policy';
import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../../../context';
import { exchangeTx } from '../../../db/schema-exchange';
import { AppError } from '../../../errors';
import { readAudit } from '../read-audit';
import { scopeOf, type Caller } from '../../auth/caller';
import { platformCaller } from '../pupils/service';
import { parseFields, parseFilter, parseSort, QueryParameterError, type Filter } from './filter';
import { RESOURCES, type FieldType, type ResourceName } from './resources';

export const ONEROSTER_BASE = '/ims/oneroster/rostering/v1p2';

export interface CollectionParams {
  limit: number;
  offset: number;
  sort?: string | undefined;
  orderBy?: string | undefined;
  filter?: string | undefined;
  fields?: string | undefined;
}

const OPS = { '=': '=', '!=': '<>', '>': '>', '>=': '>=', '<': '<', '<=': '<=' } as const;

function value(v: string, type: FieldType, field: string): RawBuilder<unknown> {
  const bad = () => new QueryParameterError('invalid_filter_field', `Значення «${v}» не підходить для поля ${field}.`);
  switch (type) {
    case 'timestamp':
      if (Number.isNaN(Date.parse(v))) throw bad();
      return sql`${v}::timestamptz`;
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw bad();
      return sql`${v}::date`;
    case 'int':
      if (!/^\d{1,9}$/.test(v)) throw bad();
      return sql`${Number(v)}::int`;
    default:
      return sql`${v}`;
  }
}

/** Rostering for learning platforms: OneRoster 1.2 collections over the schools the platform serves. */
export class OneRosterService {
  constructor(private readonly ctx: AppContext) {}

  private base(): string {
    return (this.ctx.config.publicUrl ?? '').replace(/\/+$/, '') + ONEROSTER_BASE;
  }

  private where(name: ResourceName, filter: Filter | null, within: { field: string; id: string } | null) {
    const fields = RESOURCES[name].fields as Record<string, { column: string; type: FieldType }>;
    const parts: Array<RawBuilder<unknown>> = [];
    if (filter) {
      const preds = filter.predicates.map((p) => {
        const f = fields[p.field]!;
        const col = sql.ref(`r.${f.column}`);
        if (p.op === '~') {
          if (f.type !== 'text')
            throw new QueryParameterError('invalid_filter_field', `Оператор ~ застосовний лише до текстових полів.`);
          return sql`strpos(lower(${col}), lower(${p.value})) > 0`;
        }
        return sql`${col} ${sql.raw(OPS[p.op])} ${value(p.value, f.type, p.field)}`;
      });
      parts.push(sql`(${sql.join(preds, sql.raw(filter.logic === 'AND' ? ' AND ' : ' OR '))})`);
    }
    if (within) parts.push(sql`${sql.ref(`r.${within.field}`)} = ${within.id}`);
    return parts.length > 0 ? sql`WHERE ${sql.join(parts, sql.raw(' AND '))}` : sql``;
  }

  async list(
    caller: Caller,
    name: ResourceName,
    q: CollectionParams,
    within: { field: string; id: string } | null = null,
  ): Promise<{ body: Record<string, unknown>; total: number }> {
    const c = platformCaller(caller);
    if (!can(c.actor, 'pupil:read')) throw new AppError('FORBIDDEN');
    const resource = RESOURCES[name];
    const names = Object.keys(resource.fields);
    const filter = q.filter !== undefined ? parseFilter(q.filter, names) : null;
    const sort = parseSort(q.sort, q.orderBy, names);
    const select = parseFields(q.fields, Object.keys(resource.present({}, '')));
    const where = this.where(name, filter, within);
    const source = resource.source({ schools: c.actor.schoolIds, platformId: c.actor.platformId });
    const order = sort
      ? sql`ORDER BY ${sql.ref(`r.${(resource.fields as Record<string, { column: string }>)[sort.field]!.column}`)} ${sql.raw(sort.direction === 'desc' ? 'DESC' : 'ASC')}, r.sourced_id`
      : sql`ORDER BY r.sourced_id`;
    const answer = await this.ctx.db.scoped(scopeOf(c.actor), async (trx) => {
      const t = exchangeTx(trx);
      const [rows, count] = await Promise.all([
        sql<
          Record<string, unknown>
        >`SELECT * FROM (${source}) r ${where} ${order} LIMIT ${q.limit} OFFSET ${q.offset}`.execute(t),
        sql<{ n: number }>`SELECT count(*)::int AS n FROM (${source}) r ${where}`.execute(t),
      ]);
      const base = this.base();
      const items = rows.rows.map((r) => pick(resource.present(r, base), select));
      return { body: { [resource.collection]: items }, total: count.rows[0]?.n ?? 0, count: items.length };
    });
    await readAudit(this.ctx).record(c, {
      action: 'oneroster.read',
      objectType: 'oneroster',
      objectId: name,
      details: { count: answer.count, offset: q.offset, within: within?.id ?? null },
    });
    return { body: answer.body, total: answer.total };
  }

  async get(caller: Caller, name: ResourceName, sourcedId: string, fields?: string): Promise<Record<string, unknown>> {
    const c = platformCaller(caller);
    if (!can(c.actor, 'pupil:read')) throw new AppError('FORBIDDEN');
    const resource = RESOURCES[name];
    const select = parseFields(fields, Object.keys(resource.present({}, '')));
    const source = resource.source({ schools: c.actor.schoolIds, platformId: c.actor.platformId });
    const row = await this.ctx.db.scoped(scopeOf(c.actor), async (trx) => {
      const r = await sql<
        Record<string, unknown>
      >`SELECT * FROM (${source}) r WHERE r.sourced_id = ${sourcedId}`.execute(exchangeTx(trx));
      return r.rows[0];
    });
    if (!row) throw new AppError('NOT_FOUND');
    await readAudit(this.ctx).record(c, {
      action: 'oneroster.read',
      objectType: 'oneroster',
      objectId: name,
      details: { sourcedId },
    });
    return { [resource.single]: pick(resource.present(row, this.base()), select) };
  }
}

function pick(o: Record<string, unknown>, fields: string[] | null): Record<string, unknown> {
  if (!fields) return o;
  return Object.fromEntries(fields.map((f) => [f, o[f]]));
}
