import { sql } from 'kysely';
import type { Tx } from '../../db/database';

export interface CampaignRow {
  id: string;
  title: string;
  instructions: string;
  deadline: string;
  scope_kind: string;
  scope_region_id: string | null;
  indicators: number[];
  required_rules: string[];
  requires_confirmation: boolean;
  reminder_days: number | null;
  status: string;
  school_year: number;
  created_by: string | null;
  organisation_id: string;
  created_at: Date;
  closed_at: Date | null;
  event_watermark: number;
  refreshed_xmin: string | null;
}

export interface RollupRow {
  id: string;
  name: string;
  code: string | null;
  schools: number;
  schools_done: number;
  schools_confirmed: number;
  schools_reopened: number;
  schools_late: number;
  pupils: number;
  pupils_done: number;
}

export interface SchoolRow {
  school_id: string;
  name: string;
  edrpou: string | null;
  ouo_id: string;
  region_id: string;
  pupils: number;
  done: number;
  confirmed_at: Date | null;
  confirmed_by_name: string | null;
  confirmed_late: boolean | null;
  changed_after_confirmation: boolean;
}

/** Campaigns and their per-school figures. The figures are recomputed from the pupils by set-based statements. */
export class CampaignRepository {
  async insert(
    trx: Tx,
    row: Omit<CampaignRow, 'created_at' | 'closed_at' | 'event_watermark' | 'refreshed_xmin' | 'status'> & {
      now: Date;
    },
  ): Promise<void> {
    const { now, ...values } = row;
    await trx
      .insertInto('campaign')
      .values({ ...values, status: 'open', created_at: now })
      .execute();
  }

  /**
   * Adds the schools of the campaign's scope with their current figures (one aggregate over their open spells),
   * and records where in the change feed these figures stand.
   */
  async populate(
    trx: Tx,
    c: Pick<CampaignRow, 'id' | 'scope_kind' | 'scope_region_id' | 'required_rules' | 'school_year'>,
    schoolIds: readonly string[] | null,
    now: Date,
  ): Promise<number> {
    // One grouped pass over the open spells of the scope (a hash aggregate), not one sub-query per school: opening a
    // national campaign reads 3.9 M spells once.
    const spells =
      c.scope_kind === 'all'
        ? sql``
        : c.scope_kind === 'region'
          ? sql`AND e.region_id = ${c.scope_region_id}::uuid`
          : sql`AND e.school_id = ANY (${schoolIds ?? []}::uuid[])`;
    const schools =
      c.scope_kind === 'all'
        ? sql``
        : c.scope_kind === 'region'
          ? sql`AND o.region_id = ${c.scope_region_id}::uuid`
          : sql`AND o.id = ANY (${schoolIds ?? []}::uuid[])`;
    const r = await sql<{ n: number }>`
      WITH figures AS (
        SELECT e.school_id, count(*)::int AS pupils,
          (count(*) FILTER (WHERE NOT (p.quality_codes && ${c.required_rules}::text[])))::int AS done
        FROM enrolment e JOIN person p ON p.id = e.person_id
        WHERE e.school_year = ${c.school_year} AND e.exit_date IS NULL ${spells}
        GROUP BY e.school_id
      ), inserted AS (
        INSERT INTO campaign_school (campaign_id, school_id, ouo_id, region_id, pupils, done, completed_at, updated_at)
        SELECT ${c.id}::uuid, o.id, o.ouo_id, o.region_id, coalesce(f.pupils, 0), coalesce(f.done, 0),
          CASE WHEN coalesce(f.done, 0) >= coalesce(f.pupils, 0) THEN ${now}::timestamptz END, ${now}::timestamptz
        FROM organisation o LEFT JOIN figures f ON f.school_id = o.id
        WHERE o.kind = 'school' AND o.status IN ('operating', 'relocated') ${schools}
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM inserted`.execute(trx);
    await sql`
      UPDATE campaign SET event_watermark = coalesce((SELECT max(id) FROM pupil_event), 0),
        refreshed_xmin = pg_snapshot_xmin(pg_current_snapshot()), last_reconciled_at = ${now}::timestamptz
      WHERE id = ${c.id}::uuid`.execute(trx);
    return r.rows[0]?.n ?? 0;
  }

