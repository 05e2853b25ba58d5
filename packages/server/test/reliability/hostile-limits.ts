/**
 * Oversized input: bodies over the body limit sent over a real socket (declared by Content-Length, or chunked without
 * one), JSON bombs within the limit (nesting a hundred thousand deep, a million members), ZIP bombs as XLSX (a huge
 * declared size, a ratio no spreadsheet has, an entry that lies about its size, thousands of entries), a CSV with one
 * enormous cell and one with more rows than allowed. Each: refused with a problem of a known code (or, for a file a
 * job reads, a job failure with a known code), not a 5xx, no out-of-memory, and the server keeps answering.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, createDeflateRaw } from 'node:zlib';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { bearer } from '../../src/modules/exchange/testing';
import { multipart, sheetXml } from '../../src/modules/imports/testing';
import { pupilRecord } from '../factories';
import { expectHealthy, type HostileEnv } from './hostile-env';
import { checkAnswer, checkJobProblem, fingerprint, runs } from './hostile';
import { byScale } from './scale';

const MB = 1024 * 1024;
const ANSWER_TIMEOUT_MS = 60_000;

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Sends `size` bytes to the server in 1 MB chunks, stopping when the server answers (it should refuse before reading
 * it all). `declare`: send Content-Length (possibly a lie: `declared`) instead of chunked encoding.
 */
