import type { PupilRecord } from '@aikom/domain/exchange-record';
import { parseSchoolYearLabel } from '@aikom/domain/school-year';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../../context';
import type { ExchangeTx } from '../../../db/schema-exchange';
import { AppError } from '../../../errors';
import type { PlatformActor } from '../../auth/caller';
import { PupilService } from '../../pupils/service';
import {
  contactRow,
  displacementRow,
  enrolmentRow,
  personNameKey,
  personPhoneticKey,
  personRow,
} from '../../pupils/rows';
import { changedFields, KEY_FIELDS } from './canonical';
import { hex } from './json-rows';
import { ExchangePupilRepository, type CurrentRow, type ExchangeSchool, type MatchRow } from './repository';

export interface IssueView {
  code: string;
  path: string;
  message: string;
}

/** A record that passed the catalogue, ready for the database. */
export interface PreparedRecord {
  index: number;
  externalId: string;
  record: PupilRecord;
  warnings: IssueView[];
  bidx: { birthCert: Buffer | null; unzr: Buffer | null; rnokpp: Buffer | null };
  /** If-Match: the version the platform last saw. */
  ifMatch?: number;
  /** If-None-Match: * — create only. */
  createOnly?: boolean;
}

/** Why a record was not saved (per-record codes of the batch answer; see the integration guide). */
export type RejectCode =
  | 'PUPIL_INVALID'
  | 'EXTERNAL_ID_REQUIRED'
  | 'EXTERNAL_ID_MISMATCH'
  | 'ENROLLMENT_REQUIRED'
  | 'ENROLLMENT_SCHOOL_MISMATCH'
  | 'SCHOOL_YEAR_UNKNOWN'
  | 'SCHOOL_YEAR_MISMATCH'
  | 'DUPLICATE_IN_BATCH'
  | 'DUPLICATE_PERSON'
  | 'DUPLICATE_EXTERNAL_ID'
  | 'PUPIL_ENROLLED_ELSEWHERE'
  | 'PRECONDITION_FAILED';

export type RecordResult =
  | {
      index: number;
      externalId: string | null;
      status: 'created' | 'updated' | 'unchanged';
      pupilId: string;
      version: number;
      /** The record was linked to a child already in the registry (by identifiers). */
      linked: boolean;
      warnings: IssueView[];
    }
  | {
      index: number;
      externalId: string | null;
      status: 'rejected';
      code: RejectCode;
      detail: string;
      errors: IssueView[];
      warnings: IssueView[];
      holder?: { name: string | null; edrpou: string | null; enrolled: boolean };
      currentVersion?: number;
    };

export type Rejected = Extract<RecordResult, { status: 'rejected' }>;

export function rejected(
  index: number,
  externalId: string | null,
  code: RejectCode,
  detail: string,
  extra: Partial<Pick<Rejected, 'errors' | 'warnings' | 'holder' | 'currentVersion'>> = {},
): Rejected {
  return { index, externalId, status: 'rejected', code, detail, errors: [], warnings: [], ...extra };
}

/** The stored pupil as an exchange record, with the notes the history tables keep and this platform's id. */
export function storedRecord(pupils: PupilService, row: CurrentRow): PupilRecord {
  const open =
    row.open_id !== null
      ? {
          grade: row.open_grade!,
          class_letter: row.open_class_letter!,
          school_year: row.open_school_year!,
          entry_date: row.open_entry_date!,
          entry_order: row.open_entry_order,
        }
      : null;
  const record = pupils.toRecord(row, open, { edrpou: row.school_edrpou });
  if (row.idp_certificate && record.displacement) record.displacement.idpCertificate = row.idp_certificate;
  if (row.contact_note && record.contact) record.contact.note = row.contact_note;
  return row.external_id ? { externalId: row.external_id, ...record } : record;
}

/** Batches larger than this run without JIT compilation (see ExchangePupilRepository.withoutJit). */
const JIT_FREE_BATCH = 100;

const CONTINUATION_BASES = new Set(['class_change', 'promotion', 'repeat']);

