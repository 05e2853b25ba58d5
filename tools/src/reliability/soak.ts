/**
 * The soak test (`node tools/bin/run.js soak --minutes 30 --users 200 --platforms 10 --database-url URL
 * --data-dir DIR`): starts the real server as a child process on loopback, prepares portal users of every level of
 * the cascade (signed in with password and TOTP) and platforms with OAuth client credentials, then keeps them all
 * busy at once for the given time with think time between steps:
 *
 * - portal users list a school's classes and a class, open a pupil's card, edit it with If-Match as the portal does
 *   (writers only; a 412 because someone saved first is re-read and retried, as a user would) and search by a name
 *   with a typo;
 * - platforms send batches of upserts of their schools' pupils (the very records of the synthetic preset, some
 *   changed as an e-journal changes them; now and then the same Idempotency-Key again, which must be replayed) and
 *   follow the change feed.
 *
 * Reports per endpoint count, errors, p50/p95/p99 latency, and the server's memory (RSS and heap from /metrics)
 * over time with the linear-regression slope of its floor after warm-up. Exit code 1 on any error (5xx, network
 * failure, an unexpected 4xx, an error in the server's log) or memory growth beyond the thresholds.
 *
 * Without --database-url and --data-dir it runs on PGlite in a temporary data directory loaded with the demo preset;
 * an existing database (e.g. the national preset on PostgreSQL, with the data directory that holds its key file) is
 * used as it is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from 'otplib';
import { prepareInstance } from '@aikom/server/bootstrap';
import { loadConfig } from '@aikom/server/config';
import { SESSION_COOKIE } from '@aikom/server/modules/auth/service';
import { seedSynthetic } from '@aikom/server/modules/seed/load-synthetic';
import { openRuntime } from '@aikom/server/runtime';
import { createClient, type AikomClient } from '../../../packages/sdk/src/client';
import { ApiError } from '../../../packages/sdk/src/errors';
import { createPlatformClient, type PlatformClient } from '../../../packages/sdk/src/resources/platform';
import type { PupilRecord } from '../../../packages/sdk/src/resources/pupils';
import type { Preset } from '../synth/generate';
import { CLASS_LETTERS } from '../synth/plan';
import { Rng } from '../synth/random';
import { prepareActors, SOAK_PASSWORD, type SoakActors, type SoakPlatform, type SoakUser } from './soak-actors';
import {
  endpointOf,
  gauge,
  memoryTrend,
  Recorder,
  type EndpointStats,
  type MemorySample,
  type MemoryTrend,
  type Outcome,
} from './soak-stats';

export interface SoakOptions {
  seconds: number;
  users: number;
  platforms: number;
  /** PostgreSQL; without it, PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** The data directory (the embedded database and/or the key file); a temporary one when not given. */
  dataDir?: string | undefined;
  /** Load this preset when the registry has no schools yet (never the national one: it takes half an hour). */
  loadPreset?: 'demo' | 'region' | undefined;
  /** The preset and seed the database was loaded with (detected by default). */
  preset?: Preset | undefined;
  seed?: number;
  /** Mean think time of a portal user between two steps, and of a platform between two cycles. */
  thinkMs?: number;
  platformThinkMs?: number;
  /** Records per platform batch. */
  batchSize?: number;
  /** Seconds of load before memory counts (JIT, caches and pools fill up first). Default: a fifth, at most 5 min. */
  warmupSeconds?: number;
  sampleSeconds?: number;
  /** The largest accepted growth of the memory floor after warm-up, MB per hour. */
  maxHeapGrowthMbPerHour?: number;
  maxRssGrowthMbPerHour?: number;
  /** Memory growth is judged only over at least this many seconds after warm-up (shorter is reported, not judged). */
  memoryMinWindowSeconds?: number;
  log?: (line: string) => void;
}

