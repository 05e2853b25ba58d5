import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformClient, type PlatformClient } from '../../../packages/sdk/src/resources/platform';
import { enginesUnderTest } from '../../../packages/server/test/engines';
import { createUser, insertCurrentSchoolYear, signIn } from '../../../packages/server/test/factories';
import { createTestApp, TEST_NOW, type TestApp } from '../../../packages/server/test/harness';
import {
  injectFetch,
  linkSchools,
  registerTestPlatform,
  type TestPlatform,
} from '../../../packages/server/src/modules/exchange/testing';
import { seedSynthetic } from '../../../packages/server/src/modules/seed/load-synthetic';
import { referenceData } from './reference';
import { createSyntheticDataset, type SyntheticDataset } from '../synth/generate';
import { EJournalSimulator } from './simulator';

const TODAY = TEST_NOW.toISOString().slice(0, 10);

describe.each(enginesUnderTest())('the e-journal simulator against the registry on %s', (engine) => {
  let t: TestApp;
  let dataset: SyntheticDataset;
  let a: TestPlatform;
  let b: TestPlatform;
  let clientA: PlatformClient;
  let clientB: PlatformClient;
  let sim: EJournalSimulator;
  let served: string[];
  let other: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    await insertCurrentSchoolYear(t.ctx);
    // A registry with the demo region's schools and no pupils yet: they arrive from the platform.
    await seedSynthetic(t.ctx, { preset: 'demo', seed: 7, organisationsOnly: true, workers: 0 });
    dataset = createSyntheticDataset(referenceData(), { preset: 'demo', seed: 7, schoolYear: 2025, today: TODAY });
    const schools = [...dataset.plan.schools].sort((x, y) => x.records - y.records);
    served = schools.slice(0, 3).map((s) => s.edrpou);
    other = schools[3]!.edrpou;
    a = await registerTestPlatform(t.ctx, 'Симулятор е-журналу А');
    b = await registerTestPlatform(t.ctx, 'Симулятор е-журналу Б');
    await linkSchools(t.ctx, a.id, served);
    await linkSchools(t.ctx, b.id, [other]);
    const fetch = injectFetch(t.app);
    clientA = createPlatformClient({
      baseUrl: 'http://aikom.test',
      clientId: a.clientId,
      clientSecret: a.clientSecret,
      fetch,
    });
    clientB = createPlatformClient({
      baseUrl: 'http://aikom.test',
      clientId: b.clientId,
      clientSecret: b.clientSecret,
      fetch,
    });
    sim = new EJournalSimulator({ client: clientA, dataset, schools: served, batchSize: 150, today: TODAY, seed: 3 });
  });
  afterAll(async () => t?.close());

  it('syncs its schools from scratch: every valid record is in the registry, and its mirror equals it', async () => {
    expect((await clientA.platform.schools()).map((s) => s.edrpou).sort()).toEqual([...served].sort());
    await sim.initialiseMirror();
    expect(sim.mirror.size).toBe(0);
    const pushed = await sim.push();
    expect(pushed.records).toBe(sim.journal.size);
    expect(pushed.created).toBeGreaterThan(pushed.records * 0.8);
    // The synthetic data carry faults (records the catalogue refuses) and second records of the same child.
    expect(pushed.created + pushed.rejected).toBe(pushed.records);
    expect(
      Object.keys(pushed.rejectedCodes).every((c) =>
        ['PUPIL_INVALID', 'DUPLICATE_PERSON', 'DUPLICATE_IN_BATCH'].includes(c),
      ),
    ).toBe(true);
    await sim.follow();
    const v = await sim.verify();
    expect(v, JSON.stringify({ ...v, missing: v.missing.slice(0, 3), extra: v.extra.slice(0, 3) })).toMatchObject({
      equal: true,
      missing: [],
      extra: [],
      different: [],
      lost: [],
    });
    expect(v.registry).toBe(pushed.created);
  });

  it('pushes the same data again as unchanged', async () => {
    const again = await sim.push();
    expect(again.created).toBe(0);
    expect(again.updated).toBe(0);
    expect(again.unchanged + again.rejected).toBe(again.records);
  });

  it('syncs incrementally: its edits and an exit recorded in the portal reach the mirror', async () => {
    const edits = await sim.edit(40);
    expect(edits.classChanges + edits.contactLost + edits.addressChanges + edits.exits).toBe(40);
    // Someone else changes the registry: the school records an exit in the portal.
    const victim = [...sim.mirror.values()].find((p) => p.schoolEdrpou === served[0])!;
    const school = await t.ctx.db.kysely
      .selectFrom('organisation')
      .select(['id', 'name', 'kind', 'region_id', 'ouo_id', 'edrpou'])
      .where('edrpou', '=', served[0]!)
      .executeTakeFirstOrThrow();
    const editor = await signIn(
      t.app,
      t.ctx,
      await createUser(
        t.ctx,
        'school_editor',
        {
          id: school.id,
          name: school.name,
          kind: 'school',
          regionId: school.region_id,
          ouoId: school.ouo_id,
          edrpou: school.edrpou,
        },
        { totp: true },
      ),
    );
    const exit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/pupils/${victim.pupilId}/exit`,
      headers: editor.headers,
      payload: { date: TODAY, reason: 'abroad', destinationCountry: 'PL' },
    });
    expect(exit.statusCode, exit.body).toBe(204);
    const followed = await sim.follow();
    expect(followed.changes).toBeGreaterThanOrEqual(
      edits.classChanges + edits.contactLost + edits.addressChanges + edits.exits + 1,
    );
    expect(sim.mirror.has(victim.pupilId)).toBe(false);
    const v = await sim.verify();
    // The pupil who left in the portal is still in the e-journal's own list: the platform learns of it and drops it.
    expect(v.lost).toEqual([victim.externalId]);
    expect({ ...v, lost: [] }).toMatchObject({ equal: false, missing: [], extra: [], different: [] });
    sim.journal.delete(victim.externalId!);
    expect((await sim.verify()).equal).toBe(true);
  });

  it('a mirror started late from the head and a full read equals the registry too', async () => {
    const late = new EJournalSimulator({ client: clientA, dataset, schools: served, today: TODAY });
    await late.initialiseMirror();
    await late.follow();
    const registry = await late.verify();
    expect(registry.missing).toEqual([]);
    expect(registry.extra).toEqual([]);
    expect(registry.different).toEqual([]);
    expect(late.mirror.size).toBe(sim.mirror.size);
  });

  it('a second platform sees nothing of the first', async () => {
    expect((await clientB.platform.schools()).map((s) => s.edrpou)).toEqual([other]);
    const feed = await clientB.platform.changes.list({ limit: 1000 });
    expect(feed.items).toEqual([]);
    await expect(clientB.platform.pupils.records(served[0]!)).rejects.toMatchObject({ status: 404 });
    const someone = [...sim.journal.values()].find((e) => e.accepted)!;
    await expect(clientB.platform.pupils.get(someone.edrpou, someone.externalId)).rejects.toMatchObject({
      status: 404,
    });
    const roster = await clientB.oneRoster.students({ limit: 1000 });
    expect(roster.items).toEqual([]);
    const orgs = await clientB.oneRoster.schools();
    expect(orgs.items.map((o) => o.identifier)).toEqual([other]);
  });
});
