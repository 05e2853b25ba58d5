import { Link, useParams, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import './reports.css';
import { useT } from '../../i18n/I18nProvider';
import { formatDate } from '../../lib/date';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { reports } from './api';
import { readReportQuery, znz1PagePath } from './paths';

const load = (key: string, signal: AbortSignal) => {
  const [school = '', cell = '', date = ''] = key.split('|');
  return reports.drill(school, cell, date || undefined, { signal });
};

/**
 * The pupils behind a number of a school's ZNZ-1: exactly those counted in it (the server decides both with one
 * function). Pupils the school had on the date whose records another school outside the reader's scope holds now are
 * counted, not listed, and the page says how many. Every list is audited as a pupil list.
 */
export default function DrillPage() {
  const { schoolId = '', cell = '' } = useParams();
  const [search] = useSearchParams();
  const t = useT();
  const { date } = readReportQuery(search);
  const drill = useResource(`${schoolId}|${cell}|${date ?? ''}`, load);
  const data = drill.state === 'ready' ? drill.data : undefined;
  useDocumentTitle(`${t('rep.drill.title')} ${cell}`);
  return (
    <div className="page">
      <PageHeading ready={drill.state !== 'loading'}>
        {t('rep.drill.title')} {cell}
      </PageHeading>
      <p>
        <Link to={znz1PagePath(schoolId, date ? { date } : {})}>← {t('rep.drill.back')}</Link>
      </p>
      {drill.state === 'loading' && <Busy label={t('rep.loading')} />}
      {drill.state === 'error' && <ErrorMessage error={drill.error} onRetry={drill.retry} />}
      {data && (
        <>
          <p className="subtitle">{data.label}</p>
          <p role="status">
            {t('rep.drill.summary', { value: data.value, date: formatDate(data.asOf), listed: data.items.length })}
          </p>
          {data.listedFor !== data.cell && (
            <p className="field-hint">{t('rep.drill.classes', { cell: data.listedFor })}</p>
          )}
          {data.notListed > 0 && (
            <p className="notice notice--warning">{t('rep.drill.notListed', { count: data.notListed })}</p>
          )}
          {data.items.length > 0 && (
            <table className="table">
              <caption className="visually-hidden">{t('rep.drill.caption', { cell: data.cell })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('rep.drill.col.name')}</th>
                  <th scope="col">{t('rep.drill.col.class')}</th>
                  <th scope="col">{t('rep.drill.col.birth')}</th>
                  <th scope="col">{t('rep.drill.col.entry')}</th>
                  <th scope="col">{t('rep.drill.col.exit')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((p) => {
                  const name = [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');
                  return (
                    <tr key={`${p.id}-${p.entryDate}`}>
                      <th scope="row" data-label={t('rep.drill.col.name')}>
                        <Link to={`/pupils/${p.id}`}>{name}</Link>
                      </th>
                      <td data-label={t('rep.drill.col.class')}>{`${p.grade}-${p.classLetter}`}</td>
                      <td data-label={t('rep.drill.col.birth')}>{formatDate(p.birthDate) || '—'}</td>
                      <td data-label={t('rep.drill.col.entry')}>{formatDate(p.entryDate)}</td>
                      <td data-label={t('rep.drill.col.exit')}>{formatDate(p.exitDate) || '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
