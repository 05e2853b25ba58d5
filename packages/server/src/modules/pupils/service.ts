import { can } from '@aikom/domain/access/policy';
import type { PupilRecord } from '@aikom/domain/exchange-record';
import { parseUkrainianBirthCertificate } from '@aikom/domain/identifiers/birth-certificate';
import { parseRnokpp } from '@aikom/domain/identifiers/rnokpp';
import { parseUnzr } from '@aikom/domain/identifiers/unzr';
import { nameKey, phoneticKey } from '@aikom/domain/names';
import { parseSchoolYearLabel } from '@aikom/domain/school-year';
import type { Issue } from '@aikom/domain/validation/issue';
import { kyivDate } from '@aikom/domain/kyiv-time';
import { INDICATOR_NUMBERS, indicatorRules } from '@aikom/domain/validation/rules';
import { uuidv7 } from 'uuidv7';
import { currentSchoolYear } from '../school-years/current';
import type { AppContext } from '../../context';
import type { Tx } from '../../db/database';
import { AppError } from '../../errors';
import { AuditService } from '../audit/service';
import { recordDeparture } from '../transfers/departures';
import { refusePortalEditOfPlatformData } from '../exchange/links/managed';
import { scopeOf, type Caller } from '../auth/caller';
import { blindIndexes, openIdentifiers } from './identifiers';
import { PupilRepository, type PersonRow, type PupilListRow } from './repository';
import {
  contactRow,
  displacementRow,
  enrolmentRow,
  personRow,
  personNameKey,
  personPhoneticKey,
  qualityColumns,
  type SchoolRef,
} from './rows';
import { validateOnServer } from './validation';

export interface SavedPupil {
  id: string;
  version: number;
  warnings: Issue[];
}

type School = NonNullable<Awaited<ReturnType<PupilRepository['schoolById']>>>;

const scopeRef = (s: School) => ({ kind: 'school' as const, id: s.id, regionId: s.region_id, ouoId: s.ouo_id });

/** A field-level problem list as the API returns it (errors block saving; warnings are saved and listed). */
function invalid(errors: readonly Issue[], warnings: readonly Issue[]): AppError {
  return new AppError('PUPIL_INVALID', {
    errors: errors.map((e) => ({ path: e.path, code: e.code, message: e.message })),
    extra: { warnings: warnings.map((w) => ({ path: w.path, code: w.code, message: w.message })) },
  });
}

/**
 * The pupil registry of a school: records with their spells and histories, one child one person, every read and
 * change audited, every change an event.
 */
export class PupilService {
  readonly repo = new PupilRepository();
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {}

  /** The validation catalogue on a record, without saving. */
  validate(record: unknown) {
    const r = validateOnServer(record, this.ctx.now());
    return { errors: r.errors, warnings: r.warnings };
  }

  private async schoolForWrite(trx: Tx, caller: Caller, edrpou: string | undefined): Promise<School> {
    if (!edrpou)
      throw new AppError('VALIDATION_FAILED', {
        errors: [
          {
            path: '/enrollment/schoolEdrpou',
            code: 'ENROLLMENT_REQUIRED',
            message: 'Укажіть заклад, клас і навчальний рік зарахування.',
          },
        ],
      });
    const school = await this.repo.schoolByEdrpou(trx, edrpou);
    if (!school)
      throw new AppError('NOT_FOUND', { detail: `Заклад з кодом ЄДРПОУ ${edrpou} не знайдено у вашій зоні доступу.` });
    if (!can(caller.actor, 'pupil:write', scopeRef(school))) throw new AppError('FORBIDDEN');
    return school;
  }

  private async territoryResolver(trx: Tx, r: PupilRecord) {
    const codes = [r.residence?.katottg, r.displacement?.originKatottg].filter((c): c is string => !!c);
    const ids = new Map((await this.repo.territoryIds(trx, codes)).map((t) => [t.code, t.id]));
    return (code: string | undefined) => (code ? (ids.get(code) ?? null) : null);
  }

