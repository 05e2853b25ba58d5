import { isApiError } from '../errors';
import type { CallOptions, HttpClient } from '../http';

export interface Health {
  status: 'ok' | 'degraded';
  /** `pglite` or `postgres`. */
  engine: string;
  /** Applied schema version. */
  migration: number;
  /** Latest schema version of this build. */
  expectedMigration: number;
  version: string;
}

/** Liveness and database state. */
export function healthResource(http: HttpClient) {
  return {
    /** A degraded instance answers 503 with the same document: it is returned, not thrown. */
    get: async (call: CallOptions = {}): Promise<Health> => {
      try {
        return await http.get<Health>('/healthz', { signal: call.signal });
      } catch (error) {
        if (isApiError(error) && error.status === 503 && isHealth(error.problem)) return error.problem;
        throw error;
      }
    },
  };
}

function isHealth(value: unknown): value is Health {
  const v = value as Partial<Health> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    (v.status === 'ok' || v.status === 'degraded') &&
    typeof v.engine === 'string'
  );
}
