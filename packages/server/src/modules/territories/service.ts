import { nameKey } from '@aikom/domain/names';
import {
  HOSTILITY_KIND_LABELS,
  TERRITORY_CATEGORIES,
  isTerritoryCategory,
  periodCovers,
  territoryDisplayName,
  type HostilityKind,
  type TerritoryCategory,
} from '@aikom/domain/territory';
import type { Database } from '../../db/database';
import { AppError } from '../../errors';
import { TerritoryRepository, type TerritoryRow } from './repository';
import type { HostilityPeriodView, SearchHit, Territory, TerritoryDetail } from './schemas';

const category = (c: string): TerritoryCategory => (isTerritoryCategory(c) ? c : 'C');
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

function present(row: TerritoryRow): Territory {
  const cat = category(row.category);
  return {
    code: row.code,
    name: row.name,
    displayName: territoryDisplayName(cat, row.name),
    category: cat,
    categoryLabel: TERRITORY_CATEGORIES[cat].uk,
    level: row.level,
    childCount: row.child_count,
    listed: row.listed_now,
  };
}

/** Browsing and searching the territorial tree, and the hostilities/occupation status of a territory. */
export class TerritoryService {
  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    private readonly repo = new TerritoryRepository(),
  ) {}

  async children(parentCode: string | undefined): Promise<Territory[]> {
    const today = isoDay(this.now());
    return this.db.scoped({}, async (trx) => {
      let parentId: number | null = null;
      if (parentCode) {
        const parent = await this.repo.byCode(trx, parentCode, today);
        if (!parent) throw new AppError('NOT_FOUND', { detail: `Територію ${parentCode} не знайдено в кодифікаторі.` });
        parentId = parent.id;
      }
      return (await this.repo.children(trx, parentId, today)).map(present);
    });
  }

  async search(q: string, limit: number, level?: number): Promise<SearchHit[]> {
    const key = nameKey(q);
    if (key.length < 2) return [];
    const today = isoDay(this.now());
    const rows = await this.db.scoped({}, (trx) => this.repo.search(trx, key, limit, level, today));
    return rows.map((r) => {
      const parts: string[] = [];
      if (r.oblast) parts.push(territoryDisplayName(category(r.oblast[0]!), r.oblast.slice(1)));
      if (r.raion) parts.push(territoryDisplayName('P', r.raion));
      if (r.hromada) parts.push(territoryDisplayName('H', r.hromada));
      return { ...present(r), pathLabel: parts.join(' › ') };
    });
  }

  async detail(code: string): Promise<TerritoryDetail> {
    const today = isoDay(this.now());
    return this.db.scoped({}, async (trx) => {
      const row = await this.repo.byCode(trx, code, today);
      if (!row) throw new AppError('NOT_FOUND', { detail: `Територію ${code} не знайдено в кодифікаторі.` });
      const [ancestors, periods] = await Promise.all([
        this.repo.ancestors(trx, row.id),
        this.repo.hostilities(trx, row.id),
      ]);
      const ancestorIds = new Set(ancestors.map((a) => a.id));
      const hostilities: HostilityPeriodView[] = periods.map((p) => ({
        kind: p.kind,
        kindLabel: HOSTILITY_KIND_LABELS[p.kind as HostilityKind]?.uk ?? p.kind,
        code: p.code,
        listedName: p.listed_name,
        start: p.date_start,
        end: p.date_end,
        scope: p.territory_id === row.id ? 'self' : ancestorIds.has(p.territory_id) ? 'ancestor' : 'settlement',
      }));
      const covering = hostilities.filter((h) => h.scope !== 'settlement');
      const current = covering.filter((h) => periodCovers(h, today));
      const starts = covering
        .map((h) => h.start)
        .filter((s): s is string => s !== null)
        .sort();
      return {
        ...present(row),
        path: ancestors.map((a) => ({
          code: a.code,
          displayName: territoryDisplayName(category(a.category), a.name),
          level: a.level,
        })),
        hostilities,
        status: {
          listedSince: starts[0] ?? null,
          currentKinds: [...new Set(current.map((h) => h.kind))],
          partial: covering.length === 0 && hostilities.some((h) => h.scope === 'settlement' && periodCovers(h, today)),
        },
      };
    });
  }
}