interface Plan {
  item: PreparedRecord;
  personId: string | null;
  /** A mapping is to be made (a new child, or one linked by identifiers). */
  newMapping: boolean;
  linked: boolean;
}

export interface WriteContext {
  caller: { actor: PlatformActor };
  school: ExchangeSchool;
  source: string;
  now: Date;
}

/**
 * Applies a batch of a platform's records to one school, set-based: a fixed number of statements whatever the
 * batch size (lookups, then one insert or update per table), all in the caller's transaction under row-level
 * security. The rules are the registry's: one child one person (a record is linked to the child already in the
 * registry when identifiers — or name and birth date — match; a child held by a school outside the platform's
 * scope is refused with the holder named), a change of class within the year closes the spell and opens another,
 * status changes become history rows, identifier changes are key changes, nothing is written for unchanged data.
 */
export class ExchangeWriter {
  private readonly repo = new ExchangePupilRepository();
  private readonly pupils: PupilService;

  constructor(private readonly ctx: AppContext) {
    this.pupils = new PupilService(ctx);
  }

  async apply(trx: ExchangeTx, w: WriteContext, items: readonly PreparedRecord[]): Promise<RecordResult[]> {
    const results = new Map<number, RecordResult>();
    const platformId = w.caller.actor.platformId;
    const inScope = new Set(w.caller.actor.schoolIds);
    if (items.length > JIT_FREE_BATCH) await this.repo.withoutJit(trx);
    const years = await this.knownYears(
      trx,
      items.map((i) => parseSchoolYearLabel(i.record.enrollment!.schoolYear)!.id),
    );
    const live: PreparedRecord[] = [];
    for (const item of items) {
      const year = parseSchoolYearLabel(item.record.enrollment!.schoolYear)!.id;
      if (!years.has(year))
        results.set(
          item.index,
          rejected(
            item.index,
            item.externalId,
            'SCHOOL_YEAR_UNKNOWN',
            `Навчальний рік ${item.record.enrollment!.schoolYear} у реєстрі ще не відкрито.`,
            { warnings: item.warnings },
          ),
        );
      else live.push(item);
    }

    // 1. Which child each record is: the platform's own mapping, else a match by identifiers or name and birth date.
    const mappings = new Map(
      (
        await this.repo.mappings(
          trx,
          live.map((i) => i.externalId),
        )
      ).map((m) => [m.external_id, m]),
    );
    const unmapped = live.filter((i) => !mappings.has(i.externalId));
    const matches = new Map<number, MatchRow[]>();
    for (const m of await this.repo.matches(
      trx,
      unmapped.map((i) => ({
        ord: i.index,
        cert: hex(i.bidx.birthCert),
        unzr: hex(i.bidx.unzr),
        rnokpp: hex(i.bidx.rnokpp),
        birth: i.record.birthDate ?? null,
        name_key: personNameKey(i.record),
      })),
    ))
      matches.set(m.ord, [...(matches.get(m.ord) ?? []), m]);

    const plans: Plan[] = [];
    for (const item of live) {
      const mapping = mappings.get(item.externalId);
      if (mapping) {
        if (!inScope.has(mapping.school_id)) {
          results.set(item.index, heldElsewhere(item, null));
          continue;
        }
        plans.push({ item, personId: mapping.person_id, newMapping: false, linked: false });
        continue;
      }
      const found = matches.get(item.index) ?? [];
      const held = found.find((m) => !m.school_id || !inScope.has(m.school_id));
      const own = found.filter((m) => m.school_id && inScope.has(m.school_id));
      if (held && (held.match === 'identifier' || own.length === 0)) {
        results.set(item.index, heldElsewhere(item, held));
        continue;
      }
      plans.push({ item, personId: own[0]?.person_id ?? null, newMapping: true, linked: own.length > 0 });
    }

    // 2. The stored state of every child the batch touches, locked until commit.
    const personIds = [...new Set(plans.map((p) => p.personId).filter((x): x is string => x !== null))];
    const current = new Map(
      (await this.repo.current(trx, personIds, { lock: true, platformId })).map((r) => [r.id, r]),
    );
    // This platform's external id of each (at most one per person and platform), read with the person.
    const otherIds = new Map(
      [...current.values()].filter((r) => r.external_id !== null).map((r) => [r.id, r.external_id!]),
    );

    // A name-and-birth-date match whose identifiers contradict the record's is another child: not linked.
    for (const plan of plans) {
      if (!plan.linked || !plan.personId) continue;
      const m = (matches.get(plan.item.index) ?? []).find((x) => x.person_id === plan.personId);
      const row = current.get(plan.personId);
      if (m?.match === 'name_birth' && row && identifiersConflict(storedRecord(this.pupils, row), plan.item.record)) {
        plan.personId = null;
        plan.linked = false;
      }
    }

    // 3. One child once per batch; one external id per child and platform.
    const seenPerson = new Map<string, number>();
    const seenKey = new Map<string, number>();
    const accepted: Plan[] = [];
    for (const plan of plans) {
      const { item } = plan;
      if (plan.personId) {
        const first = seenPerson.get(plan.personId);
        if (first !== undefined) {
          results.set(item.index, duplicateInBatch(item, first));
          continue;
        }
        seenPerson.set(plan.personId, item.index);
        const theirs = otherIds.get(plan.personId);
        if (plan.newMapping && theirs && theirs !== item.externalId) {
          results.set(
            item.index,
            rejected(
              item.index,
              item.externalId,
              'DUPLICATE_EXTERNAL_ID',
              `Цього учня платформа вже передала з ідентифікатором «${theirs}»: один учень має один ідентифікатор платформи.`,
              { warnings: item.warnings },
            ),
          );
          continue;
        }
      } else {
        const keys = newChildKeys(item);
        const first = keys.map((k) => seenKey.get(k)).find((x) => x !== undefined);
        if (first !== undefined) {
          results.set(item.index, duplicateInBatch(item, first));
          continue;
        }
        for (const k of keys) seenKey.set(k, item.index);
      }
      accepted.push(plan);
    }

    // 4. Near matches of new children: warnings, as in the portal.
    const creates = accepted.filter((p) => p.personId === null);
    const near = new Map<number, IssueView[]>();
    for (const n of await this.repo.nearMatches(
      trx,
      creates
        .filter((p) => p.item.record.birthDate)
        .map((p) => ({
          ord: p.item.index,
          birth: p.item.record.birthDate!,
          phonetic: personPhoneticKey(p.item.record),
          exclude: null,
        })),
    )) {
      const list = near.get(n.ord) ?? [];
      if (list.length < 5)
        list.push({
          code: 'DUPLICATE_SUSPECTED',
          path: '/lastName',
          message: `Схожий учень із тією самою датою народження вже є в реєстрі${n.school_name ? ` (${n.school_name})` : ''}. Перевірте, чи це не той самий учень.`,
        });
      near.set(n.ord, list);
    }

    // 5. The rows to write.
    const territories = await this.territories(
      trx,
      accepted.flatMap((p) =>
        [p.item.record.residence?.katottg, p.item.record.displacement?.originKatottg].filter((c): c is string => !!c),
      ),
    );
    const territoryId = (code: string | undefined) => (code ? (territories.get(code) ?? null) : null);
    const { school, now, source } = w;
    const schoolRef = { id: school.id, ouo_id: school.ouo_id, region_id: school.region_id };
    const today = now.toISOString().slice(0, 10);
    const writes = {
      persons: [] as Array<Record<string, unknown>>,
      updates: [] as Array<Record<string, unknown> & { id: string; version: number }>,
      closes: [] as Array<{ id: string; exit_date: string; exit_reason: string }>,
      corrections: [] as Array<{ id: string; entry_date: string; entry_order: string | null }>,
      enrolments: [] as Array<Record<string, unknown>>,
      displacements: [] as Array<Record<string, unknown>>,
      contacts: [] as Array<Record<string, unknown>>,
      events: [] as Array<Record<string, unknown>>,
      mappings: [] as Array<Record<string, unknown>>,
      moves: [] as Array<{ external_id: string; school_id: string; ouo_id: string; region_id: string }>,
    };
    const event = (personId: string, kind: string, changes: Record<string, unknown>) =>
      writes.events.push({
        person_id: personId,
        school_id: school.id,
        ouo_id: school.ouo_id,
        region_id: school.region_id,
        at: now,
        actor_user_id: null,
        actor_platform_id: platformId,
        source,
        kind,
        changes,
      });
    const mapping = (externalId: string, personId: string) =>
      writes.mappings.push({
        platform_id: platformId,
        external_id: externalId,
        person_id: personId,
        school_id: school.id,
        ouo_id: school.ouo_id,
        region_id: school.region_id,
        created_at: now,
        updated_at: now,
      });

    for (const plan of accepted) {
      const { item } = plan;
      const r = item.record;
      const e = r.enrollment!;
      const year = parseSchoolYearLabel(e.schoolYear)!.id;
      const warnings = [...item.warnings, ...(near.get(item.index) ?? [])];
      const quality = { errors: [], warnings };

      if (plan.personId === null) {
        if (item.ifMatch !== undefined) {
          results.set(
            item.index,
            rejected(item.index, item.externalId, 'PRECONDITION_FAILED', 'Такого запису ще немає в реєстрі.', {
              warnings,
            }),
          );
          continue;
        }
        const id = uuidv7();
        writes.persons.push(personRow(this.ctx.keys, id, r, schoolRef, territoryId, quality, source, now));
        writes.enrolments.push({
          ...enrolmentRow(uuidv7(), id, schoolRef, e, year, 'enrolment', source, null, now),
          previous_enrolment_id: null,
        });
        writes.displacements.push(
          displacementRow(uuidv7(), id, r.displacement ?? { status: 'none' }, territoryId, null, source, now),
        );
        writes.contacts.push(contactRow(uuidv7(), id, r.contact ?? { status: 'in_contact' }, null, source, now));
        event(id, 'created', { grade: e.grade, classLetter: e.classLetter ?? 'А' });
        mapping(item.externalId, id);
        results.set(item.index, {
          index: item.index,
          externalId: item.externalId,
          status: 'created',
          pupilId: id,
          version: 1,
          linked: false,
          warnings,
        });
        continue;
      }

      const row = current.get(plan.personId);
      if (!row) {
        results.set(item.index, heldElsewhere(item, null));
        continue;
      }
      if (item.createOnly || (item.ifMatch !== undefined && item.ifMatch !== row.version)) {
        results.set(
          item.index,
          rejected(
            item.index,
            item.externalId,
            'PRECONDITION_FAILED',
            item.createOnly
              ? 'Запис уже є в реєстрі (If-None-Match: *).'
              : 'Запис змінено після того, як ви його отримали: отримайте поточну версію.',
            { warnings, currentVersion: row.version },
          ),
        );
        continue;
      }
      if (row.open_id && row.open_school_id !== school.id) {
        results.set(
          item.index,
          rejected(
            item.index,
            item.externalId,
            'PUPIL_ENROLLED_ELSEWHERE',
            'Учень навчається в іншому закладі: спершу оформіть там вибуття з переведенням до цього закладу.',
            { warnings },
          ),
        );
        continue;
      }
      if (row.open_id && row.open_school_year !== year) {
        results.set(
          item.index,
          rejected(
            item.index,
            item.externalId,
            'SCHOOL_YEAR_MISMATCH',
            `Учень зарахований на ${row.open_school_year}-${row.open_school_year! + 1} навчальний рік; перехід до наступного року виконує річне переведення.`,
            { warnings },
          ),
        );
        continue;
      }

      const before = storedRecord(this.pupils, row);
      const { externalId: _ext, ...stored } = before;
      // A class-change spell starts on the day of the change: the record's entry date is the school's, not the spell's.
      const comparable =
        row.open_id && stored.enrollment && CONTINUATION_BASES.has(basisOf(row)) && e.entryDate
          ? { ...stored, enrollment: { ...stored.enrollment, entryDate: e.entryDate } }
          : stored;
      const changed = changedFields(comparable, r);
      if (plan.newMapping) mapping(item.externalId, row.id);
      else if (row.open_id === null && row.school_id !== school.id)
        writes.moves.push({
          external_id: item.externalId,
          school_id: school.id,
          ouo_id: school.ouo_id,
          region_id: school.region_id,
        });

      if (row.open_id && changed.length === 0) {
        results.set(item.index, {
          index: item.index,
          externalId: item.externalId,
          status: 'unchanged',
          pupilId: row.id,
          version: row.version,
          linked: plan.linked,
          warnings,
        });
        continue;
      }

      const {
        id: _id,
        created_at: _c,
        source: _s,
        ...replace
      } = personRow(this.ctx.keys, row.id, r, schoolRef, territoryId, quality, row.source, now);
      writes.updates.push({ id: row.id, version: row.version, ...replace });
      if (changed.includes('displacement') || !row.open_id)
        writes.displacements.push(
          displacementRow(uuidv7(), row.id, r.displacement ?? { status: 'none' }, territoryId, null, source, now),
        );
      if (changed.includes('contact') || !row.open_id)
        writes.contacts.push(contactRow(uuidv7(), row.id, r.contact ?? { status: 'in_contact' }, null, source, now));

      if (!row.open_id) {
        // Enrolment of a child who left (this school or another of the platform's): a new spell after the last one.
        const basis =
          row.last_exit_reason === 'transfer' ? 'transfer' : row.school_id === school.id ? 'return' : 'enrolment';
        writes.enrolments.push({
          ...enrolmentRow(uuidv7(), row.id, schoolRef, e, year, basis, source, null, now),
          previous_enrolment_id: row.last_spell_id,
        });
        event(row.id, 'enrolled', {
          basis,
          grade: e.grade,
          classLetter: e.classLetter ?? 'А',
          fromSchoolId: row.school_id !== school.id ? row.school_id : null,
          fields: changed,
        });
      } else {
        const letter = e.classLetter ?? 'А';
        if (row.open_grade !== e.grade || row.open_class_letter !== letter) {
          const date = today < row.open_entry_date! ? row.open_entry_date! : today;
          writes.closes.push({ id: row.open_id, exit_date: date, exit_reason: 'class_change' });
          writes.enrolments.push({
            ...enrolmentRow(
              uuidv7(),
              row.id,
              schoolRef,
              { ...e, entryDate: date },
              year,
              'class_change',
              source,
              null,
              now,
            ),
            previous_enrolment_id: row.open_id,
          });
        } else if (
          !CONTINUATION_BASES.has(basisOf(row)) &&
          ((e.entryDate ?? `${year}-09-01`) !== row.open_entry_date || (e.orderNumber ?? null) !== row.open_entry_order)
        ) {
          writes.corrections.push({
            id: row.open_id,
            entry_date: e.entryDate ?? `${year}-09-01`,
            entry_order: e.orderNumber ?? null,
          });
        }
        event(row.id, changed.some((f) => KEY_FIELDS.includes(f)) ? 'key_changed' : 'updated', { fields: changed });
      }
      results.set(item.index, {
        index: item.index,
        externalId: item.externalId,
        status: 'updated',
        pupilId: row.id,
        version: row.version + 1,
        linked: plan.linked,
        warnings,
      });
    }

    // 6. Write: updates and closed spells first (one open spell per child), then every new row in one statement.
    const updated = await this.repo.updatePersons(trx, writes.updates);
    if (updated.length !== writes.updates.length)
      throw new AppError('CONFLICT', { detail: 'Записи змінено одночасно з іншого сеансу; повторіть запит.' });
    await this.repo.closeSpells(trx, writes.closes);
    await this.repo.correctSpells(trx, writes.corrections);
    await this.repo.insertRows(trx, writes);
    await this.repo.moveMappings(trx, platformId, writes.moves, now);
    return items.map((i) => results.get(i.index)!);
  }

