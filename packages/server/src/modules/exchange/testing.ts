/**
 * Helpers of the exchange integration tests and of the platform simulator: a registered platform with its
 * credentials, schools linked to it by the operator, and tokens.
 */
import type { AppContext } from '../../context';
import type { App } from '../../http/app';
import { LinkService } from './links/service';
import { PlatformService } from './platforms/service';

export interface TestPlatform {
  id: string;
  name: string;
  clientId: string;
  clientSecret: string;
}

export async function registerTestPlatform(
  ctx: AppContext,
  name: string,
  options: { rateLimitPerMinute?: number; scopes?: string[] } = {},
): Promise<TestPlatform> {
  const c = await new PlatformService(ctx).create(null, {
    name,
    operator: `ТОВ «${name}»`,
    contact: 'support@example.org',
    ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
    ...(options.scopes ? { scopes: options.scopes as never } : {}),
  });
  return { id: c.platform.id, name, clientId: c.clientId, clientSecret: c.clientSecret };
}

export async function linkSchools(ctx: AppContext, platformId: string, edrpous: readonly string[]): Promise<void> {
  const links = new LinkService(ctx);
  for (const e of edrpous) await links.operatorLink(platformId, e);
}

/** An access token by client_secret_post, through the HTTP API. */
export async function platformToken(app: App, p: TestPlatform, scope?: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: p.clientId,
      client_secret: p.clientSecret,
      ...(scope ? { scope } : {}),
    }).toString(),
  });
  if (res.statusCode !== 200) throw new Error(`token for ${p.clientId}: ${res.statusCode} ${res.body}`);
  return res.json<{ access_token: string }>().access_token;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * A `fetch` that answers from the application in process (Fastify's inject): the SDK and the simulator run against
 * a test application without a listening socket.
 */
export function injectFetch(app: App): typeof fetch {
  return async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const res = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers,
      ...(init.body !== undefined && init.body !== null ? { payload: init.body as string } : {}),
    });
    const out = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v === undefined) continue;
      for (const x of Array.isArray(v) ? v : [v]) out.append(k, String(x));
    }
    return new Response(res.statusCode === 204 ? null : new Uint8Array(res.rawPayload), {
      status: res.statusCode,
      headers: out,
    });
  };
}
