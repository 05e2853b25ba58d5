/**
 * Precision and recall of a linkage against the ground truth of a synthetic data set: each record of each side
 * names the real child behind it (truth id; 0 or below for "unknown"). A true pair is a left and a right record of
 * the same child; a link is right when it joins such a pair.
 */
export interface LinkageQuality {
  /** Links made (pairs). */
  links: number;
  truePositives: number;
  falsePositives: number;
  /** True pairs the linkage could have found. */
  truePairs: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * @param best per right record, the linked left record (−1: none)
 * @param linked per right record, whether the link counts (e.g. status linked, not review)
 */
export function evaluateLinks(
  best: Int32Array,
  linked: (right: number) => boolean,
  leftTruth: Int32Array,
  rightTruth: Int32Array,
): LinkageQuality {
  const leftCount = new Map<number, number>();
  for (const t of leftTruth) if (t > 0) leftCount.set(t, (leftCount.get(t) ?? 0) + 1);
  let links = 0;
  let tp = 0;
  let truePairs = 0;
  for (let r = 0; r < rightTruth.length; r++) {
    const t = rightTruth[r]!;
    if (t > 0) truePairs += leftCount.get(t) ?? 0;
    const l = best[r]!;
    if (l < 0 || !linked(r)) continue;
    links++;
    if (t > 0 && leftTruth[l] === t) tp++;
  }
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
