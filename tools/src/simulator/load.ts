/**
 * A closed-loop HTTP load generator for loopback benchmarks: `clients` concurrent clients, each with its own
 * keep-alive connection, send one request after another for `durationMs` (bounded in time and count) and the
 * latency of every request is kept, so percentiles are exact rather than estimated.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

export interface LoadOptions {
  baseUrl: string;
  /** Paths requested in turn (e.g. a different pupil each time). */
  paths: readonly string[];
  headers: Record<string, string>;
  clients: number;
  durationMs: number;
  /** Stop after this many requests in total, whatever the time. */
  maxRequests?: number;
}

export interface LoadReport {
  clients: number;
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runLoad(o: LoadOptions): Promise<LoadReport> {
  const url = new URL(o.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.clients });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let n = 0;
  const max = o.maxRequests ?? Number.MAX_SAFE_INTEGER;
  const started = performance.now();
  const until = started + o.durationMs;
  const one = (p: string) =>
    new Promise<number>((resolve) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: p, method: 'GET', headers: o.headers, agent },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end();
    });
  await Promise.all(
    Array.from({ length: o.clients }, async () => {
      while (performance.now() < until && n < max) {
        const i = n++;
        const t0 = performance.now();
        const status = await one(o.paths[i % o.paths.length]!);
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status < 200 || status >= 300) errors++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    clients: o.clients,
    requests: latencies.length,
    errors,
    statuses,
    seconds: round(seconds),
    requestsPerSecond: Math.round(latencies.length / seconds),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/**
 * The same load from a child process: the client must not share the server's event loop (or one core) when the
 * server runs in the benchmark's own process.
 */
export function runLoadInChild(o: LoadOptions): Promise<LoadReport> {
  const script = fileURLToPath(new URL('./load-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as LoadReport) : reject(new Error(`load generator exited with ${code}`)),
    );
    child.stdin.end(JSON.stringify(o));
  });
}
