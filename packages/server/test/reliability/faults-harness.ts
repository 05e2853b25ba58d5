/**
 * What the fault suites share: the server as a real child process (`aikom serve`) that can be killed with SIGKILL
 * and started again on the same data, a signed-in HTTP session against it, polling, and a private throwaway
 * PostgreSQL cluster (its own data directory and port) that a test may stop and start without touching any other.
 * Test code only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { schoolYear } from '@aikom/domain/school-year';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const CLI = path.join(REPO_ROOT, 'packages/server/bin/aikom.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `fn` returns something other than undefined, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String((last as Error).message ?? last)}` : ''}`);
    await sleep(everyMs);
  }
}

/** `aikom serve` in a child process: started, killed with SIGKILL, started again on the same settings. */
export class ServerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> | undefined;
  /** Everything the process wrote (for the message of a failing test). */
  log = '';
  readonly url: string;

  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
    /** Also written here, with the time of each start (to see where a slow start spends its time). */
    readonly logFile?: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the server and waits until /healthz answers. */
  async start(timeoutMs = 300_000): Promise<void> {
    const child = spawn(process.execPath, [CLI, 'serve'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        HOST: '127.0.0.1',
        PORT: String(this.port),
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const append = (b: Buffer) => {
      this.log = (this.log + b.toString('utf8')).slice(-20_000);
      if (this.logFile) fs.appendFileSync(this.logFile, b);
    };
    if (this.logFile) fs.appendFileSync(this.logFile, `--- start ${new Date().toISOString()}\n`);
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    let gone = false;
    void this.exited.then(() => (gone = true));
    await waitFor(
      `the server on port ${this.port} to answer /healthz`,
      async () => {
        if (gone) throw new Error(`the server exited:\n${this.log}`);
        const r = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        return r.ok ? true : undefined;
      },
      timeoutMs,
      200,
    );
    if (this.logFile) fs.appendFileSync(this.logFile, `--- ready ${new Date().toISOString()}\n`);
  }

  /** SIGKILL: no shutdown hook runs, no transaction is finished. */
  async kill9(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and wait (a clean stop at the end of a test). */
  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child?.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(t);
  }
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code?: string;
  detail?: string;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  contentType: string;
  ms: number;
}

/** A portal session (cookie and CSRF token) against a server by URL. */
export class HttpSession {
  private cookie: string | null = null;
  private csrf: string | null = null;

  constructor(private readonly base: () => string) {}

  async signIn(login: string, password: string): Promise<this> {
    const r = await this.request<{ csrfToken: string }>('POST', '/api/v1/auth/login', { login, password });
    if (r.status !== 200) throw new Error(`sign-in of ${login}: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrf = r.body.csrfToken;
    return this;
  }

  async request<T = unknown>(
    method: string,
    url: string,
    body?: unknown,
    options: { headers?: Record<string, string>; timeoutMs?: number; raw?: Buffer } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = `aikom_session=${this.cookie}`;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    let payload: string | Blob | undefined;
    if (options.raw) payload = new Blob([new Uint8Array(options.raw)]);
    else if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const started = Date.now();
    const res = await fetch(`${this.base()}${url}`, {
      method,
      headers,
      ...(payload !== undefined ? { body: payload } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    for (const line of res.headers.getSetCookie()) {
      const m = /^aikom_session=([^;]*)/.exec(line);
      if (m) this.cookie = m[1] || null;
    }
    const contentType = res.headers.get('content-type') ?? '';
    const text = await res.text();
    const parsed = contentType.includes('json') && text ? (JSON.parse(text) as T) : (text as T);
    return { status: res.status, body: parsed, contentType, ms: Date.now() - started };
  }

  /** A multipart/form-data upload of one file in the field «file». */
  upload<T = unknown>(url: string, fileName: string, bytes: Buffer): Promise<Answer<T>> {
    const boundary = `----aikom${randomBytes(8).toString('hex')}`;
    const raw = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
        'utf8',
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
    ]);
    return this.request<T>('POST', url, undefined, {
      raw,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  }
}

export interface JobBody {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: { done: number; total: number | null; note: string | null };
  error: { code: string; message: string } | null;
  result: unknown;
  attempts: number;
}

/** Copies a directory tree (a prepared data directory for each scenario). */
export function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

/**
 * Deterministic valid exchange records of distinct children of a school in the school year `year` (names,
 * certificates and birth dates differ; certificate numbers from `firstCertificate`).
 */
export function pupilRecords(
  schoolEdrpou: string,
  year: number,
  n: number,
  firstCertificate: number,
  externalIds: boolean,
): Array<Record<string, unknown>> {
  // Sets of surnames by the range of certificates, so that records made for different tests are different children.
  const surnames = [
    ['Бондар', 'Ткачук', 'Мельничук', 'Гнатюк', 'Савчук', 'Литвин', 'Кравець', 'Гончар', 'Коваль'],
    ['Шевчук', 'Поліщук', 'Марченко', 'Лисенко', 'Руденко', 'Кушнір', 'Онищенко', 'Кузьменко', 'Тимошенко'],
    ['Дячук', 'Головко', 'Костенко', 'Приходько', 'Білик', 'Зінченко', 'Бойко', 'Антонюк', 'Гуменюк'],
    ['Стельмах', 'Чорновол', 'Іваницький', 'Щербак', 'Юрченко', 'Яковенко', 'Остапчук', 'Федорук', 'Гаврилюк'],
  ];
  const lastNames = surnames[Math.floor(firstCertificate / 100_000) % surnames.length]!;
  const boys = ['Богдан', 'Ярослав', 'Остап', 'Назар', 'Тарас', 'Максим', 'Данило', 'Орест'];
  const girls = ['Соломія', 'Дарина', 'Марта', 'Олеся', 'Злата', 'Софія', 'Ярина', 'Уляна'];
  const fathers = [
    ['Іванович', 'Іванівна'],
    ['Петрович', 'Петрівна'],
    ['Степанович', 'Степанівна'],
    ['Михайлович', 'Михайлівна'],
    ['Романович', 'Романівна'],
    ['Андрійович', 'Андріївна'],
    ['Васильович', 'Василівна'],
  ] as const;
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < n; i++) {
    const male = i % 2 === 0;
    const grade = 1 + (i % 11);
    const born = year - 5 - grade - ((i >> 1) % 2);
    const month = String(1 + ((i >> 2) % 8)).padStart(2, '0');
    const day = String(1 + ((i >> 5) % 28)).padStart(2, '0');
    const father = fathers[(i >> 3) % fathers.length]!;
    out.push({
      ...(externalIds ? { externalId: `ext-${firstCertificate + i}` } : {}),
      lastName: lastNames[i % lastNames.length]!,
      firstName: (male ? boys : girls)[(i >> 1) % 8]!,
      middleName: father[male ? 0 : 1],
      sex: male ? 'male' : 'female',
      birthDate: `${born}-${month}-${day}`,
      birthCertificate: { series: 'І-БК', number: String(firstCertificate + i).padStart(6, '0') },
      citizenship: 'UA',
      displacement: { status: 'none' },
      contact: { status: 'in_contact' },
      educationForm: 'day',
      specialNeeds: false,
      instructionLanguage: 'uk',
      enrollment: {
        schoolEdrpou,
        schoolYear: schoolYear(year).label,
        grade,
        classLetter: 'АБВ'[i % 3]!,
        entryDate: schoolYear(year).startsOn,
        orderNumber: `${1 + (i % 90)}-у`,
      },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// A private PostgreSQL cluster

const PG_BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

/** A throwaway PostgreSQL cluster of this test alone: its own data directory, port and socket directory. */
export class PrivatePostgres {
  private constructor(
    readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly asUser: string | null,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** True when a private cluster can be made here, or why not. */
  static available(): true | string {
    const bin = PG_BIN_DIRS.find((d) => fs.existsSync(path.join(d, 'initdb')));
    if (!bin) return `initdb not found in ${PG_BIN_DIRS.join(', ')}`;
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    // PostgreSQL refuses to run as root: the cluster then runs as the postgres user.
    if (root && spawnSync('id', ['-u', 'postgres']).status !== 0)
      return 'running as root and there is no postgres user to run the cluster as';
    if (root && spawnSync('runuser', ['--help']).error) return 'running as root and runuser is not available';
    return true;
  }

  /** The cluster, or why there can be none here (no initdb, no way to run it). */
  static async create(): Promise<PrivatePostgres | { skip: string }> {
    const why = PrivatePostgres.available();
    if (why !== true) return { skip: why };
    const bin = PG_BIN_DIRS.find((d) => fs.existsSync(path.join(d, 'initdb')))!;
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    const asUser = root ? 'postgres' : null;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-faults-pg-'));
    fs.chmodSync(dir, 0o777);
    const data = path.join(dir, 'data');
    const port = await freePort();
    const pg = new PrivatePostgres(bin, dir, port, asUser);
    const init = pg.run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    if (init.status !== 0) return { skip: `initdb failed: ${init.stderr}` };
    fs.appendFileSync(
      path.join(data, 'postgresql.conf'),
      `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nfsync = on\n` +
        'shared_buffers = 32MB\nmax_connections = 40\n',
    );
    const started = pg.ctl('start');
    if (started.status !== 0) return { skip: `pg_ctl start failed: ${started.stderr}${started.stdout}` };
    return pg;
  }

  private run(tool: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
    const cmd = path.join(this.bin, tool);
    const r = this.asUser
      ? spawnSync('runuser', ['-u', this.asUser, '--', cmd, ...args], { encoding: 'utf8', timeout: 120_000 })
      : spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
  }

  ctl(action: 'start' | 'stop' | 'restart', mode: 'fast' | 'immediate' = 'fast') {
    const args = ['-D', path.join(this.dir, 'data'), '-w', '-t', '60', '-l', path.join(this.dir, 'server.log')];
    if (action !== 'start') args.push('-m', mode);
    return this.run('pg_ctl', [action, ...args]);
  }

  /** Stops the cluster and deletes its files. */
  destroy(): void {
    this.ctl('stop', 'immediate');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
