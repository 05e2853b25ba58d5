/**
 * Precision and recall of a stored linkage run against the ground truth of the synthetic generator (tests, the
 * region script and the national benchmark). The registry's truth comes from the seed: the pupils of a school are
 * written in the generator's record order with UUIDv7 ids (one thread per school, also when the load runs in worker
 * threads), so within each school id order is record order. Every school's count is checked, so that a registry not
 * seeded this way fails loudly instead of measuring nonsense.
 */
import type { LinkageQuality } from '@aikom/domain/linkage/evaluate';
import type { SyntheticDataset } from '@aikom/tools/synth/generate';
import type { Access } from './access';
import { VerificationRepository } from './repository';

const PAGE = 50_000;

/** Person id → the child's truth id, for a registry seeded from `dataset` (and nothing else seeded). */
export async function registryTruth(access: Access, dataset: SyntheticDataset): Promise<Map<string, number>> {
  const repo = new VerificationRepository();
  // The truth ids of each school's records, in record order.
  const bySchool = new Map<string, { ids: number[]; next: number }>();
  for (const t of dataset.truth()) {
    let school = bySchool.get(t.schoolEdrpou);
    if (!school) bySchool.set(t.schoolEdrpou, (school = { ids: [], next: 0 }));
    school.ids.push(t.truthId);
  }
  const truth = new Map<string, number>();
  let after: string | null = null;
  for (;;) {
    const rows = await access((trx) => repo.seededPersons(trx, after, PAGE));
    for (const r of rows) {
      const school = r.edrpou ? bySchool.get(r.edrpou) : undefined;
      if (!school || school.next >= school.ids.length) {
        throw new Error(`seeded pupil ${r.id} of school ${r.edrpou ?? '—'} is not in the data set`);
      }
      truth.set(r.id, school.ids[school.next++]!);
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
  for (const [edrpou, school] of bySchool) {
    if (school.next !== school.ids.length)
      throw new Error(
        `the registry holds ${school.next} seeded pupils of school ${edrpou}, the data set ${school.ids.length}`,
      );
  }
  return truth;
}

/** Record number → truth id of a snapshot, from the extract's truth (source record id → truth id). */
export async function snapshotTruth(
  access: Access,
  snapshotId: string,
  bySourceId: ReadonlyMap<string, number>,
): Promise<Map<number, number>> {
  const repo = new VerificationRepository();
  const out = new Map<number, number>();
  let after = 0;
  for (;;) {
    const rows = await access((trx) => repo.recordSourcesPage(trx, snapshotId, after, PAGE));
    for (const r of rows) {
      const t = bySourceId.get(r.source_record_id);
      if (t !== undefined) out.set(r.record_no, t);
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.record_no;
  }
  return out;
}

export interface RunQuality {
  linked: LinkageQuality;
  /** Counting the pairs in review as if reviewers decided them right. */
  withReview: LinkageQuality;
  review: number;
  /** Pairs in review that are true pairs. */
  reviewTrue: number;
}

function quality(tp: number, links: number, truePairs: number): LinkageQuality {
  const precision = links === 0 ? 1 : tp / links;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  return {
    links,
    truePositives: tp,
    falsePositives: links - tp,
    truePairs,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
  };
}

/** Quality of a births → registry run: each pupil's link against the births record of the same child. */
export async function evaluateRegistryRun(
  access: Access,
  runId: string,
  births: ReadonlyMap<number, number>,
  persons: ReadonlyMap<string, number>,
): Promise<RunQuality> {
  const repo = new VerificationRepository();
  const childrenInBirths = new Set(births.values());
  let truePairs = 0;
  for (const t of persons.values()) if (childrenInBirths.has(t)) truePairs++;
  let linked = 0;
  let tp = 0;
  let review = 0;
  let reviewTrue = 0;
  let after = 0;
  for (;;) {
    const rows = await access((trx) => repo.runLinksPage(trx, runId, after, PAGE));
    for (const l of rows) {
      const right = l.person_id ? persons.get(l.person_id) : undefined;
      const correct = right !== undefined && births.get(l.record_no) === right;
      if (l.status === 'linked') {
        linked++;
        if (correct) tp++;
      } else if (l.status === 'review') {
        review++;
        if (correct) reviewTrue++;
      }
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.id;
  }
  return {
    linked: quality(tp, linked, truePairs),
    withReview: quality(tp + reviewTrue, linked + reviewTrue, truePairs),
    review,
    reviewTrue,
  };
}
