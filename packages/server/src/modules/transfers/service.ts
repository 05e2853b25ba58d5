import { can } from '@aikom/domain/access/policy';
import { isClassLetter, normaliseClassLetter } from '@aikom/domain/class-letter';
import { isRealDate } from '@aikom/domain/iso-date';
import { closeNoteRequired, type TransitCloseReason } from '@aikom/domain/rollover/exits';
import { schoolDaysBetween, transitCutoff } from '@aikom/domain/rollover/school-days';
import { schoolYearOf } from '@aikom/domain/school-year';
import { DEFAULT_GRADES } from '@aikom/domain/validation/context';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../context';
import type { Tx } from '../../db/database';
import { transitionTx, type TransitionTx } from '../../db/schema-transitions';
import { AppError, type FieldError } from '../../errors';
import { decodeCursor, encodeCursor } from '../../http/cursor';
import { AuditService } from '../audit/service';
import { scopeOf, type Caller } from '../auth/caller';
import { personNameKey } from '../pupils/rows';
import { identifierIndex } from '../pupils/service';
import { TransferRepository, type PoolRow } from './repository';

/** How a receiving school names the child it enrols: a pending transfer, or a record it found by the documents. */
export interface ArrivalInput {
  /** A pending transfer naming this school (its expected arrivals). */
  transferId?: string | undefined;
  /** A child found among pupils who left and are enrolled nowhere (`candidates`). */
  personId?: string | undefined;
  /** The birth certificate, УНЗР or РНОКПП the parents presented (required for a found child with identifiers). */
  identifier?: string | undefined;
  /** For a found child whose record has no identifiers: the name and birth date, exactly as in the record. */
  lastName?: string | undefined;
  firstName?: string | undefined;
  middleName?: string | undefined;
  birthDate?: string | undefined;
  grade: number;
  classLetter?: string | undefined;
  entryDate: string;
  orderNumber?: string | undefined;
}

export interface Arrival {
  personId: string;
  enrolmentId: string;
  previousEnrolmentId: string;
  transferId: string;
  entryBasis: 'transfer' | 'return';
}

type School = NonNullable<Awaited<ReturnType<TransferRepository['school']>>>;

const scopeRef = (s: School) => ({ kind: 'school' as const, id: s.id, regionId: s.region_id, ouoId: s.ouo_id });

const invalid = (errors: FieldError[]) => new AppError('VALIDATION_FAILED', { errors });

/**
 * Transfers between schools and the in-transit pool (DOMAIN.md § 4).
 *
 * The hand-over, least privilege first: the receiving school cannot see a pupil's record before it enrols the pupil
 * (row-level security follows the school that holds the record). It learns only what confirms the match —
 * name, birth date, grade and the school left — either because the leaving school named it (a pending transfer,
 * shown among its expected arrivals) or because it holds the child's documents (an identifier of the record, looked
 * up by its blind index; name and birth date only for a record without identifiers). Enrolling then moves the
 * record's scope to the receiving school in the same transaction (a narrow definer function), links the new spell to
 * the last one, closes the transfer and writes an event; every step is audited. Platforms call `arrive` the same way
 * (the exchange module): the policy and the database check their schools.
 */
export class TransferService {
  readonly repo = new TransferRepository();
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {}

  private scoped<T>(caller: Caller, fn: (trx: TransitionTx) => Promise<T>): Promise<T> {
    return this.ctx.db.scoped(scopeOf(caller.actor), (trx: Tx) => fn(transitionTx(trx)));
  }

  private today(): string {
    return this.ctx.now().toISOString().slice(0, 10);
  }

  private async writableSchool(trx: TransitionTx, caller: Caller, schoolId: string): Promise<School> {
    if (!can(caller.actor, 'pupil:write')) throw new AppError('FORBIDDEN');
    const school = await this.repo.school(trx, schoolId);
    if (!school) throw new AppError('NOT_FOUND', { detail: 'Заклад не знайдено у вашій зоні доступу.' });
    if (!can(caller.actor, 'pupil:write', scopeRef(school))) throw new AppError('FORBIDDEN');
    return school;
  }

  private userId(caller: Caller): string | null {
    return caller.actor.kind === 'user' ? caller.actor.userId : null;
  }

