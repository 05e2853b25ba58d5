/**
 * The benchmark harness. Machines here are shared and noisy, so every figure that has a target is reported with a
 * baseline measured in the same run (a raw COPY, a bare INSERT … SELECT, a naive query) and as a ratio to it;
 * absolute times are printed too, but pass/fail is judged on what the issue states.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface Figure {
  metric: string;
  value: number;
  unit: string;
  /** The baseline measured in the same run, when the figure is compared with one. */
  baseline?: { name: string; value: number };
  /** value / baseline (or baseline / value for throughput, see `better`). */
  ratio?: number;
  target?: string;
  pass?: boolean;
  note?: string;
}

export interface BenchContext {
  /** A PostgreSQL URL with the right to create databases (fresh ones are made per benchmark). */
  adminUrl: string;
  scale: 'region' | 'national';
  log(line: string): void;
  /** Creates a fresh empty database and returns its URL; dropped at the end of the run. */
  freshDatabase(tag: string): Promise<string>;
  /** The pool itself, for databases kept across runs. */
  pool: DatabasePool;
  /** Shared state between benchmarks (e.g. the loaded national database). */
  shared: Map<string, unknown>;
  /**
   * `--keep-data`: the loaded data set stays in a database named after its scale and is reused by the next run with
   * the flag (its load is then not measured again), so that iterating on one benchmark does not reload 4 M pupils.
   */
  keepData: boolean;
}

export interface Benchmark {
  name: string;
  issue: number;
  description: string;
  /** Benchmarks needing another's result list it (e.g. the loaded national database). */
  after?: string[];
  run(ctx: BenchContext): Promise<Figure[]>;
}

export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, value };
}

/** Median and 95th percentile of repeated timings (ms). */
export async function repeat(
  n: number,
  fn: (i: number) => Promise<unknown>,
): Promise<{ median: number; p95: number; p99: number; samples: number[] }> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push((await time(() => fn(i))).ms);
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { median: q(0.5), p95: q(0.95), p99: q(0.99), samples };
}

export class DatabasePool {
  readonly #created: string[] = [];
  constructor(readonly adminUrl: string) {}

  async fresh(tag: string): Promise<string> {
    const name = `aikom_bench_${tag}_${randomBytes(3).toString('hex')}`.replace(/[^a-z0-9_]/g, '_');
    const c = new pg.Client({ connectionString: this.adminUrl });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    this.#created.push(name);
    const u = new URL(this.adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  }

  /** A database that outlives the run (`--keep-data`); `existed` tells whether it was there already. */
  async kept(name: string): Promise<{ url: string; existed: boolean }> {
    const c = new pg.Client({ connectionString: this.adminUrl });
    await c.connect();
    const found = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (found.rowCount === 0) await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(this.adminUrl);
    u.pathname = `/${name}`;
    return { url: u.toString(), existed: (found.rowCount ?? 0) > 0 };
  }

  async drop(url: string): Promise<void> {
    const c = new pg.Client({ connectionString: this.adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
    await c.end();
  }

  async dropAll(): Promise<void> {
    const c = new pg.Client({ connectionString: this.adminUrl });
    await c.connect();
    for (const name of this.#created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  }
}

export const fmt = (n: number, digits = 1) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(digits));
