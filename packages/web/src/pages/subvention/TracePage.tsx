import { useCallback, useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { formatDate } from '../../lib/date';
import { ErrorMessage } from '../territories/ErrorMessage';
import { subventionApi, type TracedPupil, type TraceQuery } from './api';
import { formatCount } from './format';
import './subvention.css';

const FEATURES = ['specialNeeds', 'minorityLanguage', 'transport', 'mountain'] as const;
const LEVELS = ['primary', 'basic', 'profile'] as const;
const GROUPS = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;

/** The link to the pupils behind one input of a budget's explanation. */
export function tracePath(runId: string, code: string, q: TraceQuery): string {
  const params = new URLSearchParams();
  for (const k of ['school', 'group', 'level', 'feature'] as const) {
    const v = q[k];
    if (v) params.set(k, v);
  }
  const query = params.toString();
  return `/subvention/runs/${runId}/budgets/${code}/pupils${query ? `?${query}` : ''}`;
}

function describe(t: Translate, q: TraceQuery, schoolName: string | null): string {
  const parts: string[] = [];
  if (q.group) parts.push(t('sv.trace.group', { group: q.group }));
  if (q.level) parts.push(t(`sv.level.${q.level}`));
  if (q.feature) parts.push(t(`sv.adj.${q.feature}`));
  if (q.school) parts.push(schoolName ?? t('sv.explain.school'));
  return parts.length > 0 ? parts.join(' · ') : t('sv.trace.all');
}

/**
 * The pupils behind one input of a budget's explanation (a school, a group, a level, an adjustment), as the registry
 * counted them on the run's date — only pupils of schools in the reader's scope; every read is audited by the
 * server. Each pupil opens their card.
 */
export default function TracePage() {
  const { runId = '', code = '' } = useParams();
  const [params] = useSearchParams();
  const t = useT();
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const v = params.get(name);
    return v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
  };
  const school = params.get('school') ?? undefined;
  const group = pick('group', GROUPS);
  const level = pick('level', LEVELS);
  const feature = pick('feature', FEATURES);
  const key = JSON.stringify([runId, code, school, group, level, feature]);
  const [state, setState] = useState<{
    key: string;
    items: TracedPupil[];
    next: string | null;
    outOfScope: number;
    error: unknown;
    loading: boolean;
  }>({ key: '', items: [], next: null, outOfScope: 0, error: null, loading: true });

  const load = useCallback(
    async (cursor: string | null, signal?: AbortSignal) => {
      const q: TraceQuery = { school, group, level, feature };
      try {
        const page = await subventionApi.trace(runId, code, { ...q, ...(cursor ? { cursor } : {}) }, signal);
        setState((s) => ({
          key,
          items: cursor && s.key === key ? [...s.items, ...page.items] : page.items,
          next: page.nextCursor,
          outOfScope: page.schoolsOutOfScope,
          error: null,
          loading: false,
        }));
      } catch (error) {
        if (signal?.aborted) return;
        setState((s) => ({ ...s, key, error, loading: false }));
      }
    },
    [runId, code, school, group, level, feature, key],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(null, controller.signal);
    return () => controller.abort();
  }, [load]);

  const ready = state.key === key && !state.loading;
  const schoolName = state.items.find((p) => p.school?.id === school)?.school?.name ?? null;
  const what = describe(t, { school, group, level, feature }, schoolName);
  useDocumentTitle(t('sv.trace.title'));
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to={`/subvention/runs/${runId}/budgets/${code}`}>{t('sv.trace.back')}</Link>
      </p>
      <PageHeading ready={ready}>{t('sv.trace.title')}</PageHeading>
      <p className="subtitle">{what}</p>
      <p>{t('sv.trace.lead')}</p>
      {!ready && <Busy />}
      {state.key === key && state.error !== null && <ErrorMessage error={state.error} />}
      {state.key === key && state.error === null && (
        <>
          {state.outOfScope > 0 && <p className="notice">{t('sv.trace.outOfScope', { count: state.outOfScope })}</p>}
          {state.items.length === 0 && ready ? (
            <p>{t('sv.trace.none')}</p>
          ) : (
            <div className="sv-table-wrap">
              <table className="table table--compact">
                <caption>
                  {what}{' '}
                  <span className="count">
                    ({t('sv.trace.shown', { count: formatCount(state.items.length, t.language) })})
                  </span>
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('sv.trace.pupil')}</th>
                    <th scope="col">{t('sv.trace.birthDate')}</th>
                    <th scope="col">{t('sv.explain.school')}</th>
                    <th scope="col">{t('sv.trace.class')}</th>
                    <th scope="col">{t('sv.trace.features')}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.items.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">
                        <Link to={`/pupils/${p.id}`}>
                          {[p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ')}
                        </Link>
                      </th>
                      <td>{formatDate(p.birthDate)}</td>
                      <td>{p.school?.name ?? '—'}</td>
                      <td>{p.grade === null ? '—' : `${p.grade}-${p.classLetter ?? ''}`}</td>
                      <td>
                        {[
                          p.specialNeeds ? t('sv.trace.sen') : null,
                          p.displacementStatus === 'internal' ? t('sv.trace.idp') : null,
                          p.instructionLanguage !== 'uk'
                            ? t('sv.trace.language', { lang: p.instructionLanguage })
                            : null,
                        ]
                          .filter(Boolean)
                          .join('; ') || '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {state.next && (
            <p>
              <button
                type="button"
                className="button button--secondary"
                disabled={state.loading}
                onClick={() => {
                  setState((s) => ({ ...s, loading: true }));
                  void load(state.next);
                }}
              >
                {t('list.more')}
              </button>
            </p>
          )}
        </>
      )}
    </div>
  );
}
