import { isAbortError } from '@aikom/sdk';
import { useCallback, useEffect, useState } from 'react';

export type Resource<T> =
  | { state: 'loading'; data: undefined; error: undefined }
  | { state: 'ready'; data: T; error: undefined }
  | { state: 'error'; data: undefined; error: unknown };

const LOADING = { state: 'loading', data: undefined, error: undefined } as const;

/**
 * Loads data for a key (e.g. a territory code) and reloads when the key changes. The previous request is aborted,
 * so a slow answer for an old key never replaces the current one. `key === null` means nothing to load.
 */
export function useResource<T>(
  key: string | null,
  load: (key: string, signal: AbortSignal) => Promise<T>,
): Resource<T> & { retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ key: string | null; attempt: number; value: Resource<T> }>({
    key: null,
    attempt: -1,
    value: LOADING,
  });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    load(key, controller.signal).then(
      (data) => setResult({ key, attempt, value: { state: 'ready', data, error: undefined } }),
      (error: unknown) => {
        if (!isAbortError(error)) setResult({ key, attempt, value: { state: 'error', data: undefined, error } });
      },
    );
    return () => controller.abort();
  }, [key, attempt, load]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  // Until the answer for the current key (and attempt) arrives, the resource is loading.
  const current = result.key === key && result.attempt === attempt ? result.value : LOADING;
  return { ...current, retry };
}