  /** The school's expected arrivals: pending transfers naming it (limited data; audited as a read of names). */
  async pendingArrivals(caller: Caller, schoolId: string) {
    return this.scoped(caller, async (trx) => {
      const school = await this.writableSchool(trx, caller, schoolId);
      const rows = await this.repo.pendingArrivals(trx, school.id);
      await this.audit.record(trx as unknown as Tx, caller, {
        action: 'transfer.arrivals.list',
        objectType: 'school',
        objectId: school.id,
        details: { count: rows.length },
      });
      return rows;
    });
  }

  /**
   * Finds a child among pupils who left a school and are enrolled nowhere, by the documents the parents brought: an
   * identifier, or (for records without identifiers) the exact name and birth date.
   */
  async candidates(
    caller: Caller,
    schoolId: string,
    q: {
      identifier?: string | undefined;
      lastName?: string | undefined;
      firstName?: string | undefined;
      middleName?: string | undefined;
      birthDate?: string | undefined;
    },
  ) {
    const { bidx, nameKey, birthDate } = this.proof(q, true);
    return this.scoped(caller, async (trx) => {
      const school = await this.writableSchool(trx, caller, schoolId);
      const rows = await this.repo.candidates(trx, bidx, birthDate, nameKey);
      await this.audit.record(trx as unknown as Tx, caller, {
        action: 'transfer.candidates',
        objectType: 'school',
        objectId: school.id,
        details: { byIdentifier: bidx !== null, byName: nameKey !== null, count: rows.length },
      });
      return rows;
    });
  }

  /** The blind index or the name key and birth date a search or a hand-over proves the match with. */
  private proof(
    q: {
      identifier?: string | undefined;
      lastName?: string | undefined;
      firstName?: string | undefined;
      middleName?: string | undefined;
      birthDate?: string | undefined;
    },
    required: boolean,
  ): { bidx: Buffer | null; nameKey: string | null; birthDate: string | null } {
    if (q.identifier) {
      const bidx = identifierIndex(this.ctx, q.identifier);
      if (!bidx)
        throw invalid([
          {
            path: '/identifier',
            code: 'IDENTIFIER_UNRECOGNISED',
            message:
              'Не вдалося розпізнати ідентифікатор: введіть серію й номер свідоцтва (І-БК 123456), УНЗР (РРРРММДД-ННННК) або РНОКПП (10 цифр).',
          },
        ]);
      return { bidx, nameKey: null, birthDate: null };
    }
    if (q.lastName && q.firstName && q.birthDate) {
      if (!isRealDate(q.birthDate))
        throw invalid([{ path: '/birthDate', code: 'BIRTH_DATE_INVALID', message: 'Дата народження некоректна.' }]);
      return {
        bidx: null,
        nameKey: personNameKey({
          lastName: q.lastName.trim(),
          firstName: q.firstName.trim(),
          middleName: q.middleName?.trim(),
        }),
        birthDate: q.birthDate,
      };
    }
    if (!required) return { bidx: null, nameKey: null, birthDate: null };
    throw invalid([
      {
        path: '/identifier',
        code: 'ARRIVAL_PROOF_REQUIRED',
        message:
          'Укажіть ідентифікатор із документів дитини (свідоцтво про народження, УНЗР або РНОКПП), а для запису без ідентифікаторів — прізвище, імʼя та дату народження.',
      },
    ]);
  }

