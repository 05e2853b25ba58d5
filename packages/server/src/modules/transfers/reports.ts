import { can } from '@aikom/domain/access/policy';
import { countryName } from '@aikom/domain/countries';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { AppContext } from '../../context';
import type { Tx } from '../../db/database';
import { transitionTx, type TransitionTx } from '../../db/schema-transitions';
import { AppError } from '../../errors';
import { AuditService } from '../audit/service';
import { scopeOf, type Caller } from '../auth/caller';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface Place {
  code: string;
  name: string;
}

export interface MigrationReport {
  period: { from: string; to: string };
  organisation: { id: string; kind: string; name: string } | null;
  flows: {
    hromadas: Array<{ from: Place; to: Place; pupils: number }>;
    regions: Array<{ from: Place; to: Place; pupils: number }>;
    months: Array<{ month: string; pupils: number }>;
    total: number;
  };
  displaced: {
    rows: Array<{ origin: Place | null; occupied: boolean; current: Place | null; pupils: number }>;
    total: number;
  };
  abroad: {
    left: Array<{ country: string | null; name: string | null; pupils: number }>;
    studyingFromAbroad: Array<{ country: string | null; name: string | null; pupils: number }>;
  };
}

interface OrgFilter {
  id: string;
  kind: string;
  name: string;
}

const place = (code: string | null, name: string | null): Place | null => (code && name ? { code, name } : null);

/**
 * Migration reports in the caller's scope (DOMAIN.md § 4, 6): transfers between hromadas and between regions over a
 * period (a from → to matrix and a monthly series, by the hromada and oblast of each school's KATOTTH location), the
 * internally displaced pupils by hromada of origin and hromada of study, and pupils who left for abroad by country.
 * Counts only, never names; row-level security decides what is counted (a transfer counts for both its sides).
 */
export class MigrationReportService {
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {}

