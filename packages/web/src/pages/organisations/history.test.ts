import { describe, expect, it } from 'vitest';
import { versionChanges } from './history';

const v = (version: number, data: Record<string, unknown>) => ({
  version,
  changedAt: `2025-09-0${version}T08:00:00Z`,
  changedBy: version === 1 ? null : 'region.admin',
  data: { id: 'o1', version, updated_at: 'x', ...data },
});

describe('versionChanges', () => {
  it('tells what each version changed against the one before, newest first', () => {
    const rows = versionChanges([
      v(3, { name: 'Ліцей № 1', short_name: 'Л1', status: 'relocated', territory_id: 7 }),
      v(2, { name: 'Ліцей № 1', short_name: 'Л1', status: 'operating', territory_id: 5 }),
      v(1, { name: 'Ліцей № 1', short_name: null, status: 'operating', territory_id: 5 }),
    ]);
    expect(rows.map((r) => [r.version, r.changedBy, r.changes])).toEqual([
      [
        3,
        'region.admin',
        [
          { field: 'territory_id', before: 5, after: 7 },
          { field: 'status', before: 'operating', after: 'relocated' },
        ],
      ],
      [2, 'region.admin', [{ field: 'short_name', before: null, after: 'Л1' }]],
      [1, null, null],
    ]);
  });

  it('has nothing to compare with when the previous version is missing', () => {
    expect(versionChanges([v(5, { name: 'x' })])[0]?.changes).toEqual([]);
  });
});
