/**
 * The list of potentially missing children (DOMAIN.md § 7), from the current snapshots, their linkage and the
 * registry itself:
 *
 * - `not_enrolled`: a child of school age (6–17 on 1 September) in the births extract with no linked pupil enrolled
 *   anywhere, no linked death record, no border exit without a later entry, no pupil record that ended abroad,
 *   with a death or with the completion of schooling;
 * - `lost_contact`: an enrolled pupil whose contact was lost more than N calendar days ago;
 * - `in_transit`: a pupil in the in-transit pool of the transfers module (left a school more than N school days ago,
 *   enrolled nowhere since, follow-up not closed);
 * - `sought_match`: a record of the list of children sought linked to a pupil or to a births record.
 *
 * One case per child (the pupil, or the births record when no pupil is linked), with every reason and its evidence,
 * assigned to the ОУО of the child's residence (the IDP database's address when there is one), else to the ОУО of
 * the pupil's school; a case with neither waits for the verification officer to assign it. An open case is updated,
 * a closed one is not reopened by a detection (the officer reopens it), a new one is opened otherwise.
 */
import { schoolAgeBirthWindow, type CaseReason } from '@aikom/domain/linkage/missing-children';
import { transitCutoff } from '@aikom/domain/rollover/school-days';
import { isoOfDay, dayOfIso } from '@aikom/domain/linkage/dates';
import { schoolYearOf } from '@aikom/domain/school-year';
import type { Insertable } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { AppContext } from '../../context';
import type { VerificationCaseEventTable, VerificationCaseTable } from '../../db/schema-verification';
import type { Access } from './access';
import { openIdentifiers } from '../pupils/identifiers';
import { recordAad, type SealedRecordIdentifiers } from './extract-import';
import { VerificationRepository, type PersonCandidate } from './repository';

export interface DetectionParams {
  /** Lost contact longer than this many calendar days. */
  lostContactDays: number;
  /** Out of school longer than this many school days (weekdays). */
  transitDays: number;
}

export interface DetectionStats {
  today: string;
  schoolYear: number;
  snapshots: Record<string, { id: string; version: number; asOf: string }>;
  candidates: Record<CaseReason, number>;
  children: number;
  opened: number;
  updated: number;
  unchanged: number;
  /** Children whose latest case is closed: not reopened by a detection. */
  closedBefore: number;
  /** Opened cases no ОУО could be found for (the verification officer assigns them). */
  withoutOuo: number;
  /** Where the in-transit pool came from: the transfers module's (aikom_transit_pool). */
  inTransitSource: 'transit_pool';
}

/** The identifiers a case shows, sealed for the case (AAD = its id). */
export interface CaseIdentifiers {
  birthCertificate: { series: string; number: string } | null;
  unzr: string | null;
  rnokpp: string | null;
}

export const caseAad = (caseId: string) => `verification_case.identifiers_enc:${caseId}`;

interface Subject {
  key: string;
  personId: string | null;
  name: { last: string; first: string; middle: string | null; sex: string | null; birthDate: string | null };
  residence: number | null;
  fallbackOuo: { ouoId: string | null; regionId: string | null };
  identifiers: CaseIdentifiers | null;
  reasons: Set<CaseReason>;
  evidence: Array<Record<string, unknown>>;
}

