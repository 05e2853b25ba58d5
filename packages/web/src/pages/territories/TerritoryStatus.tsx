import type { TerritoryDetail } from '@aikom/sdk';
import { isMessageKey, useT, type Translate } from '../../i18n/I18nProvider';
import { formatDate, localIsoDate } from '../../lib/date';
import { historyRows, summarizeStatus, type CurrentListing } from './status';

export function kindLabel(t: Translate, kind: string, serverLabel: string): string {
  const key = `kind.${kind}`;
  if (isMessageKey(key)) return t(key);
  return serverLabel.charAt(0).toLocaleUpperCase('uk') + serverLabel.slice(1);
}

export function listingText(t: Translate, c: CurrentListing): string {
  const kind = kindLabel(t, c.kind, c.kindLabel);
  if (!c.start) return kind;
  if (c.end) return t('status.range', { kind, start: formatDate(c.start), end: formatDate(c.end) });
  return t('status.since', { kind, date: formatDate(c.start) });
}

/** Whether and since when the unit (or the unit containing it) is on the list of hostilities and occupation. */
export function TerritoryStatus({ detail }: { detail: TerritoryDetail }) {
  const t = useT();
  const summary = summarizeStatus(detail, localIsoDate());
  const rows = historyRows(detail);
  return (
    <section className="status" aria-labelledby="status-heading">
      <h2 id="status-heading">{t('status.title')}</h2>
      {summary.state === 'listed' && (
        <>
          <ul className="status-list">
            {summary.current.map((c) => (
              <li
                key={c.kind}
                className={`status-item ${c.kind === 'temporarily_occupied' ? 'status-item--occupied' : 'status-item--hostilities'}`}
              >
                <strong>{listingText(t, c)}</strong>
                {c.via && <span className="status-item__via"> ({t('status.via', { name: c.via.name })})</span>}
              </li>
            ))}
          </ul>
          {summary.firstListed && <p>{t('status.firstListed', { date: formatDate(summary.firstListed) })}</p>}
        </>
      )}
      {summary.state === 'partial' && (
        <p className="status-item status-item--partial">
          <strong>{t(detail.level === 3 ? 'status.partial.3' : 'status.partial.other')}</strong>
        </p>
      )}
      {summary.state === 'past' && <p className="status-item status-item--past">{t('status.past')}</p>}
      {summary.state === 'none' && <p className="status-item status-item--clear">{t('status.none')}</p>}

      {rows.length > 0 && (
        <table className="history">
          <caption>{t('history.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('history.kind')}</th>
              <th scope="col">{t('history.listedName')}</th>
              <th scope="col">{t('history.start')}</th>
              <th scope="col">{t('history.end')}</th>
              <th scope="col">{t('history.scope')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={`${row.code}-${row.kind}-${row.start ?? ''}-${i}`}>
                <td data-label={t('history.kind')}>{kindLabel(t, row.kind, row.kindLabel)}</td>
                <td data-label={t('history.listedName')}>{row.listedName}</td>
                <td data-label={t('history.start')}>{row.start ? formatDate(row.start) : t('history.noDate')}</td>
                <td data-label={t('history.end')}>{row.end ? formatDate(row.end) : t('history.open')}</td>
                <td data-label={t('history.scope')}>{t(`scope.${row.scope}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