  /** Refuses a second record of a child another record already holds; warns about near matches. */
  private async checkDuplicates(trx: Tx, r: PupilRecord, exclude: string | null): Promise<Issue[]> {
    const b = blindIndexes(this.ctx.keys, {
      birthCertificate: r.birthCertificate
        ? {
            series: r.birthCertificate.series ?? '',
            number: r.birthCertificate.number,
            issuedCountry: r.birthCertificate.issuedCountry,
          }
        : null,
      unzr: r.unzr ?? null,
      rnokpp: r.rnokpp ?? null,
    });
    const bidx = [b.birthCert, b.unzr, b.rnokpp].filter((x): x is Buffer => x !== null);
    const matches = await this.repo.matches(trx, bidx, r.birthDate ?? null, personNameKey(r), exclude);
    const m = matches[0];
    if (m) {
      throw new AppError('DUPLICATE_PERSON', {
        detail:
          `Цей учень уже є в реєстрі${m.school_name ? `: його запис веде ${m.school_name} (ЄДРПОУ ${m.school_edrpou})` : ''}. ` +
          'Один учень — один запис: попросіть той заклад оформити вибуття з переведенням до вашого закладу, після чого зарахуйте учня за переведенням.',
        extra: {
          holder: m.school_id ? { schoolId: m.school_id, name: m.school_name, edrpou: m.school_edrpou } : null,
          personId: m.person_id,
          match: m.match,
        },
      });
    }
    if (!r.birthDate) return [];
    const near = await this.repo.nearMatches(trx, r.birthDate, personPhoneticKey(r), exclude);
    return near.map((n) => ({
      code: 'DUPLICATE_SUSPECTED',
      path: '/lastName',
      severity: 'warning' as const,
      message: `Схожий учень із тією самою датою народження вже є в реєстрі${n.school_name ? ` (${n.school_name})` : ''}. Перевірте, чи це не той самий учень.`,
      params: { schoolEdrpou: n.school_edrpou ?? '', similarity: Math.round(n.similarity * 100) },
    }));
  }

