import type { ApiError, Me } from '@aikom/sdk';

/**
 * Who is signed in, as one small store outside React: the API client reports a session that ended (401
 * `SESSION_EXPIRED`) from any request, and every page that needs a user follows the store back to sign-in.
 */
export type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'signed-out'; reason: SignedOutReason }
  | { status: 'signed-in'; me: Me };

/** `expired`: the server ended the session (idle, revoked, password changed); `signed-out`: the user signed out. */
export type SignedOutReason = 'expired' | 'signed-out' | null;

type Listener = () => void;

/** Remembers across reloads and tabs that this browser has a session (the session cookie itself is HttpOnly). */
export interface SessionMarker {
  read(): boolean;
  write(signedIn: boolean): void;
}

export const SESSION_MARKER_KEY = 'aikom.session';

/** The marker in localStorage (storage may be unavailable: then every load asks the server). */
export const storageMarker: SessionMarker = {
  read: () => {
    try {
      return globalThis.localStorage?.getItem(SESSION_MARKER_KEY) !== null;
    } catch {
      return true;
    }
  },
  write: (signedIn) => {
    try {
      if (signedIn) globalThis.localStorage?.setItem(SESSION_MARKER_KEY, '1');
      else globalThis.localStorage?.removeItem(SESSION_MARKER_KEY);
    } catch {
      // the next load asks the server
    }
  },
};

export class SessionStore {
  private state: SessionState;
  private readonly listeners = new Set<Listener>();

  /**
   * A browser without the marker has never signed in here (or signed out): it starts signed out without asking the
   * server, so an anonymous visitor's first page sends no request that is bound to fail.
   */
  constructor(private readonly marker: SessionMarker) {
    this.state = marker.read() ? { status: 'loading' } : { status: 'signed-out', reason: null };
  }

  /** Whether the server has to be asked who is signed in. */
  needsCheck(): boolean {
    return this.state.status === 'loading';
  }

  get = (): SessionState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(next: SessionState): void {
    if (next.status === 'signed-in') this.marker.write(true);
    if (next.status === 'signed-out') this.marker.write(false);
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  /** The signed-in user, if any. */
  me(): Me | null {
    return this.state.status === 'signed-in' ? this.state.me : null;
  }

  /**
   * Follows what an API error says about the session: a session the server no longer knows signs the user out
   * (with a message on the sign-in page); a session that must enrol the second factor first is marked so.
   */
  observe(error: Pick<ApiError, 'code'>): void {
    const me = this.me();
    if (!me) return;
    if (error.code === 'SESSION_EXPIRED' || error.code === 'UNAUTHENTICATED') {
      this.set({ status: 'signed-out', reason: 'expired' });
    } else if (error.code === 'TOTP_ENROLMENT_REQUIRED' && me.mfaPassed) {
      this.set({ status: 'signed-in', me: { ...me, mfaPassed: false } });
    }
  }
}

export const session = new SessionStore(storageMarker);
