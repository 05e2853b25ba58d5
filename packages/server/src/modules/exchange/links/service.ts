import { can, type ScopeRef } from '@aikom/domain/access/policy';
import { ROLE_INFO } from '@aikom/domain/access/roles';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../../context';
import { baseTx, exchangeTx, type ExchangeTx } from '../../../db/schema-exchange';
import { AppError } from '../../../errors';
import { decodeCursor, encodeCursor } from '../../../http/cursor';
import { AuditService } from '../../audit/service';
import { scopeOf, type Caller, type UserActor } from '../../auth/caller';
import { PLATFORM_OWNED_FIELDS } from './managed';
import { LinkRepository, type LinkRow } from './repository';
import type { LinkView, SchoolPlatformView } from './schemas';

export function presentLink(l: LinkRow): LinkView {
  return {
    id: l.id,
    platform: { id: l.platform_id, name: l.platform_name, operator: l.platform_operator },
    school: { id: l.school_id, name: l.school_name, edrpou: l.school_edrpou },
    status: l.status as LinkView['status'],
    requestedAt: l.requested_at.toISOString(),
    requestNote: l.request_note,
    decidedAt: l.decided_at?.toISOString() ?? null,
    decisionNote: l.decision_note,
    endedAt: l.ended_at?.toISOString() ?? null,
    endReason: l.end_reason as LinkView['endReason'],
  };
}

const stateError = (detail: string) => new AppError('PLATFORM_LINK_STATE', { detail });

/**
 * A school's choice of platform (DOMAIN.md § 2; Estonia's EHIS does the same with a signed mandate from the school
 * head): the school's director asks for a platform, the school's ОУО approves or rejects, and either side may end
 * it. From approval on, the platform reads and writes the school's pupils and the portal shows them as managed by it.
 */
export class LinkService {
  private readonly repo = new LinkRepository();
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {}

  private user(caller: Caller): UserActor {
    if (caller.actor.kind !== 'user') throw new AppError('FORBIDDEN');
    return caller.actor;
  }

  private scoped<T>(caller: Caller, fn: (trx: ExchangeTx) => Promise<T>): Promise<T> {
    return this.ctx.db.scoped(scopeOf(caller.actor), (trx) => fn(exchangeTx(trx)));
  }

  /** The link must be visible to the caller and the caller must be of the side that may act (school or ОУО). */
  private async decidable(trx: ExchangeTx, caller: Caller, id: string, sides: ReadonlyArray<'school' | 'ouo'>) {
    const actor = this.user(caller);
    const link = await this.repo.get(trx, id);
    if (!link) throw new AppError('NOT_FOUND');
    const ref: ScopeRef = { kind: 'school', id: link.school_id, regionId: link.region_id, ouoId: link.ouo_id };
    const side = ROLE_INFO[actor.role].kind;
    if (!can(actor, 'platform:link', ref) || !(sides as readonly string[]).includes(side))
      throw new AppError('FORBIDDEN');
    return { link, actor, side: side as 'school' | 'ouo' };
  }

  async schoolStatus(caller: Caller, schoolId: string): Promise<SchoolPlatformView> {
    return this.scoped(caller, async (trx) => {
      const school = await this.repo.school(trx, schoolId);
      if (!school) throw new AppError('NOT_FOUND');
      const history = await this.repo.ofSchool(trx, schoolId);
      const active = history.find((l) => l.status === 'active');
      const pending = history.find((l) => l.status === 'requested');
      return {
        school: { id: school.id, name: school.name, edrpou: school.edrpou },
        managedBy: active ? 'platform' : 'portal',
        platform: active
          ? {
              id: active.platform_id,
              name: active.platform_name,
              operator: active.platform_operator,
              contact: active.platform_contact,
            }
          : null,
        since: active?.decided_at?.toISOString() ?? null,
        linkId: active?.id ?? null,
        ownedFields: active ? [...PLATFORM_OWNED_FIELDS] : [],
        portalMayExit: true,
        pendingRequest: pending ? presentLink(pending) : null,
        history: history.map(presentLink),
      };
    });
  }

