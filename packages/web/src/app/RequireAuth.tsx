import type { Permission } from '@aikom/sdk';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Busy } from '../components/Busy';
import { useT } from '../i18n/I18nProvider';
import { errorText } from '../lib/errors';
import { can, signInPath } from '../lib/permissions';
import { refreshSession, useSession } from '../lib/useSession';
import { PageHeading, useDocumentTitle } from './navigation';

/**
 * The pages that need a signed-in user. Signed out (or the session ended) → the sign-in page, which brings the user
 * back here afterwards; second factor not enrolled yet → its enrolment; a section the role does not have → says so.
 */
export function RequireAuth({ permission }: { permission?: Permission }) {
  const state = useSession();
  const location = useLocation();
  const where = location.pathname + location.search;
  if (state.status === 'loading') return <Busy />;
  if (state.status === 'error') return <SessionError error={state.error} />;
  if (state.status === 'signed-out') return <Navigate to={signInPath(where)} replace />;
  if (!state.me.mfaPassed) return <Navigate to={signInPath(where, '/enrol-totp')} replace />;
  if (permission && !can(state.me, permission)) return <Forbidden />;
  return <Outlet />;
}

function SessionError({ error }: { error: unknown }) {
  const t = useT();
  return (
    <div role="alert" className="error-message">
      <p>{errorText(t, error)}</p>
      <button type="button" className="button" onClick={() => void refreshSession()}>
        {t('terr.retry')}
      </button>
    </div>
  );
}

export function Forbidden() {
  const t = useT();
  useDocumentTitle(t('forbidden.title'));
  return (
    <div className="page">
      <PageHeading>{t('forbidden.title')}</PageHeading>
      <p>{t('forbidden.text')}</p>
    </div>
  );
}
