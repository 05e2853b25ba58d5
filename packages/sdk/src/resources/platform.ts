import { HttpClient, path, type CallOptions, type ClientOptions } from '../http';
import { jobsResource, type Job } from './jobs';
import { oneRosterResource } from './oneroster';
import { etagOfVersion, type Tagged } from './organisations';
import { validationResource, type Issue, type PupilExit, type PupilRecord } from './pupils';
import type { Page } from './users';

/**
 * The platform API of aikom for educational information systems (ОІС, e-journals): OAuth 2.0 client credentials,
 * the schools that chose the platform, upserts of pupils by the platform's own id (one, or batches with an
 * Idempotency-Key), exits, the change feed and OneRoster 1.2 rostering. See docs/integration-guide.en.md.
 *
 * @example
 * const aikom = createPlatformClient({ baseUrl: 'https://aikom.example', clientId, clientSecret });
 * for (const school of await aikom.platform.schools()) {
 *   const r = await aikom.platform.pupils.batch(school.edrpou, records, { idempotencyKey: crypto.randomUUID() });
 * }
 */

/** A school the platform serves. */
export interface PlatformSchool {
  id: string;
  edrpou: string;
  name: string;
  shortName: string | null;
  status: string;
  ouo: { id: string; name: string };
  region: { id: string; name: string };
  territory: { code: string; name: string } | null;
  gradeMin: number | null;
  gradeMax: number | null;
  since: string;
}

/** A pupil as the platform API returns it. */
export interface PlatformPupil {
  /** The registry's id of the child (immutable). */
  pupilId: string;
  /** This platform's id, when it has sent the pupil. */
  externalId: string | null;
  version: number;
  enrolled: boolean;
  schoolEdrpou: string | null;
  record: PupilRecord;
  /** portal, import, seed or platform:<client_id>. */
  source: string;
  updatedAt: string;
}

export type SaveStatus = 'created' | 'updated' | 'unchanged';

export interface SavedPlatformPupil {
  pupilId: string;
  externalId: string;
  status: SaveStatus;
  version: number;
  /** Linked to a child already in the registry (matching identifiers). */
  linked: boolean;
  warnings: Issue[];
}

/** Why a record of a batch was not saved (see the integration guide for what to do about each). */
export type RejectionCode =
  | 'PUPIL_INVALID'
  | 'EXTERNAL_ID_REQUIRED'
  | 'EXTERNAL_ID_MISMATCH'
  | 'ENROLLMENT_REQUIRED'
  | 'ENROLLMENT_SCHOOL_MISMATCH'
  | 'SCHOOL_YEAR_UNKNOWN'
  | 'SCHOOL_YEAR_MISMATCH'
  | 'DUPLICATE_IN_BATCH'
  | 'DUPLICATE_PERSON'
  | 'DUPLICATE_EXTERNAL_ID'
  | 'PUPIL_ENROLLED_ELSEWHERE'
  | 'PRECONDITION_FAILED';

/** One record's outcome in a batch, in request order (`index`). */
export interface RecordResult {
  index: number;
  externalId: string | null;
  status: SaveStatus | 'rejected';
  pupilId?: string;
  version?: number;
  linked?: boolean;
  /** Set when rejected. */
  code?: string;
  detail?: string;
  errors?: Issue[];
  warnings: Issue[];
  /** The school that holds the child (DUPLICATE_PERSON). */
  holder?: { name: string | null; edrpou: string | null; enrolled: boolean };
  currentVersion?: number;
}

