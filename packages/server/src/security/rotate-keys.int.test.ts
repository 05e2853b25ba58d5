import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../test/engines';
import { createCascade, createUser, pupilRecord, signIn } from '../../test/factories';
import { createTestApp, type TestApp } from '../../test/harness';
import { openIdentifiers } from '../modules/pupils/identifiers';
import { KeyRing, writeKeyFile } from './key-ring';
import { sql } from 'kysely';
import { ENCRYPTED_COLUMNS, rotateKeys } from './rotate-keys';

describe.each(enginesUnderTest())('key rotation on %s', (engine) => {
  let t: TestApp;
  let file: string;
  beforeAll(async () => {
    t = await createTestApp(engine);
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aikom-keys-')), 'keys.json');
    writeKeyFile(file, t.ctx.keys.file);
    const c = await createCascade(t.ctx);
    await t.ctx.db.kysely
      .insertInto('school_year')
      .values({ id: 2025, label: '2025-2026', starts_on: '2025-09-01', ends_on: '2026-08-31', is_current: true })
      .execute();
    const editor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[0], { totp: true }));
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/pupils',
        headers: editor.headers,
        payload: pupilRecord(c.schools[0], {
          firstName: [
            'Андрій',
            'Богдан',
            'Василь',
            'Денис',
            'Євген',
            'Іван',
            'Кирило',
            'Леонід',
            'Максим',
            'Назар',
            'Олег',
            'Петро',
          ][i],
          birthCertificate: { series: 'І-БК', number: String(300000 + i) },
          unzr: undefined,
        }),
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => t?.close());

  it('knows every ciphertext column of the schema (a column it missed would be lost when its key is retired)', async () => {
    // By convention a ciphertext column ends in `_enc`; the import tables keep whole sealed files and rows.
    const r = await sql<{ c: string }>`
      SELECT table_name || '.' || column_name AS c FROM information_schema.columns
      WHERE table_schema = 'public' AND data_type = 'bytea' AND column_name LIKE '%\_enc'
      ORDER BY 1`.execute(t.ctx.db.kysely);
    const registered = new Set(ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`));
    expect(r.rows.map((x) => x.c).filter((c) => !registered.has(c))).toEqual([]);
    expect(r.rows.length).toBeGreaterThanOrEqual(5);
  });

  it('re-encrypts every ciphertext with the new key, keeps them readable, and retires the old key', async () => {
    const before = await t.ctx.db.kysely
      .selectFrom('person')
      .select(['id', 'identifiers_enc', 'birth_cert_country', 'birth_cert_kind'])
      .execute();
    const plain = new Map(before.map((p) => [p.id, openIdentifiers(t.ctx.keys, p.id, p)]));
    const { ring, report } = await rotateKeys(t.ctx.db, file, t.ctx.keys, { now: t.ctx.now(), retire: true });
    expect(report.newKeyId).toBe(2);
    expect(report.reencrypted['person.identifiers_enc']).toBe(12);
    expect(report.reencrypted['app_user.totp_secret_enc']).toBe(1);
    expect(report.retired).toEqual([1]);
    const after = await t.ctx.db.kysely
      .selectFrom('person')
      .select(['id', 'identifiers_enc', 'birth_cert_country', 'birth_cert_kind'])
      .execute();
    for (const p of after) {
      expect(KeyRing.keyIdOf(p.identifiers_enc!)).toBe(2);
      expect(openIdentifiers(ring, p.id, p)).toEqual(plain.get(p.id));
    }
    // The old ring cannot read the new ciphertexts; the key file on disk is the new ring.
    expect(() => openIdentifiers(t.ctx.keys, after[0]!.id, after[0]!)).toThrow();
    const onDisk = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      encryption: Array<{ id: number }>;
      activeEncryptionKey: number;
    };
    expect(onDisk.encryption.map((k) => k.id)).toEqual([2]);
    expect(onDisk.activeEncryptionKey).toBe(2);
    // Running again re-encrypts everything once more (nothing is left behind on the old key).
    const second = await rotateKeys(t.ctx.db, file, ring, { now: t.ctx.now() });
    expect(second.report.reencrypted['person.identifiers_enc']).toBe(12);
  });
});
