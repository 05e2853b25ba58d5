import type { Territory, TerritoryDetail } from '@aikom/sdk';
import { api } from '../../lib/api';

/**
 * The territorial reference changes a few times a year: what was loaded once in this page's life is kept, so going
 * back up the tree is instant and sends nothing. A failed load is forgotten, to be tried again.
 */
const childrenCache = new Map<string, Promise<Territory[]>>();
const detailCache = new Map<string, Promise<TerritoryDetail>>();

function cached<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let promise = cache.get(key);
  if (!promise) {
    promise = load();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return promise;
}

/** The caller stops waiting on abort; the shared request itself goes on for the cache. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new DOMException('Aborted', 'AbortError'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Units under `parent` ('' = the top level). */
export function loadChildren(parent: string, signal: AbortSignal): Promise<Territory[]> {
  return untilAborted(
    cached(childrenCache, parent, () => api.territories.children(parent || undefined)),
    signal,
  );
}

export function loadDetail(code: string, signal: AbortSignal): Promise<TerritoryDetail> {
  return untilAborted(
    cached(detailCache, code, () => api.territories.get(code)),
    signal,
  );
}

export interface TerritoryPage {
  detail: TerritoryDetail;
  children: Territory[];
}

/** A unit and the units directly under it, requested together. */
export async function loadTerritoryPage(code: string, signal: AbortSignal): Promise<TerritoryPage> {
  const [detail, children] = await Promise.all([loadDetail(code, signal), loadChildren(code, signal)]);
  return { detail, children };
}
