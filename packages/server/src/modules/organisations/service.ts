import { can, type ScopeRef } from '@aikom/domain/access/policy';
import { isValidEdrpou } from '@aikom/domain/identifiers/edrpou';
import { nameKey } from '@aikom/domain/names';
import { URBAN_CATEGORIES, isTerritoryCategory } from '@aikom/domain/territory';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../context';
import type { Tx } from '../../db/database';
import { AppError, type FieldError } from '../../errors';
import { decodeCursor, page } from '../../http/cursor';
import { AuditService } from '../audit/service';
import { scopeOf, type Caller } from '../auth/caller';
import { OrganisationRepository, type OrganisationRow, type OrganisationWrite } from './repository';
import { SCHOOL_TYPE_LABELS, type OrganisationCreate, type OrganisationPatch, type OrganisationView } from './schemas';

export function scopeRefOf(row: Pick<OrganisationRow, 'id' | 'kind' | 'region_id' | 'ouo_id'>): ScopeRef {
  return { kind: row.kind as ScopeRef['kind'], id: row.id, regionId: row.region_id, ouoId: row.ouo_id };
}

export function presentOrganisation(o: OrganisationRow): OrganisationView {
  return {
    id: o.id,
    kind: o.kind as OrganisationView['kind'],
    parentId: o.parent_id,
    regionId: o.region_id,
    ouoId: o.ouo_id,
    name: o.name,
    shortName: o.short_name,
    edrpou: o.edrpou,
    territory: o.territory_code
      ? { code: o.territory_code, name: o.territory_name ?? '', category: o.territory_category ?? '' }
      : null,
    schoolType: o.school_type,
    schoolTypeLabel: o.school_type
      ? (SCHOOL_TYPE_LABELS[o.school_type as keyof typeof SCHOOL_TYPE_LABELS] ?? null)
      : null,
    ownership: o.ownership,
    settlementType: o.settlement_type,
    status: o.status,
    originalTerritory: o.original_territory_code
      ? { code: o.original_territory_code, name: o.original_territory_name ?? '' }
      : null,
    founder: o.founder,
    gradeMin: o.grade_min,
    gradeMax: o.grade_max,
    address: o.address,
    childCount: o.child_count,
    version: o.version,
    updatedAt: o.updated_at.toISOString(),
  };
}

/** The parent kind each kind hangs under. */
const PARENT_KIND = { region: 'ministry', ouo: 'region', school: 'ouo' } as const;

/** Organisations of the cascade: the tree of one's scope, creation and versioned changes by administrators. */
export class OrganisationService {
  private readonly repo = new OrganisationRepository();
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {}

  async list(caller: Caller, filter: { kind?: string; parentId?: string; q?: string; limit: number; cursor?: string }) {
    this.require(caller, 'organisation:read');
    const after = decodeCursor(filter.cursor, ['string', 'uuid'] as const);
    const q = filter.q?.trim();
    const rows = await this.ctx.db.scoped(scopeOf(caller.actor), (trx) =>
      this.repo.list(trx, {
        kind: filter.kind,
        parentId: filter.parentId,
        ...(q && /^\d{8}$/.test(q) ? { edrpou: q } : q ? { nameKeyPrefix: nameKey(q) } : {}),
        after,
        limit: filter.limit,
      }),
    );
    const p = page(rows, filter.limit, (r) => [r.sort_key, r.id] as const);
    // The list is one's own organisation and what lies below it; the ancestors (visible for their names) are not.
    const inScope = p.items.filter((r) => can(caller.actor, 'organisation:read', scopeRefOf(r)));
    return { items: inScope.map(presentOrganisation), nextCursor: p.nextCursor };
  }

  async get(caller: Caller, id: string): Promise<OrganisationView> {
    this.require(caller, 'organisation:read');
    const row = await this.ctx.db.scoped(scopeOf(caller.actor), (trx) => this.repo.get(trx, id));
    // Out of scope and missing look the same (no existence leak).
    if (!row) throw new AppError('NOT_FOUND');
    return presentOrganisation(row);
  }