  get(trx: Tx, id: string): Promise<CampaignRow | undefined> {
    return trx.selectFrom('campaign').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(trx: Tx): Promise<CampaignRow[]> {
    return trx.selectFrom('campaign').selectAll().orderBy('created_at', 'desc').execute();
  }

  open(trx: Tx): Promise<CampaignRow[]> {
    return trx.selectFrom('campaign').selectAll().where('status', '=', 'open').execute();
  }

  async close(trx: Tx, id: string, now: Date): Promise<void> {
    await trx.updateTable('campaign').set({ status: 'closed', closed_at: now }).where('id', '=', id).execute();
  }

  /**
   * Schools whose pupils changed since the campaign's last refresh: events after the watermark, and events of
   * transactions that were still running at the last refresh (their ids may be lower than the watermark).
   */
  async changedSchools(trx: Tx, c: Pick<CampaignRow, 'id' | 'event_watermark' | 'refreshed_xmin'>) {
    // The new watermark first, then the events: each statement has its own snapshot, and an event committed between
    // the two must be read now or caught next time (its id is then at most the watermark, but its transaction was
    // running at the snapshot, so txid >= xmin). In the other order it could fall between and be missed for good.
    const snapshot = await sql<{ xmin: string; max_id: number | null }>`
      SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, (SELECT max(id) FROM pupil_event) AS max_id`.execute(
      trx,
    );
    const r = await sql<{ school_id: string; last_at: Date; max_id: number }>`
      SELECT e.school_id, max(e.at) AS last_at, max(e.id)::bigint AS max_id
      FROM pupil_event e JOIN campaign_school cs ON cs.campaign_id = ${c.id}::uuid AND cs.school_id = e.school_id
      WHERE e.id > ${c.event_watermark} ${c.refreshed_xmin ? sql`OR e.txid >= ${c.refreshed_xmin}::xid8` : sql``}
      GROUP BY e.school_id`.execute(trx);
    return { schools: r.rows, xmin: snapshot.rows[0]!.xmin, maxId: snapshot.rows[0]!.max_id ?? c.event_watermark };
  }

  /** Recomputes the figures of some schools (the same aggregate as populate). */
  async recompute(
    trx: Tx,
    c: Pick<CampaignRow, 'id' | 'required_rules' | 'school_year'>,
    schoolIds: readonly string[],
    now: Date,
  ): Promise<void> {
    if (schoolIds.length === 0) return;
    await sql`
      UPDATE campaign_school cs SET pupils = f.pupils, done = f.done, updated_at = ${now}::timestamptz,
        completed_at = CASE WHEN f.done >= f.pupils THEN coalesce(cs.completed_at, ${now}::timestamptz) END
      FROM (
        SELECT s.id AS school_id,
          (SELECT count(*)::int FROM enrolment e WHERE e.school_id = s.id AND e.school_year = ${c.school_year} AND e.exit_date IS NULL) AS pupils,
          (SELECT count(*)::int FROM enrolment e JOIN person p ON p.id = e.person_id
            WHERE e.school_id = s.id AND e.school_year = ${c.school_year} AND e.exit_date IS NULL
              AND NOT (p.quality_codes && ${c.required_rules}::text[])) AS done
        FROM unnest(${schoolIds}::uuid[]) AS s(id)
      ) f
      WHERE cs.campaign_id = ${c.id}::uuid AND cs.school_id = f.school_id`.execute(trx);
  }

  /** Confirmed schools whose data changed after the confirmation are reopened; returns them. */
  async reopen(
    trx: Tx,
    campaignId: string,
    changes: ReadonlyArray<{ school_id: string; last_at: Date }>,
  ): Promise<string[]> {
    if (changes.length === 0) return [];
    const r = await sql<{ school_id: string }>`
      UPDATE campaign_school cs SET changed_after_confirmation = true
      FROM unnest(${changes.map((c) => c.school_id)}::uuid[], ${changes.map((c) => c.last_at.toISOString())}::timestamptz[]) AS x(school_id, last_at)
      WHERE cs.campaign_id = ${campaignId}::uuid AND cs.school_id = x.school_id AND cs.confirmed_at IS NOT NULL
        AND NOT cs.changed_after_confirmation AND x.last_at > cs.confirmed_at
      RETURNING cs.school_id`.execute(trx);
    return r.rows.map((x) => x.school_id);
  }

  async advance(trx: Tx, id: string, watermark: number, xmin: string): Promise<void> {
    await trx
      .updateTable('campaign')
      .set({ event_watermark: watermark, refreshed_xmin: xmin })
      .where('id', '=', id)
      .execute();
  }

  /** Today's completion per region (the chart of completion over time keeps one row per day). */
  async snapshotProgress(trx: Tx, campaignId: string, day: string): Promise<void> {
    await sql`
      INSERT INTO campaign_progress (campaign_id, day, region_id, schools, schools_done, schools_confirmed, pupils, pupils_done)
      SELECT campaign_id, ${day}::date, region_id, count(*)::int, (count(*) FILTER (WHERE done >= pupils))::int,
        (count(*) FILTER (WHERE confirmed_at IS NOT NULL AND NOT changed_after_confirmation))::int, sum(pupils)::int, sum(done)::int
      FROM campaign_school WHERE campaign_id = ${campaignId}::uuid GROUP BY campaign_id, region_id
      ON CONFLICT (campaign_id, day, region_id) DO UPDATE SET schools = excluded.schools, schools_done = excluded.schools_done,
        schools_confirmed = excluded.schools_confirmed, pupils = excluded.pupils, pupils_done = excluded.pupils_done`.execute(
      trx,
    );
  }

  /** Completion by region, by ОУО of a region, or by school of an ОУО (whatever the caller's scope shows). */
  rollup(trx: Tx, campaignId: string, level: 'region' | 'ouo' | 'school', parentId?: string): Promise<RollupRow[]> {
    const key =
      level === 'region' ? sql.ref('cs.region_id') : level === 'ouo' ? sql.ref('cs.ouo_id') : sql.ref('cs.school_id');
    return sql<RollupRow>`
      SELECT o.id, o.name, o.edrpou AS code, count(*)::int AS schools,
        (count(*) FILTER (WHERE cs.done >= cs.pupils))::int AS schools_done,
        (count(*) FILTER (WHERE cs.confirmed_at IS NOT NULL AND NOT cs.changed_after_confirmation))::int AS schools_confirmed,
        (count(*) FILTER (WHERE cs.changed_after_confirmation))::int AS schools_reopened,
        (count(*) FILTER (WHERE cs.confirmed_late))::int AS schools_late,
        sum(cs.pupils)::int AS pupils, sum(cs.done)::int AS pupils_done
      FROM campaign_school cs JOIN organisation o ON o.id = ${key}
      WHERE cs.campaign_id = ${campaignId}::uuid
        ${parentId ? (level === 'ouo' ? sql`AND cs.region_id = ${parentId}::uuid` : level === 'school' ? sql`AND cs.ouo_id = ${parentId}::uuid` : sql``) : sql``}
      GROUP BY o.id, o.name, o.edrpou ORDER BY aikom_uk_sort(o.name)`
      .execute(trx)
      .then((r) => r.rows);
  }

  /** The same figures by a full GROUP BY over the pupils (the naive way; the benchmark's baseline). */
  naiveRollupByRegion(trx: Tx, c: Pick<CampaignRow, 'required_rules' | 'school_year'>) {
    return sql<{ region_id: string; pupils: number; done: number }>`
      SELECT e.region_id, count(*)::int AS pupils, (count(*) FILTER (WHERE NOT (p.quality_codes && ${c.required_rules}::text[])))::int AS done
      FROM enrolment e JOIN person p ON p.id = e.person_id
      WHERE e.school_year = ${c.school_year} AND e.exit_date IS NULL GROUP BY e.region_id`
      .execute(trx)
      .then((r) => r.rows);
  }

  school(trx: Tx, campaignId: string, schoolId: string): Promise<SchoolRow | undefined> {
    return trx
      .selectFrom('campaign_school as cs')
      .innerJoin('organisation as o', 'o.id', 'cs.school_id')
      .leftJoin('app_user as u', 'u.id', 'cs.confirmed_by')
      .select([
        'cs.school_id',
        'o.name',
        'o.edrpou',
        'cs.ouo_id',
        'cs.region_id',
        'cs.pupils',
        'cs.done',
        'cs.confirmed_at',
        'u.full_name as confirmed_by_name',
        'cs.confirmed_late',
        'cs.changed_after_confirmation',
      ])
      .where('cs.campaign_id', '=', campaignId)
      .where('cs.school_id', '=', schoolId)
      .executeTakeFirst();
  }

  schools(
    trx: Tx,
    campaignId: string,
    filter: { overdueOnly?: boolean; regionId?: string; ouoId?: string },
  ): Promise<SchoolRow[]> {
    let q = trx
      .selectFrom('campaign_school as cs')
      .innerJoin('organisation as o', 'o.id', 'cs.school_id')
      .leftJoin('app_user as u', 'u.id', 'cs.confirmed_by')
      .select([
        'cs.school_id',
        'o.name',
        'o.edrpou',
        'cs.ouo_id',
        'cs.region_id',
        'cs.pupils',
        'cs.done',
        'cs.confirmed_at',
        'u.full_name as confirmed_by_name',
        'cs.confirmed_late',
        'cs.changed_after_confirmation',
      ])
      .where('cs.campaign_id', '=', campaignId)
      .orderBy(sql`aikom_uk_sort(o.name)`);
    if (filter.overdueOnly)
      q = q.where((eb) => eb.or([eb('cs.confirmed_at', 'is', null), eb('cs.changed_after_confirmation', '=', true)]));
    if (filter.regionId) q = q.where('cs.region_id', '=', filter.regionId);
    if (filter.ouoId) q = q.where('cs.ouo_id', '=', filter.ouoId);
    return q.execute();
  }

  /** The pupils of a school who still fail a required rule, with the failing codes. */
  openItems(trx: Tx, schoolId: string, year: number, rules: readonly string[]) {
    return sql<{
      id: string;
      last_name: string;
      first_name: string;
      middle_name: string | null;
      grade: number;
      class_letter: string;
      codes: string[];
    }>`
      SELECT p.id, p.last_name, p.first_name, p.middle_name, e.grade, e.class_letter,
        ARRAY(SELECT unnest(p.quality_codes) INTERSECT SELECT unnest(${rules}::text[]) ORDER BY 1) AS codes
      FROM enrolment e JOIN person p ON p.id = e.person_id
      WHERE e.school_id = ${schoolId}::uuid AND e.school_year = ${year} AND e.exit_date IS NULL AND p.quality_codes && ${rules}::text[]
      ORDER BY e.grade, e.class_letter, p.name_key`
      .execute(trx)
      .then((r) => r.rows);
  }

  async confirm(
    trx: Tx,
    campaignId: string,
    schoolId: string,
    userId: string,
    late: boolean,
    now: Date,
  ): Promise<void> {
    await trx
      .updateTable('campaign_school')
      .set({
        confirmed_at: now,
        confirmed_by: userId,
        confirmed_late: late,
        changed_after_confirmation: false,
        updated_at: now,
      })
      .where('campaign_id', '=', campaignId)
      .where('school_id', '=', schoolId)
      .execute();
  }

  timeline(trx: Tx, campaignId: string) {
    return trx
      .selectFrom('campaign_progress')
      .select([
        'day',
        sql<number>`sum(schools)::int`.as('schools'),
        sql<number>`sum(schools_done)::int`.as('schools_done'),
        sql<number>`sum(schools_confirmed)::int`.as('schools_confirmed'),
        sql<number>`sum(pupils)::int`.as('pupils'),
        sql<number>`sum(pupils_done)::int`.as('pupils_done'),
      ])
      .where('campaign_id', '=', campaignId)
      .groupBy('day')
      .orderBy('day')
      .execute();
  }

  /** The ids among `schoolIds` that are not schools of the region (unknown ids included). */
  async schoolsOutsideRegion(trx: Tx, schoolIds: readonly string[], regionId: string): Promise<string[]> {
    if (schoolIds.length === 0) return [];
    const inside = await trx
      .selectFrom('organisation')
      .select('id')
      .where('id', 'in', [...schoolIds])
      .where('kind', '=', 'school')
      .where('region_id', '=', regionId)
      .execute();
    const ok = new Set(inside.map((r) => r.id));
    return [...new Set(schoolIds)].filter((id) => !ok.has(id));
  }

  regionCodes(trx: Tx, regionIds: readonly string[]) {
    if (regionIds.length === 0) return Promise.resolve([]);
    return trx
      .selectFrom('organisation as o')
      .innerJoin('territory as t', 't.id', 'o.territory_id')
      .select(['o.id', 't.code', 't.name'])
      .where('o.id', 'in', [...regionIds])
      .execute();
  }

  async recordReminder(
    trx: Tx,
    r: {
      id: string;
      campaignId: string;
      kind: 'manual' | 'automatic';
      sentBy: string | null;
      organisationId: string | null;
      schools: number;
      now: Date;
    },
  ): Promise<boolean> {
    const res = await sql`
      INSERT INTO campaign_reminder (id, campaign_id, kind, sent_by, organisation_id, schools, sent_at)
      VALUES (${r.id}::uuid, ${r.campaignId}::uuid, ${r.kind}, ${r.sentBy}::uuid, ${r.organisationId}::uuid, ${r.schools}, ${r.now}::timestamptz)
      ON CONFLICT DO NOTHING`.execute(trx);
    return Number(res.numAffectedRows ?? 0) === 1;
  }
}