export interface SoakReport {
  engine: 'pglite' | 'postgres';
  preset: Preset;
  users: number;
  platforms: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  errors: number;
  endpoints: EndpointStats[];
  errorSamples: string[];
  /** Expected refusals (see `classify`) by endpoint, status and code. */
  expected: Record<string, number>;
  search: { queries: number; found: number };
  edits: { saved: number; conflicts: number; duplicates: number; skippedWithErrors: number };
  batches: { sent: number; records: number; statuses: Record<string, number>; rejected: Record<string, number> };
  feed: { pages: number; changes: number };
  memory: { samples: MemorySample[]; trend: MemoryTrend; judged: boolean; thresholds: { heap: number; rss: number } };
  server: { errorLogs: string[]; exitCode: number | null };
  failures: string[];
  passed: boolean;
}

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER_BIN = path.join(REPO, 'packages/server/bin/aikom.js');

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** The first `code` of a problem document (stable codes carry no personal data). */
function problemCode(body: ArrayBuffer): string | undefined {
  try {
    const p = JSON.parse(new TextDecoder().decode(body)) as { code?: unknown };
    return typeof p.code === 'string' ? p.code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * 2xx is fine. Two refusals of an edit are the registry's rules at work, shown to the user by the portal: 412 (someone
 * saved the card first: re-read it) and 409 DUPLICATE_PERSON (legacy data holds the same child at another school too:
 * one pupil, one record — the other school must record the exit first). Anything else fails the soak.
 */
function classify(endpoint: string, status: number, code: string | undefined): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  if (endpoint === 'PUT /api/v1/pupils/:id' && (status === 412 || (status === 409 && code === 'DUPLICATE_PERSON')))
    return 'conflict';
  return 'error';
}

/**
 * Node's fetch (undici, keep-alive) with the soak's bookkeeping: the latency of every request including its body,
 * its outcome, a session cookie jar for portal users, and the user's own client address (the server trusts the
 * loopback proxy header, as behind the production reverse proxy, so the sign-in limit per address applies per user).
 */
function recordingFetch(rec: Recorder, o: { ip?: string; jar?: { cookie: string } } = {}): typeof fetch {
  return async (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = new Headers(init.headers);
    if (o.ip) headers.set('x-forwarded-for', o.ip);
    if (o.jar?.cookie) headers.set('cookie', o.jar.cookie);
    const endpoint = endpointOf(method, url.pathname);
    const started = performance.now();
    let res: Response;
    let body: ArrayBuffer;
    try {
      res = await fetch(url, { ...init, headers });
      body = await res.arrayBuffer();
    } catch (error) {
      rec.record(endpoint, 0, performance.now() - started, 'error');
      throw error;
    }
    const ms = performance.now() - started;
    if (o.jar)
      for (const c of res.headers.getSetCookie()) {
        const pair = c.split(';')[0]!;
        if (pair.startsWith(`${SESSION_COOKIE}=`)) o.jar.cookie = pair;
      }
    const code = res.ok ? undefined : problemCode(body);
    rec.record(endpoint, res.status, ms, classify(endpoint, res.status, code), code);
    return new Response(res.status === 204 || res.status === 304 ? null : body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  };
}

/** A one-letter slip of the kind people make typing a surname: a neighbour swapped, a letter doubled or confused. */
export function typo(name: string, rng: Rng): string {
  const letters = [...name];
  if (letters.length < 4) return name;
  const i = rng.int(1, letters.length - 2);
  const confusions: Record<string, string> = { и: 'і', і: 'и', е: 'є', є: 'е', о: 'а', а: 'о', г: 'х', к: 'г', т: 'д' };
  const roll = rng.below(3);
  if (roll === 0) [letters[i], letters[i + 1]] = [letters[i + 1]!, letters[i]!];
  else if (roll === 1) letters.splice(i, 0, letters[i]!);
  else letters[i] = confusions[letters[i]!] ?? letters[i - 1]!;
  return letters.join('');
}

interface Shared {
  rec: Recorder;
  deadline: number;
  search: SoakReport['search'];
  edits: SoakReport['edits'];
  batches: SoakReport['batches'];
  feed: SoakReport['feed'];
}

class Pace {
  constructor(
    private readonly rng: Rng,
    private readonly meanMs: number,
    private readonly deadline: number,
  ) {}
  get over(): boolean {
    return Date.now() >= this.deadline;
  }
  /** Think time: uniform between half and one and a half of the mean, never past the end. */
  think(): Promise<void> {
    return sleep(Math.min(this.deadline - Date.now(), this.meanMs * (0.5 + this.rng.float())));
  }
}

/** Runs one step; an unsuccessful answer is already counted by the recorder, the user just goes on. */
async function attempt<T>(step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ApiError || (error instanceof TypeError && error.message === 'fetch failed')) return undefined;
    throw error;
  }
}

