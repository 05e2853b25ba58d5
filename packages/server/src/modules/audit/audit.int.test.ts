import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enginesUnderTest } from '../../../test/engines';
import { createCascade, createUser, signIn, type Cascade } from '../../../test/factories';
import { auditDb, createTestApp, sealAudit, type TestApp } from '../../../test/harness';
import { AuditRepository } from './repository';
import { AuditService } from './service';

describe.each(enginesUnderTest())('the audit chain on %s', (engine) => {
  let t: TestApp;
  let c: Cascade;
  const repo = new AuditRepository();
  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await createCascade(t.ctx);
  });
  afterAll(async () => t?.close());

  it('chains every entry and lets security officers search their scope', async () => {
    const ministry = await signIn(t.app, t.ctx, await createUser(t.ctx, 'ministry_admin', c.ministry, { totp: true }));
    t.advance(31_000);
    const kyivska = await signIn(t.app, t.ctx, await createUser(t.ctx, 'region_admin', c.regions[0], { totp: true }));
    const lvivskaUser = await createUser(t.ctx, 'region_admin', c.regions[1], { totp: true });
    await signIn(t.app, t.ctx, lvivskaUser);
    const all = await t.app.inject({ url: '/api/v1/audit?action=auth.login', headers: ministry.headers });
    expect(all.statusCode).toBe(200);
    expect(all.json<{ items: unknown[] }>().items.length).toBeGreaterThanOrEqual(3);
    // Sign-ins happen before there is an actor; a region officer sees what actors of the region did.
    await t.app.inject({ url: '/api/v1/organisations', headers: kyivska.headers });
    const own = await t.app.inject({ url: '/api/v1/audit', headers: kyivska.headers });
    expect(own.statusCode).toBe(200);
    const logins = own.json<{ items: Array<{ actorLogin: string }> }>().items.map((i) => i.actorLogin);
    expect(logins).not.toContain(lvivskaUser.login);
    const editor = await signIn(t.app, t.ctx, await createUser(t.ctx, 'school_editor', c.schools[0]));
    expect((await t.app.inject({ url: '/api/v1/audit', headers: editor.headers })).statusCode).toBe(403);
    const verified = await repo.verify(await auditDb(t.ctx));
    expect(verified.firstBreak).toBeNull();
    expect(verified.entries).toBeGreaterThan(4);
  });

  it('detects a row altered directly in the database and names it', async () => {
    const before = await repo.verify(await auditDb(t.ctx));
    expect(before.firstBreak).toBeNull();
    const victim = Math.max(2, Math.floor(before.entries / 2));
    expect(before.entries).toBeGreaterThan(victim);
    // Only a superuser bypassing the append-only trigger can do this; the chain still tells.
    await t.ctx.db.system(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`UPDATE audit_log SET outcome = 'ok', details = '{"forged":true}' WHERE id = ${victim}`.execute(trx);
    });
    expect((await repo.verify(await auditDb(t.ctx))).firstBreak).toEqual({ id: victim, reason: 'hash' });
  });

  it('detects entries removed from the end of the chain', async () => {
    const fresh = await createTestApp(engine);
    try {
      await fresh.ctx.db.system(async (trx) => {
        for (let i = 0; i < 3; i++) await new AuditService().record(trx, null, { action: 'test' });
      });
      await sealAudit(fresh.ctx);
      await fresh.ctx.db.system(async (trx) => {
        await sql`SET LOCAL session_replication_role = replica`.execute(trx);
        await sql`DELETE FROM audit_log WHERE id = 3`.execute(trx);
      });
      expect((await repo.verify(fresh.ctx.db.kysely)).firstBreak).toEqual({ id: 3, reason: 'gap' });
    } finally {
      await fresh.close();
    }
  });

  it('refuses UPDATE and DELETE even for the owner, through the trigger', async () => {
    await sealAudit(t.ctx);
    await expect(t.ctx.db.system((trx) => sql`DELETE FROM audit_log WHERE id = 1`.execute(trx))).rejects.toThrow(
      /append-only/,
    );
  });
});