  async create(
    caller: Caller,
    input: unknown,
    source = 'portal',
    options: { entryBasis?: 'enrolment' | 'first_grade' } = {},
  ): Promise<SavedPupil> {
    if (!can(caller.actor, 'pupil:write')) throw new AppError('FORBIDDEN');
    const result = validateOnServer(input, this.ctx.now());
    if (result.errors.length > 0) throw invalid(result.errors, result.warnings);
    const r = result.normalised;
    const now = this.ctx.now();
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      const school = await this.schoolForWrite(trx, caller, r.enrollment?.schoolEdrpou);
      await refusePortalEditOfPlatformData(trx, caller, school.id);
      const year = parseSchoolYearLabel(r.enrollment!.schoolYear)!.id;
      const near = await this.checkDuplicates(trx, r, null);
      const warnings = [...result.warnings, ...near];
      const id = uuidv7();
      const territoryId = await this.territoryResolver(trx, r);
      const actorId = caller.actor.kind === 'user' ? caller.actor.userId : null;
      await this.repo.insertPerson(
        trx,
        personRow(this.ctx.keys, id, r, school, territoryId, { errors: [], warnings }, source, now),
      );
      await trx
        .insertInto('enrolment')
        .values(
          enrolmentRow(
            uuidv7(),
            id,
            school,
            r.enrollment!,
            year,
            options.entryBasis ?? 'enrolment',
            source,
            actorId,
            now,
          ),
        )
        .execute();
      await trx
        .insertInto('displacement_record')
        .values(displacementRow(uuidv7(), id, r.displacement ?? { status: 'none' }, territoryId, actorId, source, now))
        .execute();
      await trx
        .insertInto('contact_record')
        .values(contactRow(uuidv7(), id, r.contact ?? { status: 'in_contact' }, actorId, source, now))
        .execute();
      await this.event(
        trx,
        caller,
        id,
        school,
        'created',
        { grade: r.enrollment!.grade, classLetter: r.enrollment!.classLetter ?? 'А' },
        source,
        now,
      );
      await this.audit.record(trx, caller, {
        action: 'pupil.create',
        objectType: 'pupil',
        objectId: id,
        details: { schoolId: school.id, warnings: warnings.length },
      });
      return { id, version: 1, warnings };
    });
  }

  /**
   * Replaces a pupil's record (the full exchange record, If-Match the version). Status changes become new history
   * rows; a change of class within the school year closes the spell and opens a new one.
   */
  async update(
    caller: Caller,
    id: string,
    input: unknown,
    expectedVersion: number,
    source = 'portal',
  ): Promise<SavedPupil> {
    if (!can(caller.actor, 'pupil:write')) throw new AppError('FORBIDDEN');
    const now = this.ctx.now();
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      const current = await this.repo.person(trx, id);
      if (!current) throw new AppError('NOT_FOUND');
      const open = await this.repo.openEnrolment(trx, id);
      const school = current.school_id ? await this.repo.schoolById(trx, current.school_id) : undefined;
      if (!school || !can(caller.actor, 'pupil:write', scopeRef(school))) throw new AppError('FORBIDDEN');
      await refusePortalEditOfPlatformData(trx, caller, school.id);
      if (current.version !== expectedVersion)
        throw new AppError('PRECONDITION_FAILED', { extra: { currentVersion: current.version } });
      const result = validateOnServer(input, now);
      if (result.errors.length > 0) throw invalid(result.errors, result.warnings);
      const r = result.normalised;
      // A record read before the year-end transition names last year's spell: saving it would move the pupil back.
      if (r.enrollment && open && parseSchoolYearLabel(r.enrollment.schoolYear)?.id !== open.school_year) {
        throw new AppError('PRECONDITION_FAILED', {
          detail: `Запис стосується ${r.enrollment.schoolYear} навчального року, а учень уже навчається в ${open.school_year}-${open.school_year + 1}. Оновіть картку учня й внесіть зміни ще раз.`,
        });
      }
      if (r.enrollment && r.enrollment.schoolEdrpou !== school.edrpou) {
        throw new AppError('CONFLICT', {
          detail: 'Змінити заклад у записі не можна: оформіть вибуття з переведенням, а новий заклад зарахує учня.',
        });
      }
      const near = await this.checkDuplicates(trx, r, id);
      const warnings = [...result.warnings, ...near];
      const territoryId = await this.territoryResolver(trx, r);
      const before = this.toRecord(current, open ?? null, school);
      const row = personRow(this.ctx.keys, id, r, school, territoryId, { errors: [], warnings }, current.source, now);
      const { id: _id, created_at: _c, source: _s, ...changes } = row;
      if (!(await this.repo.updatePerson(trx, id, { ...changes, updated_at: now }, expectedVersion)))
        throw new AppError('PRECONDITION_FAILED');
      const actorId = caller.actor.kind === 'user' ? caller.actor.userId : null;
      const changed = changedFields(before, r);
      if (changed.includes('displacement'))
        await trx
          .insertInto('displacement_record')
          .values(
            displacementRow(uuidv7(), id, r.displacement ?? { status: 'none' }, territoryId, actorId, source, now),
          )
          .execute();
      if (changed.includes('contact'))
        await trx
          .insertInto('contact_record')
          .values(contactRow(uuidv7(), id, r.contact ?? { status: 'in_contact' }, actorId, source, now))
          .execute();
      if (
        open &&
        r.enrollment &&
        (open.grade !== r.enrollment.grade || open.class_letter !== (r.enrollment.classLetter ?? 'А'))
      ) {
        // A spell's exit date is its last day (inclusive): the old class ends yesterday, the new one starts today
        // (a spell entered today and changed the same day ends on its first day).
        const today = kyivDate(now);
        const start = today < open.entry_date ? open.entry_date : today;
        const yesterday = new Date(Date.parse(`${start}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        await trx
          .updateTable('enrolment')
          .set({ exit_date: yesterday < open.entry_date ? open.entry_date : yesterday, exit_reason: 'class_change' })
          .where('id', '=', open.id)
          .execute();
        await trx
          .insertInto('enrolment')
          .values({
            ...enrolmentRow(
              uuidv7(),
              id,
              school,
              { ...r.enrollment, entryDate: start },
              open.school_year,
              'class_change',
              source,
              actorId,
              now,
            ),
            previous_enrolment_id: open.id,
          })
          .execute();
      }
      const keyChanged = changed.some((f) => f === 'birthCertificate' || f === 'unzr' || f === 'rnokpp');
      await this.event(
        trx,
        caller,
        id,
        school,
        keyChanged ? 'key_changed' : 'updated',
        { fields: changed },
        source,
        now,
      );
      await this.audit.record(trx, caller, {
        action: 'pupil.update',
        objectType: 'pupil',
        objectId: id,
        details: { fields: changed },
      });
      return { id, version: current.version + 1, warnings };
    });
  }

  /** Leaving the school (Порядок 367): the spell is closed with the date, reason and destination. */
  async exit(
    caller: Caller,
    id: string,
    input: {
      date: string;
      reason: string;
      destinationEdrpou?: string | undefined;
      destinationCountry?: string | undefined;
      note?: string | undefined;
    },
    source = 'portal',
  ): Promise<void> {
    if (!can(caller.actor, 'pupil:write')) throw new AppError('FORBIDDEN');
    const now = this.ctx.now();
    await this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      const current = await this.repo.person(trx, id);
      if (!current) throw new AppError('NOT_FOUND');
      const open = await this.repo.openEnrolment(trx, id);
      const school = current.school_id ? await this.repo.schoolById(trx, current.school_id) : undefined;
      if (!school || !can(caller.actor, 'pupil:write', scopeRef(school))) throw new AppError('FORBIDDEN');
      if (!open) throw new AppError('CONFLICT', { detail: 'Учень уже не навчається в закладі.' });
      const errors = [];
      if (input.date < open.entry_date)
        errors.push({
          path: '/date',
          code: 'EXIT_BEFORE_ENTRY',
          message: 'Дата вибуття не може передувати даті зарахування.',
        });
      if (input.date > kyivDate(now))
        errors.push({ path: '/date', code: 'EXIT_IN_FUTURE', message: 'Вибуття оформлюється датою, що вже настала.' });
      let destination: string | null = null;
      if (input.destinationEdrpou) {
        const d = await this.repo.destinationSchool(trx, input.destinationEdrpou);
        if (!d)
          errors.push({
            path: '/destinationEdrpou',
            code: 'DESTINATION_UNKNOWN',
            message: 'Заклад призначення з таким кодом ЄДРПОУ не знайдено в реєстрі.',
          });
        else destination = d.id;
      }
      if (input.reason === 'abroad' && !input.destinationCountry)
        errors.push({
          path: '/destinationCountry',
          code: 'COUNTRY_REQUIRED',
          message: 'Для вибуття за кордон укажіть країну.',
        });
      if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { errors });
      await trx
        .updateTable('enrolment')
        .set({
          exit_date: input.date,
          exit_reason: input.reason,
          exit_destination_school_id: destination,
          exit_destination_country: input.destinationCountry ?? null,
          exit_note: input.note ?? null,
        })
        .where('id', '=', open.id)
        .execute();
      // A named receiving school gets the hand-over (its expected arrivals), in this same transaction.
      if (destination)
        await recordDeparture(trx, {
          enrolmentId: open.id,
          personId: id,
          schoolId: open.school_id,
          ouoId: open.ouo_id,
          regionId: open.region_id,
          exitDate: input.date,
          exitReason: input.reason,
          destinationSchoolId: destination,
          source,
          createdBy: caller.actor.kind === 'user' ? caller.actor.userId : null,
          now,
        });
      await trx
        .updateTable('person')
        .set({ updated_at: now, version: current.version + 1 })
        .where('id', '=', id)
        .execute();
      await this.event(
        trx,
        caller,
        id,
        school,
        'exited',
        {
          reason: input.reason,
          destinationSchoolId: destination,
          destinationCountry: input.destinationCountry ?? null,
        },
        source,
        now,
      );
      await this.audit.record(trx, caller, {
        action: 'pupil.exit',
        objectType: 'pupil',
        objectId: id,
        details: { reason: input.reason },
      });
    });
  }

  async card(caller: Caller, id: string) {
    if (!can(caller.actor, 'pupil:read')) throw new AppError('FORBIDDEN');
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      const p = await this.repo.person(trx, id);
      if (!p) throw new AppError('NOT_FOUND');
      const [enrolments, displacement, contact, events] = await Promise.all([
        this.repo.enrolments(trx, id),
        this.repo.displacementHistory(trx, id),
        this.repo.contactHistory(trx, id),
        this.repo.events(trx, id),
      ]);
      const open = await this.repo.openEnrolment(trx, id);
      const school = p.school_id ? await this.repo.schoolById(trx, p.school_id) : undefined;
      const record = this.toRecord(p, open ?? null, school ?? null);
      const quality = validateOnServer(record, this.ctx.now());
      await this.audit.record(trx, caller, { action: 'pupil.read', objectType: 'pupil', objectId: id });
      return {
        person: p,
        record,
        school: school ?? null,
        open: open ?? null,
        enrolments,
        displacement,
        contact,
        events,
        quality,
      };
    });
  }

  /** The exchange record of a stored pupil (identifiers decrypted). */
  toRecord(
    p: PersonRow,
    open: {
      grade: number;
      class_letter: string;
      school_year: number;
      entry_date: string;
      entry_order: string | null;
    } | null,
    school: { edrpou: string | null } | null,
  ): PupilRecord {
    const ids = openIdentifiers(this.ctx.keys, p.id, p);
    const record: PupilRecord = {
      lastName: p.last_name,
      firstName: p.first_name,
      ...(p.middle_name ? { middleName: p.middle_name } : {}),
      sex: p.sex as PupilRecord['sex'],
      ...(p.birth_date ? { birthDate: p.birth_date } : {}),
      ...(ids.birthCertificate
        ? {
            birthCertificate:
              ids.birthCertificate.issuedCountry === 'UA'
                ? { series: ids.birthCertificate.series, number: ids.birthCertificate.number }
                : {
                    ...(ids.birthCertificate.series ? { series: ids.birthCertificate.series } : {}),
                    number: ids.birthCertificate.number,
                    issuedCountry: ids.birthCertificate.issuedCountry,
                  },
          }
        : {}),
      ...(ids.unzr ? { unzr: ids.unzr } : {}),
      ...(ids.rnokpp ? { rnokpp: ids.rnokpp } : {}),
      ...(p.citizenship ? { citizenship: p.citizenship } : {}),
      ...(p.residence_territory_code || p.residence_address
        ? {
            residence: {
              ...(p.residence_territory_code ? { katottg: p.residence_territory_code } : {}),
              ...(p.residence_address ? { address: p.residence_address } : {}),
            },
          }
        : {}),
      displacement: {
        status: p.displacement_status as 'none',
        ...(p.displacement_since ? { since: p.displacement_since } : {}),
        ...(p.displacement_origin_code ? { originKatottg: p.displacement_origin_code } : {}),
        ...(p.displacement_country ? { country: p.displacement_country } : {}),
      },
      contact: {
        status: p.contact_status as 'in_contact',
        ...(p.contact_lost_since ? { lostSince: p.contact_lost_since } : {}),
      },
      educationForm: p.education_form as PupilRecord['educationForm'] & string,
      specialNeeds: p.special_needs,
      instructionLanguage: p.instruction_language as PupilRecord['instructionLanguage'] & string,
    } as PupilRecord;
    if (open && school?.edrpou) {
      record.enrollment = {
        schoolEdrpou: school.edrpou,
        schoolYear: `${open.school_year}-${open.school_year + 1}`,
        grade: open.grade,
        classLetter: open.class_letter,
        entryDate: open.entry_date,
        ...(open.entry_order ? { orderNumber: open.entry_order } : {}),
      };
    }
    return record;
  }

  // A school's daily pages run in one transaction: the scope check, the current year and the lists together (every
  // round trip counts at a busy server; a secretary opens these pages all day).
  async classes(caller: Caller, schoolId: string) {
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      const school = await this.readableSchool(caller, schoolId, trx);
      const year = await currentSchoolYear(this.ctx, trx);
      return { school, year, classes: await this.repo.classes(trx, schoolId, year) };
    });
  }

  async classPupils(caller: Caller, schoolId: string, grade?: number, classLetter?: string): Promise<PupilListRow[]> {
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      await this.readableSchool(caller, schoolId, trx);
      const year = await currentSchoolYear(this.ctx, trx);
      const rows = await this.repo.classPupils(trx, schoolId, year, grade, classLetter);
      await this.audit.record(trx, caller, {
        action: 'pupil.list',
        objectType: 'school',
        objectId: schoolId,
        details: { grade: grade ?? null, classLetter: classLetter ?? null, count: rows.length },
      });
      return rows;
    });
  }

  async quality(caller: Caller, schoolId: string, code?: string) {
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      await this.readableSchool(caller, schoolId, trx);
      const year = await currentSchoolYear(this.ctx, trx);
      const { codes, classes, indicators } = await this.repo.qualityPanel(
        trx,
        schoolId,
        year,
        INDICATOR_NUMBERS.map((n) => indicatorRules(n)),
      );
      let pupils: PupilListRow[] = [];
      if (code) {
        pupils = await this.repo.withCode(trx, schoolId, year, code);
        await this.audit.record(trx, caller, {
          action: 'pupil.list',
          objectType: 'school',
          objectId: schoolId,
          details: { qualityCode: code, count: pupils.length },
        });
      }
      return { codes, classes, pupils, indicators };
    });
  }

  async search(
    caller: Caller,
    q: {
      q?: string | undefined;
      birthDate?: string | undefined;
      identifier?: string | undefined;
      schoolId?: string | undefined;
      limit: number;
    },
  ) {
    if (!can(caller.actor, 'pupil:read')) throw new AppError('FORBIDDEN');
    const bidx = q.identifier ? identifierIndex(this.ctx, q.identifier) : undefined;
    if (q.identifier && !bidx)
      throw new AppError('VALIDATION_FAILED', {
        errors: [
          {
            path: '/identifier',
            code: 'IDENTIFIER_UNRECOGNISED',
            message:
              'Не вдалося розпізнати ідентифікатор: введіть серію й номер свідоцтва (І-БК 123456), УНЗР (РРРРММДД-ННННК) або РНОКПП (10 цифр).',
          },
        ],
      });
    // A "name" without a letter («%%», «__», «$1») has an empty phonetic key, and the name condition would drop out
    // of the query, listing every pupil in scope: it is no name at all.
    const name = q.q && phoneticKey(q.q) ? q.q : undefined;
    if (!name && !q.birthDate && !bidx)
      throw new AppError('VALIDATION_FAILED', {
        errors: [
          {
            path: '/q',
            code: 'SEARCH_EMPTY',
            message: 'Введіть прізвище та/або імʼя, дату народження чи ідентифікатор.',
          },
        ],
      });
    return this.ctx.db.scoped(scopeOf(caller.actor), async (trx) => {
      const rows = await this.repo.search(trx, {
        schoolId: q.schoolId,
        birthDate: q.birthDate,
        bidx,
        ...(name ? { nameKeyPrefix: nameKey(name), phonetic: phoneticKey(name) } : {}),
        limit: q.limit,
      });
      await this.audit.record(trx, caller, {
        action: 'pupil.search',
        objectType: 'pupil',
        details: { byName: !!name, byBirthDate: !!q.birthDate, byIdentifier: !!bidx, count: rows.length },
      });
      return rows;
    });
  }

  /** The school, when the caller may read its pupils (in the caller's transaction when there is one). */
  private async readableSchool(caller: Caller, schoolId: string, trx?: Tx): Promise<School> {
    if (!can(caller.actor, 'pupil:read')) throw new AppError('FORBIDDEN');
    const school = trx
      ? await this.repo.schoolById(trx, schoolId)
      : await this.ctx.db.scoped(scopeOf(caller.actor), (t) => this.repo.schoolById(t, schoolId));
    if (!school || !can(caller.actor, 'pupil:read', scopeRef(school))) throw new AppError('NOT_FOUND');
    return school;
  }

  private async event(
    trx: Tx,
    caller: Caller,
    personId: string,
    school: SchoolRef,
    kind: string,
    changes: Record<string, unknown>,
    source: string,
    now: Date,
  ): Promise<void> {
    await trx
      .insertInto('pupil_event')
      .values({
        person_id: personId,
        school_id: school.id,
        ouo_id: school.ouo_id,
        region_id: school.region_id,
        at: now,
        actor_user_id: caller.actor.kind === 'user' ? caller.actor.userId : null,
        actor_platform_id: caller.actor.kind === 'platform' ? caller.actor.platformId : null,
        source,
        kind,
        changes: JSON.stringify(changes),
      })
      .execute();
  }
}

/** Fields of the exchange record whose value differs (names of top-level fields; never the values). */
export function changedFields(before: PupilRecord, after: PupilRecord): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('externalId');
  return [...keys]
    .filter(
      (k) =>
        JSON.stringify((before as Record<string, unknown>)[k] ?? null) !==
        JSON.stringify((after as Record<string, unknown>)[k] ?? null),
    )
    .sort();
}

/** The blind index of an identifier typed into search, whichever kind it is. */
export function identifierIndex(ctx: AppContext, raw: string): Buffer | undefined {
  const s = raw.trim();
  const unzr = parseUnzr(s);
  if (unzr.formatOk && unzr.value) return ctx.keys.blindIndex('unzr', unzr.value);
  const rnokpp = parseRnokpp(s);
  if (rnokpp.formatOk && rnokpp.value) return ctx.keys.blindIndex('rnokpp', rnokpp.value);
  const m = /^(\S+?)[\s№]*(\d{6})$/u.exec(s);
  if (m) {
    const cert = parseUkrainianBirthCertificate(m[1], m[2]);
    if (cert.series && cert.number)
      return (
        blindIndexes(ctx.keys, { birthCertificate: { series: cert.series, number: cert.number } }).birthCert ??
        undefined
      );
  }
  return undefined;
}

export { qualityColumns };