  /**
   * Enrols an arriving pupil: hands the record over to the receiving school, opens the new spell linked to the last
   * one (entry basis `transfer`, or `return` after a stay abroad), completes the transfer and writes an event. The
   * service function the exchange module calls for platforms too.
   */
  async arrive(caller: Caller, schoolId: string, input: ArrivalInput, source = 'portal'): Promise<Arrival> {
    const errors: FieldError[] = [];
    if (!input.transferId === !input.personId)
      errors.push({
        path: '/transferId',
        code: 'ARRIVAL_TARGET_REQUIRED',
        message: 'Укажіть або очікуване переведення, або знайденого учня (одне з двох).',
      });
    const letter = normaliseClassLetter(input.classLetter ?? 'А').value;
    if (!isClassLetter(letter))
      errors.push({
        path: '/classLetter',
        code: 'ENROLLMENT_CLASS_LETTER_FORMAT',
        message: 'Літера класу — одна велика українська літера (А, Б, В…) або номер 1–99.',
      });
    if (!isRealDate(input.entryDate))
      errors.push({
        path: '/entryDate',
        code: 'ENROLLMENT_ENTRY_DATE_INVALID',
        message: 'Дата зарахування некоректна.',
      });
    if (errors.length > 0) throw invalid(errors);
    const proof = input.personId ? this.proof(input, true) : { bidx: null, nameKey: null, birthDate: null };
    const now = this.ctx.now();
    const year = schoolYearOf(input.entryDate).id;
    return this.scoped(caller, async (trx) => {
      const school = await this.writableSchool(trx, caller, schoolId);
      const grades = { min: school.grade_min ?? DEFAULT_GRADES.min, max: school.grade_max ?? DEFAULT_GRADES.max };
      if (!Number.isInteger(input.grade) || input.grade < grades.min || input.grade > grades.max)
        throw invalid([
          {
            path: '/grade',
            code: 'ENROLLMENT_GRADE_RANGE',
            message: `Клас має бути від ${grades.min} до ${grades.max} (класи закладу).`,
          },
        ]);
      const y = await trx
        .selectFrom('school_year')
        .select(['id', 'status', 'label'])
        .where('id', '=', year)
        .executeTakeFirst();
      if (!y || y.status === 'closed')
        throw new AppError('SCHOOL_YEAR_STATE', {
          detail: `Зарахувати на ${year}-${year + 1} навчальний рік не можна: рік ${y ? 'закрито' : 'ще не відкрито'}.`,
        });
      let personId = input.personId ?? null;
      if (input.transferId) {
        const t = await this.repo.transfer(trx, input.transferId);
        if (!t || t.to_school_id !== school.id)
          throw new AppError('NOT_FOUND', { detail: 'Переведення до вашого закладу не знайдено.' });
        if (t.status !== 'pending')
          throw new AppError('TRANSFER_STATE', {
            detail: t.status === 'arrived' ? 'Учня вже зараховано за цим переведенням.' : 'Це переведення скасовано.',
          });
        personId = t.person_id;
      }
      const h = await this.repo.handOver(trx, {
        personId: personId!,
        schoolId: school.id,
        transferId: input.transferId ?? null,
        bidx: proof.bidx,
        birthDate: proof.birthDate,
        nameKey: proof.nameKey,
        now,
      });
      switch (h.outcome) {
        case 'ok':
          break;
        case 'enrolled':
          throw new AppError('TRANSFER_STATE', {
            detail: 'Учень навчається в іншому закладі: той заклад має спершу оформити його вибуття.',
          });
        case 'mismatch':
          throw new AppError('TRANSFER_NOT_CONFIRMED', {
            detail:
              'Ідентифікатор (або прізвище, імʼя й дата народження) не збігається із записом учня. Перевірте документи дитини.',
          });
        default:
          throw new AppError('NOT_FOUND', { detail: 'Учня, що вибув і ніде не навчається, не знайдено.' });
      }
      if (h.previous_exit_date && input.entryDate < h.previous_exit_date)
        throw invalid([
          {
            path: '/entryDate',
            code: 'ENTRY_BEFORE_EXIT',
            message: `Дата зарахування не може передувати даті вибуття з попереднього закладу (${h.previous_exit_date}).`,
          },
        ]);
      const previous = await this.repo.spell(trx, h.previous_enrolment_id!);
      const enrolmentId = uuidv7();
      const entryBasis = previous?.exit_reason === 'abroad' ? 'return' : 'transfer';
      await this.repo.insertEnrolment(trx, {
        id: enrolmentId,
        personId: personId!,
        school: { id: school.id, ouo_id: school.ouo_id!, region_id: school.region_id! },
        schoolYear: year,
        grade: input.grade,
        classLetter: letter,
        entryDate: input.entryDate,
        entryBasis,
        orderNumber: input.orderNumber ?? null,
        previousId: h.previous_enrolment_id,
        source,
        createdBy: this.userId(caller),
        now,
      });
      let transferId = h.transfer_id;
      if (transferId) {
        await this.repo.completeTransfer(trx, transferId, { enrolmentId, arrivedOn: input.entryDate, now });
      } else {
        transferId = uuidv7();
        await this.repo.insertArrivedTransfer(trx, {
          id: transferId,
          personId: personId!,
          from: {
            id: previous!.id,
            school_id: previous!.school_id,
            ouo_id: previous!.ouo_id,
            region_id: previous!.region_id,
            exit_date: previous!.exit_date!,
            exit_reason: previous!.exit_reason!,
          },
          to: {
            id: school.id,
            ouo_id: school.ouo_id!,
            region_id: school.region_id!,
            territory_id: school.territory_id,
          },
          toEnrolmentId: enrolmentId,
          arrivedOn: input.entryDate,
          source,
          createdBy: this.userId(caller),
          now,
        });
      }
      await this.repo.event(trx, {
        personId: personId!,
        school: { id: school.id, ouo_id: school.ouo_id!, region_id: school.region_id! },
        userId: this.userId(caller),
        platformId: caller.actor.kind === 'platform' ? caller.actor.platformId : null,
        source,
        kind: 'arrived',
        changes: {
          grade: input.grade,
          classLetter: letter,
          entryBasis,
          transferId,
          fromSchoolId: previous?.school_id ?? null,
        },
        now,
      });
      await this.audit.record(trx as unknown as Tx, caller, {
        action: 'pupil.arrive',
        objectType: 'pupil',
        objectId: personId!,
        details: {
          schoolId: school.id,
          transferId,
          by: input.transferId ? 'pending_transfer' : proof.bidx ? 'identifier' : 'name_birth',
          entryBasis,
        },
      });
      return {
        personId: personId!,
        enrolmentId,
        previousEnrolmentId: h.previous_enrolment_id!,
        transferId,
        entryBasis,
      };
    });
  }

