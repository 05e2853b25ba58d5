import { describe, expect, it } from 'vitest';
import { createClient } from './client';
import { ApiError } from './errors';
import { duplicateOf, warningsOf } from './resources/pupils';

interface Seen {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (url: string, init: RequestInit) => Response) {
  const seen: Seen[] = [];
  const fn = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    seen.push({ url, init });
    return respond(url, init);
  }) as typeof fetch;
  return { fn, seen };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });
const headersOf = (s: Seen) => s.init.headers as Record<string, string>;

describe('SDK resources', () => {
  it('remembers the CSRF token of a sign-in and of /me, and forgets it at sign-out', async () => {
    const f = fakeFetch((url) => {
      if (url.endsWith('/auth/login')) return json({ csrfToken: 'from-login', mfaEnrolmentRequired: false, user: {} });
      if (url.endsWith('/me')) return json({ csrfToken: 'from-me' });
      return new Response(null, { status: 204 });
    });
    const api = createClient({ fetch: f.fn });
    await api.auth.login({ login: 'a', password: 'b' });
    await api.me.endOtherSessions().catch(() => undefined);
    await api.me.get();
    await api.users.disable('u1').catch(() => undefined);
    await api.auth.logout();
    await api.me.changePassword({ currentPassword: 'x', newPassword: 'y' });
    expect(f.seen.map((s) => [new URL(s.url, 'http://x').pathname, headersOf(s)['x-csrf-token'] ?? null])).toEqual([
      ['/api/v1/auth/login', null],
      ['/api/v1/me/sessions/revoke-others', 'from-login'],
      ['/api/v1/me', null],
      ['/api/v1/users/u1/disable', 'from-me'],
      ['/api/v1/auth/logout', 'from-me'],
      ['/api/v1/me/password', null],
    ]);
  });

  it('returns the ETag of a versioned resource and sends it back as If-Match', async () => {
    const f = fakeFetch((url, init) => {
      if (init.method === 'GET') return json({ id: 'o1', version: 4 }, 200, { etag: '"4"' });
      return json({ id: 'o1', version: 5 }, 200, url.includes('/organisations/') ? { etag: '"5"' } : {});
    });
    const api = createClient({ fetch: f.fn });
    const org = await api.organisations.get('o1');
    expect(org.etag).toBe('"4"');
    const saved = await api.organisations.update('o1', { name: 'Нова назва' }, { ifMatch: org.etag });
    expect(saved.etag).toBe('"5"');
    expect(headersOf(f.seen[1]!)['if-match']).toBe('"4"');
    expect(f.seen[1]!.init.method).toBe('PATCH');
    await api.pupils.update('p1', { lastName: 'А', firstName: 'Б', sex: 'male' }, { ifMatch: '"2"' });
    expect([f.seen[2]!.init.method, headersOf(f.seen[2]!)['if-match']]).toEqual(['PUT', '"2"']);
  });

  it('falls back to the version when an answer has no ETag', async () => {
    const f = fakeFetch(() => json({ id: 'p1', version: 7 }));
    expect((await createClient({ fetch: f.fn }).pupils.get('p1')).etag).toBe('"7"');
  });

  it('tells every API error to the onError hook before throwing it', async () => {
    const seen: string[] = [];
    const f = fakeFetch(() => json({ code: 'SESSION_EXPIRED', title: 'Сеанс завершено', status: 401 }, 401));
    const api = createClient({ fetch: f.fn, onError: (e, r) => seen.push(`${r.method} ${r.path} ${e.code}`) });
    await expect(api.schools.classes('s1')).rejects.toBeInstanceOf(ApiError);
    expect(seen).toEqual(['GET /api/v1/schools/s1/classes SESSION_EXPIRED']);
  });

  it('builds the queries of lists and searches', async () => {
    const f = fakeFetch(() => json({ items: [], nextCursor: null, nextBefore: null }));
    const api = createClient({ fetch: f.fn });
    await api.users.list({ role: 'school_editor', q: 'мель' });
    await api.organisations.list({ parentId: 'r1', limit: 100 });
    await api.audit.search({ from: '2025-09-01', before: 120 });
    await api.pupils.search({ q: 'Шевчинко' });
    await api.schools.pupils('s1', { grade: 5, classLetter: 'А' });
    await api.schools.quality('s1', { code: 'CONTACT_LOST' });
    expect(f.seen.map((s) => decodeURIComponent(s.url))).toEqual([
      '/api/v1/users?role=school_editor&q=мель',
      '/api/v1/organisations?parentId=r1&limit=100',
      '/api/v1/audit?from=2025-09-01&before=120',
      '/api/v1/pupils/search?q=Шевчинко',
      '/api/v1/schools/s1/pupils?grade=5&class=А',
      '/api/v1/schools/s1/quality?code=CONTACT_LOST',
    ]);
  });

  it('reads the duplicate holder and the warnings of refused records', () => {
    const duplicate = ApiError.fromProblem(409, {
      code: 'DUPLICATE_PERSON',
      title: 'Цей учень уже є в реєстрі',
      holder: { schoolId: 's9', name: 'Ліцей № 9', edrpou: '32855961' },
      personId: 'p9',
      match: 'birth_certificate',
    });
    expect(duplicateOf(duplicate)).toEqual({
      holder: { schoolId: 's9', name: 'Ліцей № 9', edrpou: '32855961' },
      personId: 'p9',
      match: 'birth_certificate',
    });
    expect(duplicateOf(new Error('x'))).toBeNull();
    const invalid = ApiError.fromProblem(422, {
      code: 'PUPIL_INVALID',
      warnings: [{ code: 'CONTACT_LOST', path: '/contact', message: 'втрачено' }, { junk: true }],
    });
    expect(warningsOf(invalid)).toEqual([{ code: 'CONTACT_LOST', path: '/contact', message: 'втрачено' }]);
    expect(warningsOf(duplicate)).toEqual([]);
  });

  it('follows a job until it has finished', async () => {
    let polls = 0;
    const f = fakeFetch(() => {
      polls++;
      const done = polls >= 3;
      return json({
        id: 'j1',
        status: done ? 'succeeded' : 'running',
        progress: { done: polls, total: 3, note: null, percent: Math.round((100 * polls) / 3) },
      });
    });
    const progress: Array<number | null> = [];
    const job = await createClient({ fetch: f.fn }).jobs.watch('j1', {
      intervalMs: 1,
      onProgress: (j) => progress.push(j.progress.percent),
    });
    expect(job.status).toBe('succeeded');
    expect(progress).toEqual([33, 67, 100]);
  });
});
