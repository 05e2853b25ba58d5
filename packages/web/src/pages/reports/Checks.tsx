import { useT } from '../../i18n/I18nProvider';
import type { Check } from './api';
import { orderChecks } from './cells';

/**
 * The consistency checks of a report: failed ones first and said plainly (an error: the numbers do not add up or
 * rest on records under correction; a warning: worth a look), then the passed ones.
 */
export function Checks({ checks }: { checks: readonly Check[] }) {
  const t = useT();
  const failed = checks.filter((c) => !c.ok);
  return (
    <section aria-labelledby="checks-title" className="report-checks">
      <h2 id="checks-title">{t('rep.checks')}</h2>
      <p role="status" className={failed.length === 0 ? 'notice notice--done' : 'notice notice--warning'}>
        {failed.length === 0 ? t('rep.checksOk') : t('rep.checksFailed', { count: failed.length })}
      </p>
      <ul className="check-list">
        {orderChecks(checks).map((c) => (
          <li
            key={c.code}
            className={`check check--${c.ok ? 'ok' : c.severity}`}
            data-code={c.code}
            data-ok={c.ok ? 'true' : 'false'}
          >
            <span
              className={`badge ${c.ok ? 'badge--info' : c.severity === 'error' ? 'badge--error' : 'badge--warning'}`}
            >
              {c.ok ? t('rep.check.ok') : c.severity === 'error' ? t('rep.check.error') : t('rep.check.warning')}
            </span>{' '}
            {c.uk}
            {!c.ok && c.expected !== undefined && c.actual !== undefined && (
              <> {t('rep.check.numbers', { expected: c.expected, actual: c.actual })}</>
            )}{' '}
            <code className="id">{c.code}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