  async list(
    caller: Caller,
    q: { status?: string; schoolId?: string; platformId?: string; limit: number; cursor?: string },
  ): Promise<{ items: LinkView[]; nextCursor: string | null }> {
    const before = decodeCursor(q.cursor, ['string', 'uuid'] as const);
    // The first part is a request time as this server wrote it (an ISO instant); anything else is forged.
    if (
      before &&
      !(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(before[0]) && Number.isFinite(Date.parse(before[0])))
    )
      throw new AppError('BAD_REQUEST', {
        errors: [{ path: '/cursor', code: 'CURSOR_INVALID', message: 'Некоректний курсор сторінки.' }],
      });
    const rows = await this.scoped(caller, (trx) => this.repo.list(trx, { ...q, before }));
    const more = rows.length > q.limit;
    const items = more ? rows.slice(0, q.limit) : rows;
    const last = items.at(-1);
    return {
      items: items.map(presentLink),
      nextCursor: more && last ? encodeCursor([last.requested_at.toISOString(), last.id]) : null,
    };
  }

  /** The school's director asks its ОУО to let a platform serve the school. */
  async request(caller: Caller, schoolId: string, input: { platformId: string; note?: string }): Promise<LinkView> {
    const actor = this.user(caller);
    const now = this.ctx.now();
    return this.scoped(caller, async (trx) => {
      const school = await this.repo.school(trx, schoolId);
      if (!school) throw new AppError('NOT_FOUND');
      const ref: ScopeRef = { kind: 'school', id: school.id, regionId: school.region_id, ouoId: school.ouo_id };
      if (!can(actor, 'platform:link', ref) || ROLE_INFO[actor.role].kind !== 'school')
        throw new AppError('FORBIDDEN', { detail: 'Обрати платформу для закладу може його керівник.' });
      const platform = await this.repo.platformStatus(trx, input.platformId);
      if (!platform || platform.status !== 'active')
        throw new AppError('VALIDATION_FAILED', {
          errors: [
            {
              path: '/platformId',
              code: 'PLATFORM_UNKNOWN',
              message: 'Такої чинної платформи немає в переліку платформ, авторизованих МОН.',
            },
          ],
        });
      const history = await this.repo.ofSchool(trx, schoolId);
      if (history.some((l) => l.status === 'requested'))
        throw stateError(
          'Заклад уже має запит на платформу, що очікує рішення ОУО: скасуйте його або дочекайтеся рішення.',
        );
      if (history.some((l) => l.status === 'active' && l.platform_id === input.platformId))
        throw stateError('Ця платформа вже обслуговує заклад.');
      const id = uuidv7();
      await this.repo.insertRequest(trx, {
        id,
        platform_id: input.platformId,
        school_id: school.id,
        ouo_id: school.ouo_id!,
        region_id: school.region_id!,
        requested_by: actor.userId,
        requested_at: now,
        request_note: input.note?.trim() || null,
      });
      await this.audit.record(baseTx(trx), caller, {
        action: 'platform.link.request',
        objectType: 'school',
        objectId: school.id,
        details: { linkId: id, platformId: input.platformId },
      });
      return presentLink((await this.repo.get(trx, id))!);
    });
  }

  /** The ОУО approves: the platform serves the school from now on (replacing the one that served it before). */
  async approve(caller: Caller, id: string, note?: string): Promise<LinkView> {
    const now = this.ctx.now();
    return this.scoped(caller, async (trx) => {
      const { link, actor } = await this.decidable(trx, caller, id, ['ouo']);
      if (link.status !== 'requested') throw stateError('Запит уже розглянуто або скасовано.');
      const platform = await this.repo.platformStatus(trx, link.platform_id);
      if (platform?.status !== 'active') throw stateError('Платформу відкликано: затвердити запит не можна.');
      await this.repo.endActive(trx, link.school_id, actor.userId, now);
      if (
        !(await this.repo.transition(trx, id, 'requested', {
          status: 'active',
          decided_by: actor.userId,
          decided_at: now,
          decision_note: note?.trim() || null,
        }))
      )
        throw stateError('Запит уже розглянуто або скасовано.');
      await this.audit.record(baseTx(trx), caller, {
        action: 'platform.link.approve',
        objectType: 'school',
        objectId: link.school_id,
        details: { linkId: id, platformId: link.platform_id },
      });
      return presentLink((await this.repo.get(trx, id))!);
    });
  }

