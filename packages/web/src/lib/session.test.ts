import type { Me } from '@aikom/sdk';
import { describe, expect, it } from 'vitest';
import { SessionStore, type SessionMarker } from './session';

const me = { id: 'u1', fullName: 'Мельник Наталія Іванівна', mfaPassed: true } as Me;

function marker(initial: boolean): SessionMarker & { value: boolean } {
  const m = { value: initial, read: () => m.value, write: (v: boolean) => (m.value = v) };
  return m;
}

describe('SessionStore', () => {
  it('asks the server only when this browser has signed in before', () => {
    expect(new SessionStore(marker(true)).needsCheck()).toBe(true);
    const fresh = new SessionStore(marker(false));
    expect(fresh.needsCheck()).toBe(false);
    expect(fresh.get()).toEqual({ status: 'signed-out', reason: null });
  });

  it('keeps the marker in step with the state and tells its listeners', () => {
    const m = marker(false);
    const store = new SessionStore(m);
    let calls = 0;
    const stop = store.subscribe(() => calls++);
    store.set({ status: 'signed-in', me });
    expect([m.value, store.me()?.id, calls]).toEqual([true, 'u1', 1]);
    store.set({ status: 'signed-out', reason: 'signed-out' });
    expect([m.value, store.me(), calls]).toEqual([false, null, 2]);
    stop();
    store.set({ status: 'loading' });
    expect(calls).toBe(2);
  });

  it('signs the user out with a message when any request finds the session ended', () => {
    const store = new SessionStore(marker(true));
    store.set({ status: 'signed-in', me });
    store.observe({ code: 'NOT_FOUND' });
    expect(store.get().status).toBe('signed-in');
    store.observe({ code: 'SESSION_EXPIRED' });
    expect(store.get()).toEqual({ status: 'signed-out', reason: 'expired' });
    // Signed out already: a refused sign-in is not an expired session.
    store.observe({ code: 'UNAUTHENTICATED' });
    expect(store.get()).toEqual({ status: 'signed-out', reason: 'expired' });
  });

  it('marks a session that must enrol the second factor first', () => {
    const store = new SessionStore(marker(true));
    store.set({ status: 'signed-in', me });
    store.observe({ code: 'TOTP_ENROLMENT_REQUIRED' });
    expect(store.me()?.mfaPassed).toBe(false);
  });
});