async function portalUser(u: SoakUser, api: AikomClient, rng: Rng, pace: Pace, s: Shared): Promise<void> {
  await attempt(() => api.me.get());
  await sleep(rng.float() * 2000);
  while (!pace.over) {
    const school = rng.pick(u.schools);
    const classes = await attempt(() => api.schools.classes(school.id));
    await pace.think();
    const withPupils = classes?.items.filter((c) => c.pupils > 0) ?? [];
    if (withPupils.length === 0 || pace.over) continue;
    const cls = rng.pick(withPupils);
    const list = await attempt(() => api.schools.pupils(school.id, { grade: cls.grade, classLetter: cls.classLetter }));
    await pace.think();
    if (!list || list.length === 0 || pace.over) continue;
    const pupil = rng.pick(list);
    const card = await attempt(() => api.pupils.get(pupil.id));
    await pace.think();
    if (card && u.writer && !school.platformManaged && card.data.enrolled && rng.chance(0.5) && !pace.over) {
      if (card.data.quality.errors.length > 0) s.edits.skippedWithErrors++;
      else {
        // The portal's form sends the whole record back with the ETag it was read with.
        const edit = (record: PupilRecord): PupilRecord => {
          const { externalId: _platformsOnly, ...rest } = record;
          return { ...rest, residence: { ...rest.residence, address: `вул. Навантажувальна, ${rng.int(1, 200)}` } };
        };
        try {
          await api.pupils.update(pupil.id, edit(card.data.record), { ifMatch: card.etag });
          s.edits.saved++;
        } catch (error) {
          // Any other refusal is already counted as an error; the user goes on.
          if (!(error instanceof ApiError)) throw error;
          if (error.code === 'DUPLICATE_PERSON') s.edits.duplicates++;
          if (error.status === 412) {
            s.edits.conflicts++;
            const again = await attempt(() => api.pupils.get(pupil.id));
            if (again && again.data.quality.errors.length === 0) {
              const saved = await attempt(() =>
                api.pupils.update(pupil.id, edit(again.data.record), { ifMatch: again.etag }),
              );
              if (saved) s.edits.saved++;
            }
          }
        }
        await pace.think();
      }
    }
    if (rng.chance(0.6) && !pace.over) {
      const q = `${typo(pupil.lastName, rng)} ${pupil.firstName}`;
      const found = await attempt(() => api.pupils.search({ q, limit: 30 }));
      if (found) {
        s.search.queries++;
        if (found.some((f) => f.id === pupil.id)) s.search.found++;
      }
      await pace.think();
    }
  }
}

interface JournalEntry {
  externalId: string;
  record: PupilRecord;
}

async function platform(
  p: SoakPlatform,
  client: PlatformClient,
  actors: SoakActors,
  batchSize: number,
  rng: Rng,
  pace: Pace,
  s: Shared,
): Promise<void> {
  // The e-journal's own pupils: the preset's records of its schools, under the e-journal's ids.
  const journals = p.schools.map((school) => ({
    school,
    offset: 0,
    entries: [...actors.dataset.schoolPupils(school.index)].map((x): JournalEntry => ({
      externalId: `soak-${school.edrpou}-${x.recordNo}`,
      record: { ...(x.record as unknown as PupilRecord), externalId: `soak-${school.edrpou}-${x.recordNo}` },
    })),
  }));
  let cursor = await attempt(() => client.platform.changes.head());
  await attempt(() => client.platform.schools());
  await sleep(rng.float() * 3000);
  while (!pace.over) {
    const j = rng.pick(journals);
    const chunk: JournalEntry[] = [];
    for (let k = 0; k < Math.min(batchSize, j.entries.length); k++)
      chunk.push(j.entries[(j.offset + k) % j.entries.length]!);
    j.offset = (j.offset + chunk.length) % j.entries.length;
    for (const e of chunk) {
      const r = e.record;
      const roll = rng.float();
      if (roll < 0.1 && r.enrollment)
        e.record = { ...r, enrollment: { ...r.enrollment, classLetter: rng.pick(CLASS_LETTERS.slice(0, 3)) } };
      else if (roll < 0.2)
        e.record = { ...r, residence: { ...r.residence, address: `вул. Шкільна, ${rng.int(1, 99)}` } };
    }
    const key = randomUUID();
    const records = chunk.map((e) => e.record);
    const answer = await attempt(() => client.platform.pupils.batch(j.school.edrpou, records, { idempotencyKey: key }));
    if (answer?.kind === 'done') {
      s.batches.sent++;
      s.batches.records += answer.result.summary.records;
      for (const r of answer.result.results) {
        s.batches.statuses[r.status] = (s.batches.statuses[r.status] ?? 0) + 1;
        if (r.status === 'rejected') s.batches.rejected[r.code ?? '?'] = (s.batches.rejected[r.code ?? '?'] ?? 0) + 1;
      }
      // A retry after a lost answer: the same key must replay the first answer, not apply the batch again.
      if (rng.chance(0.05)) {
        const again = await attempt(() =>
          client.platform.pupils.batch(j.school.edrpou, records, { idempotencyKey: key }),
        );
        if (again && (again.kind !== 'done' || !again.replayed))
          s.rec.record('idempotent replay', 200, 0, 'error', 'NOT_REPLAYED');
      }
    }
    await pace.think();
    // Follow the feed until caught up (a page held back by an open transaction is polled again next cycle).
    for (let pages = 0; pages < 20 && !pace.over; pages++) {
      const page = await attempt(() => client.platform.changes.list({ ...(cursor ? { cursor } : {}), limit: 500 }));
      if (!page) break;
      s.feed.pages++;
      s.feed.changes += page.items.length;
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    if (rng.chance(0.2) && !pace.over)
      await attempt(() => client.platform.pupils.records(j.school.edrpou, { limit: 100 }));
    await pace.think();
  }
}

interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  errorLogs: string[];
  stop(): Promise<number | null>;
}

