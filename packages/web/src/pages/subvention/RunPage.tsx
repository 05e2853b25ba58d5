import { EXCLUSION_LABELS } from '@aikom/domain/subvention/budgets';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { SelectField } from '../../components/fields';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { formatDate, formatDateTime } from '../../lib/date';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { subventionApi, type RunBudget, type RunDetail } from './api';
import { formatCount, formatMoney, formatShare, sortRows } from './format';
import { SortHeader, useSort } from './parts';
import './subvention.css';

const loadRun = (id: string, signal: AbortSignal) => subventionApi.run(id, signal);

type Column = 'name' | 'oblastName' | 'kindLabel' | 'pupils' | 'share' | 'amountKop' | 'perPupilKop';

/** One allocation run: what it was computed from, the schools left out and why, and the table of every budget. */
export default function RunPage() {
  const { runId = '' } = useParams();
  const t = useT();
  const run = useResource(runId, loadRun);
  useDocumentTitle(t('sv.allocation.title'));
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to="/subvention">{t('sv.back')}</Link>
      </p>
      <PageHeading ready={run.state !== 'loading'}>{t('sv.allocation.title')}</PageHeading>
      {run.state === 'loading' && <Busy />}
      {run.state === 'error' && <ErrorMessage error={run.error} onRetry={run.retry} />}
      {run.state === 'ready' && <Allocation data={run.data} />}
    </div>
  );
}

export function exclusionText(t: Translate, reason: string): string {
  const key = `sv.excluded.${reason}`;
  if (t.language !== 'uk' && ['closed', 'private', 'state', 'no-territory'].includes(reason))
    return t(key as 'sv.excluded.closed');
  return EXCLUSION_LABELS[reason as keyof typeof EXCLUSION_LABELS] ?? reason;
}

function Allocation({ data }: { data: RunDetail }) {
  const t = useT();
  const { run, budgets } = data;
  const [oblast, setOblast] = useState('');
  const { sort, toggle } = useSort<Column>({ key: 'amountKop', order: 'desc' });
  const oblasts = useMemo(() => {
    const m = new Map<string, string>();
    for (const b of budgets) m.set(b.oblastCode, b.oblastName);
    return [...m].sort((a, b) => a[1].localeCompare(b[1], 'uk'));
  }, [budgets]);
  const rows = useMemo(
    () => sortRows(oblast ? budgets.filter((b) => b.oblastCode === oblast) : budgets, sort.key, sort.order),
    [budgets, oblast, sort],
  );
  const lang = t.language;
  const excluded = Object.entries(run.summary?.excluded ?? {});
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('sv.runs.set')}</dt>
          <dd>
            <Link
              to={`/subvention/parameter-sets/${encodeURIComponent(run.parameterSet.id)}?version=${run.parameterSet.version}`}
            >
              {run.parameterSet.name}
            </Link>{' '}
            ({t('sv.sets.versionN', { version: run.parameterSet.version })})
          </dd>
        </div>
        <div>
          <dt>{t('sv.year')}</dt>
          <dd>{run.budgetYear}</dd>
        </div>
        <div>
          <dt>{t('sv.runs.asOf')}</dt>
          <dd>{formatDate(run.asOf)}</dd>
        </div>
        <div>
          <dt>{t('sv.runs.total')}</dt>
          <dd>{run.totalKop === null ? '—' : formatMoney(run.totalKop, lang)}</dd>
        </div>
        <div>
          <dt>{t('sv.allocation.counted')}</dt>
          <dd>
            {t('sv.allocation.countedText', {
              budgets: formatCount(run.summary?.budgets ?? budgets.length, lang),
              schools: formatCount(run.summary?.schools ?? 0, lang),
              pupils: formatCount(run.summary?.pupils ?? 0, lang),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('sv.allocation.computed')}</dt>
          <dd>{formatDateTime(run.computedAt)}</dd>
        </div>
      </dl>
      {excluded.length > 0 && (
        <section aria-labelledby="sv-excluded-title">
          <h2 id="sv-excluded-title">{t('sv.allocation.excluded')}</h2>
          <ul>
            {excluded.map(([reason, x]) => (
              <li key={reason}>
                {exclusionText(t, reason)}:{' '}
                {t('sv.allocation.excludedText', {
                  schools: formatCount(x.schools, lang),
                  pupils: formatCount(x.pupils, lang),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p className="toolbar">
        <a className="button button--secondary" href={subventionApi.runExportUrl(run.id)} download>
          {t('sv.allocation.export')}
        </a>{' '}
        <Link
          className="button button--secondary"
          to={`/subvention/scenarios?base=${encodeURIComponent(run.parameterSet.id)}&version=${run.parameterSet.version}&asOf=${run.asOf}&year=${run.budgetYear}`}
        >
          {t('sv.allocation.toScenario')}
        </Link>{' '}
        <Link className="button button--secondary" to={`/subvention/runs/${run.id}/redistribution`}>
          {t('sv.redist.open')}
        </Link>
      </p>
      <section aria-labelledby="sv-budgets-title">
        <h2 id="sv-budgets-title">
          {t('sv.allocation.budgets')} <span className="count">({formatCount(rows.length, lang)})</span>
        </h2>
        <div className="filters">
          <SelectField
            id="sv-oblast"
            label={t('sv.allocation.oblast')}
            value={oblast}
            options={[
              { value: '', label: t('sv.allocation.allOblasts') },
              ...oblasts.map(([value, label]) => ({ value, label })),
            ]}
            onChange={setOblast}
          />
        </div>
        <BudgetTable runId={run.id} rows={rows} sort={sort} onSort={toggle} />
      </section>
    </>
  );
}

function BudgetTable({
  runId,
  rows,
  sort,
  onSort,
}: {
  runId: string;
  rows: RunBudget[];
  sort: { key: Column; order: 'asc' | 'desc' };
  onSort: (c: Column) => void;
}) {
  const t = useT();
  const lang = t.language;
  const h = (column: Column, label: string, numeric = false) => (
    <SortHeader column={column} label={label} sort={sort} onSort={onSort} numeric={numeric} />
  );
  return (
    <div className="sv-table-wrap">
      <table className="table table--compact sv-budgets">
        <caption className="visually-hidden">{t('sv.allocation.budgets')}</caption>
        <thead>
          <tr>
            {h('name', t('sv.col.budget'))}
            {h('kindLabel', t('sv.col.kind'))}
            {h('oblastName', t('sv.col.oblast'))}
            {h('pupils', t('sv.col.pupils'), true)}
            {h('share', t('sv.col.share'), true)}
            {h('amountKop', t('sv.col.amount'), true)}
            {h('perPupilKop', t('sv.col.perPupil'), true)}
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={b.code}>
              <th scope="row">
                <Link to={`/subvention/runs/${runId}/budgets/${b.code}`}>{b.name}</Link>
              </th>
              <td>{t(`sv.kind.${b.kind}`)}</td>
              <td>{b.oblastName}</td>
              <td className="num">{formatCount(b.pupils, lang)}</td>
              <td className="num">{formatShare(b.share, lang)}</td>
              <td className="num">{formatMoney(b.amountKop, lang)}</td>
              <td className="num">{b.perPupilKop === null ? '—' : formatMoney(b.perPupilKop, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
