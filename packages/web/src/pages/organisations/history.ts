import type { OrganisationVersion } from '@aikom/sdk';

/** Columns of a stored organisation version that a reader cares about, in the order the details page shows them. */
export const TRACKED_FIELDS = [
  'name',
  'short_name',
  'edrpou',
  'parent_id',
  'territory_id',
  'school_type',
  'ownership',
  'settlement_type',
  'status',
  'original_territory_id',
  'founder',
  'grade_min',
  'grade_max',
  'address',
] as const;
export type TrackedField = (typeof TRACKED_FIELDS)[number];

/** Ids of other rows: their values mean nothing to a reader, only that they changed. */
export const REFERENCE_FIELDS: ReadonlySet<TrackedField> = new Set([
  'parent_id',
  'territory_id',
  'original_territory_id',
]);

export interface FieldChange {
  field: TrackedField;
  before: unknown;
  after: unknown;
}

export interface VersionView {
  version: number;
  changedAt: string;
  changedBy: string | null;
  /** null for the first version (the organisation was created). */
  changes: FieldChange[] | null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The versions (newest first, as the server sends them) with what each one changed against the one before. */
export function versionChanges(versions: readonly OrganisationVersion[]): VersionView[] {
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  return versions.map((v) => {
    const previous = byVersion.get(v.version - 1);
    const changes = previous
      ? TRACKED_FIELDS.filter((f) => !same(v.data[f], previous.data[f])).map((field) => ({
          field,
          before: previous.data[field] ?? null,
          after: v.data[field] ?? null,
        }))
      : v.version === 1
        ? null
        : [];
    return { version: v.version, changedAt: v.changedAt, changedBy: v.changedBy, changes };
  });
}