  /**
   * Which of these school years the registry has opened. Years are never removed, so a year once seen is remembered
   * for the process (no query per batch); an unknown one is looked up each time, since it may be opened meanwhile.
   */
  private async knownYears(trx: ExchangeTx, wanted: readonly number[]): Promise<ReadonlySet<number>> {
    const known = cacheOf(this.ctx).years;
    if (wanted.some((y) => !known.has(y))) for (const y of await this.repo.schoolYears(trx)) known.add(y);
    return known;
  }

  /** Territory ids by KATOTTH code: stable ids of reference data (reference/load-reference), remembered once read. */
  private async territories(trx: ExchangeTx, codes: readonly string[]): Promise<ReadonlyMap<string, number>> {
    const known = cacheOf(this.ctx).territories;
    const missing = [...new Set(codes)].filter((c) => !known.has(c));
    for (const t of await this.repo.territoryIds(trx, missing)) known.set(t.code, t.id);
    return known;
  }
}

/** Reference facts of one registry (its application context) that batches look up again and again. */
const caches = new WeakMap<AppContext, { years: Set<number>; territories: Map<string, number> }>();
function cacheOf(ctx: AppContext) {
  let c = caches.get(ctx);
  if (!c) caches.set(ctx, (c = { years: new Set(), territories: new Map() }));
  return c;
}

