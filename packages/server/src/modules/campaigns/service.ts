import { can } from '@aikom/domain/access/policy';
import {
  canConfirm,
  completion,
  isLate,
  reminderDay,
  requiredRules,
  schoolStatus,
  MON_LETTER_INDICATORS,
} from '@aikom/domain/campaigns/campaign';
import { VALIDATION_RULES, type IndicatorNumber } from '@aikom/domain/validation/rules';
import ExcelJS from 'exceljs';
import { kyivDate } from '@aikom/domain/kyiv-time';
import { uuidv7 } from 'uuidv7';
import { currentSchoolYear } from '../school-years/current';
import type { AppContext } from '../../context';
import type { Tx } from '../../db/database';
import { AppError } from '../../errors';
import { AuditService } from '../audit/service';
import { scopeOf, type Caller } from '../auth/caller';
import { NotificationRepository } from '../notifications/repository';
import { CampaignRepository, type CampaignRow, type RollupRow, type SchoolRow } from './repository';

export interface CampaignInput {
  title: string;
  instructions?: string | undefined;
  deadline: string;
  scope: { kind: 'all' } | { kind: 'region'; regionId: string } | { kind: 'list'; schoolIds: string[] };
  indicators?: IndicatorNumber[] | undefined;
  rules?: string[] | undefined;
  requiresConfirmation?: boolean | undefined;
  reminderDays?: number | undefined;
}

export function presentCampaign(c: CampaignRow) {
  return {
    id: c.id,
    title: c.title,
    instructions: c.instructions,
    deadline: c.deadline,
    scope: { kind: c.scope_kind, regionId: c.scope_region_id },
    indicators: c.indicators,
    requiredRules: c.required_rules.map((code) => ({
      code,
      message: (VALIDATION_RULES as Record<string, { message: { uk: string } }>)[code]?.message.uk ?? code,
    })),
    requiresConfirmation: c.requires_confirmation,
    reminderDays: c.reminder_days,
    status: c.status,
    schoolYear: `${c.school_year}-${c.school_year + 1}`,
    createdAt: c.created_at.toISOString(),
  };
}

export function presentRollup(r: RollupRow) {
  return {
    id: r.id,
    name: r.name,
    code: r.code,
    schools: r.schools,
    schoolsComplete: r.schools_done,
    schoolsConfirmed: r.schools_confirmed,
    schoolsReopened: r.schools_reopened,
    schoolsLate: r.schools_late,
    pupils: r.pupils,
    pupilsDone: r.pupils_done,
    completion: completion(r.pupils_done, r.pupils),
    confirmation: completion(r.schools_confirmed, r.schools),
  };
}

/**
 * Whether a school is done with the campaign: confirmed when confirmation is required, else complete (or confirmed).
 * Overdue lists and reminders are for the schools that are not.
 */
export function isSettled(c: Pick<CampaignRow, 'requires_confirmation'>, status: string): boolean {
  return c.requires_confirmation ? status === 'confirmed' : status === 'complete' || status === 'confirmed';
}

export function presentSchool(c: CampaignRow, s: SchoolRow, today: string) {
  const status = schoolStatus({
    pupils: s.pupils,
    done: s.done,
    confirmedAt: s.confirmed_at?.toISOString() ?? null,
    changedAfterConfirmation: s.changed_after_confirmation,
  });
  const settled = isSettled(c, status);
  return {
    schoolId: s.school_id,
    name: s.name,
    edrpou: s.edrpou,
    ouoId: s.ouo_id,
    regionId: s.region_id,
    pupils: s.pupils,
    pupilsDone: s.done,
    completion: completion(s.done, s.pupils),
    status,
    confirmedAt: s.confirmed_at?.toISOString() ?? null,
    confirmedBy: s.confirmed_by_name,
    confirmedLate: s.confirmed_late,
    overdue: !settled && today > c.deadline,
    canConfirm: c.requires_confirmation && canConfirm(s) && status !== 'confirmed',
  };
}

