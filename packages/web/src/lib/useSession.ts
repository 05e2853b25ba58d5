import { isApiError, type Me } from '@aikom/sdk';
import { useSyncExternalStore } from 'react';
import { api } from './api';
import { session, type SessionState } from './session';

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.get, session.get);
}

/** The signed-in user, or null. */
export function useMe(): Me | null {
  const state = useSession();
  return state.status === 'signed-in' ? state.me : null;
}

/** Reads who is signed in (after a sign-in, an enrolment, or on the first load). */
export async function refreshSession(): Promise<Me | null> {
  try {
    const me = await api.me.get();
    session.set({ status: 'signed-in', me });
    return me;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      session.set({ status: 'signed-out', reason: error.code === 'SESSION_EXPIRED' ? 'expired' : null });
      return null;
    }
    session.set({ status: 'error', error });
    return null;
  }
}

/** Ends the session on the server (if it is still there) and forgets it here. */
export async function signOut(): Promise<void> {
  try {
    await api.auth.logout();
  } catch {
    // An already ended session is as good as signed out.
  }
  api.setCsrfToken(null);
  session.set({ status: 'signed-out', reason: 'signed-out' });
}
