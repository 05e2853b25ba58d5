import { Link } from 'react-router';
import { PageHeading, useDocumentTitle } from '../app/navigation';
import { useT } from '../i18n/I18nProvider';

export default function NotFoundPage() {
  const t = useT();
  useDocumentTitle(t('notFound.title'));
  return (
    <div className="page">
      <PageHeading>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </div>
  );
}
