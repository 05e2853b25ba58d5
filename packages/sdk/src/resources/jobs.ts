import { path, type CallOptions, type HttpClient } from '../http';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A long operation (import, rollover, linkage …) run by the server in the background. */
export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  progress: {
    done: number;
    /** Null while the total is not known yet. */
    total: number | null;
    note: string | null;
    percent: number | null;
  };
  result: unknown;
  error: unknown;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const isJobFinished = (job: Pick<Job, 'status'>) =>
  job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';

export interface WatchOptions extends CallOptions {
  /** Called with every state read, including the last one. */
  onProgress?: (job: Job) => void;
  /** Between polls; default 1000 ms. */
  intervalMs?: number;
}

const pause = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException('Aborted', 'AbortError'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new DOMException('Aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Jobs: their progress (for a progress bar) and cancellation. */
export function jobsResource(http: HttpClient) {
  const get = (id: string, call: CallOptions = {}) => http.get<Job>(path`/api/v1/jobs/${id}`, { signal: call.signal });
  return {
    get,

    /** Queued jobs stop at once; running ones at their next safe point (no partial state is left). */
    cancel: (id: string, call: CallOptions = {}) =>
      http.post<Job>(path`/api/v1/jobs/${id}/cancel`, { signal: call.signal }),

    /** Polls a job until it has finished and returns its last state (whatever the outcome). */
    watch: async (id: string, options: WatchOptions = {}): Promise<Job> => {
      for (;;) {
        const job = await get(id, { signal: options.signal });
        options.onProgress?.(job);
        if (isJobFinished(job)) return job;
        await pause(options.intervalMs ?? 1000, options.signal);
      }
    },
  };
}

export type JobsResource = ReturnType<typeof jobsResource>;