  private async organisation(trx: TransitionTx, id: string | undefined): Promise<OrgFilter | null> {
    if (!id) return null;
    const o = await trx
      .selectFrom('organisation')
      .select(['id', 'kind', 'name'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!o || o.kind === 'ministry')
      throw new AppError('NOT_FOUND', { detail: 'Організацію не знайдено у вашій зоні доступу.' });
    return o;
  }

  private async build(
    trx: TransitionTx,
    from: string,
    to: string,
    org: OrgFilter | null,
  ): Promise<Omit<MigrationReport, 'organisation' | 'period'>> {
    const side = (prefix: 'from' | 'to') =>
      org
        ? org.kind === 'school'
          ? sql.raw(`t.${prefix}_school_id`)
          : org.kind === 'ouo'
            ? sql.raw(`t.${prefix}_ouo_id`)
            : sql.raw(`t.${prefix}_region_id`)
        : null;
    const transferFilter = org
      ? sql`AND (${side('from')} = ${org.id}::uuid OR ${side('to')} = ${org.id}::uuid)`
      : sql``;
    const spellColumn = org
      ? sql.raw(org.kind === 'school' ? 'e.school_id' : org.kind === 'ouo' ? 'e.ouo_id' : 'e.region_id')
      : null;
    const spellFilter = org ? sql`AND ${spellColumn} = ${org.id}::uuid` : sql``;
    const flows = (level: 'hromada' | 'region') => {
      const up = sql.raw(level === 'hromada' ? 'coalesce(x.hromada_id, x.oblast_id)' : 'x.oblast_id');
      return sql<{ from_code: string; from_name: string; to_code: string; to_name: string; pupils: number }>`
        WITH m AS (
          SELECT (SELECT ${up} FROM territory x WHERE x.id = t.from_territory_id) AS f,
            (SELECT ${up} FROM territory x WHERE x.id = t.to_territory_id) AS d
          FROM pupil_transfer t
          WHERE t.status = 'arrived' AND t.arrived_on BETWEEN ${from}::date AND ${to}::date ${transferFilter}
        )
        SELECT ft.code AS from_code, ft.name AS from_name, tt.code AS to_code, tt.name AS to_name,
          count(*)::int AS pupils
        FROM m JOIN territory ft ON ft.id = m.f JOIN territory tt ON tt.id = m.d
        GROUP BY 1, 2, 3, 4 ORDER BY pupils DESC, from_name, to_name`.execute(trx);
    };
    const [hromadas, regions, months, displaced, left, studying] = await Promise.all([
      flows('hromada'),
      flows('region'),
      sql<{ month: string; pupils: number }>`
        SELECT to_char(t.arrived_on, 'YYYY-MM') AS month, count(*)::int AS pupils
        FROM pupil_transfer t
        WHERE t.status = 'arrived' AND t.arrived_on BETWEEN ${from}::date AND ${to}::date ${transferFilter}
        GROUP BY 1 ORDER BY 1`.execute(trx),
      sql<{
        origin_code: string | null;
        origin_name: string | null;
        occupied: boolean;
        current_code: string | null;
        current_name: string | null;
        pupils: number;
      }>`
        WITH d AS (
          SELECT (SELECT coalesce(x.hromada_id, x.oblast_id) FROM territory x WHERE x.id = p.displacement_origin_id) AS o,
            (SELECT coalesce(x.hromada_id, x.oblast_id) FROM territory x JOIN organisation s ON s.territory_id = x.id
              WHERE s.id = e.school_id) AS c
          FROM enrolment e JOIN person p ON p.id = e.person_id
          WHERE e.exit_date IS NULL AND p.displacement_status = 'internal' ${spellFilter}
        )
        SELECT ot.code AS origin_code, ot.name AS origin_name,
          coalesce(EXISTS (SELECT 1 FROM territory_hostility h
            WHERE h.territory_id IN (ot.id, ot.raion_id, ot.oblast_id) AND h.kind = 'temporarily_occupied'
              AND (h.date_end IS NULL OR h.date_end >= ${to}::date)), false) AS occupied,
          ct.code AS current_code, ct.name AS current_name, count(*)::int AS pupils
        FROM d LEFT JOIN territory ot ON ot.id = d.o LEFT JOIN territory ct ON ct.id = d.c
        GROUP BY ot.id, ot.code, ot.name, ot.raion_id, ot.oblast_id, ct.code, ct.name
        ORDER BY pupils DESC, origin_name NULLS LAST, current_name NULLS LAST`.execute(trx),
      sql<{ country: string | null; pupils: number }>`
        SELECT e.exit_destination_country AS country, count(*)::int AS pupils
        FROM enrolment e
        WHERE e.exit_reason = 'abroad' AND e.exit_date BETWEEN ${from}::date AND ${to}::date ${spellFilter}
        GROUP BY 1 ORDER BY pupils DESC, country`.execute(trx),
      sql<{ country: string | null; pupils: number }>`
        SELECT p.displacement_country AS country, count(*)::int AS pupils
        FROM enrolment e JOIN person p ON p.id = e.person_id
        WHERE e.exit_date IS NULL AND p.displacement_status = 'external' ${spellFilter}
        GROUP BY 1 ORDER BY pupils DESC, country`.execute(trx),
    ]);
    const pair = (r: { from_code: string; from_name: string; to_code: string; to_name: string; pupils: number }) => ({
      from: { code: r.from_code, name: r.from_name },
      to: { code: r.to_code, name: r.to_name },
      pupils: r.pupils,
    });
    const byCountry = (r: { country: string | null; pupils: number }) => ({
      country: r.country,
      name: r.country ? (countryName(r.country) ?? r.country) : null,
      pupils: r.pupils,
    });
    return {
      flows: {
        hromadas: hromadas.rows.map(pair),
        regions: regions.rows.map(pair),
        months: months.rows,
        total: months.rows.reduce((s, m) => s + m.pupils, 0),
      },
      displaced: {
        rows: displaced.rows.map((r) => ({
          origin: place(r.origin_code, r.origin_name),
          occupied: r.occupied,
          current: place(r.current_code, r.current_name),
          pupils: r.pupils,
        })),
        total: displaced.rows.reduce((s, r) => s + r.pupils, 0),
      },
      abroad: { left: left.rows.map(byCountry), studyingFromAbroad: studying.rows.map(byCountry) },
    };
  }

  async report(
    caller: Caller,
    q: { from: string; to: string; organisationId?: string | undefined },
    exported = false,
  ): Promise<MigrationReport> {
    if (!can(caller.actor, 'aggregate:read')) throw new AppError('FORBIDDEN');
    if (q.to < q.from)
      throw new AppError('VALIDATION_FAILED', {
        errors: [{ path: '/to', code: 'PERIOD_INVALID', message: 'Кінець періоду не може передувати його початку.' }],
      });
    return this.ctx.db.scoped(scopeOf(caller.actor), async (raw: Tx) => {
      const trx = transitionTx(raw);
      const org = await this.organisation(trx, q.organisationId);
      const body = await this.build(trx, q.from, q.to, org);
      await this.audit.record(raw, caller, {
        action: exported ? 'report.migration.export' : 'report.migration',
        objectType: org ? 'organisation' : 'scope',
        objectId: org?.id ?? null,
        details: { from: q.from, to: q.to },
      });
      return { period: { from: q.from, to: q.to }, organisation: org, ...body };
    });
  }

  /** The same report as an XLSX workbook (audited as an export). */
  async workbook(
    caller: Caller,
    q: { from: string; to: string; organisationId?: string | undefined },
  ): Promise<{ file: Buffer; fileName: string }> {
    const r = await this.report(caller, q, true);
    const wb = new ExcelJS.Workbook();
    wb.creator = 'aikom';
    wb.created = this.ctx.now();
    const title = `Міграція учнів ${r.period.from} – ${r.period.to}${r.organisation ? `, ${r.organisation.name}` : ''}`;
    const sheet = (name: string, headers: string[], rows: Array<Array<string | number>>, note?: string) => {
      const ws = wb.addWorksheet(name);
      ws.addRow([title]).font = { bold: true };
      if (note) ws.addRow([note]).font = { italic: true };
      ws.addRow([]);
      const h = ws.addRow(headers);
      h.font = { bold: true };
      h.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } }));
      for (const row of rows) ws.addRow(row);
      headers.forEach((_, i) => (ws.getColumn(i + 1).width = i === headers.length - 1 ? 12 : 34));
      ws.views = [{ state: 'frozen', ySplit: h.number }];
    };
    const flowRows = (list: MigrationReport['flows']['hromadas']) =>
      list.map((f) => [f.from.name, f.from.code, f.to.name, f.to.code, f.pupils]);
    sheet(
      'Між громадами',
      ['Звідки (громада)', 'Код КАТОТТГ', 'Куди (громада)', 'Код КАТОТТГ', 'Учнів'],
      flowRows(r.flows.hromadas),
      'Переведення між закладами за громадою розташування кожного закладу; дата — день зарахування до нового закладу.',
    );
    sheet(
      'Між регіонами',
      ['Звідки (регіон)', 'Код КАТОТТГ', 'Куди (регіон)', 'Код КАТОТТГ', 'Учнів'],
      flowRows(r.flows.regions),
    );
    sheet(
      'За місяцями',
      ['Місяць', 'Учнів'],
      r.flows.months.map((m) => [m.month, m.pupils]),
    );
    sheet(
      'ВПО',
      ['Громада походження', 'Код КАТОТТГ', 'Тимчасово окупована', 'Громада навчання', 'Код КАТОТТГ', 'Учнів'],
      r.displaced.rows.map((d) => [
        d.origin?.name ?? 'не зазначено',
        d.origin?.code ?? '',
        d.occupied ? 'так' : 'ні',
        d.current?.name ?? 'не зазначено',
        d.current?.code ?? '',
        d.pupils,
      ]),
      'Внутрішньо переміщені учні, які навчаються зараз.',
    );
    sheet(
      'За кордон',
      ['Країна', 'Код', 'Вибули за кордон за період', 'Навчаються з-за кордону зараз'],
      mergeCountries(r.abroad),
    );
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    return { file, fileName: `aikom-migratsiia-${r.period.from}-${r.period.to}.xlsx` };
  }
}

function mergeCountries(a: MigrationReport['abroad']): Array<Array<string | number>> {
  const m = new Map<string, { name: string; left: number; studying: number }>();
  const key = (c: string | null) => c ?? '';
  for (const r of a.left) m.set(key(r.country), { name: r.name ?? 'не зазначено', left: r.pupils, studying: 0 });
  for (const r of a.studyingFromAbroad) {
    const e = m.get(key(r.country)) ?? { name: r.name ?? 'не зазначено', left: 0, studying: 0 };
    e.studying = r.pupils;
    m.set(key(r.country), e);
  }
  return [...m.entries()]
    .sort((x, y) => y[1].left + y[1].studying - (x[1].left + x[1].studying) || x[1].name.localeCompare(y[1].name, 'uk'))
    .map(([code, e]) => [e.name, code, e.left, e.studying]);
}