export async function detectMissingChildren(
  ctx: AppContext,
  access: Access,
  detectionId: string,
  params: DetectionParams,
  actorUserId: string | null,
): Promise<DetectionStats> {
  const repo = new VerificationRepository();
  const now = ctx.now();
  const today = now.toISOString().slice(0, 10);
  const schoolYear = schoolYearOf(today).id;
  const window = schoolAgeBirthWindow(schoolYear);
  const lostBy = isoOfDay(dayOfIso(today) - params.lostContactDays);
  const cutoff = transitCutoff(today, params.transitDays);
  return access(async (trx) => {
    const snapshots = await repo.currentSnapshots(trx);
    const snap = Object.fromEntries(snapshots.map((s) => [s.kind, { id: s.id, version: s.version, asOf: s.as_of }]));
    const subjects = new Map<string, Subject>();
    const personIdentifiers = (
      p: Pick<PersonCandidate, 'person_id' | 'identifiers_enc' | 'birth_cert_kind' | 'birth_cert_country'>,
    ) => {
      const o = openIdentifiers(ctx.keys, p.person_id, p);
      return {
        birthCertificate: o.birthCertificate
          ? { series: o.birthCertificate.series, number: o.birthCertificate.number }
          : null,
        unzr: o.unzr,
        rnokpp: o.rnokpp,
      };
    };
    const recordIdentifiers = (snapshotId: string, recordNo: number, enc: Buffer | null): CaseIdentifiers | null => {
      if (!enc) return null;
      const s = JSON.parse(ctx.keys.decrypt(enc, recordAad(snapshotId, recordNo))) as SealedRecordIdentifiers;
      return { birthCertificate: s.birthCertificate, unzr: s.unzr, rnokpp: s.rnokpp };
    };
    const personSubject = (p: PersonCandidate): Subject => {
      const key = `person:${p.person_id}`;
      let s = subjects.get(key);
      if (!s) {
        s = {
          key,
          personId: p.person_id,
          name: { last: p.last_name, first: p.first_name, middle: p.middle_name, sex: p.sex, birthDate: p.birth_date },
          residence: p.residence_territory_id,
          fallbackOuo: { ouoId: p.ouo_id, regionId: p.region_id },
          identifiers: personIdentifiers(p),
          reasons: new Set(),
          evidence: [],
        };
        subjects.set(key, s);
      }
      return s;
    };
    const school = (p: { school_id: string | null; school_name: string | null; school_edrpou: string | null }) =>
      p.school_id ? { id: p.school_id, name: p.school_name, edrpou: p.school_edrpou } : null;
    const candidates: Record<CaseReason, number> = { not_enrolled: 0, lost_contact: 0, in_transit: 0, sought_match: 0 };

    // Births: of school age, enrolled nowhere, not deceased, not abroad.
    if (snap.births) {
      const rows = await repo.notEnrolled(trx, { from: window.bornFrom, to: window.bornTo });
      candidates.not_enrolled = rows.length;
      const persons = new Map(
        (await repo.personFacts(trx, [...new Set(rows.map((r) => r.person_id).filter((x): x is string => !!x))])).map(
          (p) => [p.person_id, p],
        ),
      );
      for (const b of rows) {
        const person = b.person_id ? persons.get(b.person_id) : undefined;
        const s: Subject = person
          ? personSubject(person)
          : {
              key: `births:${b.source_record_id}`,
              personId: null,
              name: {
                last: b.last_name,
                first: b.first_name,
                middle: b.middle_name,
                sex: b.sex,
                birthDate: b.birth_date,
              },
              residence: b.residence_territory_id,
              fallbackOuo: { ouoId: null, regionId: null },
              identifiers: recordIdentifiers(snap.births.id, b.record_no, b.identifiers_enc),
              reasons: new Set(),
              evidence: [],
            };
        subjects.set(s.key, s);
        s.reasons.add('not_enrolled');
        s.evidence.push({
          code: 'births_record',
          snapshotVersion: snap.births.version,
          asOf: snap.births.asOf,
          recordId: b.source_record_id,
        });
        if (person) {
          s.evidence.push({
            code: 'last_enrolment',
            school: school(person),
            exitDate: person.exit_date,
            exitReason: person.exit_reason,
          });
        } else s.evidence.push({ code: 'no_pupil_record' });
        if (b.idp_residence_id !== null) {
          s.residence = b.idp_residence_id;
          s.evidence.push({
            code: 'idp_record',
            registeredOn: b.idp_registered_on,
            residenceTerritoryId: b.idp_residence_id,
          });
        }
        if (b.returned_on) s.evidence.push({ code: 'returned_from_abroad', entryDate: b.returned_on });
      }
    }

    for (const p of await repo.lostContact(trx, lostBy)) {
      candidates.lost_contact++;
      const s = personSubject(p);
      s.reasons.add('lost_contact');
      const days = p.lost_since ? dayOfIso(today) - dayOfIso(p.lost_since) : null;
      s.evidence.push({ code: 'lost_contact', since: p.lost_since, days, school: school(p) });
    }

    // The in-transit pool of the transfers module, page by page.
    for (let after: { exitDate: string; enrolmentId: string } | null = null; ;) {
      const rows = await repo.inTransitPage(trx, cutoff, after, 5_000);
      for (const p of rows) {
        candidates.in_transit++;
        const s = personSubject(p);
        if (p.residence_ouo_id && !s.fallbackOuo.ouoId)
          s.fallbackOuo = { ouoId: p.residence_ouo_id, regionId: p.region_id };
        s.reasons.add('in_transit');
        s.evidence.push({
          code: 'in_transit',
          exitDate: p.exit_date,
          exitReason: p.exit_reason,
          school: school(p),
          destination: p.destination_name ? { name: p.destination_name, edrpou: p.destination_edrpou } : null,
          destinationCountry: p.destination_country,
        });
      }
      if (rows.length < 5_000) break;
      const last = rows[rows.length - 1]!;
      after = { exitDate: last.exit_date, enrolmentId: last.enrolment_id };
    }

    if (snap.sought) {
      const rows = await repo.soughtMatches(trx);
      candidates.sought_match = rows.length;
      const viaBirths = await repo.personsOfBirths(
        trx,
        rows.filter((r) => !r.person_id && r.births_record_no !== null).map((r) => r.births_record_no!),
      );
      const personIds = new Set<string>();
      for (const r of rows) {
        const id = r.person_id ?? (r.births_record_no !== null ? viaBirths.get(r.births_record_no) : undefined);
        if (id) personIds.add(id);
      }
      const persons = new Map((await repo.personFacts(trx, [...personIds])).map((p) => [p.person_id, p]));
      for (const r of rows) {
        const id = r.person_id ?? (r.births_record_no !== null ? viaBirths.get(r.births_record_no) : undefined);
        const person = id ? persons.get(id) : undefined;
        let s: Subject;
        if (person) s = personSubject(person);
        else {
          const key = `births:${r.births_source_id}`;
          s = subjects.get(key) ?? {
            key,
            personId: null,
            name: {
              last: r.last_name,
              first: r.first_name,
              middle: r.middle_name,
              sex: r.sex,
              birthDate: r.birth_date,
            },
            residence: r.residence_territory_id,
            fallbackOuo: { ouoId: null, regionId: null },
            identifiers: recordIdentifiers(snap.sought.id, r.record_no, r.identifiers_enc),
            reasons: new Set(),
            evidence: [],
          };
          subjects.set(key, s);
        }
        s.reasons.add('sought_match');
        s.evidence.push({
          code: 'sought',
          list: r.details.list ?? null,
          status: r.details.status ?? null,
          since: r.event_date,
          recordId: r.source_record_id,
          lastKnownTerritoryId: r.residence_territory_id,
        });
        if (person?.enrolled) s.evidence.push({ code: 'enrolled', school: school(person) });
      }
    }

    // Assign, then open, update or leave.
    const list = [...subjects.values()];
    const authorities = await repo.authoritiesOf(trx, [
      ...new Set(list.map((s) => s.residence).filter((x): x is number => x !== null)),
    ]);
    const latest = await repo.latestCases(
      trx,
      list.map((s) => s.key),
    );
    const inserts: Insertable<VerificationCaseTable>[] = [];
    const events: Insertable<VerificationCaseEventTable>[] = [];
    const refreshed: Array<{ id: string; reasons: string[]; evidence: unknown[] }> = [];
    let updated = 0;
    let unchanged = 0;
    let closedBefore = 0;
    let withoutOuo = 0;
    for (const s of list) {
      const reasons = [...s.reasons].sort();
      const current = latest.get(s.key);
      if (current && ['new', 'in_work', 'not_found'].includes(current.status)) {
        const same = [...current.reasons].sort().join(',') === reasons.join(',');
        refreshed.push({ id: current.id, reasons, evidence: s.evidence });
        if (same) unchanged++;
        else {
          updated++;
          events.push({
            case_id: current.id,
            at: now,
            actor_user_id: actorUserId,
            kind: 'detected',
            details: JSON.stringify({ detectionId, reasons, previous: current.reasons }),
          });
        }
        continue;
      }
      if (current) {
        closedBefore++;
        continue;
      }
      const byResidence = s.residence !== null ? authorities.get(s.residence) : undefined;
      const ouoId = byResidence?.ouoId ?? s.fallbackOuo.ouoId;
      const regionId = byResidence?.ouoId
        ? byResidence.regionId
        : (s.fallbackOuo.regionId ?? byResidence?.regionId ?? null);
      if (!ouoId) withoutOuo++;
      const id = uuidv7();
      inserts.push({
        id,
        subject_key: s.key,
        person_id: s.personId,
        last_name: s.name.last,
        first_name: s.name.first,
        middle_name: s.name.middle,
        sex: s.name.sex === 'male' || s.name.sex === 'female' ? s.name.sex : null,
        birth_date: s.name.birthDate,
        residence_territory_id: s.residence,
        identifiers_enc: s.identifiers ? ctx.keys.encrypt(JSON.stringify(s.identifiers), caseAad(id)) : null,
        reasons,
        evidence: JSON.stringify(s.evidence),
        region_id: regionId,
        assigned_ouo_id: ouoId,
        detection_id: detectionId,
        opened_at: now,
        updated_at: now,
        last_detected_at: now,
      });
      events.push({
        case_id: id,
        at: now,
        actor_user_id: actorUserId,
        kind: 'opened',
        to_status: 'new',
        details: JSON.stringify({ detectionId, reasons, ouoId }),
      });
    }
    await repo.redetectCases(trx, refreshed, now);
    await repo.insertCases(trx, inserts);
    await repo.insertCaseEvents(trx, events);
    return {
      today,
      schoolYear,
      snapshots: snap,
      candidates,
      children: list.length,
      opened: inserts.length,
      updated,
      unchanged,
      closedBefore,
      withoutOuo,
      inTransitSource: 'transit_pool',
    };
  });
}
