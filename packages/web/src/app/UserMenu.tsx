import { ROLE_INFO, isRole } from '@aikom/domain/access/roles';
import type { Me } from '@aikom/sdk';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useT, type Translate } from '../i18n/I18nProvider';
import { signInPath } from '../lib/permissions';
import { signOut, useSession } from '../lib/useSession';

/** The role in the reader's language (the server names it in Ukrainian). */
export function roleLabel(t: Translate, role: string, serverLabel?: string): string {
  if (isRole(role)) return ROLE_INFO[role][t.language];
  return serverLabel ?? role;
}

/**
 * The header's user menu: a disclosure button with the user's name that opens who they are (role, organisation),
 * «Мій профіль» and «Вийти». Escape or a click elsewhere closes it. Signed out: «Увійти».
 */
export function UserMenu() {
  const t = useT();
  const state = useSession();
  const location = useLocation();
  if (state.status === 'loading') return null;
  if (state.status !== 'signed-in') {
    if (location.pathname === '/sign-in') return null;
    return (
      <Link to={signInPath(location.pathname + location.search)} className="header-button">
        {t('auth.signIn')}
      </Link>
    );
  }
  return <SignedInMenu me={state.me} />;
}

function SignedInMenu({ me }: { me: Me }) {
  const t = useT();
  const id = useId();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const onSignOut = async () => {
    setOpen(false);
    await signOut();
    await navigate('/sign-in?signedOut=1');
  };

  return (
    <div className="user-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="header-button user-menu__button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="visually-hidden">{t('menu.user')}: </span>
        {me.fullName}
        <span aria-hidden="true" className="user-menu__caret">
          ▾
        </span>
      </button>
      <div id={`${id}-panel`} className="user-menu__panel" hidden={!open}>
        <p className="user-menu__name">{me.fullName}</p>
        <p className="user-menu__role">{roleLabel(t, me.role, me.roleLabel)}</p>
        <p className="user-menu__org">{me.organisation.name}</p>
        <ul className="user-menu__actions">
          <li>
            <Link to="/profile" onClick={() => setOpen(false)}>
              {t('menu.profile')}
            </Link>
          </li>
          <li>
            <button type="button" className="link-button" onClick={() => void onSignOut()}>
              {t('menu.signOut')}
            </button>
          </li>
        </ul>
      </div>
    </div>
  );
}
