import { useMemo, useState } from 'react';
import { Chart } from '../../components/charts/Chart';
import { OblastTileMap } from '../../components/charts/OblastTileMap';
import { SelectField } from '../../components/fields';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { formatDate } from '../../lib/date';
import type { BudgetDelta, Comparison } from './api';
import { formatCount, formatMoney, formatPercent, formatPlain, sortRows } from './format';
import { parameterLabel } from './ParameterSetPage';
import { SortHeader, useSort } from './parts';

/** Red for losses, green for gains, light in the middle (ColorBrewer RdYlGn, six classes: colour-blind safe enough
 * with the signed numbers always written beside it). */
export const DIVERGING = ['#d73027', '#fc8d59', '#fee08b', '#d9ef8b', '#91cf60', '#1a9850'] as const;

type Column = 'name' | 'oblastName' | 'pupils' | 'baseKop' | 'scenarioKop' | 'deltaKop' | 'deltaPct';

/** The symmetric scale of the map: the largest change, rounded up to a round number of percent. */
export function scaleOf(values: readonly number[]): number {
  const m = Math.max(0, ...values.map((v) => Math.abs(v)));
  for (const step of [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100]) if (m <= step) return step;
  return Math.ceil(m / 100) * 100;
}

function binLabel(t: Translate, b: { fromPct: number | null; toPct: number | null }): string {
  const p = (v: number) => formatPercent(v, t.language, 2, { sign: true });
  if (b.fromPct === null && b.toPct !== null) return t('sv.cmp.binBelow', { to: p(b.toPct) });
  if (b.toPct === null && b.fromPct !== null) return t('sv.cmp.binAbove', { from: p(b.fromPct) });
  return t('sv.cmp.binRange', { from: p(b.fromPct ?? 0), to: p(b.toPct ?? 0) });
}

function changeValue(t: Translate, path: string, v: unknown): string {
  if (path === '/total' && typeof v === 'string' && /^\d+$/.test(v)) return formatMoney(Number(v), t.language);
  if (typeof v === 'string') return formatPlain(v, t.language);
  if (path === '/classSize/table') return t('sv.param.tableChanged');
  return JSON.stringify(v);
}

/**
 * A scenario against its baseline: what changed (changed values are unverified by nature), who gains and who loses,
 * the distribution of changes as a chart, the oblasts as a tile map of winners and losers, and every budget's delta
 * in a sortable table.
 */