async function startServer(env: NodeJS.ProcessEnv, port: number, log: (l: string) => void): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_BIN, 'serve'], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const errorLogs: string[] = [];
  const tail: string[] = [];
  let buffer = '';
  const onLine = (line: string) => {
    if (!line.trim()) return;
    tail.push(line.slice(0, 500));
    if (tail.length > 30) tail.shift();
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { type?: string; message?: string } };
      // pino: 50 error, 60 fatal. The messages never hold personal data (the logger redacts bodies and secrets).
      if ((entry.level ?? 0) >= 50 && errorLogs.length < 20)
        errorLogs.push(
          `${entry.msg ?? ''}${entry.err ? ` — ${entry.err.type ?? ''}: ${entry.err.message ?? ''}` : ''}`,
        );
    } catch {
      // the start banner and other plain lines
    }
  };
  const feed = (d: Buffer) => {
    buffer += d.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    lines.forEach(onLine);
  };
  child.stdout.on('data', feed);
  child.stderr.on('data', feed);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal === 'SIGTERM' ? 0 : null);
      resolve(exitCode);
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const until = Date.now() + 300_000;
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(`the server exited with ${exitCode} while starting:\n${tail.join('\n')}`);
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /healthz within 300 s:\n${tail.join('\n')}`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  log(`server pid ${child.pid} listening on ${baseUrl}`);
  return {
    baseUrl,
    child,
    errorLogs,
    stop: async () => {
      if (exitCode === undefined) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

async function sampleMemory(baseUrl: string, rec: Recorder, t0: number): Promise<MemorySample | undefined> {
  const fetchAndRecord = recordingFetch(rec);
  try {
    const text = await (await fetchAndRecord(`${baseUrl}/metrics`)).text();
    const rss = gauge(text, 'aikom_process_resident_memory_bytes');
    const heap = gauge(text, 'aikom_nodejs_heap_size_used_bytes');
    if (rss === undefined || heap === undefined) return undefined;
    const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
    return { t: Math.round((Date.now() - t0) / 100) / 10, rssMb: mb(rss), heapUsedMb: mb(heap) };
  } catch {
    return undefined;
  }
}

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? ((l: string) => console.error(l));
  const ownDir = !o.dataDir;
  const dataDir = o.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-soak-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: path.resolve(dataDir),
    AIKOM_DEMO: '0',
    AIKOM_MFA: 'required',
    AIKOM_TRUST_PROXY: '1',
    LOG_LEVEL: 'warn',
  };
  if (o.databaseUrl) env.DATABASE_URL = o.databaseUrl;
  else delete env.DATABASE_URL;
  const seed = o.seed ?? 1;

  // Actors (and, for an empty registry, a small preset) are written before the server opens the database: the
  // embedded one admits a single process.
  const cleanUp = () => {
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let actors: SoakActors;
  let engine: 'pglite' | 'postgres';
  const runtime = await openRuntime(loadConfig({ ...env, LOG_LEVEL: 'silent' }), { purpose: 'soak' }).catch(
    (error: unknown) => {
      cleanUp();
      throw error;
    },
  );
  try {
    engine = runtime.ctx.db.engine;
    await prepareInstance(runtime.ctx);
    const school = await runtime.ctx.db.kysely
      .selectFrom('organisation')
      .select('id')
      .where('kind', '=', 'school')
      .limit(1)
      .executeTakeFirst();
    // A loaded database's identifiers are sealed with the key file of its own data directory; a new key would
    // leave every card unreadable.
    if (school && ownDir && !process.env.AIKOM_KEY_FILE)
      throw new Error('the database is loaded already: give --data-dir, the directory that holds its key file');
    const load = o.loadPreset ?? (ownDir && !o.databaseUrl ? 'demo' : undefined);
    if (!school) {
      if (!load) throw new Error('the registry holds no schools: load a preset first or give --load-preset demo');
      log(`loading the ${load} preset (seed ${seed}) into ${engine}…`);
      await seedSynthetic(runtime.ctx, { preset: load, seed });
    }
    const prepare = (schoolsPerPlatform: number) =>
      prepareActors(runtime.ctx, {
        users: o.users,
        platforms: o.platforms,
        schoolsPerPlatform,
        seed,
        preset: o.preset ?? (school ? undefined : load),
      });
    actors = await prepare(3).catch((error: unknown) => {
      // A small preset may not have three schools to spare per platform.
      if (!(error instanceof Error) || !error.message.includes('too few schools')) throw error;
      return prepare(1);
    });
  } catch (error) {
    await runtime.close();
    cleanUp();
    throw error;
  }
  await runtime.close();
  log(
    `${engine}, ${actors.preset} preset: ${actors.users.length} portal users, ${actors.platforms.length} platforms ` +
      `(${actors.platforms.reduce((n, p) => n + p.schools.length, 0)} schools)`,
  );

  const server = await startServer(env, port, log).catch((error: unknown) => {
    cleanUp();
    throw error;
  });
  const rec = new Recorder();
  const shared: Shared = {
    rec,
    deadline: 0,
    search: { queries: 0, found: 0 },
    edits: { saved: 0, conflicts: 0, duplicates: 0, skippedWithErrors: 0 },
    batches: { sent: 0, records: 0, statuses: {}, rejected: {} },
    feed: { pages: 0, changes: 0 },
  };
  const samples: MemorySample[] = [];
  let serverExit: number | null = null;
  let loadStarted = Date.now();
  try {
    // Sign-in of every user (password + TOTP) before the clock starts, a few at a time (argon2id is meant to be slow).
    const clients: Array<{ u: SoakUser; api: AikomClient }> = [];
    const pending = actors.users.map((u, i) => ({ u, i }));
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let next = pending.shift(); next; next = pending.shift()) {
          const { u, i } = next;
          const jar = { cookie: '' };
          const ip = `10.${77 + Math.floor(i / 65_000)}.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`;
          const api = createClient({ baseUrl: server.baseUrl, fetch: recordingFetch(rec, { ip, jar }) });
          const signedIn = await attempt(async () =>
            api.auth.login({ login: u.login, password: SOAK_PASSWORD, totp: await generate({ secret: u.totpSecret }) }),
          );
          if (signedIn) clients.push({ u, api });
        }
      }),
    );
    log(`${clients.length} of ${actors.users.length} users signed in; load for ${o.seconds} s`);

    loadStarted = Date.now();
    const deadline = loadStarted + o.seconds * 1000;
    shared.deadline = deadline;
    const sampleMs = (o.sampleSeconds ?? (o.seconds >= 600 ? 10 : 2)) * 1000;
    const sampler = (async () => {
      while (Date.now() < deadline) {
        const m = await sampleMemory(server.baseUrl, rec, loadStarted);
        if (m) samples.push(m);
        await sleep(Math.min(sampleMs, deadline - Date.now()));
      }
    })();
    const progress = setInterval(
      () => {
        const last = samples.at(-1);
        log(
          `  ${Math.round((Date.now() - loadStarted) / 1000)} s: ${rec.requests} requests, ${rec.errors} errors` +
            (last ? `, server RSS ${last.rssMb} MB, heap ${last.heapUsedMb} MB` : ''),
        );
      },
      Math.max(10_000, Math.min(60_000, (o.seconds * 1000) / 10)),
    );
    const rng = Rng.fromSeed(`soak-run:${seed}:${Date.now()}`);
    const think = o.thinkMs ?? 2000;
    const platformThink = o.platformThinkMs ?? 4000;
    await Promise.all([
      ...clients.map(({ u, api }, i) =>
        portalUser(u, api, rng.fork(`user:${i}`), new Pace(rng.fork(`pace:${i}`), think, deadline), shared),
      ),
      ...actors.platforms.map((p, i) =>
        platform(
          p,
          createPlatformClient({
            baseUrl: server.baseUrl,
            clientId: p.clientId,
            clientSecret: p.clientSecret,
            fetch: recordingFetch(rec),
          }),
          actors,
          o.batchSize ?? 200,
          rng.fork(`platform:${i}`),
          new Pace(rng.fork(`platform-pace:${i}`), platformThink, deadline),
          shared,
        ),
      ),
      sampler,
    ]);
    clearInterval(progress);
    const last = await sampleMemory(server.baseUrl, rec, loadStarted);
    if (last) samples.push(last);
  } finally {
    serverExit = await server.stop();
    cleanUp();
  }

  const seconds = (Date.now() - loadStarted) / 1000;
  const warmup = o.warmupSeconds ?? Math.min(300, Math.round(o.seconds / 5));
  const trend = memoryTrend(samples, warmup);
  const thresholds = { heap: o.maxHeapGrowthMbPerHour ?? 64, rss: o.maxRssGrowthMbPerHour ?? 128 };
  const judged = trend.windowSeconds >= (o.memoryMinWindowSeconds ?? 600);
  const failures: string[] = [];
  if (rec.errors > 0) failures.push(`${rec.errors} unexpected answers (${rec.errorSamples.slice(0, 5).join('; ')})`);
  if (server.errorLogs.length > 0) failures.push(`${server.errorLogs.length} errors in the server's log`);
  if (serverExit !== 0) failures.push(`the server exited with ${serverExit}`);
  if (judged && trend.heapFloorSlopeMbPerHour > thresholds.heap)
    failures.push(`heap floor grows ${trend.heapFloorSlopeMbPerHour} MB/h (limit ${thresholds.heap})`);
  if (judged && trend.rssFloorSlopeMbPerHour > thresholds.rss)
    failures.push(`RSS floor grows ${trend.rssFloorSlopeMbPerHour} MB/h (limit ${thresholds.rss})`);
  const endpoints = rec.table().filter((e) => e.endpoint !== 'GET /metrics' || e.errors > 0);
  const requests = endpoints.reduce((n, e) => n + e.count, 0);
  return {
    engine,
    preset: actors.preset,
    users: actors.users.length,
    platforms: actors.platforms.length,
    seconds: Math.round(seconds),
    requests,
    requestsPerSecond: Math.round((requests / Math.max(1, seconds)) * 10) / 10,
    errors: rec.errors,
    endpoints,
    errorSamples: rec.errorSamples,
    expected: rec.expected,
    search: shared.search,
    edits: shared.edits,
    batches: shared.batches,
    feed: shared.feed,
    memory: { samples, trend, judged, thresholds },
    server: { errorLogs: server.errorLogs, exitCode: serverExit },
    failures,
    passed: failures.length === 0,
  };
}

