/**
 * An e-journal simulator: a platform (ОІС) that keeps the pupils of N schools of the synthetic data set, pushes them
 * to the registry in batches, edits some of them as schools do during the year, follows the change feed into a
 * mirror of the registry and checks that the mirror equals the registry (DOMAIN.md § 2: "its records arrive through
 * the platform"). It talks to the registry only through the SDK, so it runs against a test application in process
 * (integration test) or a server on loopback (load tool: `npx tsx tools/src/simulator/cli.ts`).
 */
import { randomUUID } from 'node:crypto';
import type { PlatformClient, PlatformPupil } from '../../../packages/sdk/src/resources/platform';
import type { PupilRecord } from '../../../packages/sdk/src/resources/pupils';
import type { SyntheticDataset } from '../synth/generate';
import { CLASS_LETTERS } from '../synth/plan';
import { Rng } from '../synth/random';

export interface SimulatorOptions {
  client: PlatformClient;
  dataset: SyntheticDataset;
  /** ЄДРПОУ of the schools the simulated platform serves (they must have chosen it). */
  schools: readonly string[];
  /** Records per batch request (≤ 1 000). */
  batchSize?: number;
  /** Batches sent at once. */
  concurrency?: number;
  seed?: number;
  /** The date the e-journal works at (exits and contact losses are dated on it). */
  today: string;
  log?: (message: string) => void;
}

export interface PushReport {
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejectedCodes: Record<string, number>;
  batches: number;
  ms: number;
  recordsPerSecond: number;
}

export interface EditReport {
  classChanges: number;
  contactLost: number;
  addressChanges: number;
  exits: number;
  ms: number;
}

export interface MirrorReport {
  changes: number;
  pages: number;
  ms: number;
}

export interface VerifyReport {
  equal: boolean;
  registry: number;
  mirror: number;
  missing: string[];
  extra: string[];
  different: string[];
  /** The e-journal's accepted pupils the registry does not hold for its schools (should be none). */
  lost: string[];
}

interface JournalEntry {
  edrpou: string;
  externalId: string;
  record: PupilRecord;
  /** Accepted by the registry (the last push was not rejected). */
  accepted: boolean;
}

const MAX_BATCH = 1000;

/** The e-journal: its own pupils (by its ids), and a mirror of the registry's view of its schools. */
export class EJournalSimulator {
  readonly journal = new Map<string, JournalEntry>();
  readonly mirror = new Map<string, PlatformPupil>();
  cursor: string | undefined;
  private readonly rng: Rng;
  private readonly batchSize: number;
  private readonly log: (m: string) => void;

  constructor(private readonly o: SimulatorOptions) {
    this.rng = Rng.fromSeed(`simulator:${o.seed ?? 1}`);
    this.batchSize = Math.min(o.batchSize ?? 500, MAX_BATCH);
    this.log = o.log ?? (() => undefined);
    const wanted = new Set(o.schools);
    for (const s of o.dataset.plan.schools) {
      if (!wanted.has(s.edrpou)) continue;
      for (const p of o.dataset.schoolPupils(s.index)) {
        // The e-journal's own id: its school and its record number (stable across runs of the same seed).
        const externalId = `ej-${s.edrpou}-${p.recordNo}`;
        this.journal.set(externalId, {
          edrpou: s.edrpou,
          externalId,
          record: { ...(p.record as unknown as PupilRecord), externalId },
          accepted: false,
        });
      }
    }
  }

  get platform() {
    return this.o.client.platform;
  }

  /**
   * The first synchronisation of a mirror: the feed's head first, then every school's records, then the feed from
   * the head (so nothing that happens during the read is missed).
   */
  async initialiseMirror(): Promise<MirrorReport> {
    const started = performance.now();
    this.cursor = await this.platform.changes.head();
    this.mirror.clear();
    for (const edrpou of this.o.schools)
      for await (const p of this.platform.pupils.all(edrpou)) this.mirror.set(p.pupilId, p);
    return { changes: this.mirror.size, pages: 0, ms: Math.round(performance.now() - started) };
  }