  /** A school's transfers in or out (names only of pupils whose record the school holds). */
  async transfers(caller: Caller, schoolId: string, direction: 'in' | 'out') {
    if (!can(caller.actor, 'pupil:read')) throw new AppError('FORBIDDEN');
    return this.scoped(caller, async (trx) => {
      const school = await this.repo.school(trx, schoolId);
      if (!school || !can(caller.actor, 'pupil:read', scopeRef(school)))
        throw new AppError('NOT_FOUND', { detail: 'Заклад не знайдено у вашій зоні доступу.' });
      const rows = await this.repo.transfers(trx, school.id, direction, 500);
      await this.audit.record(trx as unknown as Tx, caller, {
        action: 'transfer.list',
        objectType: 'school',
        objectId: school.id,
        details: { direction, count: rows.length },
      });
      return rows;
    });
  }

  // The in-transit pool.

  private mayReadPool(caller: Caller): boolean {
    return can(caller.actor, 'pupil:read') || can(caller.actor, 'verification:case');
  }

  private mayWorkPool(caller: Caller): boolean {
    return can(caller.actor, 'pupil:write') || can(caller.actor, 'verification:case');
  }

  /** Days after which an exit enters the pool, and the cutoff date for today. */
  private cutoff(): string {
    return transitCutoff(this.today(), this.ctx.config.transitDays);
  }

  /**
   * The pool in the caller's scope (the school left, the ОУО of residence, the region or the country), by state:
   * `open` — in transit now; `waiting` — left recently; `closed` — cases closed with a reason. Keyset pages.
   */
  async pool(
    caller: Caller,
    q: {
      state: 'open' | 'closed' | 'waiting';
      schoolId?: string | undefined;
      ouoId?: string | undefined;
      regionId?: string | undefined;
      cursor?: string | undefined;
      limit: number;
    },
  ): Promise<{
    items: Array<PoolRow & { school_days: number }>;
    nextCursor: string | null;
    cutoff: string;
    days: number;
  }> {
    if (!this.mayReadPool(caller)) throw new AppError('FORBIDDEN');
    const after = decodeCursor(q.cursor, ['string', 'uuid'] as const);
    if (after && !isRealDate(after[0]))
      throw new AppError('BAD_REQUEST', {
        errors: [{ path: '/cursor', code: 'CURSOR_INVALID', message: 'Некоректний курсор сторінки.' }],
      });
    const cutoff = this.cutoff();
    const today = this.today();
    return this.scoped(caller, async (trx) => {
      const rows = await this.repo.pool(trx, {
        cutoff,
        state: q.state,
        schoolId: q.schoolId,
        ouoId: q.ouoId,
        regionId: q.regionId,
        after: after ? { exitDate: after[0], enrolmentId: after[1] } : undefined,
        limit: q.limit + 1,
      });
      const items = rows.slice(0, q.limit).map((r) => ({ ...r, school_days: schoolDaysBetween(r.exit_date, today) }));
      const last = items.at(-1);
      await this.audit.record(trx as unknown as Tx, caller, {
        action: 'transit.list',
        objectType: 'scope',
        details: { state: q.state, schoolId: q.schoolId ?? null, ouoId: q.ouoId ?? null, count: items.length },
      });
      return {
        items,
        nextCursor: rows.length > q.limit && last ? encodeCursor([last.exit_date, last.enrolment_id]) : null,
        cutoff,
        days: this.ctx.config.transitDays,
      };
    });
  }

