/**
 * PostgreSQL restarted under load. A private throwaway cluster (its own initdb directory and port, never the
 * machine's shared one) serves a real `aikom serve` child process; portal users read class lists and create pupils
 * without pause while the cluster is stopped (`pg_ctl stop -m fast`, which ends every connection), kept down for a
 * few seconds and started again. Asserted: during the outage every request fails fast and cleanly (503
 * problem+json with the stable code DATABASE_UNAVAILABLE, or a 2xx that had finished), none is a 500, none hangs, the
 * server process never restarts; after the cluster is back, requests succeed again by themselves; and every pupil the
 * server answered 201 for is in the database, every refused one is not.
 *
 * Skipped, with the reason, where there is no initdb (or no way to run it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { schoolYearOf } from '@aikom/domain/school-year';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { prepareInstance } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { seedSynthetic } from '../../src/modules/seed/load-synthetic';
import { openRuntime } from '../../src/runtime';
import { createUser, PASSWORD, type Org } from '../factories';
import { freePort, HttpSession, PrivatePostgres, pupilRecords, ServerProcess, sleep, waitFor } from './faults-harness';
import { byScale } from './scale';

const OUTAGE_MS = byScale(4_000, 20_000);
const WORKERS = byScale(6, 20);
/** A request that takes longer than this during the outage counts as hanging. */
const HANG_MS = 15_000;

const available = PrivatePostgres.available();
if (available !== true) console.warn(`PostgreSQL restart test skipped: ${available}`);

interface Sample {
  at: number;
  ms: number;
  kind: 'list' | 'create' | 'health';
  status: number;
  code: string | null;
  problem: boolean;
  certificate?: string;
}

