import { useEffect, useRef, type MouseEvent } from 'react';
import { useT } from '../i18n/I18nProvider';

export interface SummaryItem {
  /** Id of the control to go to; null for a problem of the whole form. */
  field: string | null;
  message: string;
}

/**
 * The problems of a form after a submit, at its top: announced (role=alert) and focused, each a link to its field.
 * `focusKey` changes with every submit, so a second failed submit brings the reader back here.
 */
export function ErrorSummary({
  items,
  focusKey,
  title,
}: {
  items: readonly SummaryItem[];
  focusKey: number;
  title?: string;
}) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const shown = items.length > 0;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [focusKey, shown]);
  if (!shown) return null;
  const go = (event: MouseEvent<HTMLAnchorElement>, field: string) => {
    const target = document.getElementById(field);
    if (!target) return;
    event.preventDefault();
    target.focus();
    target.scrollIntoView({ block: 'center' });
  };
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="error-summary__title">
        {title ?? t('form.summaryTitle')}
      </h2>
      <ul className="error-summary__list">
        {items.map((item, i) =>
          item.field ? (
            <li key={`${item.field}-${i}`}>
              <a href={`#${item.field}`} onClick={(e) => go(e, item.field!)}>
                {item.message}
              </a>
            </li>
          ) : (
            <li key={`form-${i}`}>{item.message}</li>
          ),
        )}
      </ul>
    </div>
  );
}