  private async entry(trx: TransitionTx, enrolmentId: string): Promise<PoolRow> {
    const [row] = await this.repo.pool(trx, { cutoff: this.cutoff(), state: 'any', enrolmentId, limit: 1 });
    if (!row)
      throw new AppError('NOT_FOUND', {
        detail: 'Такого учня серед тих, хто вибув і ніде не навчається, у вашій зоні доступу немає.',
      });
    return row;
  }

  /** One case of the pool with its history: the exit, where the pupil was sent, and every follow-up entry. */
  async case(caller: Caller, enrolmentId: string) {
    if (!this.mayReadPool(caller)) throw new AppError('FORBIDDEN');
    const today = this.today();
    return this.scoped(caller, async (trx) => {
      const row = await this.entry(trx, enrolmentId);
      const [events, transfer] = await Promise.all([
        this.repo.caseEvents(trx, enrolmentId),
        this.repo.pendingTransferOf(trx, enrolmentId),
      ]);
      await this.audit.record(trx as unknown as Tx, caller, {
        action: 'transit.read',
        objectType: 'pupil',
        objectId: row.person_id,
        details: { enrolmentId },
      });
      return {
        entry: { ...row, school_days: schoolDaysBetween(row.exit_date, today) },
        inTransit: row.exit_date <= this.cutoff() && row.case_status !== 'closed',
        events,
        transfer: transfer ?? null,
      };
    });
  }

  /** Adds a follow-up entry to a case: a note, the closing (with its reason) or a reopening. */
  async addCaseEvent(
    caller: Caller,
    enrolmentId: string,
    input:
      | { kind: 'note'; note: string }
      | { kind: 'closed'; reason: TransitCloseReason; note?: string | undefined }
      | { kind: 'reopened'; note?: string | undefined },
  ): Promise<void> {
    if (!this.mayWorkPool(caller)) throw new AppError('FORBIDDEN');
    const now = this.ctx.now();
    await this.scoped(caller, async (trx) => {
      const row = await this.entry(trx, enrolmentId);
      if (input.kind === 'closed' && row.case_status === 'closed')
        throw new AppError('CONFLICT', { detail: 'Випадок уже закрито.' });
      if (input.kind === 'reopened' && row.case_status !== 'closed')
        throw new AppError('CONFLICT', { detail: 'Випадок не закрито: відновлювати нічого.' });
      if (input.kind === 'closed' && closeNoteRequired(input.reason) && !input.note?.trim())
        throw invalid([
          { path: '/note', code: 'CASE_NOTE_REQUIRED', message: 'Опишіть, як установлено, де навчається дитина.' },
        ]);
      const exit = await this.repo.transitExit(trx, enrolmentId);
      if (!exit) throw new AppError('NOT_FOUND');
      await this.repo.addCaseEvent(trx, {
        id: uuidv7(),
        exit,
        kind: input.kind,
        reason: input.kind === 'closed' ? input.reason : null,
        note: input.note?.trim() || null,
        byUser: this.userId(caller),
        byOrganisation: caller.actor.kind === 'user' ? caller.actor.organisationId : null,
        now,
      });
      await this.audit.record(trx as unknown as Tx, caller, {
        action: `transit.case.${input.kind}`,
        objectType: 'pupil',
        objectId: row.person_id,
        details: { enrolmentId, ...(input.kind === 'closed' ? { reason: input.reason } : {}) },
      });
    });
  }
}