  /** Sends every journal entry of the schools (or the given ones) in batches; returns the registry's verdicts. */
  async push(entries: readonly JournalEntry[] = [...this.journal.values()]): Promise<PushReport> {
    const started = performance.now();
    const report: PushReport = {
      records: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      rejectedCodes: {},
      batches: 0,
      ms: 0,
      recordsPerSecond: 0,
    };
    const bySchool = new Map<string, JournalEntry[]>();
    for (const e of entries) bySchool.set(e.edrpou, [...(bySchool.get(e.edrpou) ?? []), e]);
    const work: Array<{ edrpou: string; chunk: JournalEntry[] }> = [];
    for (const [edrpou, list] of bySchool)
      for (let i = 0; i < list.length; i += this.batchSize)
        work.push({ edrpou, chunk: list.slice(i, i + this.batchSize) });
    const send = async ({ edrpou, chunk }: { edrpou: string; chunk: JournalEntry[] }) => {
      const key = randomUUID();
      let answer = await this.platform.pupils.batch(
        edrpou,
        chunk.map((e) => e.record),
        { idempotencyKey: key },
      );
      if (answer.kind !== 'done') throw new Error('a batch of at most 1 000 records is answered at once');
      // A retry with the same key replays the same answer (network failures are retried this way).
      if (this.rng.chance(0.02)) {
        const again = await this.platform.pupils.batch(
          edrpou,
          chunk.map((e) => e.record),
          { idempotencyKey: key },
        );
        if (again.kind !== 'done' || !again.replayed) throw new Error('an Idempotency-Key retry was not replayed');
        answer = again;
      }
      const { summary, results } = answer.result;
      report.batches++;
      report.records += summary.records;
      report.created += summary.created;
      report.updated += summary.updated;
      report.unchanged += summary.unchanged;
      report.rejected += summary.rejected;
      for (const r of results) {
        const entry = chunk[r.index]!;
        entry.accepted = r.status !== 'rejected';
        if (r.status === 'rejected') report.rejectedCodes[r.code!] = (report.rejectedCodes[r.code!] ?? 0) + 1;
      }
    };
    const queue = [...work];
    await Promise.all(
      Array.from({ length: Math.max(1, this.o.concurrency ?? 1) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) await send(next);
      }),
    );
    report.ms = Math.round(performance.now() - started);
    report.recordsPerSecond = Math.round(report.records / Math.max(0.001, report.ms / 1000));
    this.log(
      `push: ${report.records} records in ${report.batches} batches, ${report.recordsPerSecond}/s — ` +
        `created ${report.created}, updated ${report.updated}, unchanged ${report.unchanged}, rejected ${report.rejected}`,
    );
    return report;
  }

  /**
   * Edits `count` accepted pupils as schools do: a move to another class, lost contact, a new address, an exit.
   * Changes go in one batch per school; exits through the exit endpoint.
   */
  async edit(count: number): Promise<EditReport> {
    const started = performance.now();
    const report: EditReport = { classChanges: 0, contactLost: 0, addressChanges: 0, exits: 0, ms: 0 };
    const candidates = [...this.journal.values()].filter((e) => e.accepted && e.record.enrollment);
    this.rng.shuffle(candidates);
    const changed: JournalEntry[] = [];
    for (const e of candidates.slice(0, count)) {
      const r = e.record;
      const roll = this.rng.float();
      if (roll < 0.35) {
        const current = r.enrollment!.classLetter ?? 'А';
        const letters = CLASS_LETTERS.slice(0, 4).filter((l) => l !== current);
        e.record = { ...r, enrollment: { ...r.enrollment!, classLetter: this.rng.pick(letters) } };
        report.classChanges++;
        changed.push(e);
      } else if (roll < 0.6) {
        e.record = {
          ...r,
          contact: { status: 'lost', lostSince: this.o.today, note: 'Не виходить на звʼязок (симуляція)' },
        };
        report.contactLost++;
        changed.push(e);
      } else if (roll < 0.85) {
        e.record = {
          ...r,
          residence: { ...(r.residence ?? {}), address: `вул. Нова, ${this.rng.int(1, 150)}` },
        };
        report.addressChanges++;
        changed.push(e);
      } else {
        await this.platform.pupils.exit(e.edrpou, e.externalId, {
          date: this.o.today,
          reason: 'other',
          note: 'симуляція',
        });
        this.journal.delete(e.externalId);
        report.exits++;
      }
    }
    if (changed.length > 0) await this.push(changed);
    report.ms = Math.round(performance.now() - started);
    this.log(
      `edits: ${report.classChanges} class changes, ${report.contactLost} lost contact, ` +
        `${report.addressChanges} addresses, ${report.exits} exits`,
    );
    return report;
  }

  /** Follows the change feed until caught up, applying each change to the mirror. */
  async follow(options: { maxWaitMs?: number; pageSize?: number } = {}): Promise<MirrorReport> {
    const started = performance.now();
    const report: MirrorReport = { changes: 0, pages: 0, ms: 0 };
    const deadline = Date.now() + (options.maxWaitMs ?? 60_000);
    for (;;) {
      const page = await this.platform.changes.list({
        ...(this.cursor ? { cursor: this.cursor } : {}),
        limit: options.pageSize ?? 500,
      });
      report.pages++;
      for (const c of page.items) {
        if (c.kind === 'deleted' || !c.pupil) this.mirror.delete(c.pupilId);
        else this.mirror.set(c.pupilId, c.pupil);
        report.changes++;
      }
      this.cursor = page.nextCursor;
      if (page.hasMore) continue;
      if (!page.pending) break;
      if (Date.now() > deadline) throw new Error('the change feed stayed held back by a long transaction');
      await new Promise((r) => setTimeout(r, 200));
    }
    report.ms = Math.round(performance.now() - started);
    this.log(`mirror: ${report.changes} changes in ${report.pages} pages; ${this.mirror.size} pupils`);
    return report;
  }

  /** Reads the registry's pupils of the schools and compares them with the mirror, record by record. */
  async verify(): Promise<VerifyReport> {
    const registry = new Map<string, PlatformPupil>();
    for (const edrpou of this.o.schools)
      for await (const p of this.platform.pupils.all(edrpou)) registry.set(p.pupilId, p);
    const missing = [...registry.keys()].filter((id) => !this.mirror.has(id));
    const extra = [...this.mirror.keys()].filter((id) => !registry.has(id));
    const different = [...registry.entries()]
      .filter(([id, p]) => this.mirror.has(id) && stable(this.mirror.get(id)) !== stable(p))
      .map(([id]) => id);
    const held = new Set([...registry.values()].map((p) => p.externalId).filter((x): x is string => !!x));
    const lost = [...this.journal.values()]
      .filter((e) => e.accepted && !held.has(e.externalId))
      .map((e) => e.externalId);
    const equal = missing.length === 0 && extra.length === 0 && different.length === 0 && lost.length === 0;
    this.log(
      `verify: registry ${registry.size}, mirror ${this.mirror.size} — ${equal ? 'equal' : `missing ${missing.length}, extra ${extra.length}, different ${different.length}, lost ${lost.length}`}`,
    );
    return { equal, registry: registry.size, mirror: this.mirror.size, missing, extra, different, lost };
  }
}

/** JSON with sorted keys (two records are equal when their data are). */
function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );
}
