import type { Job } from '@aikom/sdk';
import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider';
import type { SortOrder } from './format';

/** A value of a parameter set that nobody has checked against its source: said in words, not only by colour. */
export function VerifiedBadge({ verified }: { verified: boolean }) {
  const t = useT();
  return verified ? (
    <span className="badge badge--clean">{t('sv.verified')}</span>
  ) : (
    <span className="badge badge--warning">{t('sv.unverified')}</span>
  );
}

export interface SortState<K extends string> {
  key: K;
  order: SortOrder;
}

/** Which column a table is sorted by; a second press on the same column reverses the order. */
export function useSort<K extends string>(initial: SortState<K>) {
  const [sort, setSort] = useState(initial);
  const toggle = (key: K) =>
    setSort((s) =>
      s.key === key
        ? { key, order: s.order === 'asc' ? 'desc' : 'asc' }
        : { key, order: key === 'name' ? 'asc' : 'desc' },
    );
  return { sort, toggle };
}

/**
 * A column header that sorts its table: a button inside the `<th>` (reachable by keyboard), the state in `aria-sort`
 * for screen readers and an arrow for the eye.
 */
export function SortHeader<K extends string>({
  column,
  label,
  sort,
  onSort,
  numeric,
}: {
  column: K;
  label: string;
  sort: SortState<K>;
  onSort: (key: K) => void;
  numeric?: boolean;
}) {
  const t = useT();
  const active = sort.key === column;
  const ariaSort = active ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none';
  return (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={ariaSort}>
      <button type="button" className="link-button sv-sort" onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true">{active ? (sort.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
        <span className="visually-hidden">
          {' '}
          {active ? t(sort.order === 'asc' ? 'sv.sortedAsc' : 'sv.sortedDesc') : t('sv.sortBy')}
        </span>
      </button>
    </th>
  );
}

/** A job under way: a determinate progress bar once the total is known, with the server's note of the step. */
export function JobProgress({ job, label }: { job: Job | null; label: string }) {
  const t = useT();
  const total = job?.progress.total ?? null;
  const done = job?.progress.done ?? 0;
  const percent = total ? Math.round((100 * done) / total) : null;
  return (
    <div role="status" className="busy sv-progress">
      {total ? (
        <progress className="busy__bar" max={total} value={done} aria-label={label} />
      ) : (
        <progress className="busy__bar" aria-label={label} />
      )}
      <span className="busy__label">
        {label}
        {percent !== null ? ` — ${percent} %` : ''}
        {job?.progress.note ? ` (${job.progress.note})` : ''}
        {job && job.status === 'queued' ? ` — ${t('sv.job.queued')}` : ''}
      </span>
    </div>
  );
}
