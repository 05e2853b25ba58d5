import type { ReactNode } from 'react';
import { useT } from '../../i18n/I18nProvider';
import type { Campaign, SchoolStatus } from './campaignApi';

/** A school's state in words and colour: green once settled (confirmed), amber while complete or reopened. */
export function StatusBadge({ status, late }: { status: SchoolStatus; late?: boolean | null }) {
  const t = useT();
  return (
    <>
      <span className={`badge campaign-status campaign-status--${status}`}>{t(`camp.status.${status}`)}</span>
      {late && <span className="badge campaign-status campaign-status--late"> {t('camp.late')}</span>}
    </>
  );
}

/** Progress as a real `<progress>` with its number beside it (the number is the information). */
export function Progress({ value, label, children }: { value: number; label: string; children?: ReactNode }) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <p className="campaign-progress">
      <progress max={100} value={clamped} aria-label={label} className="campaign-progress__bar" />{' '}
      <strong>{clamped} %</strong> {children}
    </p>
  );
}

/** Whom the campaign covers, in words. */
export function scopeText(t: ReturnType<typeof useT>, c: Campaign): string {
  if (c.scope.kind === 'region') return t('camp.scope.region');
  if (c.scope.kind === 'list') return t('camp.scope.list');
  return t('camp.scope.all');
}

/** How many days are left, or how many passed since the deadline. */
export function daysLeftText(t: ReturnType<typeof useT>, days: number): string {
  if (days > 0) return t('camp.daysLeft', { count: days });
  if (days === 0) return t('camp.deadlineToday');
  return t('camp.daysOverdue', { count: -days });
}
