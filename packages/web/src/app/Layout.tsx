import { Suspense, type MouseEvent } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { useLanguage, useT } from '../i18n/I18nProvider';
import { navigationFor } from '../lib/permissions';
import { useMe } from '../lib/useSession';
import { Busy } from '../components/Busy';
import { NavigationTracker } from './navigation';
import { UserMenu } from './UserMenu';

function focusMain(event: MouseEvent<HTMLAnchorElement>) {
  const main = document.getElementById('main');
  if (!main) return;
  // Move focus without changing the URL (a #main entry would count as a navigation of the router).
  event.preventDefault();
  main.focus();
  main.scrollIntoView();
}

function LanguageSwitch() {
  const t = useT();
  const [language, setLanguage] = useLanguage();
  const other = language === 'uk' ? 'en' : 'uk';
  return (
    <button type="button" className="language-switch" lang={other} onClick={() => setLanguage(other)}>
      {t('lang.switchTo')}
    </button>
  );
}

/**
 * Every page: skip link, header (title, sections, tools: the user menu and the language switch), main, footer. The
 * sections are those the signed-in user's permissions open.
 */
export function Layout() {
  const t = useT();
  const me = useMe();
  const sections = navigationFor(me);
  return (
    <NavigationTracker>
      <a className="skip-link" href="#main" onClick={focusMain}>
        {t('skip.toMain')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="site-title">
            <span className="site-title__name">{t('app.name')}</span>
            <span className="site-title__tagline">{t('app.tagline')}</span>
          </Link>
          <div className="site-header__tools">
            <UserMenu />
            <LanguageSwitch />
          </div>
        </div>
        <nav className="site-nav" aria-label={t('nav.label')}>
          <ul className="site-nav__list">
            {sections.map((item) => (
              <li key={item.key}>
                <NavLink to={item.to} end={item.end ?? false}>
                  {t(item.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        <Suspense fallback={<Busy />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="site-footer__inner">
          <p>
            {t('app.name')} — {t('app.tagline').toLowerCase()}. {t('footer.licence')}
          </p>
          <nav aria-label={t('footer.links')}>
            <ul className="site-footer__links">
              <li>
                <a href="/api/docs">{t('footer.apiDocs')}</a>
              </li>
              <li>
                <a href="/api/openapi.json">{t('footer.openapi')}</a>
              </li>
            </ul>
          </nav>
        </div>
      </footer>
    </NavigationTracker>
  );
}
