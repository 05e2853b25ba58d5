import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { can } from '../../lib/permissions';
import { useResource } from '../../lib/useResource';
import { useMe } from '../../lib/useSession';
import { ErrorMessage } from '../territories/ErrorMessage';
import { parseClassLabel } from './paths';
import { PupilTable } from './PupilTable';

const loadClass = (key: string, signal: AbortSignal) => {
  const [schoolId, label] = key.split('|', 2) as [string, string];
  const c = parseClassLabel(label);
  return Promise.all([
    api.schools.pupils(schoolId, c ?? {}, { signal }),
    api.schools.classes(schoolId, { signal }),
  ]).then(([pupils, classes]) => ({ pupils, classes }));
};

/** A class of the school: its pupils with their statuses and data-quality badges, each a link to the card. */
export default function ClassPage() {
  const { schoolId = '', label = '' } = useParams();
  const t = useT();
  const me = useMe();
  const parsed = parseClassLabel(label);
  const data = useResource(parsed ? `${schoolId}|${label}` : null, loadClass);
  const school = data.state === 'ready' ? data.data.classes.school : undefined;
  useDocumentTitle(t('class.title', { label }));
  return (
    <div className="page">
      <p className="back-link">
        <Link to={`/schools/${schoolId}`}>{t('class.back')}</Link>
      </p>
      <PageHeading ready={!parsed || data.state !== 'loading'}>{t('class.title', { label })}</PageHeading>
      {school && (
        <p className="subtitle">
          {school.name} · {t('school.year', { year: data.state === 'ready' ? data.data.classes.schoolYear : '' })}
        </p>
      )}
      {!parsed && (
        <div role="alert" className="error-message">
          <p>{t('class.badLabel', { label })}</p>
        </div>
      )}
      {parsed && can(me, 'pupil:write') && (
        <p>
          <Link
            className="button-link"
            to={`/schools/${schoolId}/pupils/new?grade=${parsed.grade}&class=${encodeURIComponent(parsed.classLetter)}`}
          >
            {t('class.addPupil', { label })}
          </Link>
        </p>
      )}
      {data.state === 'loading' && parsed && <Busy />}
      {data.state === 'error' && <ErrorMessage error={data.error} onRetry={data.retry} />}
      {data.state === 'ready' &&
        (data.data.pupils.length === 0 ? (
          <p>{t('class.empty')}</p>
        ) : (
          <section aria-labelledby="class-pupils">
            <h2 id="class-pupils">
              {t('class.pupils')} <span className="count">({data.data.pupils.length})</span>
            </h2>
            <PupilTable pupils={data.data.pupils} caption={t('class.title', { label })} />
          </section>
        ))}
    </div>
  );
}
