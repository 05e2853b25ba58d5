import { Link, useParams, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import './reports.css';
import { useT } from '../../i18n/I18nProvider';
import { formatDate } from '../../lib/date';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { reports, type RollupLevel } from './api';
import { isRollupLevel, readReportQuery, rollupPagePath, znz1PagePath } from './paths';

const load = (key: string, signal: AbortSignal) => {
  const [level = 'nation', id = '', cell = '', date = ''] = key.split('|');
  return reports.rollupDrill(level as RollupLevel, id || undefined, cell, date || undefined, { signal });
};

/** The schools behind a number of a roll-up, largest first, each leading to its own ZNZ-1. */
export default function RollupDrillPage({ fixedLevel }: { fixedLevel?: RollupLevel }) {
  const params = useParams();
  const level: RollupLevel = fixedLevel ?? (isRollupLevel(params.level) ? params.level : 'nation');
  const id = level === 'nation' ? undefined : params.id;
  const cell = params.cell ?? '';
  const [search] = useSearchParams();
  const { date } = readReportQuery(search);
  const t = useT();
  const drill = useResource(`${level}|${id ?? ''}|${cell}|${date ?? ''}`, load);
  const data = drill.state === 'ready' ? drill.data : undefined;
  useDocumentTitle(`${t('rep.drillSchools.title')} ${cell}`);
  const total = data?.items.reduce((s, x) => s + x.value, 0) ?? 0;
  return (
    <div className="page">
      <PageHeading ready={drill.state !== 'loading'}>
        {t('rep.drillSchools.title')} {cell}
      </PageHeading>
      <p>
        <Link to={rollupPagePath(level, id, date ? { date } : {})}>← {t('rep.drill.backRollup')}</Link>
      </p>
      {drill.state === 'loading' && <Busy label={t('rep.loading')} />}
      {drill.state === 'error' && <ErrorMessage error={drill.error} onRetry={drill.retry} />}
      {data && (
        <>
          <p role="status">
            {t('rep.drillSchools.summary', { count: data.items.length, total, date: formatDate(data.asOf) })}
          </p>
          {data.items.length > 0 && (
            <table className="table">
              <caption className="visually-hidden">{t('rep.drillSchools.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('rep.sch.name')}</th>
                  <th scope="col">{t('rep.h.edrpou')}</th>
                  <th scope="col" className="num">
                    {t('rep.value')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link to={znz1PagePath(s.id, date ? { date } : {})}>{s.name}</Link>
                    </th>
                    <td>{s.edrpou ?? '—'}</td>
                    <td className="num">{s.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
