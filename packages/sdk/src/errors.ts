/** One field-level problem, as in the server's problem documents (`errors[]`). */
export interface FieldError {
  /** JSON Pointer of the offending field, e.g. `/birthCertificate/series`. */
  path: string;
  /** Stable code of the rule. */
  code: string;
  /** Message in Ukrainian. */
  message: string;
}

/** An RFC 9457 problem document with aikom's members (`code`, `requestId`, `errors`). */
export interface ProblemDocument {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

/** Codes the client itself produces when there is no problem document to read. */
export const CLIENT_ERROR_CODES = {
  /** The request never got an HTTP answer (offline, DNS, connection refused, CORS). */
  network: 'NETWORK_ERROR',
  /** The answer was not the JSON the endpoint promises. */
  badResponse: 'BAD_RESPONSE',
} as const;

/**
 * Any unsuccessful answer of the API. `code` is the server's stable code (e.g. `NOT_FOUND`, `VALIDATION_FAILED`),
 * `HTTP_<status>` for an error that is not a problem document (a proxy's page), or one of {@link CLIENT_ERROR_CODES}
 * with `status` 0 when there was no usable answer.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[];
  readonly requestId: string | undefined;
  /** The whole problem document, including extension members. */
  readonly problem: ProblemDocument | undefined;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail?: string | undefined;
    errors?: readonly FieldError[] | undefined;
    requestId?: string | undefined;
    problem?: ProblemDocument | undefined;
    cause?: unknown;
  }) {
    super(init.detail ? `${init.title}: ${init.detail}` : init.title, { cause: init.cause });
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
    this.problem = init.problem;
  }

  /** Builds the error from a problem document (missing members get safe defaults). */
  static fromProblem(status: number, problem: ProblemDocument, requestId?: string): ApiError {
    return new ApiError({
      status: typeof problem.status === 'number' ? problem.status : status,
      code: typeof problem.code === 'string' ? problem.code : `HTTP_${status}`,
      title: typeof problem.title === 'string' ? problem.title : `HTTP ${status}`,
      detail: typeof problem.detail === 'string' ? problem.detail : undefined,
      errors: Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [],
      requestId: typeof problem.requestId === 'string' ? problem.requestId : requestId,
      problem,
    });
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

/** Whether the error is the caller's own cancellation (AbortController), which is not a failure to show. */
export const isAbortError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';

function isFieldError(value: unknown): value is FieldError {
  const v = value as Partial<FieldError> | null;
  return typeof v === 'object' && v !== null && typeof v.path === 'string' && typeof v.code === 'string';
}
