import type { PupilSummary } from '@aikom/sdk';
import { Link } from 'react-router';
import { useT } from '../../i18n/I18nProvider';
import { formatDate } from '../../lib/date';
import { CONTACT_STATUSES, DISPLACEMENT_STATUSES, capital, classLabel, enumLabel, fullName } from './labels';

/** The statuses worth a badge: displacement other than none, contact other than "in contact". */
export function StatusBadges({ pupil }: { pupil: Pick<PupilSummary, 'displacementStatus' | 'contactStatus'> }) {
  const t = useT();
  return (
    <>
      {pupil.displacementStatus !== 'none' && (
        <span className={`badge badge--displacement-${pupil.displacementStatus}`}>
          {capital(enumLabel(t, DISPLACEMENT_STATUSES, pupil.displacementStatus))}
        </span>
      )}{' '}
      {pupil.contactStatus !== 'in_contact' && (
        <span className={`badge badge--contact-${pupil.contactStatus}`}>
          {capital(enumLabel(t, CONTACT_STATUSES, pupil.contactStatus))}
        </span>
      )}
    </>
  );
}

export function QualityBadges({ errors, warnings }: { errors: number; warnings: number }) {
  const t = useT();
  if (errors === 0 && warnings === 0) return <span className="badge badge--clean">{t('quality.clean')}</span>;
  return (
    <>
      {errors > 0 && <span className="badge badge--error">{t('quality.errors', { count: errors })}</span>}{' '}
      {warnings > 0 && <span className="badge badge--warning">{t('quality.warnings', { count: warnings })}</span>}
    </>
  );
}

/** Pupils as a table: name (a link to the card), birth date, class, statuses, errors and warnings. */
export function PupilTable({
  pupils,
  caption,
  showClass = false,
}: {
  pupils: readonly PupilSummary[];
  caption: string;
  showClass?: boolean;
}) {
  const t = useT();
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('pupil.col.name')}</th>
          <th scope="col">{t('pupil.col.birthDate')}</th>
          {showClass && <th scope="col">{t('school.col.class')}</th>}
          <th scope="col">{t('pupil.col.statuses')}</th>
          <th scope="col">{t('pupil.col.quality')}</th>
        </tr>
      </thead>
      <tbody>
        {pupils.map((p) => (
          <tr key={p.id}>
            <th scope="row" data-label={t('pupil.col.name')}>
              <Link to={`/pupils/${p.id}`}>{fullName(p)}</Link>
            </th>
            <td data-label={t('pupil.col.birthDate')}>{p.birthDate ? formatDate(p.birthDate) : '—'}</td>
            {showClass && <td data-label={t('school.col.class')}>{classLabel(p.grade, p.classLetter)}</td>}
            <td data-label={t('pupil.col.statuses')}>
              <StatusBadges pupil={p} />
            </td>
            <td data-label={t('pupil.col.quality')}>
              <QualityBadges errors={p.errors} warnings={p.warnings} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
