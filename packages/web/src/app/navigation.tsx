import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { useT } from '../i18n/I18nProvider';

interface NavigationState {
  /** Client-side navigations (a new path or query) since the page loaded; 0 on the first page. */
  count: number;
  /**
   * Claims the focus of navigation `count` for one heading: true the first time it is asked for that navigation, so
   * a remounted heading does not take the focus again.
   */
  claimFocus: (count: number) => boolean;
}

const NavigationContext = createContext<NavigationState>({ count: 0, claimFocus: () => false });

/** Counts route changes, for moving focus to the new page's heading. Hash-only changes are not navigations. */
export function NavigationTracker({ children }: { children: ReactNode }) {
  const location = useLocation();
  const where = location.pathname + location.search;
  const [state, setState] = useState({ where, count: 0 });
  const focusedRef = useRef(0);
  const claimFocus = useCallback((n: number) => {
    if (focusedRef.current === n) return false;
    focusedRef.current = n;
    return true;
  }, []);
  if (state.where !== where) setState({ where, count: state.count + 1 });
  const count = state.where === where ? state.count : state.count + 1;
  return <NavigationContext.Provider value={{ count, claimFocus }}>{children}</NavigationContext.Provider>;
}

/**
 * The page's `<h1>`. After a route change it receives focus once its content is ready, so keyboard and
 * screen-reader users start reading the new page from its title (not on the first load: there the skip link comes
 * first).
 */
export function PageHeading({ children, ready = true, id }: { children: ReactNode; ready?: boolean; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { count, claimFocus } = useContext(NavigationContext);
  useEffect(() => {
    if (!ready || count === 0 || !claimFocus(count)) return;
    ref.current?.focus();
  }, [ready, count, claimFocus]);
  return (
    <h1 ref={ref} tabIndex={-1} id={id} className="page-heading">
      {children}
    </h1>
  );
}

/** Sets the document title: «Сторінка — АІКОМ», or the portal's own title for the home page. */
export function useDocumentTitle(page: string | null) {
  const t = useT();
  const title = page ? t('title.page', { page }) : t('title.home');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
