import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy, ScoreBar } from '../../components/Busy';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { can } from '../../lib/permissions';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { classPath } from './paths';

const loadClasses = (schoolId: string, signal: AbortSignal) => api.schools.classes(schoolId, { signal });

/**
 * «Учні»: the classes of a school in the current school year, each with its number of pupils, how many have errors
 * or warnings, and its data-quality score as a small bar; from here a secretary adds a pupil, opens a class, the
 * quality panel or the search.
 */
export default function SchoolPage() {
  const { schoolId = '' } = useParams();
  const t = useT();
  const me = useMe();
  const classes = useResource(schoolId, loadClasses);
  const data = classes.state === 'ready' ? classes.data : undefined;
  useDocumentTitle(data ? `${t('school.title')} — ${data.school.name}` : t('school.title'));
  const total = data?.items.reduce((s, c) => s + c.pupils, 0) ?? 0;
  return (
    <div className="page">
      <PageHeading ready={classes.state !== 'loading'}>{t('school.title')}</PageHeading>
      {data && (
        <p className="subtitle">
          <Link to={`/organisations/${data.school.id}`}>{data.school.name}</Link>
          {data.school.edrpou && ` · ЄДРПОУ ${data.school.edrpou}`} · {t('school.year', { year: data.schoolYear })}
        </p>
      )}
      <nav className="toolbar" aria-label={t('school.actions')}>
        <ul>
          {can(me, 'pupil:write') && (
            <li>
              <Link className="button-link" to={`/schools/${schoolId}/pupils/new`}>
                {t('school.addPupil')}
              </Link>
            </li>
          )}
          <li>
            <Link className="button-link button-link--secondary" to={`/quality/${schoolId}`}>
              {t('nav.quality')}
            </Link>
          </li>
          <li>
            <Link className="button-link button-link--secondary" to={`/pupils/search?schoolId=${schoolId}`}>
              {t('school.search')}
            </Link>
          </li>
        </ul>
      </nav>
      {classes.state === 'loading' && <Busy />}
      {classes.state === 'error' && <ErrorMessage error={classes.error} onRetry={classes.retry} />}
      {data && (
        <section aria-labelledby="classes-title">
          <h2 id="classes-title">
            {t('school.classes')} <span className="count">({t('school.pupilCount', { count: total })})</span>
          </h2>
          {data.items.length === 0 ? (
            <p>{t('school.noClasses')}</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">{t('school.classes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('school.col.class')}</th>
                  <th scope="col" className="num">
                    {t('school.col.pupils')}
                  </th>
                  <th scope="col" className="num">
                    {t('school.col.errors')}
                  </th>
                  <th scope="col" className="num">
                    {t('school.col.warnings')}
                  </th>
                  <th scope="col">{t('school.col.quality')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((c) => (
                  <tr key={c.label}>
                    <th scope="row" data-label={t('school.col.class')}>
                      <Link to={classPath(schoolId, c.label)} aria-label={t('school.classLink', { label: c.label })}>
                        {c.label}
                      </Link>
                    </th>
                    <td className="num" data-label={t('school.col.pupils')}>
                      {c.pupils}
                    </td>
                    <td className="num" data-label={t('school.col.errors')}>
                      {c.withErrors}
                    </td>
                    <td className="num" data-label={t('school.col.warnings')}>
                      {c.withWarnings}
                    </td>
                    <td data-label={t('school.col.quality')}>
                      <ScoreBar value={c.qualityScore} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}
