import { ApiError, CLIENT_ERROR_CODES, isAbortError, type ProblemDocument } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Query parameters: `undefined` and `null` are left out, arrays repeat the name. */
export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue | readonly QueryValue[]>;

export interface ClientOptions {
  /**
   * Where the API lives, e.g. `https://aikom.example`. Empty (the default) means the same origin as the page, which is
   * what the portal uses; Node.js callers must give an absolute URL.
   */
  baseUrl?: string;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /** Cookie policy of browser requests (default `same-origin`: the session cookie goes only to the portal's own API). */
  credentials?: RequestCredentials;
  /** Headers sent with every request (e.g. `authorization` for platforms, `accept-language`). */
  headers?: Record<string, string>;
  /**
   * Where the CSRF token comes from for state-changing requests (POST, PUT, PATCH, DELETE). By default the token given
   * to {@link HttpClient.setCsrfToken} (the portal sets the `csrfToken` from the login answer).
   */
  csrfToken?: () => string | null | undefined;
  /**
   * Called with every {@link ApiError} before it is thrown (not for the caller's own abort), e.g. for the portal to
   * send the user back to sign-in when any request answers 401 `SESSION_EXPIRED`.
   */
  onError?: (error: ApiError, request: { method: HttpMethod; path: string }) => void;
}

/** A parsed answer with its status and headers (for `ETag`). */
export interface Answer<T> {
  data: T;
  status: number;
  headers: Headers;
}

/** What every endpoint function accepts besides its own parameters. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface RequestOptions {
  query?: Query;
  /** A JSON body. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['GET']);

/** Builds `?a=1&b=x` from a query object, leaving out empty values. */
export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    const values: readonly QueryValue[] = Array.isArray(value) ? value : [value as QueryValue];
    for (const v of values) if (v !== undefined && v !== null) params.append(name, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * A path with encoded parameters: ``path`/api/v1/territories/${code}` `` never lets a parameter add a segment or a
 * query of its own.
 */
export function path(strings: TemplateStringsArray, ...params: ReadonlyArray<string | number>): string {
  return strings.reduce((out, s, i) => out + s + (i < params.length ? encodeURIComponent(String(params[i])) : ''), '');
}

/** The JSON-over-HTTP core that every resource of the SDK uses. */
export class HttpClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly credentials: RequestCredentials;
  private readonly headers: Record<string, string>;
  private readonly csrfSource: () => string | null | undefined;
  private readonly onError: ClientOptions['onError'];
  private csrf: string | null = null;

  constructor(options: ClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    const f = options.fetch ?? globalThis.fetch;
    // Called unbound, the browser's fetch throws "Illegal invocation".
    this.fetchImpl = options.fetch ? f : f.bind(globalThis);
    this.credentials = options.credentials ?? 'same-origin';
    this.headers = { ...options.headers };
    this.csrfSource = options.csrfToken ?? (() => this.csrf);
    this.onError = options.onError;
  }

  /** Remembers the session's CSRF token (from `POST /api/v1/auth/login`); `null` forgets it (after sign-out). */
  setCsrfToken(token: string | null): void {
    this.csrf = token;
  }

  url(pathname: string, query?: Query): string {
    return `${this.baseUrl}${pathname}${buildQuery(query)}`;
  }

  get<T>(pathname: string, options?: Omit<RequestOptions, 'body'>): Promise<T> {
    return this.request<T>('GET', pathname, options);
  }

  post<T>(pathname: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', pathname, options);
  }

  put<T>(pathname: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', pathname, options);
  }

  patch<T>(pathname: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', pathname, options);
  }

  delete<T>(pathname: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', pathname, options);
  }

  /**
   * Sends one request and returns the parsed JSON (`undefined` for 204). Every unsuccessful outcome is an
   * {@link ApiError}, except the caller's own abort, which is rethrown as is.
   */
  async request<T>(method: HttpMethod, pathname: string, options: RequestOptions = {}): Promise<T> {
    return (await this.send<T>(method, pathname, options)).data;
  }

  /** Like {@link request}, with the answer's status and headers (e.g. the `ETag` of a versioned resource). */
  async send<T>(method: HttpMethod, pathname: string, options: RequestOptions = {}): Promise<Answer<T>> {
    try {
      return await this.exchange<T>(method, pathname, options);
    } catch (error) {
      if (error instanceof ApiError) this.onError?.(error, { method, path: pathname });
      throw error;
    }
  }

  private async exchange<T>(method: HttpMethod, pathname: string, options: RequestOptions): Promise<Answer<T>> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...this.headers,
      ...options.headers,
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (!SAFE_METHODS.has(method)) {
      const token = this.csrfSource();
      if (token) headers[CSRF_HEADER] = token;
    }
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(pathname, options.query), {
        method,
        headers,
        body,
        credentials: this.credentials,
        signal: options.signal,
      });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError({
        status: 0,
        code: CLIENT_ERROR_CODES.network,
        title: 'Немає з’єднання з сервером',
        detail: error instanceof Error ? error.message : undefined,
        cause: error,
      });
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    if (!response.ok) throw await errorFrom(response, requestId);
    const answer = { status: response.status, headers: response.headers };
    if (response.status === 204) return { ...answer, data: undefined as T };
    try {
      return { ...answer, data: (await response.json()) as T };
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new ApiError({
        status: response.status,
        code: CLIENT_ERROR_CODES.badResponse,
        title: 'Сервер надіслав незрозумілу відповідь',
        requestId,
        cause: error,
      });
    }
  }
}

async function errorFrom(response: Response, requestId: string | undefined): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (/^application\/(problem\+)?json/i.test(type)) {
    try {
      const problem = (await response.json()) as unknown;
      if (typeof problem === 'object' && problem !== null && !Array.isArray(problem)) {
        return ApiError.fromProblem(response.status, problem as ProblemDocument, requestId);
      }
    } catch (error) {
      if (isAbortError(error)) throw error;
      // not JSON after all: fall through to the generic error
    }
  }
  return new ApiError({
    status: response.status,
    code: `HTTP_${response.status}`,
    title: response.statusText || `HTTP ${response.status}`,
    requestId,
  });
}
