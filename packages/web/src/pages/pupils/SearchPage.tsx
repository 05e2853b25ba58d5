import { useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { DateField, TextField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { fieldErrorsByPath } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { PupilTable } from './PupilTable';

const KEYS = ['q', 'birthDate', 'identifier', 'schoolId'] as const;

const search = (key: string, signal: AbortSignal) => {
  const p = new URLSearchParams(key);
  return api.pupils.search(
    {
      ...(p.get('q') ? { q: p.get('q')! } : {}),
      ...(p.get('birthDate') ? { birthDate: p.get('birthDate')! } : {}),
      ...(p.get('identifier') ? { identifier: p.get('identifier')! } : {}),
      ...(p.get('schoolId') ? { schoolId: p.get('schoolId')! } : {}),
      limit: 50,
    },
    { signal },
  );
};

/**
 * «Пошук учня» in the user's scope: by name (the server forgives typos and Latin spelling), by birth date, by an
 * identifier (exact: birth certificate, УНЗР or РНОКПП), or several at once. The search is in the address, so Back
 * returns to the results.
 */
export default function SearchPage() {
  const t = useT();
  const id = useId();
  const [params, setParams] = useSearchParams();
  useDocumentTitle(t('search.pupils.title'));
  const key = KEYS.filter((k) => params.get(k))
    .map((k) => `${k}=${encodeURIComponent(params.get(k)!)}`)
    .join('&');
  const active = KEYS.some((k) => k !== 'schoolId' && params.get(k));
  const results = useResource(active ? key : null, search);
  const [q, setQ] = useState(params.get('q') ?? '');
  const [birthDate, setBirthDate] = useState(params.get('birthDate') ?? '');
  const [identifier, setIdentifier] = useState(params.get('identifier') ?? '');
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: SummaryItem[] = [];
    if (q.trim() && q.trim().length < 2) found.push({ field: `${id}-q`, message: t('search.pupils.qShort') });
    if (identifier.trim() && identifier.trim().length < 6)
      found.push({ field: `${id}-identifier`, message: t('search.pupils.idShort') });
    if (birthDate && !/^\d{4}-\d{2}-\d{2}$/.test(birthDate))
      found.push({ field: `${id}-birthDate`, message: t('form.dateInvalid') });
    if (!q.trim() && !birthDate && !identifier.trim())
      found.push({ field: `${id}-q`, message: t('search.pupils.empty') });
    setProblems(found);
    setAttempt((n) => n + 1);
    if (found.length > 0) return;
    const next = new URLSearchParams();
    if (q.trim()) next.set('q', q.trim());
    if (birthDate) next.set('birthDate', birthDate);
    if (identifier.trim()) next.set('identifier', identifier.trim());
    if (params.get('schoolId')) next.set('schoolId', params.get('schoolId')!);
    setParams(next);
  };

  const serverFields = results.state === 'error' ? fieldErrorsByPath(t, results.error) : {};
  const count = results.state === 'ready' ? results.data.length : 0;
  return (
    <div className="page page--wide">
      <PageHeading>{t('search.pupils.title')}</PageHeading>
      <p className="lead">{t('search.pupils.lead')}</p>
      <ErrorSummary items={problems} focusKey={attempt} />
      <form role="search" className="filters" onSubmit={submit} noValidate aria-label={t('search.pupils.title')}>
        <TextField
          id={`${id}-q`}
          label={t('search.pupils.q')}
          hint={t('search.pupils.qHint')}
          required={false}
          type="search"
          value={q}
          onChange={setQ}
          error={serverFields['/q']}
          maxLength={100}
          width="medium"
          spellCheck={false}
        />
        <DateField
          id={`${id}-birthDate`}
          label={t('pupil.birthDate')}
          required={false}
          value={birthDate}
          onChange={setBirthDate}
          error={serverFields['/birthDate']}
        />
        <TextField
          id={`${id}-identifier`}
          label={t('search.pupils.identifier')}
          hint={t('search.pupils.identifierHint')}
          required={false}
          value={identifier}
          onChange={setIdentifier}
          error={serverFields['/identifier']}
          maxLength={40}
          width="medium"
          spellCheck={false}
        />
        <div className="filters__actions">
          <button type="submit" className="button">
            {t('search.pupils.submit')}
          </button>
        </div>
      </form>
      <section aria-labelledby="results-title" aria-busy={results.state === 'loading' && active}>
        <h2 id="results-title">{t('search.results')}</h2>
        <p role="status" className="search-status">
          {active && results.state === 'ready'
            ? count === 0
              ? t('search.pupils.none')
              : t('search.pupils.found', { count })
            : ''}
        </p>
        {active && results.state === 'loading' && <Busy label={t('search.searching')} />}
        {active && results.state === 'error' && Object.keys(serverFields).length === 0 && (
          <ErrorMessage error={results.error} onRetry={results.retry} />
        )}
        {active && results.state === 'ready' && count > 0 && (
          <PupilTable pupils={results.data} caption={t('search.results')} showClass />
        )}
      </section>
    </div>
  );
}
