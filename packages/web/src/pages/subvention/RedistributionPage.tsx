import { useMemo, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { OblastTileMap } from '../../components/charts/OblastTileMap';
import { DateField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { formatDate, localIsoDate } from '../../lib/date';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { subventionApi, type Redistribution } from './api';
import { DIVERGING, scaleOf } from './Comparison';
import { formatCount, formatMoney, formatPercent, sortRows } from './format';
import { SortHeader, useSort } from './parts';
import './subvention.css';

const loadRedistribution = (key: string, signal: AbortSignal) => {
  const [runId, now] = key.split('|') as [string, string];
  return subventionApi.redistribution(runId, now || undefined, signal);
};

type Column = 'name' | 'oblastName' | 'basePupils' | 'pupils' | 'net' | 'deltaKop' | 'deltaPct';

/**
 * Redistribution: the allocation of a saved run (its snapshot date) against the registry as of another date (today
 * by default), with the same parameters — who gains, who loses, and the pupil movements between budgets (transfers,
 * internally displaced pupils) that explain it.
 */
export default function RedistributionPage() {
  const { runId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const now = params.get('now') ?? '';
  const t = useT();
  useDocumentTitle(t('sv.redist.title'));
  const data = useResource(`${runId}|${now}`, loadRedistribution);
  const [date, setDate] = useState(now || localIsoDate());
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setError(t('form.dateInvalid'));
      return;
    }
    setError(null);
    setParams({ now: date });
  };
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to={`/subvention/runs/${runId}`}>{t('sv.explain.back')}</Link>
      </p>
      <PageHeading ready={data.state !== 'loading'}>{t('sv.redist.title')}</PageHeading>
      <p className="lead">{t('sv.redist.lead')}</p>
      <form className="form" onSubmit={submit} noValidate>
        <DateField id="sv-redist-now" label={t('sv.redist.now')} value={date} onChange={setDate} error={error} />
        <div className="form-actions">
          <button type="submit" className="button">
            {t('sv.redist.submit')}
          </button>
        </div>
      </form>
      {data.state === 'loading' && <Busy label={t('sv.scn.computing')} />}
      {data.state === 'error' && <ErrorMessage error={data.error} onRetry={data.retry} />}
      {data.state === 'ready' && <RedistributionView data={data.data} />}
    </div>
  );
}

function RedistributionView({ data }: { data: Redistribution }) {
  const t = useT();
  const lang = t.language;
  const s = data.summary;
  const { sort, toggle } = useSort<Column>({ key: 'deltaKop', order: 'desc' });
  const rows = useMemo(() => sortRows(data.budgets, sort.key, sort.order), [data.budgets, sort]);
  const scale = scaleOf(data.tileMap.tiles.map((x) => x.deltaPct));
  const pct = (v: number) => formatPercent(v, lang, 2, { sign: true });
  const place = (name: string | null) => name ?? t('sv.redist.outside');
  const h = (column: Column, label: string, numeric = false) => (
    <SortHeader column={column} label={label} sort={sort} onSort={toggle} numeric={numeric} />
  );
  return (
    <>
      <section aria-labelledby="sv-redist-summary" className="card-section">
        <h2 id="sv-redist-summary">
          {t('sv.redist.between', { then: formatDate(data.then.asOf), now: formatDate(data.now.asOf) })}
        </h2>
        <dl className="facts">
          <div>
            <dt>{t('sv.runs.set')}</dt>
            <dd>
              {data.parameterSet.name} ({t('sv.sets.versionN', { version: data.parameterSet.version })})
            </dd>
          </div>
          <div>
            <dt>{t('sv.redist.moved')}</dt>
            <dd>{formatCount(s.moved, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.redist.idp')}</dt>
            <dd>{formatCount(s.movedInternallyDisplaced, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.redist.within')}</dt>
            <dd>{formatCount(s.withinBudget, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.redist.entered')}</dt>
            <dd>{formatCount(s.entered, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.redist.left')}</dt>
            <dd>{formatCount(s.left, lang)}</dd>
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
            <dt>{t('sv.cmp.redistributed')}</dt>
            <dd>{formatMoney(s.redistributedKop, lang)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="sv-flows-title">
        <h2 id="sv-flows-title">{t('sv.redist.flows')}</h2>
        {data.flows.length === 0 ? (
          <p>{t('sv.redist.noFlows')}</p>
        ) : (
          <div className="sv-table-wrap">
            <table className="table table--compact">
              <caption className="visually-hidden">{t('sv.redist.flows')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sv.redist.from')}</th>
                  <th scope="col">{t('sv.redist.to')}</th>
                  <th scope="col" className="num">
                    {t('sv.col.pupils')}
                  </th>
                  <th scope="col" className="num">
                    {t('sv.redist.idpShort')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.flows.map((f) => (
                  <tr key={`${f.fromCode ?? 'outside'}-${f.toCode ?? 'outside'}`}>
                    <th scope="row">{place(f.fromName)}</th>
                    <td>{place(f.toName)}</td>
                    <td className="num">{formatCount(f.pupils, lang)}</td>
                    <td className="num">{formatCount(f.internallyDisplaced, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="sv-redist-map">
        <h2 id="sv-redist-map">{t('sv.cmp.mapTitle')}</h2>
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
      </section>

      <section aria-labelledby="sv-redist-table">
        <h2 id="sv-redist-table">{t('sv.cmp.table')}</h2>
        <div className="sv-table-wrap">
          <table className="table table--compact">
            <caption className="visually-hidden">{t('sv.cmp.table')}</caption>
            <thead>
              <tr>
                {h('name', t('sv.col.budget'))}
                {h('oblastName', t('sv.col.oblast'))}
                {h('basePupils', t('sv.redist.pupilsThen'), true)}
                {h('pupils', t('sv.redist.pupilsNow'), true)}
                {h('net', t('sv.redist.net'), true)}
                {h('deltaKop', t('sv.cmp.delta'), true)}
                {h('deltaPct', t('sv.cmp.deltaPct'), true)}
                <th scope="col">{t('sv.redist.explained')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => {
                const tone = b.deltaKop > 0 ? 'sv-gain' : b.deltaKop < 0 ? 'sv-loss' : '';
                const sources = b.sources.map((x) => `${x.name} (+${x.pupils})`);
                const destinations = b.destinations.map((x) => `${x.name} (−${x.pupils})`);
                return (
                  <tr key={b.code}>
                    <th scope="row">{b.name}</th>
                    <td>{b.oblastName}</td>
                    <td className="num">{formatCount(b.basePupils, lang)}</td>
                    <td className="num">{formatCount(b.pupils, lang)}</td>
                    <td className="num">
                      {b.net > 0
                        ? `+${formatCount(b.net, lang)}`
                        : b.net < 0
                          ? `\u2212${formatCount(-b.net, lang)}`
                          : '0'}
                    </td>
                    <td className={`num ${tone}`}>{formatMoney(b.deltaKop, lang, { sign: true })}</td>
                    <td className={`num ${tone}`}>{formatPercent(b.deltaPct, lang, 3, { sign: true })}</td>
                    <td>
                      {[
                        ...sources,
                        ...destinations,
                        b.entered > 0 ? t('sv.redist.enteredN', { count: b.entered }) : null,
                        b.left > 0 ? t('sv.redist.leftN', { count: b.left }) : null,
                      ]
                        .filter(Boolean)
                        .join('; ') || '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
