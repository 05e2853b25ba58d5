import type { HostilityPeriod, TerritoryDetail } from '@aikom/sdk';

/** Most serious first: how the current kinds are listed when a territory has more than one. */
const SEVERITY = [
  'temporarily_occupied',
  'active_hostilities',
  'active_hostilities_with_state_eresources',
  'possible_hostilities',
] as const;

export interface CurrentListing {
  kind: string;
  /** The server's Ukrainian label, for a kind the portal does not know yet. */
  kindLabel: string;
  start: string | null;
  end: string | null;
  /** Set when the entry is for a unit containing the territory, not for the territory itself. */
  via: { code: string; name: string } | null;
}

export type StatusSummary =
  | { state: 'listed'; current: CurrentListing[]; firstListed: string | null }
  | { state: 'partial' }
  | { state: 'past' }
  | { state: 'none' };

const covers = (p: Pick<HostilityPeriod, 'start' | 'end'>, day: string) =>
  (p.start === null || p.start <= day) && (p.end === null || day <= p.end);

const severity = (kind: string) => {
  const i = (SEVERITY as readonly string[]).indexOf(kind);
  return i < 0 ? SEVERITY.length : i;
};

/**
 * What the detail panel says about the list of hostilities and occupation. The server decides which kinds apply
 * today (`status.currentKinds`); for each the panel shows since when, from the entry of the territory itself or of
 * the unit containing it.
 */
export function summarizeStatus(detail: TerritoryDetail, today: string): StatusSummary {
  const covering = detail.hostilities.filter((h) => h.scope !== 'settlement');
  if (detail.status.currentKinds.length > 0) {
    const names = new Map(detail.path.map((p) => [p.code, p.displayName]));
    const current = [...new Set(detail.status.currentKinds)]
      .sort((a, b) => severity(a) - severity(b))
      .map((kind): CurrentListing => {
        const ofKind = covering.filter((h) => h.kind === kind);
        const now = ofKind.filter((h) => covers(h, today));
        // Earliest start among the entries in force today; if the clocks disagree, the latest entry of the kind.
        const chosen =
          [...now].sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''))[0] ??
          [...ofKind].sort((a, b) => (b.start ?? '').localeCompare(a.start ?? ''))[0];
        return {
          kind,
          kindLabel: chosen?.kindLabel ?? kind,
          start: chosen?.start ?? null,
          end: chosen?.end ?? null,
          via:
            chosen && chosen.scope === 'ancestor'
              ? { code: chosen.code, name: names.get(chosen.code) ?? chosen.listedName }
              : null,
        };
      });
    const starts = current.map((c) => c.start).filter((s): s is string => s !== null);
    const earliestCurrent = starts.sort()[0] ?? null;
    const since = detail.status.listedSince;
    return {
      state: 'listed',
      current,
      firstListed: since !== null && (earliestCurrent === null || since < earliestCurrent) ? since : null,
    };
  }
  if (detail.status.partial) return { state: 'partial' };
  if (detail.hostilities.length > 0) return { state: 'past' };
  return { state: 'none' };
}

/** The entries as a table shows them: by start date, the territory's own first. */
export function historyRows(detail: TerritoryDetail): HostilityPeriod[] {
  const scopeOrder = { self: 0, ancestor: 1, settlement: 2 } as const;
  return [...detail.hostilities].sort(
    (a, b) =>
      scopeOrder[a.scope] - scopeOrder[b.scope] ||
      (a.start ?? '').localeCompare(b.start ?? '') ||
      a.listedName.localeCompare(b.listedName, 'uk'),
  );
}
