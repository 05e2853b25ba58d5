import type { Job } from '@aikom/sdk';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { EXIT_REASONS, enumLabel } from '../pupils/labels';
import type { Move, SchoolYear } from './api';

/** The year a transition starts from: the registry's current school year (the one class lists use). */
export function currentYear(years: readonly SchoolYear[]): SchoolYear | null {
  return years.find((y) => y.isCurrent) ?? years.filter((y) => y.status === 'open').at(0) ?? null;
}

/** «2024-2025» → «2025-2026». */
export function nextYearLabel(label: string): string {
  const start = Number(label.slice(0, 4)) + 1;
  return `${start}-${start + 1}`;
}

export function moveLabel(t: Translate, move: Move | null, to: { grade: number; classLetter: string } | null): string {
  switch (move) {
    case 'promote':
      return to ? t('tr.move.promoteTo', { label: `${to.grade}-${to.classLetter}` }) : t('tr.move.promote');
    case 'repeat':
      return to ? t('tr.move.repeatIn', { label: `${to.grade}-${to.classLetter}` }) : t('tr.move.repeat');
    case 'graduate':
      return t('tr.move.graduate');
    case 'leave':
      return t('tr.move.leave');
    default:
      return t('tr.move.none');
  }
}

export function reasonLabel(t: Translate, reason: string): string {
  if (Object.hasOwn(EXIT_REASONS, reason)) return enumLabel(t, EXIT_REASONS, reason);
  return reason;
}

/** A job's progress as a determinate bar (indeterminate until the total is known), announced politely. */
export function JobProgress({ job, label }: { job: Job; label: string }) {
  const t = useT();
  const { done, total, percent, note } = job.progress;
  return (
    <div role="status" className="busy">
      {total ? (
        <progress className="busy__bar" aria-label={label} max={total} value={done} />
      ) : (
        <progress className="busy__bar" aria-label={label} />
      )}
      <span className="busy__label">
        {label}: {total ? t('tr.job.progress', { done, total, percent: Math.round(percent ?? 0) }) : t('tr.job.queued')}
        {note ? ` — ${note}` : ''}
      </span>
    </div>
  );
}