/**
 * Data-update campaigns: created by the ministry (or a region for its region), worked by schools, watched live by
 * ОУО, regions and the ministry. Figures are kept per school and refreshed from the change feed, so a national
 * roll-up sums ~12.7 k rows instead of scanning 3.9 M pupils.
 */
export class CampaignService {
  readonly repo = new CampaignRepository();
  private readonly notifications = new NotificationRepository();
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {}

  private today(): string {
    return kyivDate(this.ctx.now());
  }

  async create(caller: Caller, input: CampaignInput) {
    const actor = caller.actor;
    if (actor.kind !== 'user' || !can(actor, 'campaign:manage')) throw new AppError('FORBIDDEN');
    const errors = [];
    if (input.deadline < this.today())
      errors.push({ path: '/deadline', code: 'DEADLINE_PAST', message: 'Кінцевий термін не може бути в минулому.' });
    const indicators = input.indicators ?? [...MON_LETTER_INDICATORS];
    const rules = requiredRules(indicators, input.rules ?? []);
    if (rules.length === 0)
      errors.push({
        path: '/indicators',
        code: 'NOTHING_REQUIRED',
        message: 'Оберіть показники або правила, які заклади мають виконати.',
      });
    // A region admin's campaign covers its own region only.
    if (
      actor.role === 'region_admin' &&
      !(input.scope.kind === 'region' && input.scope.regionId === actor.organisationId) &&
      input.scope.kind !== 'list'
    ) {
      errors.push({
        path: '/scope',
        code: 'SCOPE_OUTSIDE',
        message: 'Адміністратор регіону створює кампанію лише для свого регіону.',
      });
    }
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { errors });
    const now = this.ctx.now();
    const year = await currentSchoolYear(this.ctx);
    const regionOwned = actor.role === 'region_admin';
    return this.ctx.db.scoped(scopeOf(actor), async (trx) => {
      // A region admin's list names schools of its own region only: any other is refused by name, before anything
      // is written (the database would refuse the row anyway).
      if (regionOwned && input.scope.kind === 'list') {
        const outside = await this.repo.schoolsOutsideRegion(trx, input.scope.schoolIds, actor.organisationId);
        if (outside.length > 0)
          throw new AppError('VALIDATION_FAILED', {
            errors: [
              {
                path: '/scope/schoolIds',
                code: 'SCOPE_OUTSIDE',
                message: `Адміністратор регіону може додати до переліку лише заклади свого регіону (не з нього: ${outside.length}).`,
              },
            ],
          });
      }
      const id = uuidv7();
      const row = {
        id,
        title: input.title.trim(),
        instructions: input.instructions?.trim() ?? '',
        deadline: input.deadline,
        scope_kind: input.scope.kind,
        // A region's list campaign belongs to the region (its row is in the region's scope from the start).
        scope_region_id:
          input.scope.kind === 'region' ? input.scope.regionId : regionOwned ? actor.organisationId : null,
        indicators,
        required_rules: rules,
        requires_confirmation: input.requiresConfirmation ?? true,
        reminder_days: input.reminderDays ?? null,
        school_year: year,
        created_by: actor.userId,
        organisation_id: actor.organisationId,
        now,
      };
      await this.repo.insert(trx, row);
      // Schools are added through the caller's scope: a region admin's list can only name its own schools.
      const schools = await this.repo.populate(
        trx,
        row,
        input.scope.kind === 'list' ? input.scope.schoolIds : null,
        now,
      );
      if (schools === 0)
        throw new AppError('VALIDATION_FAILED', {
          errors: [{ path: '/scope', code: 'SCOPE_EMPTY', message: 'У межах кампанії немає жодного закладу освіти.' }],
        });
      await this.repo.snapshotProgress(trx, id, this.today());
      await this.audit.record(trx, caller, {
        action: 'campaign.create',
        objectType: 'campaign',
        objectId: id,
        details: { schools, rules: rules.length },
      });
      return { campaign: presentCampaign((await this.repo.get(trx, id))!), schools };
    });
  }

  async list(caller: Caller) {
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => (await this.repo.list(trx)).map(presentCampaign));
  }

  private async visible(trx: Tx, id: string): Promise<CampaignRow> {
    const c = await this.repo.get(trx, id);
    if (!c) throw new AppError('NOT_FOUND');
    return c;
  }

  /** The campaign with the caller's top-level roll-up (nation → regions; region → ОУО; ОУО → schools). */
  async summary(caller: Caller, id: string) {
    const actor = caller.actor;
    return this.ctx.db.scoped(scopeOf(actor), async (trx) => {
      const c = await this.visible(trx, id);
      const level =
        actor.kind === 'user' && actor.role.startsWith('ministry')
          ? 'region'
          : actor.kind === 'user' && actor.role.startsWith('region')
            ? 'ouo'
            : 'school';
      const rows = (await this.repo.rollup(trx, id, level)).map(presentRollup);
      const total = rows.reduce(
        (t, r) => ({
          schools: t.schools + r.schools,
          confirmed: t.confirmed + r.schoolsConfirmed,
          complete: t.complete + r.schoolsComplete,
          pupils: t.pupils + r.pupils,
          done: t.done + r.pupilsDone,
        }),
        { schools: 0, confirmed: 0, complete: 0, pupils: 0, done: 0 },
      );
      return {
        campaign: presentCampaign(c),
        level,
        totals: {
          ...total,
          completion: completion(total.done, total.pupils),
          confirmation: completion(total.confirmed, total.schools),
        },
        rows,
        daysLeft: Math.ceil(
          (Date.parse(`${c.deadline}T00:00:00Z`) - Date.parse(`${this.today()}T00:00:00Z`)) / 86_400_000,
        ),
      };
    });
  }

  async rollup(caller: Caller, id: string, level: 'region' | 'ouo' | 'school', parentId?: string) {
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      await this.visible(trx, id);
      return (await this.repo.rollup(trx, id, level, parentId)).map(presentRollup);
    });
  }

  async schools(caller: Caller, id: string, filter: { overdueOnly?: boolean; regionId?: string; ouoId?: string }) {
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      const c = await this.visible(trx, id);
      return (await this.repo.schools(trx, id, filter))
        .map((s) => presentSchool(c, s, this.today()))
        .filter((s) => !filter.overdueOnly || s.overdue || !isSettled(c, s.status));
    });
  }

  /** A school's campaign page: its figures and, pupil by pupil, what is still missing or invalid. */
  async school(caller: Caller, id: string, schoolId: string) {
    if (!can(caller.actor, 'pupil:read')) throw new AppError('FORBIDDEN');
    await this.mustSee(caller, id, schoolId);
    await this.refreshSchool(id, schoolId);
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      const c = await this.visible(trx, id);
      const s = await this.repo.school(trx, id, schoolId);
      if (!s) throw new AppError('NOT_FOUND');
      const items = await this.repo.openItems(trx, schoolId, c.school_year, c.required_rules);
      await this.audit.record(trx, caller, {
        action: 'pupil.list',
        objectType: 'campaign-school',
        objectId: `${id}/${schoolId}`,
        details: { count: items.length },
      });
      return {
        campaign: presentCampaign(c),
        school: presentSchool(c, s, this.today()),
        items: items.map((i) => ({
          pupilId: i.id,
          name: [i.last_name, i.first_name, i.middle_name].filter(Boolean).join(' '),
          class: `${i.grade}-${i.class_letter}`,
          problems: i.codes.map((code) => ({
            code,
            message: (VALIDATION_RULES as Record<string, { message: { uk: string } }>)[code]?.message.uk ?? code,
          })),
        })),
      };
    });
  }

  async confirm(caller: Caller, id: string, schoolId: string) {
    const actor = caller.actor;
    if (
      actor.kind !== 'user' ||
      !can(actor, 'campaign:confirm', { kind: 'school', id: schoolId, regionId: actor.regionId, ouoId: actor.ouoId })
    )
      throw new AppError('FORBIDDEN');
    // Confirmation is decided on exact figures: recompute the school first (once it is known to be in scope).
    await this.mustSee(caller, id, schoolId);
    await this.refreshSchool(id, schoolId);
    const now = this.ctx.now();
    return this.ctx.db.scoped(scopeOf(actor), async (trx) => {
      const c = await this.visible(trx, id);
      if (c.status !== 'open') throw new AppError('CONFLICT', { detail: 'Кампанію завершено.' });
      if (!c.requires_confirmation)
        throw new AppError('CONFLICT', { detail: 'Ця кампанія не потребує підтвердження.' });
      const s = await this.repo.school(trx, id, schoolId);
      if (!s) throw new AppError('NOT_FOUND');
      if (!canConfirm(s)) {
        throw new AppError('CONFLICT', {
          detail: `Підтвердити ще не можна: ${s.pupils - s.done} учнів мають незаповнені або помилкові дані.`,
          extra: { openItems: s.pupils - s.done },
        });
      }
      const late = isLate(now, c.deadline);
      await this.repo.confirm(trx, id, schoolId, actor.userId, late, now);
      await this.repo.snapshotProgress(trx, id, this.today());
      await this.audit.record(trx, caller, {
        action: 'campaign.confirm',
        objectType: 'campaign-school',
        objectId: `${id}/${schoolId}`,
        details: { late },
      });
      return presentSchool(c, (await this.repo.school(trx, id, schoolId))!, this.today());
    });
  }

  async timeline(caller: Caller, id: string) {
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      await this.visible(trx, id);
      return (await this.repo.timeline(trx, id)).map((d) => ({
        day: d.day,
        schools: d.schools,
        schoolsComplete: d.schools_done,
        schoolsConfirmed: d.schools_confirmed,
        completion: completion(d.pupils_done, d.pupils),
        confirmation: completion(d.schools_confirmed, d.schools),
      }));
    });
  }

  /** Completion per region, keyed by the region's KATOTTH code (for the oblast tile map). */
  async map(caller: Caller, id: string) {
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      await this.visible(trx, id);
      const rows = await this.repo.rollup(trx, id, 'region');
      const codes = new Map(
        (
          await this.repo.regionCodes(
            trx,
            rows.map((r) => r.id),
          )
        ).map((r) => [r.id, r]),
      );
      return rows.map((r) => ({
        regionId: r.id,
        katottg: codes.get(r.id)?.code ?? null,
        name: codes.get(r.id)?.name ?? r.name,
        completion: completion(r.pupils_done, r.pupils),
        confirmation: completion(r.schools_confirmed, r.schools),
        schools: r.schools,
      }));
    });
  }

  async exportXlsx(caller: Caller, id: string): Promise<Buffer> {
    const schools = await this.schools(caller, id, {});
    const summary = await this.summary(caller, id);
    const wb = new ExcelJS.Workbook();
    wb.creator = 'aikom';
    const ws = wb.addWorksheet('Заклади');
    ws.columns = [
      { header: 'Заклад', key: 'name', width: 60 },
      { header: 'ЄДРПОУ', key: 'edrpou', width: 12 },
      { header: 'Учнів', key: 'pupils', width: 10 },
      { header: 'Виконано', key: 'done', width: 10 },
      { header: '%', key: 'completion', width: 8 },
      { header: 'Стан', key: 'status', width: 16 },
      { header: 'Підтверджено', key: 'confirmedAt', width: 20 },
      { header: 'Із запізненням', key: 'late', width: 14 },
      { header: 'Прострочено', key: 'overdue', width: 12 },
    ];
    const STATUS = {
      open: 'у роботі',
      complete: 'дані повні',
      confirmed: 'підтверджено',
      reopened: 'відкрито повторно',
    } as const;
    for (const s of schools) {
      ws.addRow({
        name: s.name,
        edrpou: s.edrpou,
        pupils: s.pupils,
        done: s.pupilsDone,
        completion: s.completion,
        status: STATUS[s.status],
        confirmedAt: s.confirmedAt ? new Date(s.confirmedAt) : null,
        late: s.confirmedLate ? 'так' : '',
        overdue: s.overdue ? 'так' : '',
      });
    }
    ws.getColumn('confirmedAt').numFmt = 'dd.mm.yyyy hh:mm';
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    const info = wb.addWorksheet('Кампанія');
    info.addRows([
      ['Назва', summary.campaign.title],
      ['Кінцевий термін', summary.campaign.deadline.split('-').reverse().join('.')],
      ['Закладів', summary.totals.schools],
      ['Підтвердили', summary.totals.confirmed],
      ['Учнів із повними даними, %', summary.totals.completion],
    ]);
    await this.ctx.db.scoped(scopeOf(caller.actor), (trx) =>
      this.audit.record(trx, caller, {
        action: 'campaign.export',
        objectType: 'campaign',
        objectId: id,
        details: { schools: schools.length },
      }),
    );
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** Reminders to the schools (in scope) that have not confirmed: in-app notifications and e-mail. */
  async remind(caller: Caller, id: string, schoolIds?: readonly string[]) {
    const actor = caller.actor;
    if (
      actor.kind !== 'user' ||
      !(can(actor, 'campaign:manage') || actor.role === 'ouo_admin' || actor.role === 'ouo_specialist')
    )
      throw new AppError('FORBIDDEN');
    const now = this.ctx.now();
    return this.ctx.db.scoped(scopeOf(actor), async (trx) => {
      const c = await this.visible(trx, id);
      const schools = (await this.repo.schools(trx, id, {})).filter(
        (s) =>
          (schoolIds ? schoolIds.includes(s.school_id) : true) &&
          !isSettled(c, presentSchool(c, s, this.today()).status),
      );
      const sent = await this.sendReminders(trx, c, schools, now);
      await this.repo.recordReminder(trx, {
        id: uuidv7(),
        campaignId: id,
        kind: 'manual',
        sentBy: actor.userId,
        organisationId: actor.organisationId,
        schools: schools.length,
        now,
      });
      await this.audit.record(trx, caller, {
        action: 'campaign.remind',
        objectType: 'campaign',
        objectId: id,
        details: { schools: schools.length, emails: sent },
      });
      return { schools: schools.length, emails: sent, smtp: !!this.ctx.config.smtpUrl };
    });
  }

  private async sendReminders(trx: Tx, c: CampaignRow, schools: readonly SchoolRow[], now: Date): Promise<number> {
    const deadline = c.deadline.split('-').reverse().join('.');
    await this.notifications.notify(
      trx,
      schools.map((s) => ({
        organisationId: s.school_id,
        regionId: s.region_id,
        ouoId: s.ouo_id,
        kind: 'campaign.reminder',
        title: `Нагадування: «${c.title}» до ${deadline}`,
        body: `Виконано ${completion(s.done, s.pupils)} % (${s.done} з ${s.pupils} учнів). ${c.requires_confirmation ? 'Після виправлення даних підтвердьте їх актуальність.' : ''}`.trim(),
        link: `/campaigns/${c.id}/schools/${s.school_id}`,
      })),
      now,
    );
    const recipients = await this.notifications.recipients(
      trx,
      schools.map((s) => s.school_id),
    );
    await this.notifications.queueMail(
      trx,
      recipients.map((r) => ({
        to: r.email!,
        userId: r.id,
        organisationId: r.organisation_id,
        regionId: r.region_id,
        ouoId: r.ouo_id,
        subject: `АІКОМ: нагадування — «${c.title}» до ${deadline}`,
        body: `Шановні колеги!\n\nНагадуємо про кампанію «${c.title}» для закладу «${r.organisation_name}». Кінцевий термін — ${deadline}.\n${c.instructions ? `\n${c.instructions}\n` : ''}\nУвійдіть до порталу, щоб переглянути, які дані учнів ще потрібно уточнити.\n`,
      })),
      now,
    );
    return recipients.length;
  }

  /**
   * The school of the campaign must be visible in the caller's scope before anything is done for it: the exact
   * recount that precedes its page and its confirmation runs as the system and must not run for an outsider.
   */
  private async mustSee(caller: Caller, id: string, schoolId: string): Promise<void> {
    const seen = await this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      await this.visible(trx, id);
      return this.repo.school(trx, id, schoolId);
    });
    if (!seen) throw new AppError('NOT_FOUND');
  }

  /** Recomputes one school of a campaign exactly (before confirming, or when its page opens). */
  async refreshSchool(id: string, schoolId: string): Promise<void> {
    await this.ctx.db.system(async (trx) => {
      const c = await this.repo.get(trx, id);
      if (c) await this.repo.recompute(trx, c, [schoolId], this.ctx.now());
    });
  }

  /**
   * Brings every open campaign's figures up to date from the change feed; reopens confirmed schools whose data
   * changed (with a notice); sends the automatic reminder on its day. Runs every few seconds in the server.
   */
  async refresh(): Promise<{ campaigns: number; schools: number; reopened: number }> {
    const now = this.ctx.now();
    const today = this.today();
    let schools = 0;
    let reopened = 0;
    const open = await this.repo.open(this.ctx.db.kysely);
    for (const c of open) {
      await this.ctx.db.system(async (trx) => {
        const changes = await this.repo.changedSchools(trx, c);
        const ids = changes.schools.map((s) => s.school_id);
        await this.repo.recompute(trx, c, ids, now);
        const again = await this.repo.reopen(trx, c.id, changes.schools);
        if (again.length > 0) {
          const rows = await this.repo.schools(trx, c.id, {});
          const byId = new Map(rows.map((r) => [r.school_id, r]));
          await this.notifications.notify(
            trx,
            again.map((sid) => ({
              organisationId: sid,
              regionId: byId.get(sid)?.region_id ?? null,
              ouoId: byId.get(sid)?.ouo_id ?? null,
              kind: 'campaign.reopened',
              title: `Дані змінено після підтвердження: «${c.title}»`,
              body: 'Після вашого підтвердження дані учнів змінилися. Перевірте їх і підтвердьте актуальність ще раз.',
              link: `/campaigns/${c.id}/schools/${sid}`,
            })),
            now,
          );
        }
        await this.repo.advance(trx, c.id, changes.maxId, changes.xmin);
        if (ids.length > 0) await this.repo.snapshotProgress(trx, c.id, today);
        if (c.reminder_days && today >= reminderDay(c.deadline, c.reminder_days) && today <= c.deadline) {
          if (
            await this.repo.recordReminder(trx, {
              id: uuidv7(),
              campaignId: c.id,
              kind: 'automatic',
              sentBy: null,
              organisationId: null,
              schools: 0,
              now,
            })
          ) {
            const pending = (await this.repo.schools(trx, c.id, {})).filter(
              (s) => !isSettled(c, presentSchool(c, s, today).status),
            );
            await this.sendReminders(trx, c, pending, now);
            await trx
              .updateTable('campaign_reminder')
              .set({ schools: pending.length })
              .where('campaign_id', '=', c.id)
              .where('kind', '=', 'automatic')
              .execute();
          }
        }
        schools += ids.length;
        reopened += again.length;
      });
    }
    return { campaigns: open.length, schools, reopened };
  }
}