  async reject(caller: Caller, id: string, note?: string): Promise<LinkView> {
    const now = this.ctx.now();
    return this.scoped(caller, async (trx) => {
      const { link, actor } = await this.decidable(trx, caller, id, ['ouo']);
      if (
        link.status !== 'requested' ||
        !(await this.repo.transition(trx, id, 'requested', {
          status: 'rejected',
          decided_by: actor.userId,
          decided_at: now,
          decision_note: note?.trim() || null,
        }))
      )
        throw stateError('Запит уже розглянуто або скасовано.');
      await this.audit.record(baseTx(trx), caller, {
        action: 'platform.link.reject',
        objectType: 'school',
        objectId: link.school_id,
        details: { linkId: id, platformId: link.platform_id },
      });
      return presentLink((await this.repo.get(trx, id))!);
    });
  }

  /** The school withdraws its request before the ОУО decided. */
  async cancel(caller: Caller, id: string): Promise<LinkView> {
    const now = this.ctx.now();
    return this.scoped(caller, async (trx) => {
      const { link, actor } = await this.decidable(trx, caller, id, ['school']);
      if (
        link.status !== 'requested' ||
        !(await this.repo.transition(trx, id, 'requested', {
          status: 'cancelled',
          decided_by: actor.userId,
          decided_at: now,
        }))
      )
        throw stateError('Запит уже розглянуто або скасовано.');
      await this.audit.record(baseTx(trx), caller, {
        action: 'platform.link.cancel',
        objectType: 'school',
        objectId: link.school_id,
        details: { linkId: id, platformId: link.platform_id },
      });
      return presentLink((await this.repo.get(trx, id))!);
    });
  }

  /**
   * The operator links a school to a platform directly (`aikom platform link`): for moving a school's existing
   * arrangement into the registry and for test instances. Recorded as an operator's act in the audit log.
   */
  async operatorLink(platformId: string, edrpou: string): Promise<LinkView> {
    const now = this.ctx.now();
    return this.ctx.db.system(async (raw) => {
      const trx = exchangeTx(raw);
      const school = await trx
        .selectFrom('organisation')
        .select(['id', 'ouo_id', 'region_id'])
        .where('edrpou', '=', edrpou)
        .where('kind', '=', 'school')
        .executeTakeFirst();
      if (!school) throw new AppError('NOT_FOUND', { detail: `Закладу з кодом ЄДРПОУ ${edrpou} немає в реєстрі.` });
      const platform = await this.repo.platformStatus(trx, platformId);
      if (platform?.status !== 'active') throw stateError('Платформу відкликано або не знайдено.');
      const current = await trx
        .selectFrom('platform_school')
        .select(['id', 'platform_id'])
        .where('school_id', '=', school.id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (current?.platform_id === platformId) return presentLink((await this.repo.get(trx, current.id))!);
      await trx
        .updateTable('platform_school')
        .set({ status: 'ended', ended_at: now, end_reason: 'replaced' })
        .where('school_id', '=', school.id)
        .where('status', '=', 'active')
        .execute();
      await trx
        .updateTable('platform_school')
        .set({ status: 'rejected', decided_at: now, decision_note: 'заклад підключено оператором' })
        .where('school_id', '=', school.id)
        .where('status', '=', 'requested')
        .execute();
      const id = uuidv7();
      await trx
        .insertInto('platform_school')
        .values({
          id,
          platform_id: platformId,
          school_id: school.id,
          ouo_id: school.ouo_id!,
          region_id: school.region_id!,
          status: 'active',
          requested_at: now,
          request_note: 'підключено оператором (aikom platform link)',
          decided_at: now,
        })
        .execute();
      await this.audit.record(
        baseTx(trx),
        null,
        {
          action: 'platform.link.operator',
          objectType: 'school',
          objectId: school.id,
          details: { linkId: id, platformId },
        },
        { login: 'system:cli' },
      );
      return presentLink((await this.repo.get(trx, id))!);
    });
  }

  /** Either side ends the platform's service: from now on the school's records are kept in the portal again. */
  async end(caller: Caller, id: string): Promise<LinkView> {
    const now = this.ctx.now();
    return this.scoped(caller, async (trx) => {
      const { link, actor, side } = await this.decidable(trx, caller, id, ['school', 'ouo']);
      if (
        link.status !== 'active' ||
        !(await this.repo.transition(trx, id, 'active', {
          status: 'ended',
          ended_by: actor.userId,
          ended_at: now,
          end_reason: side,
        }))
      )
        throw stateError('Ця платформа зараз не обслуговує заклад.');
      await this.audit.record(baseTx(trx), caller, {
        action: 'platform.link.end',
        objectType: 'school',
        objectId: link.school_id,
        details: { linkId: id, platformId: link.platform_id },
      });
      return presentLink((await this.repo.get(trx, id))!);
    });
  }
}