  async history(caller: Caller, id: string) {
    await this.get(caller, id);
    return this.ctx.db.scoped(scopeOf(caller.actor), (trx) => this.repo.history(trx, id));
  }

  async create(caller: Caller, input: OrganisationCreate): Promise<OrganisationView> {
    this.require(caller, 'organisation:create');
    const now = this.ctx.now();
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      const parent = await this.repo.get(trx, input.parentId);
      if (!parent || parent.kind !== PARENT_KIND[input.kind]) {
        throw invalid([{ path: '/parentId', code: 'PARENT_INVALID', message: parentMessage(input.kind) }]);
      }
      const regionId = parent.kind === 'region' ? parent.id : parent.region_id;
      const ouoId = parent.kind === 'ouo' ? parent.id : null;
      const id = uuidv7();
      // The new unit must fall inside the creator's scope (a region admin under their region, an ОУО admin under their ОУО).
      const target: ScopeRef = { kind: input.kind, id, regionId: input.kind === 'region' ? null : regionId, ouoId };
      if (!can(caller.actor, 'organisation:create', target)) throw new AppError('FORBIDDEN');
      const write = await this.prepare(trx, input.kind, { ...input, parentId: parent.id }, null);
      await this.repo.insert(
        trx,
        id,
        {
          ...write,
          kind: input.kind,
          parent_id: parent.id,
          region_id: input.kind === 'region' ? null : regionId,
          ouo_id: ouoId,
        },
        now,
      );
      await this.repo.recordVersion(trx, id, actorUserId(caller), now);
      await this.audit.record(trx, caller, {
        action: 'organisation.create',
        objectType: 'organisation',
        objectId: id,
        details: { kind: input.kind },
      });
      return presentOrganisation((await this.repo.get(trx, id))!);
    });
  }

  async update(
    caller: Caller,
    id: string,
    patch: OrganisationPatch,
    expectedVersion: number,
  ): Promise<OrganisationView> {
    this.require(caller, 'organisation:update');
    const now = this.ctx.now();
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      const current = await this.repo.get(trx, id);
      if (!current) throw new AppError('NOT_FOUND');
      if (!can(caller.actor, 'organisation:update', scopeRefOf(current))) throw new AppError('FORBIDDEN');
      // A unit's own users may edit its details but not move or re-key it.
      const own = caller.actor.kind === 'user' && caller.actor.organisationId === id && current.kind !== 'ministry';
      if (own && (patch.parentId !== undefined || patch.edrpou !== undefined || patch.status !== undefined)) {
        throw new AppError('FORBIDDEN', {
          detail: 'Змінити підпорядкування, код ЄДРПОУ чи статус може лише вищий орган управління освітою.',
        });
      }
      if (current.version !== expectedVersion)
        throw new AppError('PRECONDITION_FAILED', { extra: { currentVersion: current.version } });
      const merged: OrganisationCreate = {
        kind: current.kind as OrganisationCreate['kind'],
        parentId: patch.parentId ?? current.parent_id ?? '',
        name: patch.name ?? current.name,
        ...(present(patch.shortName, current.short_name) !== null
          ? { shortName: present(patch.shortName, current.short_name)! }
          : {}),
        ...((patch.edrpou ?? current.edrpou) ? { edrpou: patch.edrpou ?? current.edrpou! } : {}),
        ...((patch.territoryCode ?? current.territory_code)
          ? { territoryCode: patch.territoryCode ?? current.territory_code! }
          : {}),
        ...((patch.schoolType ?? current.school_type)
          ? { schoolType: (patch.schoolType ?? current.school_type) as OrganisationCreate['schoolType'] }
          : {}),
        ...((patch.ownership ?? current.ownership)
          ? { ownership: (patch.ownership ?? current.ownership) as OrganisationCreate['ownership'] }
          : {}),
        ...((patch.settlementType ?? (patch.territoryCode ? undefined : current.settlement_type))
          ? { settlementType: (patch.settlementType ?? current.settlement_type) as 'urban' | 'rural' }
          : {}),
        status: (patch.status ?? current.status) as OrganisationCreate['status'] & string,
        ...(present(patch.originalTerritoryCode, current.original_territory_code)
          ? { originalTerritoryCode: present(patch.originalTerritoryCode, current.original_territory_code)! }
          : {}),
        ...(present(patch.founder, current.founder) ? { founder: present(patch.founder, current.founder)! } : {}),
        ...((patch.gradeMin ?? current.grade_min) !== null ? { gradeMin: (patch.gradeMin ?? current.grade_min)! } : {}),
        ...((patch.gradeMax ?? current.grade_max) !== null ? { gradeMax: (patch.gradeMax ?? current.grade_max)! } : {}),
        ...(present(patch.address, current.address) ? { address: present(patch.address, current.address)! } : {}),
      };
      const write = await this.prepare(trx, current.kind as OrganisationCreate['kind'], merged, id);
      let moved: { ouoId: string; regionId: string } | null = null;
      if (patch.parentId && patch.parentId !== current.parent_id) {
        if (current.kind !== 'school')
          throw invalid([
            {
              path: '/parentId',
              code: 'PARENT_INVALID',
              message: 'Змінити підпорядкування можна лише закладу освіти.',
            },
          ]);
        const parent = await this.repo.get(trx, patch.parentId);
        if (!parent || parent.kind !== 'ouo' || !can(caller.actor, 'organisation:update', scopeRefOf(parent))) {
          throw invalid([{ path: '/parentId', code: 'PARENT_INVALID', message: parentMessage('school') }]);
        }
        moved = { ouoId: parent.id, regionId: parent.region_id! };
      }
      const ok = await this.repo.update(trx, id, write, expectedVersion, now);
      if (!ok) throw new AppError('PRECONDITION_FAILED');
      if (moved) await this.repo.moveSchool(trx, id, moved.ouoId, moved.regionId);
      await this.repo.recordVersion(trx, id, actorUserId(caller), now);
      await this.audit.record(trx, caller, {
        action: 'organisation.update',
        objectType: 'organisation',
        objectId: id,
        details: { fields: Object.keys(patch) },
      });
      return presentOrganisation((await this.repo.get(trx, id))!);
    });
  }

  /** Validates and resolves the writable fields of an organisation. */
  private async prepare(
    trx: Tx,
    kind: OrganisationCreate['kind'],
    input: OrganisationCreate,
    exceptId: string | null,
  ): Promise<Omit<OrganisationWrite, 'kind' | 'parent_id' | 'region_id' | 'ouo_id'>> {
    const errors: FieldError[] = [];
    if (kind === 'school') {
      if (!input.edrpou)
        errors.push({ path: '/edrpou', code: 'EDRPOU_REQUIRED', message: 'Для закладу освіти потрібен код ЄДРПОУ.' });
      if (!input.territoryCode)
        errors.push({
          path: '/territoryCode',
          code: 'TERRITORY_REQUIRED',
          message: 'Для закладу освіти потрібне місцезнаходження (код КАТОТТГ).',
        });
      if (!input.schoolType)
        errors.push({ path: '/schoolType', code: 'SCHOOL_TYPE_REQUIRED', message: 'Укажіть тип закладу.' });
      if (!input.ownership)
        errors.push({ path: '/ownership', code: 'OWNERSHIP_REQUIRED', message: 'Укажіть форму власності.' });
    }
    if (input.edrpou) {
      if (!isValidEdrpou(input.edrpou))
        errors.push({
          path: '/edrpou',
          code: 'EDRPOU_CHECK_DIGIT',
          message: 'Код ЄДРПОУ має неправильну контрольну цифру.',
        });
      else if (await this.repo.edrpouTaken(trx, input.edrpou, exceptId ?? undefined)) {
        errors.push({
          path: '/edrpou',
          code: 'EDRPOU_TAKEN',
          message: 'Організація з таким кодом ЄДРПОУ вже є в реєстрі.',
        });
      }
    }
    let territoryId: number | null = null;
    let settlementType = input.settlementType ?? null;
    if (input.territoryCode) {
      const t = await this.repo.territoryByCode(trx, input.territoryCode);
      if (!t)
        errors.push({
          path: '/territoryCode',
          code: 'TERRITORY_UNKNOWN',
          message: 'Такого коду немає в кодифікаторі КАТОТТГ.',
        });
      else {
        territoryId = t.id;
        if (kind === 'school' && t.level < 4 && t.category !== 'K') {
          errors.push({
            path: '/territoryCode',
            code: 'TERRITORY_NOT_SETTLEMENT',
            message: 'Місцезнаходження закладу — населений пункт (або район міста), а не область, район чи громада.',
          });
        }
        // Type of locality (ZNZ-1 header): cities, special-status cities, their districts and settlements are urban.
        if (settlementType === null && kind === 'school' && isTerritoryCategory(t.category)) {
          settlementType = URBAN_CATEGORIES.has(t.category) ? 'urban' : 'rural';
        }
      }
    }
    let originalId: number | null = null;
    const status = input.status ?? 'operating';
    if (status === 'relocated') {
      if (!input.originalTerritoryCode)
        errors.push({
          path: '/originalTerritoryCode',
          code: 'ORIGINAL_TERRITORY_REQUIRED',
          message: 'Для переміщеного закладу вкажіть його попереднє місцезнаходження.',
        });
      else {
        const t = await this.repo.territoryByCode(trx, input.originalTerritoryCode);
        if (!t)
          errors.push({
            path: '/originalTerritoryCode',
            code: 'TERRITORY_UNKNOWN',
            message: 'Такого коду немає в кодифікаторі КАТОТТГ.',
          });
        else originalId = t.id;
      }
    }
    if (input.gradeMin !== undefined && input.gradeMax !== undefined && input.gradeMin > input.gradeMax) {
      errors.push({
        path: '/gradeMax',
        code: 'GRADES_ORDER',
        message: 'Найстарший клас не може бути молодшим за найменший.',
      });
    }
    if (errors.length > 0) throw invalid(errors);
    return {
      name: input.name.trim(),
      short_name: input.shortName?.trim() || null,
      name_key: nameKey(input.name),
      edrpou: input.edrpou ?? null,
      territory_id: territoryId,
      school_type: kind === 'school' ? (input.schoolType ?? null) : null,
      ownership: input.ownership ?? null,
      settlement_type: kind === 'school' ? settlementType : null,
      status,
      original_territory_id: status === 'relocated' ? originalId : null,
      founder: input.founder?.trim() || null,
      grade_min: input.gradeMin ?? null,
      grade_max: input.gradeMax ?? null,
      address: input.address?.trim() || null,
    };
  }

  private require(caller: Caller, action: 'organisation:read' | 'organisation:create' | 'organisation:update'): void {
    if (!can(caller.actor, action)) throw new AppError('FORBIDDEN');
  }
}

const present = <T>(patchValue: T | null | undefined, current: T | null): T | null =>
  patchValue === undefined ? current : patchValue;
const invalid = (errors: FieldError[]) => new AppError('VALIDATION_FAILED', { errors });
const actorUserId = (caller: Caller) => (caller.actor.kind === 'user' ? caller.actor.userId : null);
const parentMessage = (kind: string) =>
  ({
    region: 'Регіон підпорядковується міністерству.',
    ouo: 'Орган управління освітою має належати до регіону вашого доступу.',
    school: 'Заклад має належати до органу управління освітою (ОУО) вашого доступу.',
  })[kind] ?? 'Неправильна батьківська організація.';
