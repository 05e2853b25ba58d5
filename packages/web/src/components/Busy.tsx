import { useT } from '../i18n/I18nProvider';

/**
 * A long operation under way: an indeterminate progress bar with its label, announced politely. Every load and save
 * of the portal shows one, so a slow connection never looks like a frozen page.
 */
export function Busy({ label, className }: { label?: string; className?: string }) {
  const t = useT();
  const text = label ?? t('terr.loading');
  return (
    <div role="status" className={`busy ${className ?? ''}`}>
      <progress className="busy__bar" aria-label={text} />
      <span className="busy__label">{text}</span>
    </div>
  );
}

/** A share as a small bar beside its number (the number is the information; the bar is for the eye). */
export function ScoreBar({ value, label }: { value: number; label?: string }) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  const tone = clamped >= 90 ? 'good' : clamped >= 60 ? 'fair' : 'poor';
  return (
    <span className="score">
      <span className={`score__bar score__bar--${tone}`} aria-hidden="true">
        <span className="score__fill" style={{ width: `${clamped}%` }} />
      </span>
      <span className="score__value">{label ?? `${clamped} %`}</span>
    </span>
  );
}