/** The basis of the open spell: class changes and year-end moves continue an earlier spell at the school. */
const basisOf = (row: CurrentRow): string => row.open_entry_basis ?? 'enrolment';

function heldElsewhere(item: PreparedRecord, m: MatchRow | null): Rejected {
  const where = m?.school_name ? `: його запис веде ${m.school_name} (ЄДРПОУ ${m.school_edrpou})` : '';
  const what =
    m && !m.enrolled
      ? 'Учень вибув і ще не зарахований до іншого закладу: зарахування за переведенням до закладу поза вашою зоною оформлюється в реєстрі.'
      : 'Один учень — один запис: попросіть той заклад оформити вибуття з переведенням до вашого закладу, після чого передайте запис знову.';
  return rejected(item.index, item.externalId, 'DUPLICATE_PERSON', `Цей учень уже є в реєстрі${where}. ${what}`, {
    warnings: item.warnings,
    ...(m ? { holder: { name: m.school_name, edrpou: m.school_edrpou, enrolled: m.enrolled } } : {}),
  });
}

function duplicateInBatch(item: PreparedRecord, firstIndex: number): Rejected {
  return rejected(
    item.index,
    item.externalId,
    'DUPLICATE_IN_BATCH',
    `Той самий учень уже є в цьому пакеті (запис № ${firstIndex + 1}).`,
    { warnings: item.warnings },
  );
}

/** Keys of a new child within a batch: each identifier and the name with the birth date. */
function newChildKeys(item: PreparedRecord): string[] {
  const keys: string[] = [];
  if (item.bidx.birthCert) keys.push(`c:${item.bidx.birthCert.toString('hex')}`);
  if (item.bidx.unzr) keys.push(`u:${item.bidx.unzr.toString('hex')}`);
  if (item.bidx.rnokpp) keys.push(`r:${item.bidx.rnokpp.toString('hex')}`);
  if (item.record.birthDate) keys.push(`n:${item.record.birthDate}:${personNameKey(item.record)}`);
  return keys;
}

/** Both records carry an identifier of the same kind and the values differ. */
function identifiersConflict(a: PupilRecord, b: PupilRecord): boolean {
  const cert = (r: PupilRecord) =>
    r.birthCertificate ? `${r.birthCertificate.series ?? ''}|${r.birthCertificate.number}` : null;
  const pairs: Array<[string | null, string | null]> = [
    [cert(a), cert(b)],
    [a.unzr ?? null, b.unzr ?? null],
    [a.rnokpp ?? null, b.rnokpp ?? null],
  ];
  return pairs.some(([x, y]) => x !== null && y !== null && x !== y);
}
