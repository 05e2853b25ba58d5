/**
 * The soak's bookkeeping: every request's latency and outcome per endpoint (exact percentiles, not estimates), and
 * the server's memory over time with the trend that judges growth.
 */

export type Outcome = 'ok' | 'conflict' | 'error';

export interface EndpointStats {
  endpoint: string;
  count: number;
  errors: number;
  /**
   * Expected refusals that a real client handles: 412 on an edit someone else saved first, 409 DUPLICATE_PERSON on an
   * edit of a legacy record whose child another school's record also holds.
   */
  conflicts: number;
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Request paths reduced to their route pattern: an endpoint is reported once, whatever pupil or school it named. */
export function endpointOf(method: string, pathname: string): string {
  const pattern = pathname
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')
    .replace(/\/schools\/\d{8}(?=\/|$)/, '/schools/:edrpou')
    .replace(/\/pupils\/[^/:]+\/exit$/, '/pupils/:externalId/exit')
    .replace(/(\/schools\/:edrpou\/pupils\/)(?!:batch)[^/]+$/, '$1:externalId');
  return `${method} ${pattern}`;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export class Recorder {
  private readonly byEndpoint = new Map<
    string,
    { latencies: number[]; errors: number; conflicts: number; statuses: Record<string, number> }
  >();
  /** The first unexpected answers, for the report (stable codes only, never personal data). */
  readonly errorSamples: string[] = [];
  /** Expected refusals by endpoint, status and code. */
  readonly expected: Record<string, number> = {};

  record(endpoint: string, status: number, ms: number, outcome: Outcome, code?: string): void {
    let e = this.byEndpoint.get(endpoint);
    if (!e) this.byEndpoint.set(endpoint, (e = { latencies: [], errors: 0, conflicts: 0, statuses: {} }));
    e.latencies.push(ms);
    e.statuses[status] = (e.statuses[status] ?? 0) + 1;
    if (outcome === 'error') {
      e.errors++;
      if (this.errorSamples.length < 20)
        this.errorSamples.push(`${endpoint} → ${status === 0 ? 'network error' : status}${code ? ` ${code}` : ''}`);
    } else if (outcome === 'conflict') {
      e.conflicts++;
      const key = `${endpoint} → ${status}${code ? ` ${code}` : ''}`;
      this.expected[key] = (this.expected[key] ?? 0) + 1;
    }
  }

  get errors(): number {
    let n = 0;
    for (const e of this.byEndpoint.values()) n += e.errors;
    return n;
  }

  get requests(): number {
    let n = 0;
    for (const e of this.byEndpoint.values()) n += e.latencies.length;
    return n;
  }

  table(): EndpointStats[] {
    return [...this.byEndpoint.entries()]
      .map(([endpoint, e]) => {
        const sorted = Float64Array.from(e.latencies).sort();
        return {
          endpoint,
          count: sorted.length,
          errors: e.errors,
          conflicts: e.conflicts,
          statuses: e.statuses,
          p50: round1(percentile(sorted, 50)),
          p95: round1(percentile(sorted, 95)),
          p99: round1(percentile(sorted, 99)),
          max: round1(sorted.at(-1) ?? 0),
        };
      })
      .sort((a, b) => a.endpoint.localeCompare(b.endpoint));
  }
}

export interface MemorySample {
  /** Seconds since the load started. */
  t: number;
  rssMb: number;
  heapUsedMb: number;
}

/** Least-squares slope of y over x (0 for fewer than two distinct x). */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

export interface MemoryTrend {
  samples: number;
  /** Seconds of load after warm-up that the trend covers. */
  windowSeconds: number;
  /** Regression over every sample after warm-up, MB per hour. */
  rssSlopeMbPerHour: number;
  heapSlopeMbPerHour: number;
  /**
   * Regression over the lowest value of each of `windows` equal slices after warm-up, MB per hour: the heap in use
   * swings with every garbage collection, its floor (what survives collection) grows only when something is kept.
   */
  rssFloorSlopeMbPerHour: number;
  heapFloorSlopeMbPerHour: number;
  windows: number;
}

/**
 * `windowSeconds`: the shortest slice. A slice must span at least one full collection of the old generation (about
 * a minute or two under this load) or its lowest sample is not a floor but a point on the saw-tooth.
 */
export function memoryTrend(all: readonly MemorySample[], warmupSeconds: number, sliceSeconds = 120): MemoryTrend {
  const after = all.filter((s) => s.t >= warmupSeconds);
  const first = after[0]?.t ?? 0;
  const last = after.at(-1)?.t ?? 0;
  const span = Math.max(0, last - first);
  const windows = Math.max(2, Math.min(10, Math.floor(span / sliceSeconds)));
  const floors = (pick: (s: MemorySample) => number) => {
    const points: Array<{ x: number; y: number }> = [];
    for (let w = 0; w < windows; w++) {
      const from = first + (span * w) / windows;
      const to = first + (span * (w + 1)) / windows;
      const slice = after.filter((s) => s.t >= from && (w === windows - 1 ? s.t <= to : s.t < to));
      if (slice.length === 0) continue;
      points.push({ x: (from + to) / 2, y: Math.min(...slice.map(pick)) });
    }
    return points;
  };
  const perHour = (perSecond: number) => Math.round(perSecond * 3600 * 10) / 10;
  return {
    samples: after.length,
    windowSeconds: Math.round(span),
    rssSlopeMbPerHour: perHour(slope(after.map((s) => ({ x: s.t, y: s.rssMb })))),
    heapSlopeMbPerHour: perHour(slope(after.map((s) => ({ x: s.t, y: s.heapUsedMb })))),
    rssFloorSlopeMbPerHour: perHour(slope(floors((s) => s.rssMb))),
    heapFloorSlopeMbPerHour: perHour(slope(floors((s) => s.heapUsedMb))),
    windows,
  };
}

/** Reads one gauge of a Prometheus text exposition (the first series of that name). */
export function gauge(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}