export interface BatchSummary {
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface BatchResult {
  school: { id: string; edrpou: string };
  summary: BatchSummary;
  results: RecordResult[];
}

/** A batch queued as a job (more than 1 000 records, or `async`). */
export interface BatchAccepted {
  school: { id: string; edrpou: string };
  records: number;
  job: Job;
  statusUrl: string;
}

export type ChangeKind = 'created' | 'updated' | 'deleted' | 'key_changed';

export interface Change {
  id: number;
  /** created / updated / key_changed: upsert `pupil`; deleted: no longer enrolled in your scope — remove it. */
  kind: ChangeKind;
  /** The registry event behind the change. */
  event: string;
  pupilId: string;
  externalId: string | null;
  schoolEdrpou: string | null;
  at: string;
  source: string;
  fields: string[];
  pupil: PlatformPupil | null;
}

export interface ChangePage {
  items: Change[];
  /** Store it and continue from it (also when `items` is empty). */
  nextCursor: string;
  hasMore: boolean;
  /** Changes are held back until an older transaction ends: poll again shortly. */
  pending: boolean;
}

export interface PutOptions extends CallOptions {
  /** The ETag last seen (`"3"`): the write is refused with 412 when the record changed since. */
  ifMatch?: string;
  /** Create only: refused with 412 when the pupil exists. */
  createOnly?: boolean;
}

export interface BatchOptions extends CallOptions {
  /** Required: the same key replays the first answer (retry safely); generate one per batch (e.g. a UUID). */
  idempotencyKey: string;
  /** Process as a job even when small. */
  async?: boolean;
}

/** Every endpoint of the platform API this SDK calls (checked against the OpenAPI document by a contract test). */
export const PLATFORM_ENDPOINTS = [
  ['POST', '/oauth/token'],
  ['GET', '/api/v1/schools'],
  ['GET', '/api/v1/schools/{edrpou}/records'],
  ['GET', '/api/v1/schools/{edrpou}/pupils/{externalId}'],
  ['PUT', '/api/v1/schools/{edrpou}/pupils/{externalId}'],
  ['POST', '/api/v1/schools/{edrpou}/pupils:batch'],
  ['POST', '/api/v1/schools/{edrpou}/pupils/{externalId}/exit'],
  ['GET', '/api/v1/changes'],
  ['GET', '/api/v1/changes/head'],
  ['GET', '/api/v1/jobs/{id}'],
  ['POST', '/api/v1/jobs/{id}/cancel'],
  ['POST', '/api/v1/validation/pupil'],
] as const;

/** The platform endpoints over an HTTP client that sends the bearer token (see {@link createPlatformClient}). */
export function platformResource(http: HttpClient) {
  const pupils = {
    /** One pupil by the platform's id, with its ETag. */
    get: async (edrpou: string, externalId: string, call: CallOptions = {}): Promise<Tagged<PlatformPupil>> => {
      const a = await http.send<PlatformPupil>('GET', path`/api/v1/schools/${edrpou}/pupils/${externalId}`, {
        signal: call.signal,
      });
      return { data: a.data, etag: a.headers.get('etag') ?? etagOfVersion(a.data.version) };
    },

    /** Create, link or update one pupil (enrolment by upsert). */
    put: async (
      edrpou: string,
      externalId: string,
      record: PupilRecord,
      options: PutOptions = {},
    ): Promise<Tagged<SavedPlatformPupil>> => {
      const a = await http.send<SavedPlatformPupil>('PUT', path`/api/v1/schools/${edrpou}/pupils/${externalId}`, {
        body: record,
        headers: {
          ...(options.ifMatch ? { 'if-match': options.ifMatch } : {}),
          ...(options.createOnly ? { 'if-none-match': '*' } : {}),
        },
        signal: options.signal,
      });
      return { data: a.data, etag: a.headers.get('etag') ?? etagOfVersion(a.data.version) };
    },

    /** Up to 1 000 records answered at once; more (up to 50 000) or `async` → a job. */
    batch: async (
      edrpou: string,
      records: readonly PupilRecord[],
      options: BatchOptions,
    ): Promise<
      | { kind: 'done'; result: BatchResult; replayed: boolean }
      | { kind: 'queued'; accepted: BatchAccepted; replayed: boolean }
    > => {
      const a = await http.send<BatchResult | BatchAccepted>('POST', path`/api/v1/schools/${edrpou}/pupils:batch`, {
        body: { records },
        query: options.async ? { async: true } : {},
        headers: { 'idempotency-key': options.idempotencyKey },
        signal: options.signal,
      });
      const replayed = a.headers.get('idempotent-replayed') === 'true';
      return a.status === 202
        ? { kind: 'queued', accepted: a.data as BatchAccepted, replayed }
        : { kind: 'done', result: a.data as BatchResult, replayed };
    },

    /** The exit of Порядок 367 (a transfer names the destination). */
    exit: (edrpou: string, externalId: string, params: PupilExit, call: CallOptions = {}) =>
      http.post<void>(path`/api/v1/schools/${edrpou}/pupils/${externalId}/exit`, { body: params, signal: call.signal }),

    /** A page of the pupils enrolled at a school now. */
    records: (edrpou: string, params: { limit?: number; cursor?: string } = {}, call: CallOptions = {}) =>
      http.get<Page<PlatformPupil>>(path`/api/v1/schools/${edrpou}/records`, {
        query: { ...params },
        signal: call.signal,
      }),

    /** Every pupil enrolled at a school now, page by page. */
    all: async function* (edrpou: string, pageSize = 500, call: CallOptions = {}): AsyncGenerator<PlatformPupil> {
      let cursor: string | undefined;
      do {
        const page = await pupils.records(edrpou, { limit: pageSize, ...(cursor ? { cursor } : {}) }, call);
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
  };

  return {
    /** The schools that chose this platform. */
    schools: async (call: CallOptions = {}) =>
      (await http.get<{ items: PlatformSchool[] }>('/api/v1/schools', { signal: call.signal })).items,
    pupils,
    changes: {
      list: (params: { cursor?: string; limit?: number } = {}, call: CallOptions = {}) =>
        http.get<ChangePage>('/api/v1/changes', { query: { ...params }, signal: call.signal }),
      /** A cursor at the present (take it before a full read of the schools' records). */
      head: async (call: CallOptions = {}) =>
        (await http.get<{ cursor: string }>('/api/v1/changes/head', { signal: call.signal })).cursor,
    },
  };
}

export type PlatformResource = ReturnType<typeof platformResource>;

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export interface PlatformClientOptions extends Omit<ClientOptions, 'csrfToken' | 'credentials'> {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for (default: all the platform has). */
  scope?: string;
}

/** A token error of RFC 6749 § 5.2 (`invalid_client`, `invalid_scope` …). */
export class OAuthTokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string | undefined,
  ) {
    super(`${error}${description ? `: ${description}` : ''}`);
    this.name = 'OAuthTokenError';
  }
}

/**
 * A client of the platform API that gets its access token itself (client_secret_basic), keeps it until shortly
 * before it expires and gets a new one when the server refuses an expired one.
 */
export function createPlatformClient(options: PlatformClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const f = options.fetch ?? globalThis.fetch.bind(globalThis);
  let cached: { token: string; until: number } | null = null;

  const token = async (): Promise<string> => {
    if (cached && Date.now() < cached.until) return cached.token;
    const res = await f(`${baseUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        authorization: `Basic ${btoa(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`)}`,
      },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        ...(options.scope ? { scope: options.scope } : {}),
      }).toString(),
    });
    const body = (await res.json()) as TokenResponse & { error?: string; error_description?: string };
    if (!res.ok) throw new OAuthTokenError(res.status, body.error ?? `HTTP_${res.status}`, body.error_description);
    cached = { token: body.access_token, until: Date.now() + Math.max(0, body.expires_in - 60) * 1000 };
    return body.access_token;
  };

  const authorised: typeof fetch = async (input, init = {}) => {
    const send = async () => {
      let bearer: string;
      try {
        bearer = await token();
      } catch (error) {
        if (!(error instanceof OAuthTokenError)) throw error;
        // The HTTP client turns this into an ApiError with code OAUTH_<ERROR> (e.g. OAUTH_INVALID_CLIENT).
        return new Response(
          JSON.stringify({
            title: 'Не вдалося отримати токен доступу',
            status: error.status,
            code: `OAUTH_${error.error.toUpperCase()}`,
            detail: error.description,
          }),
          { status: error.status, headers: { 'content-type': 'application/problem+json' } },
        );
      }
      return f(input, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${bearer}` },
      });
    };
    const res = await send();
    if (res.status !== 401) return res;
    // An expired or revoked token: one new one, once.
    cached = null;
    return send();
  };

  const http = new HttpClient({ ...options, baseUrl, fetch: authorised });
  return {
    http,
    /** The current access token (fetched when needed). */
    token,
    platform: platformResource(http),
    oneRoster: oneRosterResource(http),
    jobs: jobsResource(http),
    /** The validation catalogue on a record, without saving (the same rules as the upserts). */
    validation: validationResource(http),
  };
}

export type PlatformClient = ReturnType<typeof createPlatformClient>;
