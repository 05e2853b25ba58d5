import { Link } from 'react-router';
import { useT } from '../../i18n/I18nProvider';
import type { Cells, LayoutSection } from './api';
import { isTotalRow, visibleRows } from './cells';

export interface FormTablesProps {
  layout: readonly LayoutSection[];
  cells: Cells;
  /** Cells the school entered (shown with a mark). */
  entered?: ReadonlySet<string>;
  /** Where a number leads (its pupils or its schools), or null when it leads nowhere. */
  linkFor?: (cell: string, value: number) => string | null;
  /** Also rows where every number is 0. */
  showEmpty: boolean;
}

/** A number of the form: plain, linked to what is behind it, entered by the school, or suppressed («к»). */
function CellValue({
  id,
  value,
  entered,
  to,
  label,
}: {
  id: string;
  value: number | null | undefined;
  entered: boolean;
  to: string | null;
  label: string;
}) {
  const t = useT();
  if (value === null)
    return (
      <abbr className="cell-suppressed" title={t('rep.suppressed')} data-cell={id}>
        к<span className="visually-hidden"> ({t('rep.suppressed')})</span>
      </abbr>
    );
  const n = value ?? 0;
  const mark = entered ? (
    <span className="cell-entered-mark" title={t('rep.enteredMark')}>
      {' '}
      ✎<span className="visually-hidden"> ({t('rep.enteredMark')})</span>
    </span>
  ) : null;
  return (
    <>
      {to ? (
        <Link to={to} data-cell={id} aria-label={t('rep.drillLink', { value: n, label })}>
          {n}
        </Link>
      ) : (
        <span data-cell={id}>{n}</span>
      )}
      {mark}
    </>
  );
}

/**
 * The sections of ZNZ-1 (or of a roll-up) as tables: numbered columns and rows as on the paper form, each number with
 * its cell id (`section.row.col`). Rows with no pupils are left out unless asked for; totals always stay.
 */
export function FormTables({ layout, cells, entered, linkFor, showEmpty }: FormTablesProps) {
  const t = useT();
  return (
    <>
      {layout.map((s) => {
        const rows = visibleRows(s, cells, showEmpty);
        const hidden = s.rows.length - rows.length;
        const titleId = `section-${s.n}`;
        return (
          <section key={s.n} aria-labelledby={titleId} className={`form-section form-section--${s.source}`}>
            <h2 id={titleId}>
              {t('rep.section', { n: s.n })}. {s.title}
              {s.source === 'entered' && <span className="badge badge--info">{t('rep.enteredSection')}</span>}
            </h2>
            {s.note && <p className="field-hint">{s.note}</p>}
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={titleId}>
              <table className="table table--compact form-table">
                <caption className="visually-hidden">
                  {t('rep.section', { n: s.n })}. {s.title}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('rep.col.row')}</th>
                    {s.columns.map((c) => (
                      <th scope="col" key={c.n} className="num">
                        <span className="form-table__num">{c.n}</span> {c.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.n} className={isTotalRow(s, r.n) ? 'form-table__total' : undefined}>
                      <th scope="row">
                        <span className="form-table__num">{r.n}</span> {r.label}
                      </th>
                      {s.columns.map((c) => {
                        const id = `${s.n}.${r.n}.${c.n}`;
                        const value = cells[id];
                        const label = `${s.title}: ${r.label}, ${c.label}`;
                        const to = value && value > 0 && linkFor ? linkFor(id, value) : null;
                        const isEntered = !!entered?.has(id);
                        return (
                          <td key={c.n} className={`num${isEntered ? ' cell--entered' : ''}`}>
                            <CellValue id={id} value={value} entered={isEntered} to={to} label={label} />
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {hidden > 0 && <p className="field-hint">{t('rep.rowsHidden', { count: hidden })}</p>}
          </section>
        );
      })}
    </>
  );
}
