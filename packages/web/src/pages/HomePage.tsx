import { Link } from 'react-router';
import { PageHeading, useDocumentTitle } from '../app/navigation';
import { roleLabel } from '../app/UserMenu';
import { useT } from '../i18n/I18nProvider';
import { navigationFor } from '../lib/permissions';
import { useMe } from '../lib/useSession';

export default function HomePage() {
  const t = useT();
  const me = useMe();
  useDocumentTitle(null);
  const sections = navigationFor(me).filter((item) => item.key !== 'nav.home' && item.key !== 'nav.territories');
  return (
    <div className="page page--home">
      <PageHeading>{t('home.title')}</PageHeading>
      {me && (
        <section aria-labelledby="home-work" className="home-work">
          <h2 id="home-work">{t('home.signedIn.title')}</h2>
          <p>
            {t('home.signedIn.lead', {
              name: me.fullName,
              role: roleLabel(t, me.role, me.roleLabel),
              organisation: me.organisation.name,
            })}
          </p>
          <ul className="quick-links">
            {sections.map((item) => (
              <li key={item.key}>
                <Link to={item.to} className="button-link button-link--secondary">
                  {t(item.key)}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="lead">{t('home.lead')}</p>

      <section aria-labelledby="home-who">
        <h2 id="home-who">{t('home.who.title')}</h2>
        <ul className="cards">
          <li className="card">{t('home.who.schools')}</li>
          <li className="card">{t('home.who.authorities')}</li>
          <li className="card">{t('home.who.ministry')}</li>
        </ul>
      </section>

      <section aria-labelledby="home-open">
        <h2 id="home-open">{t('home.open.title')}</h2>
        <p>{t('home.open.territories')}</p>
        <p>
          <Link to="/territories" className="button-link">
            {t('home.open.territoriesLink')}
          </Link>
        </p>
        <p>{t('home.open.api')}</p>
        <p>
          <a href="/api/docs">{t('home.open.apiLink')}</a>
        </p>
      </section>

      <section aria-labelledby="home-privacy">
        <h2 id="home-privacy">{t('home.privacy.title')}</h2>
        <p>{t('home.privacy.text')}</p>
      </section>
    </div>
  );
}
