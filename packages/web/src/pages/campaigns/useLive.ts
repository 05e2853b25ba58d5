import { isAbortError } from '@aikom/sdk';
import { useCallback, useEffect, useState } from 'react';

export interface Live<T> {
  /** The latest answer; kept while the next one loads, so a refresh never blanks the page. */
  data: T | undefined;
  /** The error of the first load (later failed refreshes keep the last good data and set `stale`). */
  error: unknown;
  loading: boolean;
  /** The last refresh failed: what is shown is older than it looks. */
  stale: boolean;
  /** When the data shown was fetched. */
  at: Date | null;
  reload: () => void;
}

/**
 * Loads data for a key and then again every `everyMs` (the monitoring follows the schools live). A new key starts
 * afresh (`load` must be stable: a module-level function); a request for an older key or an older round never replaces a newer answer. Pauses while the tab is hidden.
 */
export function useLive<T>(
  key: string | null,
  load: (key: string, signal: AbortSignal) => Promise<T>,
  everyMs = 5_000,
): Live<T> {
  const [state, setState] = useState<{
    key: string | null;
    data: T | undefined;
    error: unknown;
    stale: boolean;
    at: Date | null;
  }>({ key: null, data: undefined, error: undefined, stale: false, at: null });
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    load(key, controller.signal).then(
      (data) => setState({ key, data, error: undefined, stale: false, at: new Date() }),
      (error: unknown) => {
        if (isAbortError(error)) return;
        setState((s) =>
          s.key === key && s.data !== undefined
            ? { ...s, stale: true }
            : { key, data: undefined, error, stale: false, at: null },
        );
      },
    );
    return () => controller.abort();
  }, [key, round, load]);

  useEffect(() => {
    if (key === null || everyMs <= 0) return;
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') setRound((n) => n + 1);
    }, everyMs);
    return () => clearInterval(timer);
  }, [key, everyMs]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !current || (state.data === undefined && state.error === undefined),
    stale: current && state.stale,
    at: current ? state.at : null,
    reload,
  };
}
