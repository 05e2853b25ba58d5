/** API shapes of verification, built explicitly from rows (never raw rows). */
import { COMPARISONS, explainPattern, type FsParameters } from '@aikom/domain/linkage/index';
import {
  EXTRACT_ROW_ERRORS,
  EXTRACT_SOURCES,
  type ExtractKind,
  type ExtractRowError,
} from '@aikom/domain/linkage/extract-formats';
import {
  CASE_REASON_LABELS,
  CASE_STATUS_LABELS,
  type CaseReason,
  type CaseStatus,
} from '@aikom/domain/linkage/missing-children';
import type { CaseRow, RunRow, SnapshotRow } from './repository';
import type { CaseSummary, Run, Snapshot } from './schemas';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export const reasonLabel = (code: string) => ({ code, label: CASE_REASON_LABELS[code as CaseReason]?.uk ?? code });
export const statusLabel = (code: string) => ({ code, label: CASE_STATUS_LABELS[code as CaseStatus]?.uk ?? code });

export function presentModel(model: Record<string, unknown>): Run['model'] {
  const p = model as unknown as Partial<FsParameters>;
  if (!p.m || !p.u || typeof p.lambda !== 'number') return undefined;
  return {
    lambda: p.lambda,
    comparisons: COMPARISONS.map((c, k) => ({
      name: c.name,
      label: c.uk,
      levels: c.levels.map((level, l) => ({
        level,
        m: p.m![k]![l]!,
        u: p.u![k]![l]!,
        weight: Math.log2(p.m![k]![l]! / p.u![k]![l]!),
      })),
    })),
  };
}

export function presentRun(r: RunRow, counts: Record<string, number>, withModel = false): Run {
  const params = r.params as { upper?: number; lower?: number };
  return {
    id: r.id,
    target: r.target as Run['target'],
    targetSnapshotId: r.target_snapshot_id,
    status: r.status as Run['status'],
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at)!,
    thresholds: { upper: params.upper ?? 0, lower: params.lower ?? 0 },
    counts,
    stats: r.stats,
    ...(withModel ? { model: presentModel(r.model) } : {}),
  };
}

export function presentSnapshot(s: SnapshotRow, runs: Run[]): Snapshot {
  return {
    id: s.id,
    kind: s.kind as ExtractKind,
    version: s.version,
    source: s.source,
    sourceLabel: EXTRACT_SOURCES[s.kind as ExtractKind]?.uk ?? s.source,
    adapter: s.adapter,
    asOf: s.as_of,
    status: s.status as Snapshot['status'],
    provenance: s.provenance,
    counts: { rows: s.rows_total, imported: s.rows_imported, rejected: s.rows_rejected },
    rejected: (s.rejected as Array<{ row: number; errors: ExtractRowError[] }>).map((r) => ({
      row: r.row,
      errors: r.errors.map((code) => ({ code, message: EXTRACT_ROW_ERRORS[code] ?? code })),
    })),
    notes: s.notes,
    error: s.error ?? null,
    importedVia: s.imported_via,
    createdAt: iso(s.created_at)!,
    importedAt: iso(s.imported_at),
    runs,
  };
}

/** The comparison of a pair, field by field, with each field's weight under the run's model. */
export function presentComparisons(model: Record<string, unknown>, pattern: number) {
  const p = model as unknown as FsParameters;
  if (!p.m || !p.u) return [];
  return explainPattern(p, pattern).map((e, k) => ({
    field: e.comparison,
    label: COMPARISONS[k]!.uk,
    level: e.level,
    weight: Math.round(e.weight * 100) / 100,
  }));
}

export function presentCaseSummary(
  c: Pick<
    CaseRow,
    | 'id'
    | 'number'
    | 'last_name'
    | 'first_name'
    | 'middle_name'
    | 'sex'
    | 'birth_date'
    | 'reasons'
    | 'status'
    | 'region_id'
    | 'assigned_ouo_id'
    | 'handed_over_at'
    | 'opened_at'
    | 'updated_at'
    | 'closed_at'
    | 'version'
  > & { ouo_name: string | null; residence_code: string | null; residence_name: string | null },
): CaseSummary {
  return {
    id: c.id,
    number: c.number,
    lastName: c.last_name,
    firstName: c.first_name,
    middleName: c.middle_name,
    sex: c.sex,
    birthDate: c.birth_date,
    residence: c.residence_code ? { code: c.residence_code, name: c.residence_name ?? '' } : null,
    reasons: c.reasons.map(reasonLabel),
    status: statusLabel(c.status),
    ouo: c.assigned_ouo_id ? { id: c.assigned_ouo_id, name: c.ouo_name } : null,
    regionId: c.region_id,
    handedOverAt: iso(c.handed_over_at),
    openedAt: iso(c.opened_at)!,
    updatedAt: iso(c.updated_at)!,
    closedAt: iso(c.closed_at),
    version: c.version,
  };
}