describe.skipIf(available !== true)('PostgreSQL restarted under load', () => {
  let cluster: PrivatePostgres;
  let server: ServerProcess;
  let school: Org & { edrpou: string };
  const year = schoolYearOf(new Date().toISOString().slice(0, 10)).id;
  let keyDir = '';

  beforeAll(async () => {
    const made = await PrivatePostgres.create();
    if ('skip' in made) throw new Error(made.skip);
    cluster = made;
    keyDir = fs.mkdtempSync(path.join(cluster.dir, 'keys-'));
    const env = {
      DATABASE_URL: cluster.url,
      AIKOM_KEY_FILE: path.join(keyDir, 'keys.json'),
      AIKOM_DEMO: '0',
      LOG_LEVEL: 'silent',
    };
    const runtime = await openRuntime(loadConfig(env), { purpose: 'faults test setup' });
    try {
      await prepareInstance(runtime.ctx);
      await seedSynthetic(runtime.ctx, { preset: 'demo', seed: 43, pupils: 300, schools: 2 });
      const s = await runtime.ctx.db.kysely
        .selectFrom('organisation')
        .select(['id', 'name', 'kind', 'region_id', 'ouo_id', 'edrpou'])
        .where('kind', '=', 'school')
        .orderBy('edrpou')
        .executeTakeFirstOrThrow();
      school = { id: s.id, name: s.name, kind: s.kind, regionId: s.region_id, ouoId: s.ouo_id, edrpou: s.edrpou! };
      await createUser(runtime.ctx, 'school_editor', school, { login: 'faults.pg.editor' });
    } finally {
      await runtime.close();
    }
    server = new ServerProcess(await freePort(), {
      DATABASE_URL: cluster.url,
      AIKOM_KEY_FILE: path.join(keyDir, 'keys.json'),
      AIKOM_DEMO: '1',
      AIKOM_MFA: 'off',
    });
    await server.start();
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    cluster?.destroy();
  });

  it('fails requests cleanly while the database is down and recovers by itself', async () => {
    const editor = await new HttpSession(() => server.url).signIn('faults.pg.editor', PASSWORD);
    const pid = server.pid;
    const samples: Sample[] = [];
    const records = pupilRecords(school.edrpou, year, 200_000, 700_000, false);
    let next = 0;
    let stop = false;
    const t0 = Date.now();
    const once = async (kind: Sample['kind']) => {
      const started = Date.now();
      let certificate: string | undefined;
      try {
        const r =
          kind === 'list'
            ? await editor.request('GET', `/api/v1/schools/${school.id}/pupils?grade=5`, undefined, {
                timeoutMs: HANG_MS * 2,
              })
            : kind === 'health'
              ? await editor.request('GET', '/healthz', undefined, { timeoutMs: HANG_MS * 2 })
              : await (async () => {
                  const record = records[next++]!;
                  certificate = (record.birthCertificate as { number: string }).number;
                  return editor.request('POST', '/api/v1/pupils', record, { timeoutMs: HANG_MS * 2 });
                })();
        const body = r.body as { code?: string } | string;
        samples.push({
          at: started - t0,
          ms: Date.now() - started,
          kind,
          status: r.status,
          code: typeof body === 'object' && body ? (body.code ?? null) : null,
          problem: r.contentType.startsWith('application/problem+json'),
          ...(certificate ? { certificate } : {}),
        });
      } catch (error) {
        // No answer at all (connection reset, timeout): recorded as status 0, which the assertions refuse.
        samples.push({
          at: started - t0,
          ms: Date.now() - started,
          kind,
          status: 0,
          code: String((error as Error).name),
          problem: false,
          ...(certificate ? { certificate } : {}),
        });
      }
    };
    const kinds: Array<Sample['kind']> = ['list', 'create', 'list', 'health'];
    const workers = Array.from({ length: WORKERS }, async (_, w) => {
      for (let i = w; !stop; i++) {
        await once(kinds[i % kinds.length]!);
        await sleep(20);
      }
    });

    await sleep(3_000);
    const downAt = Date.now() - t0;
    const stopped = cluster.ctl('stop', 'fast');
    expect(stopped.status, stopped.stderr).toBe(0);
    await sleep(OUTAGE_MS);
    const upAt = Date.now() - t0;
    const started = cluster.ctl('start');
    expect(started.status, started.stderr).toBe(0);
    // Recovered: a run of successful requests of every kind after the cluster is up again.
    const recoveredAt = await waitFor(
      'requests to succeed again after the restart',
      () => {
        const after = samples.filter((s) => s.at >= Date.now() - t0 - 2_000 && s.at > upAt);
        const ok = ['list', 'create', 'health'].every((k) =>
          after.some((s) => s.kind === k && s.status >= 200 && s.status < 300),
        );
        const bad = after.some((s) => s.status >= 500 || s.status === 0);
        return Promise.resolve(ok && !bad ? Date.now() - t0 : undefined);
      },
      60_000,
      200,
    ).catch(() => null);
    await sleep(2_000);
    stop = true;
    await Promise.all(workers);

    const before = samples.filter((s) => s.at + s.ms < downAt);
    const during = samples.filter((s) => s.at + s.ms >= downAt && s.at < upAt + 1_000);
    const tail = samples.filter((s) => recoveredAt !== null && s.at > recoveredAt);
    const afterUp = new Map<string, number>();
    for (const s of samples.filter((x) => x.at > upAt)) {
      const k = `${s.kind}:${s.status}${s.code ? `:${s.code}` : ''}`;
      afterUp.set(k, (afterUp.get(k) ?? 0) + 1);
    }
    const summary = {
      samples: samples.length,
      before: before.length,
      during: during.length,
      failedDuring: during.filter((s) => s.status === 503).length,
      recoveredAfterMs: recoveredAt === null ? null : recoveredAt - upAt,
      afterUp: Object.fromEntries(afterUp),
      slowestDuringMs: Math.max(0, ...during.map((s) => s.ms)),
      statuses: [...new Set(samples.map((s) => `${s.kind}:${s.status}${s.code ? `:${s.code}` : ''}`))].sort(),
    };
    console.log(`PostgreSQL restart under load: ${JSON.stringify(summary)}`);
    if (recoveredAt === null) console.log(`server output:\n${server.log.slice(-6_000)}`);

    expect(
      before.every((s) => s.status >= 200 && s.status < 300),
      JSON.stringify(summary),
    ).toBe(true);
    expect(during.length).toBeGreaterThan(0);
    expect(summary.failedDuring, 'requests during the outage were refused').toBeGreaterThan(0);
    for (const s of samples) {
      if (s.status >= 200 && s.status < 300) continue;
      // Health answers 503 with its own document; every other refusal is the stable problem.
      if (s.kind === 'health') expect(s.status, JSON.stringify(s)).toBe(503);
      else
        expect({ status: s.status, code: s.code, problem: s.problem }, JSON.stringify(s)).toEqual({
          status: 503,
          code: 'DATABASE_UNAVAILABLE',
          problem: true,
        });
    }
    expect(summary.slowestDuringMs, 'no request hung during the outage').toBeLessThan(HANG_MS);
    expect(
      tail.every((s) => s.status >= 200 && s.status < 300),
      JSON.stringify(summary),
    ).toBe(true);
    expect(server.pid, 'the server was not restarted').toBe(pid);
    expect(server.alive).toBe(true);

    // Nothing half-written: the pupils answered 201 are there, the refused ones are not.
    const created = new Set(samples.filter((s) => s.kind === 'create' && s.status === 201).map((s) => s.certificate));
    const refused = new Set(samples.filter((s) => s.kind === 'create' && s.status !== 201).map((s) => s.certificate));
    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const r = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM person WHERE source = 'portal' AND school_id = $1`,
        [school.id],
      );
      expect(Number(r.rows[0]!.n)).toBe(created.size);
    } finally {
      await client.end();
    }
    expect(created.size).toBeGreaterThan(0);
    expect(refused.size).toBeGreaterThan(0);
  });
});
