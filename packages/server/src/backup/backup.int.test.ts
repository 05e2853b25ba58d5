import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, enginesUnderTest, type TestDatabase } from '../../test/engines';
import { createCascade, createUser, pupilRecord, signIn } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/harness';
import type { Database } from '../db/database';
import { backup, restore } from './backup';

/** Every table's rows and a digest of their content, in primary-key order. */
async function fingerprint(db: Database): Promise<Record<string, { rows: number; md5: string }>> {
  const tables = await sql<{
    t: string;
  }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migration' ORDER BY 1`.execute(
    db.kysely,
  );
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const { t } of tables.rows) {
    const r = await sql<{
      rows: number;
      md5: string;
    }>`SELECT count(*)::int AS rows, md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS md5 FROM ${sql.table(t)} x`.execute(
      db.kysely,
    );
    out[t] = r.rows[0]!;
  }
  return out;
}

describe.each(enginesUnderTest())('backup and restore from %s', (engine) => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-bk-'));
    const c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    const s = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[0], { totp: true }));
    for (const [n, lastName] of ['Мельник', 'Ткаченко', 'Бондаренко'].entries()) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pupils',
        headers: s.headers,
        payload: pupilRecord(c.schools[0], {
          lastName,
          birthCertificate: { series: 'І-БК', number: String(500000 + n) },
        }),
      });
      expect(r.statusCode, r.body).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const targets = enginesUnderTest();
  for (const target of targets) {
    it(`restores into an empty ${target} database and every table compares equal`, async () => {
      const file = path.join(dir, `to-${target}.aikombk`);
      const header = await backup(t.ctx.db, file, { passphrase: 'довга парольна фраза копії' }, t.ctx.now());
      expect(header.tables.map((x) => x.name)).toEqual(
        expect.arrayContaining(['organisation', 'person', 'enrolment', 'audit_log', 'territory']),
      );
      // Ciphertext, not plaintext: no surname and no table name is readable in the file.
      const raw = fs.readFileSync(file);
      expect(raw.includes(Buffer.from('Ткаченко'))).toBe(false);
      expect(raw.includes(Buffer.from('organisation'))).toBe(false);
      const fresh: TestDatabase = await createTestDatabase(target, { reference: false });
      try {
        await restore(fresh.db, file, { passphrase: 'довга парольна фраза копії' });
        expect(await fingerprint(fresh.db)).toEqual(await fingerprint(t.ctx.db));
        // The identity sequences continue after the restored rows.
        const next = await sql<{
          id: number;
        }>`INSERT INTO login_attempt (login, success) VALUES ('x', false) RETURNING id`.execute(fresh.db.kysely);
        const max = await sql<{ m: number }>`SELECT max(id) AS m FROM login_attempt WHERE login <> 'x'`.execute(
          fresh.db.kysely,
        );
        expect(next.rows[0]!.id).toBeGreaterThan(max.rows[0]!.m ?? 0);
        // A second restore into the now-occupied database is refused.
        await expect(restore(fresh.db, file, { passphrase: 'довга парольна фраза копії' })).rejects.toMatchObject({
          code: 'CONFLICT',
        });
      } finally {
        await fresh.drop();
      }
    });
  }

  it('refuses a wrong passphrase and a tampered archive without touching the database', async () => {
    const file = path.join(dir, 'check.aikombk');
    await backup(t.ctx.db, file, { passphrase: 'довга парольна фраза копії' }, t.ctx.now());
    const fresh = await createTestDatabase(engine, { reference: false });
    try {
      await expect(restore(fresh.db, file, { passphrase: 'зовсім інша фраза копії' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      const bytes = fs.readFileSync(file);
      bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
      fs.writeFileSync(file, bytes);
      await expect(restore(fresh.db, file, { passphrase: 'довга парольна фраза копії' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      const orgs = await sql<{ n: number }>`SELECT count(*)::int AS n FROM organisation`.execute(fresh.db.kysely);
      expect(orgs.rows[0]!.n).toBe(0);
    } finally {
      await fresh.drop();
    }
  });
});