export function ComparisonView({ data }: { data: Comparison }) {
  const t = useT();
  const lang = t.language;
  const s = data.summary;
  const [oblast, setOblast] = useState('');
  const { sort, toggle } = useSort<Column>({ key: 'deltaKop', order: 'desc' });
  const oblasts = useMemo(() => {
    const m = new Map<string, string>();
    for (const b of data.budgets) m.set(b.oblastCode, b.oblastName);
    return [...m].sort((a, b) => a[1].localeCompare(b[1], 'uk'));
  }, [data.budgets]);
  const rows = useMemo(
    () => sortRows(oblast ? data.budgets.filter((b) => b.oblastCode === oblast) : data.budgets, sort.key, sort.order),
    [data.budgets, oblast, sort],
  );
  const scale = scaleOf(data.tileMap.tiles.map((x) => x.deltaPct));
  // The largest gains, then the largest losses (a budget once, even when few budgets make both lists).
  const top = [...data.chart.topGainers, ...data.chart.topLosers].filter(
    (b, i, all) => all.findIndex((x) => x.code === b.code) === i,
  );
  const pct = (v: number) => formatPercent(v, lang, 2, { sign: true });
  const h = (column: Column, label: string, numeric = false) => (
    <SortHeader column={column} label={label} sort={sort} onSort={toggle} numeric={numeric} />
  );
  return (
    <div className="sv-comparison">
      <section aria-labelledby="sv-cmp-summary" className="card-section">
        <h2 id="sv-cmp-summary">{t('sv.cmp.summary')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('sv.cmp.base')}</dt>
            <dd>
              {data.base.name} ({t('sv.sets.versionN', { version: data.base.version })}),{' '}
              {t('sv.cmp.asOf', { date: formatDate(data.base.asOf) })}
            </dd>
          </div>
          <div>
            <dt>{t('sv.cmp.baseTotal')}</dt>
            <dd>{formatMoney(s.baseTotalKop, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.cmp.scenarioTotal')}</dt>
            <dd>
              {formatMoney(s.scenarioTotalKop, lang)}
              {s.deltaTotalKop !== 0 && <> ({formatMoney(s.deltaTotalKop, lang, { sign: true })})</>}
            </dd>
          </div>
          <div>
            <dt>{t('sv.cmp.gainers')}</dt>
            <dd className="sv-gain">{formatCount(s.gainers, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.cmp.losers')}</dt>
            <dd className="sv-loss">{formatCount(s.losers, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.cmp.unchanged')}</dt>
            <dd>{formatCount(s.unchanged, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.cmp.redistributed')}</dt>
            <dd>{formatMoney(s.redistributedKop, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.cmp.timing')}</dt>
            <dd>{t('sv.cmp.timingText', { ms: data.timings.computeMs + data.timings.inputsMs })}</dd>
          </div>
        </dl>
        <h3>{t('sv.cmp.changes')}</h3>
        {data.scenario.changes.length === 0 ? (
          <p>{t('sv.cmp.noChanges')}</p>
        ) : (
          <ul className="sv-changes">
            {data.scenario.changes.map((c) => (
              <li key={c.path}>
                {parameterLabel(t, c.path, c.label)}: {changeValue(t, c.path, c.before)} →{' '}
                <strong>{changeValue(t, c.path, c.after)}</strong>{' '}
                {data.scenario.unverified.includes(c.path) && (
                  <span className="badge badge--warning">{t('sv.unverified')}</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="sv-cmp-map" className="sv-visuals">
        <h2 id="sv-cmp-map">{t('sv.cmp.mapTitle')}</h2>
        <p>{t('sv.cmp.mapLead')}</p>
        <div className="sv-visuals__grid">
          <OblastTileMap
            title={t('sv.cmp.mapCaption')}
            valueLabel={t('sv.cmp.deltaPct')}
            values={data.tileMap.tiles.map((x) => ({
              key: x.code,
              value: x.budgets > 0 ? x.deltaPct : null,
              name: x.name,
              detail: t('sv.cmp.tileDetail', {
                delta: formatMoney(x.deltaKop, lang, { sign: true }),
                gainers: x.gainers,
                losers: x.losers,
              }),
            }))}
            min={-scale}
            max={scale}
            palette={DIVERGING}
            format={pct}
          />
          <Chart
            title={t('sv.cmp.histogram')}
            kind="bar"
            categoryLabel={t('sv.cmp.deltaPct')}
            categories={data.chart.histogram.map((b) => binLabel(t, b))}
            series={[{ name: t('sv.cmp.budgetsCount'), values: data.chart.histogram.map((b) => b.budgets) }]}
            format={(v) => formatCount(v, lang)}
          />
        </div>
        {top.length > 0 && (
          <Chart
            title={t('sv.cmp.topChart')}
            kind="bar"
            categoryLabel={t('sv.col.budget')}
            categories={top.map((b) => b.name)}
            series={[
              { name: t('sv.cmp.baseAmount'), values: top.map((b) => b.baseKop / 100) },
              { name: t('sv.cmp.scenarioAmount'), values: top.map((b) => b.scenarioKop / 100) },
            ]}
            format={(v) => formatMoney(Math.round(v * 100), lang)}
            height={320}
          />
        )}
      </section>

      <section aria-labelledby="sv-cmp-table">
        <h2 id="sv-cmp-table">
          {t('sv.cmp.table')} <span className="count">({formatCount(rows.length, lang)})</span>
        </h2>
        <div className="filters">
          <SelectField
            id="sv-cmp-oblast"
            label={t('sv.allocation.oblast')}
            value={oblast}
            options={[
              { value: '', label: t('sv.allocation.allOblasts') },
              ...oblasts.map(([value, label]) => ({ value, label })),
            ]}
            onChange={setOblast}
          />
        </div>
        <div className="sv-table-wrap">
          <table className="table table--compact sv-deltas">
            <caption className="visually-hidden">{t('sv.cmp.table')}</caption>
            <thead>
              <tr>
                {h('name', t('sv.col.budget'))}
                {h('oblastName', t('sv.col.oblast'))}
                {h('pupils', t('sv.col.pupils'), true)}
                {h('baseKop', t('sv.cmp.baseAmount'), true)}
                {h('scenarioKop', t('sv.cmp.scenarioAmount'), true)}
                {h('deltaKop', t('sv.cmp.delta'), true)}
                {h('deltaPct', t('sv.cmp.deltaPct'), true)}
                <th scope="col" className="num">
                  {t('sv.cmp.norm')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <DeltaRow key={b.code} b={b} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

function DeltaRow({ b }: { b: BudgetDelta }) {
  const t = useT();
  const lang = t.language;
  const tone = b.deltaKop > 0 ? 'sv-gain' : b.deltaKop < 0 ? 'sv-loss' : undefined;
  return (
    <tr>
      <th scope="row">{b.name}</th>
      <td>{b.oblastName}</td>
      <td className="num">{formatCount(b.pupils, lang)}</td>
      <td className="num">{formatMoney(b.baseKop, lang)}</td>
      <td className="num">{formatMoney(b.scenarioKop, lang)}</td>
      <td className={`num ${tone ?? ''}`}>{formatMoney(b.deltaKop, lang, { sign: true })}</td>
      <td className={`num ${tone ?? ''}`}>{formatPercent(b.deltaPct, lang, 3, { sign: true })}</td>
      <td className="num">
        {formatPlain(b.baseNorm, lang)}
        {b.scenarioNorm !== b.baseNorm && <> → {formatPlain(b.scenarioNorm, lang)}</>}
      </td>
    </tr>
  );
}
