import { describe, expect, it } from 'vitest';
import { createClient } from './client';
import { ApiError, CLIENT_ERROR_CODES, isApiError } from './errors';
import { buildQuery, path } from './http';

interface Seen {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const fn = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    seen.push({ url, init });
    return respond(url, init);
  }) as typeof fetch;
  return { fn, seen };
}

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type, 'x-request-id': 'req-12345678' } });

const headersOf = (s: Seen) => s.init.headers as Record<string, string>;

describe('HttpClient', () => {
  it('builds URLs from the base URL, encoded path parameters and a query without empty values', async () => {
    const f = fakeFetch(() => json({ items: [] }));
    const api = createClient({ baseUrl: 'https://aikom.example/', fetch: f.fn });
    await api.territories.search({ q: 'Кам’янець', limit: 5 });
    await api.territories.children();
    await api.territories.children('UA32000000000030281');
    expect(f.seen.map((s) => s.url)).toEqual([
      `https://aikom.example/api/v1/territories/search?q=${encodeURIComponent('Кам’янець')}&limit=5`,
      'https://aikom.example/api/v1/territories',
      'https://aikom.example/api/v1/territories?parent=UA32000000000030281',
    ]);
    expect(f.seen[0]!.init.credentials).toBe('same-origin');
    expect(f.seen[0]!.init.method).toBe('GET');
  });

  it('uses same-origin relative URLs by default', async () => {
    const f = fakeFetch(() => json({ code: 'UA1' }));
    await createClient({ fetch: f.fn }).territories.get('UA80000000000093317');
    expect(f.seen[0]!.url).toBe('/api/v1/territories/UA80000000000093317');
  });

  it('encodes path parameters so they cannot add segments', () => {
    expect(path`/api/v1/territories/${'../x?y=1'}`).toBe('/api/v1/territories/..%2Fx%3Fy%3D1');
    expect(buildQuery({ a: undefined, b: null, c: 0, d: false, e: ['x', 'y'] })).toBe('?c=0&d=false&e=x&e=y');
    expect(buildQuery({})).toBe('');
  });

  it('sends the CSRF token only with state-changing requests, and forgets it on null', async () => {
    const f = fakeFetch(() => new Response(null, { status: 204 }));
    const api = createClient({ fetch: f.fn });
    api.setCsrfToken('tok-1');
    await api.http.get('/api/v1/me');
    await api.http.post('/api/v1/things', { body: { a: 1 } });
    api.setCsrfToken(null);
    await api.http.delete('/api/v1/things/1');
    expect(headersOf(f.seen[0]!)['x-csrf-token']).toBeUndefined();
    expect(headersOf(f.seen[1]!)['x-csrf-token']).toBe('tok-1');
    expect(headersOf(f.seen[1]!)['content-type']).toBe('application/json');
    expect(f.seen[1]!.init.body).toBe('{"a":1}');
    expect(headersOf(f.seen[2]!)['x-csrf-token']).toBeUndefined();
  });

  it('takes the CSRF token from a hook when one is given', async () => {
    const f = fakeFetch(() => new Response(null, { status: 204 }));
    const api = createClient({ fetch: f.fn, csrfToken: () => 'from-hook' });
    await api.http.put('/api/v1/x', { body: {} });
    expect(headersOf(f.seen[0]!)['x-csrf-token']).toBe('from-hook');
  });

  it('turns a problem document into a typed ApiError', async () => {
    const problem = {
      type: 'https://aikom.gov.ua/problems/validation-failed',
      title: 'Дані не пройшли перевірку',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'Помилки у шляху запиту.',
      requestId: 'req-from-body',
      errors: [{ path: '/code', code: 'SCHEMA_PATTERN', message: 'має відповідати шаблону' }],
    };
    const f = fakeFetch(() => json(problem, 400, 'application/problem+json; charset=utf-8'));
    const error = await createClient({ fetch: f.fn })
      .territories.get('UA123')
      .catch((e: unknown) => e);
    expect(isApiError(error)).toBe(true);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      title: 'Дані не пройшли перевірку',
      detail: 'Помилки у шляху запиту.',
      requestId: 'req-from-body',
      errors: [{ path: '/code', code: 'SCHEMA_PATTERN', message: 'має відповідати шаблону' }],
    });
  });

  it('describes an error page that is not a problem document by its status', async () => {
    const f = fakeFetch(
      () =>
        new Response('<h1>Bad gateway</h1>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'content-type': 'text/html', 'x-request-id': 'proxy-1234' },
        }),
    );
    const error = (await createClient({ fetch: f.fn })
      .http.get('/x')
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.code, error.title, error.requestId, error.errors]).toEqual([
      502,
      'HTTP_502',
      'Bad Gateway',
      'proxy-1234',
      [],
    ]);
  });

  it('reports a failed connection as NETWORK_ERROR with status 0, and rethrows an abort untouched', async () => {
    const down = fakeFetch(() => Promise.reject(new TypeError('fetch failed')));
    const error = (await createClient({ fetch: down.fn })
      .http.get('/x')
      .catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.code]).toEqual([0, CLIENT_ERROR_CODES.network]);

    const aborted = fakeFetch(() => Promise.reject(new DOMException('The operation was aborted.', 'AbortError')));
    const abort = (await createClient({ fetch: aborted.fn })
      .http.get('/x')
      .catch((e: unknown) => e)) as Error;
    expect(abort.name).toBe('AbortError');
    expect(isApiError(abort)).toBe(false);
  });

  it('rejects a success answer that is not JSON as BAD_RESPONSE', async () => {
    const f = fakeFetch(() => new Response('<html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    const error = (await createClient({ fetch: f.fn })
      .http.get('/x')
      .catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.code]).toEqual([200, CLIENT_ERROR_CODES.badResponse]);
  });

  it('returns the health document of a degraded instance instead of throwing', async () => {
    const doc = { status: 'degraded', engine: 'pglite', migration: 2, expectedMigration: 3, version: '0.1.0' };
    const f = fakeFetch(() => json(doc, 503));
    expect(await createClient({ fetch: f.fn }).health.get()).toEqual(doc);
  });
});