/** The report as plain-text tables (for the console, the test's output and docs/reliability/load.md). */
export function formatReport(r: SoakReport): string {
  const out: string[] = [];
  out.push(
    `soak: ${r.engine}, ${r.preset} preset, ${r.users} portal users + ${r.platforms} platforms, ${r.seconds} s, ` +
      `${r.requests} requests (${r.requestsPerSecond}/s), ${r.errors} errors`,
  );
  out.push('');
  const rows = r.endpoints.map((e) => [
    e.endpoint,
    String(e.count),
    String(e.errors),
    String(e.conflicts),
    e.p50.toFixed(1),
    e.p95.toFixed(1),
    e.p99.toFixed(1),
    e.max.toFixed(1),
  ]);
  const head = ['endpoint', 'count', 'errors', 'expected', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  out.push(line(head), ...rows.map(line), '');
  out.push(
    `portal: ${r.edits.saved} edits saved, ${r.edits.conflicts} lost races (412, re-read and retried), ` +
      `${r.edits.duplicates} refused as legacy duplicates (409 DUPLICATE_PERSON), ` +
      `${r.edits.skippedWithErrors} cards not edited (legacy errors); search with a typo found the pupil in ` +
      `${r.search.found} of ${r.search.queries}`,
  );
  out.push(
    `platforms: ${r.batches.sent} batches, ${r.batches.records} records (${Object.entries(r.batches.statuses)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}${
      Object.keys(r.batches.rejected).length
        ? `; rejected: ${Object.entries(r.batches.rejected)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`
        : ''
    }); change feed ${r.feed.changes} changes in ${r.feed.pages} pages`,
  );
  out.push('');
  const s = r.memory.samples;
  const step = Math.max(1, Math.ceil(s.length / 12));
  out.push('server memory (t s: RSS MB / heap used MB)');
  out.push(
    s
      .filter((_x, i) => i % step === 0 || i === s.length - 1)
      .map((m) => `${Math.round(m.t)}: ${m.rssMb} / ${m.heapUsedMb}`)
      .join('   '),
  );
  const t = r.memory.trend;
  out.push(
    `after warm-up (${t.windowSeconds} s, ${t.samples} samples): RSS ${t.rssSlopeMbPerHour} MB/h, heap ` +
      `${t.heapSlopeMbPerHour} MB/h; floor of ${t.windows} slices: RSS ${t.rssFloorSlopeMbPerHour} MB/h, heap ` +
      `${t.heapFloorSlopeMbPerHour} MB/h — ` +
      (r.memory.judged
        ? `limits ${r.memory.thresholds.heap} (heap) and ${r.memory.thresholds.rss} (RSS) MB/h`
        : 'window too short to judge growth'),
  );
  if (r.server.errorLogs.length) out.push('', 'server errors:', ...r.server.errorLogs.map((l) => `  ${l}`));
  out.push('', r.passed ? 'PASSED' : `FAILED: ${r.failures.join('; ')}`);
  return out.join('\n');
}

const HELP = `usage: node tools/bin/run.js soak [--minutes 30 | --seconds N] [--users 200] [--platforms 10]
  [--database-url postgres://…] [--data-dir DIR] [--load-preset demo|region] [--preset P --seed N]
  [--think-ms 2000] [--platform-think-ms 4000] [--batch 200] [--warmup-seconds N]
  [--max-heap-growth 64] [--max-rss-growth 128] [--json FILE]`;

export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      minutes: { type: 'string' },
      seconds: { type: 'string' },
      users: { type: 'string', default: '200' },
      platforms: { type: 'string', default: '10' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'load-preset': { type: 'string' },
      preset: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'think-ms': { type: 'string' },
      'platform-think-ms': { type: 'string' },
      batch: { type: 'string' },
      'warmup-seconds': { type: 'string' },
      'max-heap-growth': { type: 'string' },
      'max-rss-growth': { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const num = (v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`not a non-negative number: ${v}\n${HELP}`);
    return n;
  };
  const load = values['load-preset'];
  if (load !== undefined && load !== 'demo' && load !== 'region')
    throw new Error('--load-preset: demo or region (load the national preset with `aikom seed` or `npm run bench`)');
  const preset = values.preset as Preset | undefined;
  if (preset !== undefined && !['demo', 'region', 'national'].includes(preset))
    throw new Error('--preset: demo, region or national');
  const report = await runSoak({
    seconds: num(values.seconds) ?? (num(values.minutes) ?? 30) * 60,
    users: num(values.users)!,
    platforms: num(values.platforms)!,
    databaseUrl: values['database-url'],
    dataDir: values['data-dir'],
    loadPreset: load,
    preset,
    seed: num(values.seed)!,
    thinkMs: num(values['think-ms']),
    platformThinkMs: num(values['platform-think-ms']),
    batchSize: num(values.batch),
    warmupSeconds: num(values['warmup-seconds']),
    maxHeapGrowthMbPerHour: num(values['max-heap-growth']),
    maxRssGrowthMbPerHour: num(values['max-rss-growth']),
  });
  console.log(formatReport(report));
  if (values.json) fs.writeFileSync(values.json, JSON.stringify(report, null, 2));
  return report.passed ? 0 : 1;
}