function sendLarge(
  port: number,
  options: {
    method: string;
    path: string;
    headers: Record<string, string>;
    head?: Buffer;
    size: number;
    declared?: number;
  },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.declared !== undefined) headers['content-length'] = options.declared;
    // A connection of its own: a request whose body is cut short of its declared length must not leave its socket to
    // the next one (the server would read that one as the rest of this body).
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: options.method,
      path: options.path,
      headers,
      agent: false,
    });
    let answered = false;
    // A server that neither answers nor closes is a failure of the case, not a hung suite.
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`));
    }, ANSWER_TIMEOUT_MS);
    req.on('response', (res) => {
      answered = true;
      clearTimeout(timer);
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    // The server may close the connection after answering, while the body is still being written.
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    const chunk = Buffer.alloc(MB, 0x20);
    let sent = 0;
    const headBytes = options.head?.length ?? 0;
    const target = options.declared !== undefined ? Math.min(options.size, options.declared - headBytes) : options.size;
    const pump = () => {
      // The head (of a multipart part) comes on top of the `size` bytes of content.
      if (options.head && sent === 0) req.write(options.head);
      while (!answered && sent < target) {
        const n = Math.min(MB, target - sent);
        sent += n;
        if (!req.write(n === MB ? chunk : chunk.subarray(0, n))) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

/** A problem answer as `checkAnswer` wants it (from a raw HTTP answer). */
function asInject(a: RawAnswer) {
  return { statusCode: a.status, headers: a.headers, body: a.body } as Parameters<typeof checkAnswer>[0];
}

/** A deflated entry of `size` bytes of one value, made in 1 MB steps (the test never holds the inflated data). */
async function deflatedRepeat(size: number, byte: number): Promise<{ data: Buffer; crc: number }> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((r) => deflate.on('end', () => r()));
  const chunk = Buffer.alloc(MB, byte);
  let crc = 0;
  for (let left = size; left > 0; left -= MB) {
    const part = left >= MB ? chunk : chunk.subarray(0, left);
    crc = crc32(part, crc);
    if (!deflate.write(part)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc };
}

interface Entry {
  name: string;
  data: Buffer;
  crc: number;
  method: 0 | 8;
  size: number;
  declaredSize: number;
}

/** A ZIP of entries already compressed (the sizes it declares chosen by the test). */
function zipOf(entries: readonly Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declaredSize >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.declaredSize >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const stored = (name: string, text: string): Entry => {
  const data = Buffer.from(text, 'utf8');
  return { name, data, crc: crc32(data), method: 0, size: data.length, declaredSize: data.length };
};
const XLSX_FRAME = [
  stored(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  ),
  stored(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Учні" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ),
  stored(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  ),
];

type Bomb =
  | { kind: 'declared'; inflated: number }
  | { kind: 'liar'; inflated: number; declared: number }
  | { kind: 'entries'; count: number; each: number }
  | { kind: 'shared'; inflated: number };

const bomb: fc.Arbitrary<Bomb> = fc.oneof(
  fc.integer({ min: 101, max: 1024 }).map((m) => ({ kind: 'declared' as const, inflated: m * MB })),
  fc
    .tuple(fc.integer({ min: 101, max: 400 }), fc.constantFrom(0, 100, 2000, 4 * MB))
    .map(([m, declared]) => ({ kind: 'liar' as const, inflated: m * MB, declared })),
  fc
    .tuple(fc.integer({ min: 2_000, max: 20_000 }), fc.integer({ min: 1, max: 64 }))
    .map(([count, kb]) => ({ kind: 'entries' as const, count, each: kb * 1024 })),
  fc.integer({ min: 101, max: 300 }).map((m) => ({ kind: 'shared' as const, inflated: m * MB })),
);

async function bombBytes(b: Bomb): Promise<Buffer> {
  const head = sheetXml([['Прізвище', 'Імʼя', 'Стать', 'Дата народження', 'Клас (номер)']]);
  if (b.kind === 'entries') {
    const { data, crc } = await deflatedRepeat(b.each, 0x20);
    const entries: Entry[] = [...XLSX_FRAME, { ...stored('xl/worksheets/sheet1.xml', head.toString('utf8')) }];
    for (let i = 0; i < b.count; i++)
      entries.push({ name: `xl/media/image${i}.bin`, data, crc, method: 8, size: b.each, declaredSize: b.each });
    return zipOf(entries);
  }
  const { data, crc } = await deflatedRepeat(b.inflated, 0x20);
  const declared = b.kind === 'liar' ? b.declared : Math.min(b.inflated, 0xffffffff);
  const sheet: Entry = {
    name: 'xl/worksheets/sheet1.xml',
    data,
    crc,
    method: 8,
    size: b.inflated,
    declaredSize: declared,
  };
  if (b.kind === 'shared') {
    // The bomb is the shared-strings part, the sheet itself is small.
    return zipOf([
      ...XLSX_FRAME,
      stored('xl/worksheets/sheet1.xml', head.toString('utf8')),
      { ...sheet, name: 'xl/sharedStrings.xml' },
    ]);
  }
  return zipOf([...XLSX_FRAME, sheet]);
}

export function limitCases(env: () => HostileEnv): void {
  // Skipped until the socket client is sorted out: some cases get no answer within a minute (a request to sign-in
  // with a true Content-Length among them), which may be this client's flow control or the server's; open in
  // docs/reliability/hostile-input.md. The refusals themselves (413 problems, early for multipart) were seen.
  it('bodies over the limit are refused with PAYLOAD_TOO_LARGE over a real socket, without reading them whole', async () => {
    const { t, c, token, editor, sessions } = env();
    // The socket stays open until the instance is closed with the suite.
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    {
      const port = (t.app.server.address() as AddressInfo).port;
      const limit = t.ctx.config.maxUploadBytes;
      const json = { 'content-type': 'application/json' };
      const targets = [
        {
          method: 'PUT',
          path: `/api/v1/schools/${c.schools[0].edrpou}/pupils/big`,
          headers: { ...bearer(token), ...json },
          limit,
        },
        {
          method: 'POST',
          path: `/api/v1/schools/${c.schools[0].edrpou}/pupils:batch`,
          headers: { ...bearer(token), ...json, 'idempotency-key': 'big-batch' },
          limit: 64 * MB,
        },
        { method: 'POST', path: '/api/v1/pupils', headers: { ...editor.headers, ...json }, limit },
        { method: 'POST', path: '/api/v1/auth/login', headers: json, limit },
        {
          method: 'POST',
          path: '/oauth/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          limit,
        },
        {
          method: 'POST',
          path: `/api/v1/schools/${c.schools[2].id}/imports`,
          headers: editor.headers,
          limit,
          multipart: true,
        },
        {
          method: 'POST',
          path: '/api/v1/verification/extracts?kind=births&link=false',
          headers: sessions.ministry_verifier!.headers,
          limit,
          multipart: true,
        },
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: targets.length - 1 }),
          fc.integer({ min: 1, max: 2 * MB }),
          fc.constantFrom('chunked', 'declared', 'declared-huge'),
          async (i, extra, framing) => {
            const target = targets[i]!;
            const before = await fingerprint(t.ctx);
            // A multipart body is the part's head and then the file, larger than the limit (no tail is reached).
            const boundary = '----aikomoversized';
            const head = target.multipart
              ? Buffer.from(
                  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`,
                )
              : undefined;
            const size = target.limit + extra;
            const answer = await sendLarge(port, {
              method: target.method,
              path: target.path,
              headers: {
                ...target.headers,
                ...(head ? { 'content-type': `multipart/form-data; boundary=${boundary}` } : {}),
              },
              ...(head ? { head } : {}),
              size,
              ...(framing === 'declared'
                ? { declared: size + (head?.length ?? 0) }
                : framing === 'declared-huge'
                  ? { declared: 8 * 1024 * MB }
                  : {}),
            });
            const code = checkAnswer(
              asInject(answer),
              `${target.method} ${target.path} ${framing} ${size}`,
              target.path,
            );
            if (target.path === '/oauth/token') expect(answer.status, answer.body).toBe(400);
            else expect(code, answer.body.slice(0, 300)).toBe('PAYLOAD_TOO_LARGE');
            expect(await fingerprint(t.ctx)).toEqual(before);
          },
        ),
        runs('oversized bodies', 4101, 14, 60),
      );
    }
    await expectHealthy(env());
  });

  it('JSON bombs within the limit (deep nesting, a million members) are answered, not crashed on', async () => {
    const { t, c, token, editor } = env();
    const shapes = fc.oneof(
      fc.integer({ min: 1_000, max: 200_000 }).map((depth) => ({ kind: 'deep' as const, depth })),
      fc.integer({ min: 10_000, max: 1_000_000 }).map((members) => ({ kind: 'wide' as const, members })),
      fc.integer({ min: 1_000, max: 100_000 }).map((records) => ({ kind: 'many' as const, records })),
    );
    await fc.assert(
      fc.asyncProperty(shapes, fc.nat({ max: 2 }), async (shape, at) => {
        const body =
          shape.kind === 'deep'
            ? `{"lastName":${'['.repeat(shape.depth)}${']'.repeat(shape.depth)}}`
            : shape.kind === 'wide'
              ? `{${Array.from({ length: shape.members }, (_, i) => `"k${i}":${i}`).join(',')}}`
              : JSON.stringify({
                  records: Array.from({ length: shape.records }, (_, i) => ({
                    ...pupilRecord(c.schools[0]),
                    externalId: `bomb-${i}`,
                  })),
                });
        const target = [
          { method: 'PUT' as const, url: `/api/v1/schools/${c.schools[0].edrpou}/pupils/bomb`, headers: bearer(token) },
          { method: 'POST' as const, url: '/api/v1/pupils', headers: editor.headers },
          {
            method: 'POST' as const,
            url: `/api/v1/schools/${c.schools[0].edrpou}/pupils:batch`,
            headers: { ...bearer(token), 'idempotency-key': `bomb-${shape.kind}-${at}-${Date.now()}` },
          },
        ][shape.kind === 'many' ? 2 : at]!;
        const before = await fingerprint(t.ctx);
        const res = await t.app.inject({
          ...target,
          headers: { ...target.headers, 'content-type': 'application/json' },
          payload: body,
        });
        const code = checkAnswer(res, `${target.method} ${target.url} ${shape.kind}`);
        if (code) expect(await fingerprint(t.ctx)).toEqual(before);
        if (res.statusCode === 202) {
          await t.ctx.jobs.drain();
          const job = await t.ctx.db.kysely
            .selectFrom('job')
            .select('error')
            .where('id', '=', res.json<{ job: { id: string } }>().job.id)
            .executeTakeFirstOrThrow();
          checkJobProblem(job.error as { code?: unknown } | null, 'bomb batch job');
        }
      }),
      runs('JSON bombs', 4102, 4, 30),
    );
    await expectHealthy(env());
  });

  it('ZIP bombs as XLSX are refused (at upload, or by the job before parsing) without running out of memory', async () => {
    const { t, c, editor } = env();
    await fc.assert(
      fc.asyncProperty(bomb, async (b) => {
        const bytes = await bombBytes(b);
        const before = await fingerprint(t.ctx);
        const rss = process.memoryUsage().rss;
        const body = multipart('bomb.xlsx', bytes);
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/schools/${c.schools[2].id}/imports`,
          headers: { ...editor.headers, ...body.headers },
          payload: body.payload,
        });
        const code = checkAnswer(res, `bomb ${JSON.stringify(b)}`);
        if (code) {
          expect(await fingerprint(t.ctx)).toEqual(before);
          return;
        }
        await t.ctx.jobs.drain();
        const imp = await t.app.inject({
          url: `/api/v1/imports/${res.json<{ importId: string }>().importId}`,
          headers: editor.headers,
        });
        checkAnswer(imp, 'bomb import');
        const v = imp.json<{ status: string; error: { code?: unknown } | null }>();
        checkJobProblem(v.error, `bomb ${JSON.stringify(b)}`);
        // Whatever the job did, it did not inflate the bomb: a gigabyte of growth would be an out-of-memory away.
        expect(process.memoryUsage().rss - rss, JSON.stringify(b)).toBeLessThan(512 * MB);
        if (b.kind !== 'entries') expect(v.status, JSON.stringify(v)).toBe('failed');
        expect(Number((await fingerprint(t.ctx)).person)).toBe(Number(before.person));
      }),
      runs('ZIP bombs', 4103, 8, 60),
    );
    await expectHealthy(env());
  });

  it('a CSV with one enormous cell and one with too many rows are refused with a known code', async () => {
    const { t, c, editor, sessions } = env();
    const header = 'Прізвище;Імʼя;Стать;Дата народження;Клас (номер)\r\n';
    // Each of these takes tens of seconds on the embedded engine (the file is stored, then read whole): CI runs the
    // enormous cell at 1 MB and leaves the row limit to the full run.
    const cell = byScale(1, 9) * MB;
    const files = [
      {
        url: `/api/v1/schools/${c.schools[2].id}/imports`,
        s: editor,
        bytes: Buffer.from(`${header}${'Ш'.repeat(cell / 2)};Марко;чоловіча;03.03.2019;1\r\n`),
      },
      ...byScale(
        [],
        [
          {
            url: `/api/v1/schools/${c.schools[2].id}/imports`,
            s: editor,
            bytes: Buffer.from(header + 'Гнатюк;Марко;чоловіча;03.03.2019;1\r\n'.repeat(20_001)),
          },
        ],
      ),
      {
        url: '/api/v1/verification/extracts?kind=births&link=false',
        s: sessions.ministry_verifier!,
        bytes: Buffer.from(
          `record_id;last_name;first_name;birth_date\r\n1;${'Ш'.repeat(cell / 2)};Тарас;2015-03-09\r\n`,
        ),
      },
    ];
    for (const f of files) {
      const started = Date.now();
      const body = multipart('big.csv', f.bytes, 'text/csv');
      const res = await t.app.inject({
        method: 'POST',
        url: f.url,
        headers: { ...f.s.headers, ...body.headers },
        payload: body.payload,
      });
      checkAnswer(res, f.url);
      await t.ctx.jobs.drain();
      const failed = await t.ctx.db.kysely
        .selectFrom('job')
        .select(['kind', 'error'])
        .where('status', '=', 'failed')
        .execute();
      for (const j of failed) checkJobProblem(j.error as { code?: unknown } | null, `job ${j.kind}`);
      console.info(`[hostile-input] ${f.url} ${f.bytes.length} bytes: ${res.statusCode} in ${Date.now() - started} ms`);
    }
    await expectHealthy(env());
  });
}
