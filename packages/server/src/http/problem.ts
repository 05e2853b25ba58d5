import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode, type FieldError } from '../errors';
import { SchemaValidationError } from './validation';

/** RFC 9457 problem details, with our stable `code`, field `errors` and the request id. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  requestId: string;
  errors?: readonly FieldError[];
  [extra: string]: unknown;
}

export const PROBLEM_TYPE_BASE = 'https://aikom.gov.ua/problems/';

export function toProblem(error: AppError, request: FastifyRequest): Problem {
  return {
    ...error.extra,
    type: PROBLEM_TYPE_BASE + error.code.toLowerCase().replace(/_/g, '-'),
    title: error.title,
    status: error.status,
    code: error.code,
    ...(error.detail ? { detail: error.detail } : {}),
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...(error.errors.length > 0 ? { errors: error.errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  return reply.status(error.status).type('application/problem+json').send(toProblem(error, request));
}

/** Database failures that mean "not reachable right now" rather than a bug. */
const UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
]);

const BROKEN_CONNECTION =
  /^(Connection terminated|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;

/** Maps every error to a problem document: known ones by code, the rest as INTERNAL without internals. */
export function normaliseError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof SchemaValidationError) {
    return new AppError('VALIDATION_FAILED', { errors: error.errors, detail: `Помилки у ${partName(error.part)}.` });
  }
  const e = error as Partial<FastifyError> & { code?: string; statusCode?: number };
  if (e.validation) {
    return new AppError('VALIDATION_FAILED', {
      errors: e.validation.map((v) => ({
        path: v.instancePath || '/',
        code: `SCHEMA_${v.keyword.toUpperCase()}`,
        message: v.message ?? '',
      })),
    });
  }
  if (e.code && UNAVAILABLE.has(e.code)) return new AppError('DATABASE_UNAVAILABLE', { cause: error });
  // node-postgres ends a statement whose connection the server closed with an error that has no code.
  if (!e.code && error instanceof Error && BROKEN_CONNECTION.test(error.message))
    return new AppError('DATABASE_UNAVAILABLE', { cause: error });
  // SQLSTATE 53100 disk_full (PostgreSQL and the embedded engine), ENOSPC from a file the server writes itself: the
  // transaction was rolled back, nothing of it is stored.
  if (e.code === '53100' || e.code === 'ENOSPC') return new AppError('STORAGE_FULL', { cause: error });
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415)
    return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (
    e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (e.statusCode === 400 && e.name === 'SyntaxError')
  ) {
    return new AppError('BAD_REQUEST', { detail: 'Тіло запиту не є коректним JSON.' });
  }
  if (e.code === 'FST_ERR_MAX_PARAM_LENGTH')
    return new AppError('BAD_REQUEST', { detail: 'Частина адреси запиту задовга.' });
  if (e.code === 'FST_ERR_BAD_URL')
    return new AppError('BAD_REQUEST', { detail: 'Адреса запиту містить некоректне кодування.' });
  if (e.statusCode === 429) return new AppError('RATE_LIMITED');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError('BAD_REQUEST', { cause: error });
  return new AppError('INTERNAL', { cause: error });
}

const partName = (part: string) =>
  ({ body: 'тілі запиту', querystring: 'параметрах запиту', params: 'шляху запиту', headers: 'заголовках' })[part] ??
  part;

const API_PREFIXES = ['/api/', '/ims/', '/oauth/', '/healthz', '/metrics'];

/**
 * Errors become problem documents. An unknown GET outside the API gets the portal page (its routes are
 * client-side) when the portal is built; everything else is a NOT_FOUND problem.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = normaliseError(error);
    if (appError.status >= 500) {
      request.log.error({ err: error, code: appError.code }, 'request failed');
    } else {
      request.log.info({ code: appError.code }, 'request refused');
    }
    return sendProblem(reply, request, appError);
  });
}

export function registerNotFoundHandler(app: FastifyInstance, portalPage?: Buffer): void {
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!;
    if (
      portalPage &&
      request.method === 'GET' &&
      !API_PREFIXES.some((p) => url.startsWith(p)) &&
      !/\.[a-z0-9]+$/i.test(url)
    ) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(portalPage);
    }
    return sendProblem(reply, request, new AppError('NOT_FOUND'));
  });
}

export const ProblemSchemaRef = { $ref: 'Problem#' } as const;
export const PROBLEM_STATUSES = Object.values(ERROR_CODES).map(([s]) => s);
