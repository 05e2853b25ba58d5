import { useState, type FormEvent } from 'react';
import { CheckboxField, DateField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { formatDate, parseDate } from '../../lib/date';
import { EXPORT_FORMATS, exportHref, type ExportFormat } from './api';
import type { ReportQuery } from './paths';

/**
 * The date a report is as of and its variant (exact, or published with small cells suppressed), applied together;
 * a date that is not one is said at its field and nothing is asked of the server.
 */
export function ReportControls({
  query,
  onApply,
  allowPublished = true,
}: {
  query: ReportQuery;
  onApply: (q: ReportQuery) => void;
  allowPublished?: boolean;
}) {
  const t = useT();
  const [date, setDate] = useState(query.date ?? '');
  const [published, setPublished] = useState(!!query.published);
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (date !== '' && !parseDate(date)) {
      setError(t('rep.dateInvalid'));
      return;
    }
    setError(null);
    onApply({ ...(date ? { date } : {}), ...(published && allowPublished ? { published: true } : {}) });
  };
  return (
    <form className="report-controls" onSubmit={submit} noValidate aria-label={t('rep.controls')}>
      <DateField
        id="report-date"
        label={t('rep.date')}
        value={date}
        onChange={setDate}
        required={false}
        hint={t('rep.dateHint')}
        error={error}
      />
      {allowPublished && (
        <CheckboxField
          id="report-published"
          label={t('rep.published')}
          checked={published}
          onChange={setPublished}
          hint={t('rep.publishedHint')}
        />
      )}
      <button type="submit" className="button">
        {t('rep.apply')}
      </button>
    </form>
  );
}

const FORMAT_LABEL: Record<ExportFormat, 'rep.export.xlsx' | 'rep.export.pdf' | 'rep.export.csv'> = {
  xlsx: 'rep.export.xlsx',
  pdf: 'rep.export.pdf',
  csv: 'rep.export.csv',
};

/** Download links of a report: XLSX laid out like the form, PDF, CSV of the cells. */
export function ExportLinks({ base, query }: { base: string; query: ReportQuery }) {
  const t = useT();
  return (
    <nav className="toolbar" aria-label={t('rep.exports')}>
      <ul>
        {EXPORT_FORMATS.map((f) => (
          <li key={f}>
            <a className="button-link button-link--secondary" href={exportHref(base, f, query)} download>
              {t(FORMAT_LABEL[f])}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** «станом на 05.09.2025 · 2025-2026 навчальний рік» */
export function AsOf({ asOf, schoolYear, published }: { asOf: string; schoolYear: string; published: boolean }) {
  const t = useT();
  return (
    <p className="subtitle">
      {t('rep.asOf', { date: formatDate(asOf), year: schoolYear })}
      {published && (
        <>
          {' · '}
          <span className="badge badge--warning">{t('rep.publishedBadge')}</span>
        </>
      )}
    </p>
  );
}
