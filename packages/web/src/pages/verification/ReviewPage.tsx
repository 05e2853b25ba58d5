import { useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { SelectField } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { EXTRACT_KINDS, verification, type ExtractKind } from './api';
import { dateOrDash, kindLabel, partyName, percent } from './shared';

const STATUSES = ['review', 'linked', 'rejected'] as const;
type PairStatus = (typeof STATUSES)[number];

const loadPairs = (key: string, signal: AbortSignal) => {
  const [status, kind, cursor] = key.split('|') as [PairStatus, string, string];
  return verification.pairs(
    { status, ...(kind ? { kind: kind as ExtractKind } : {}), ...(cursor ? { cursor } : {}), limit: 25 },
    { signal },
  );
};

/**
 * «Черга перевірки пар»: the pairs the model put between its thresholds (or, for a look back, the linked and the
 * rejected ones), each with both records' names and dates of birth and the model's probability, one link away from
 * the side-by-side comparison where the officer decides.
 */
export default function ReviewPage() {
  const t = useT();
  const id = useId();
  useDocumentTitle(t('ver.review.title'));
  const [params, setParams] = useSearchParams();
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as PairStatus)
    : 'review';
  const kind = (EXTRACT_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? params.get('kind')! : '';
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1] ?? '';
  const pairs = useResource(`${status}|${kind}|${cursor}`, loadPairs);
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setCursors([]);
    setParams(next);
  };
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to="/verification">← {t('ver.title')}</Link>
      </p>
      <PageHeading>{t('ver.review.title')}</PageHeading>
      <p className="lead">{t('ver.review.lead')}</p>
      <div className="filters" role="group" aria-label={t('ver.review.title')}>
        <SelectField
          id={`${id}-status`}
          label={t('ver.review.status')}
          value={status}
          onChange={(v) => set('status', v === 'review' ? '' : v)}
          options={STATUSES.map((s) => ({ value: s, label: t(`ver.review.status.${s}`) }))}
          width="short"
        />
        <SelectField
          id={`${id}-kind`}
          label={t('ver.review.kind')}
          value={kind}
          onChange={(v) => set('kind', v)}
          placeholder={t('ver.review.anyKind')}
          options={EXTRACT_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))}
          width="medium"
        />
      </div>
      <section aria-labelledby="pairs-title" aria-busy={pairs.state === 'loading'}>
        <h2 id="pairs-title" className="visually-hidden">
          {t('ver.review.title')}
        </h2>
        {pairs.state === 'loading' && <Busy />}
        {pairs.state === 'error' && <ErrorMessage error={pairs.error} onRetry={pairs.retry} />}
        {pairs.state === 'ready' &&
          (pairs.data.items.length === 0 ? (
            <p>{t('ver.review.none')}</p>
          ) : (
            <>
              <table className="table table--compact">
                <caption className="visually-hidden">{t('ver.review.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('ver.review.col.extract')}</th>
                    <th scope="col">{t('ver.review.col.other')}</th>
                    <th scope="col">{t('ver.review.col.probability')}</th>
                    <th scope="col">{t('table.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {pairs.data.items.map((p) => (
                    <tr key={p.linkId}>
                      <td>
                        <strong>{partyName(p.left)}</strong>
                        <br />
                        {dateOrDash(p.left.birthDate)} · {kindLabel(t, p.kind)}
                      </td>
                      <td>
                        {partyName(p.right)}
                        <br />
                        {dateOrDash(p.right.birthDate)} · {t(`ver.target.${p.target}`)}
                      </td>
                      <td>
                        {percent(t, p.probability)} %
                        {p.ambiguous && (
                          <>
                            <br />
                            <span className="badge badge--warning">{t('ver.review.ambiguous')}</span>
                          </>
                        )}
                      </td>
                      <td>
                        <Link
                          to={`/verification/pairs/${p.linkId}`}
                          aria-label={t('ver.review.open', { name: partyName(p.left) })}
                        >
                          {t('ver.decide.title')}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="pager">
                {cursors.length > 0 && (
                  <button type="button" className="button button--secondary" onClick={() => setCursors([])}>
                    {t('ver.review.first')}
                  </button>
                )}
                {pairs.data.nextCursor && (
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => setCursors((c) => [...c, pairs.data.nextCursor!])}
                  >
                    {t('ver.review.next')}
                  </button>
                )}
              </div>
            </>
          ))}
      </section>
    </div>
  );
}
