import { useId, useState, type FormEvent } from 'react';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { Chart } from '../../components/charts/Chart';
import { DateField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { formatDate, localIsoDate } from '../../lib/date';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { transitionsApi, type MigrationReport } from './api';

function defaultPeriod(): { from: string; to: string } {
  const today = localIsoDate();
  const year = Number(today.slice(0, 4));
  const start = today.slice(5) >= '09-01' ? year : year - 1;
  return { from: `${start}-09-01`, to: today };
}

const loadReport = (key: string, signal: AbortSignal) => {
  const [from, to] = key.split('|') as [string, string];
  return transitionsApi.migration({ from, to }, { signal });
};

/** The pupils moving between hromadas and regions as a from × to matrix (rows: where they left). */
function Matrix({ flows, caption }: { flows: MigrationReport['flows']['regions']; caption: string }) {
  const t = useT();
  const froms = [...new Map(flows.map((f) => [f.from.code, f.from.name])).entries()];
  const tos = [...new Map(flows.map((f) => [f.to.code, f.to.name])).entries()];
  const cell = new Map(flows.map((f) => [`${f.from.code}|${f.to.code}`, f.pupils]));
  if (flows.length === 0) return <p>{t('mig.noFlows')}</p>;
  return (
    <table className="table table--compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('mig.fromTo')}</th>
          {tos.map(([code, name]) => (
            <th scope="col" key={code} className="num">
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {froms.map(([code, name]) => (
          <tr key={code}>
            <th scope="row">{name}</th>
            {tos.map(([to]) => (
              <td key={to} className="num">
                {cell.get(`${code}|${to}`) ?? 0}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * «Міграція учнів»: over a period, in the reader's scope — flows between hromadas and regions (a matrix and a chart by
 * month), internally displaced pupils by origin and current hromada, pupils who left for abroad; exportable as XLSX.
 */
export default function MigrationPage() {
  const t = useT();
  const id = useId();
  const [period, setPeriod] = useState(defaultPeriod);
  const [draft, setDraft] = useState(period);
  const [error, setError] = useState<string | null>(null);
  const report = useResource(`${period.from}|${period.to}`, loadReport);
  useDocumentTitle(t('mig.title'));
  const r = report.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.from) || !/^\d{4}-\d{2}-\d{2}$/.test(draft.to))
      return setError(t('form.dateInvalid'));
    if (draft.from > draft.to) return setError(t('mig.error.order'));
    setError(null);
    setPeriod(draft);
  };

  return (
    <div className="page page--wide">
      <PageHeading ready={report.state !== 'loading'}>{t('mig.title')}</PageHeading>
      <form onSubmit={submit} noValidate className="filters">
        {error && (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        )}
        <div className="field-row">
          <DateField
            id={`${id}-from`}
            label={t('mig.from')}
            value={draft.from}
            onChange={(v) => setDraft((d) => ({ ...d, from: v }))}
          />
          <DateField
            id={`${id}-to`}
            label={t('mig.to')}
            value={draft.to}
            onChange={(v) => setDraft((d) => ({ ...d, to: v }))}
          />
        </div>
        <div className="filters__actions">
          <button type="submit" className="button">
            {t('mig.show')}
          </button>
          <a className="button-link button-link--secondary" href={transitionsApi.migrationXlsxUrl(period)} download>
            {t('mig.export')}
          </a>
        </div>
      </form>
      {report.state === 'loading' && <Busy />}
      {report.state === 'error' && <ErrorMessage error={report.error} onRetry={report.retry} />}
      {r && (
        <>
          <p className="subtitle">
            {t('mig.period', { from: formatDate(r.period.from), to: formatDate(r.period.to) })}
            {r.organisation ? ` · ${r.organisation.name}` : ''} · {t('mig.total', { count: r.flows.total })}
          </p>
          <section aria-labelledby={`${id}-months`}>
            <h2 id={`${id}-months`}>{t('mig.byMonth')}</h2>
            <Chart
              title={t('mig.byMonth')}
              kind="bar"
              categories={r.flows.months.map((m) => m.month)}
              categoryLabel={t('mig.month')}
              series={[{ name: t('mig.moved'), values: r.flows.months.map((m) => m.pupils) }]}
            />
          </section>
          <section aria-labelledby={`${id}-regions`}>
            <h2 id={`${id}-regions`}>{t('mig.regions')}</h2>
            <Matrix flows={r.flows.regions} caption={t('mig.regions')} />
          </section>
          <section aria-labelledby={`${id}-hromadas`}>
            <h2 id={`${id}-hromadas`}>{t('mig.hromadas')}</h2>
            <Matrix flows={r.flows.hromadas} caption={t('mig.hromadas')} />
          </section>
          <section aria-labelledby={`${id}-idp`}>
            <h2 id={`${id}-idp`}>
              {t('mig.displaced')} <span className="count">({r.displaced.total})</span>
            </h2>
            <table className="table table--compact">
              <caption className="visually-hidden">{t('mig.displaced')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('mig.origin')}</th>
                  <th scope="col">{t('mig.current')}</th>
                  <th scope="col" className="num">
                    {t('tr.col.pupils')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.displaced.rows.map((d, i) => (
                  <tr key={i}>
                    <th scope="row">
                      {d.origin?.name ?? '—'}
                      {d.occupied ? ` (${t('mig.occupied')})` : ''}
                    </th>
                    <td>{d.current?.name ?? '—'}</td>
                    <td className="num">{d.pupils}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section aria-labelledby={`${id}-abroad`}>
            <h2 id={`${id}-abroad`}>{t('mig.abroad')}</h2>
            {r.abroad.left.length === 0 ? (
              <p>{t('mig.noAbroad')}</p>
            ) : (
              <table className="table table--compact">
                <caption className="visually-hidden">{t('mig.abroad')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('mig.country')}</th>
                    <th scope="col" className="num">
                      {t('tr.col.pupils')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.abroad.left.map((a) => (
                    <tr key={a.country ?? '—'}>
                      <th scope="row">{a.name ?? a.country ?? t('pool.unknown')}</th>
                      <td className="num">{a.pupils}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </div>
  );
}
