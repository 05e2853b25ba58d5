import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { useT } from '../../i18n/I18nProvider';
import { formatDate } from '../../lib/date';
import { can } from '../../lib/permissions';
import { useMe } from '../../lib/useSession';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { subventionApi, type Explanation, type Run, type TraceQuery } from './api';
import { formatCount, formatMoney, formatPlain, formatShare } from './format';
import { ParameterValue } from './ParameterSetPage';
import { VerifiedBadge } from './parts';
import { tracePath } from './TracePage';
import './subvention.css';

const loadExplanation = (key: string, signal: AbortSignal) => {
  const [id, code] = key.split('|') as [string, string];
  return subventionApi.explanation(id, code, signal);
};

const LEVELS = ['primary', 'basic', 'profile'] as const;

/**
 * The explanation of one budget's amount, like the ministry's information note: the result, every input the registry
 * gave (pupils by group and level, classes, the territory's indicators, the normative class size and its band,
 * adjustments, reduction), every step of the formula with its expression, the schools in the reader's scope, and
 * the parameters with their sources.
 */
export default function ExplanationPage() {
  const { runId = '', code = '' } = useParams();
  const t = useT();
  const data = useResource(`${runId}|${code}`, loadExplanation);
  const me = useMe();
  const trace = can(me, 'pupil:read') ? { runId, code } : null;
  const name = data.state === 'ready' ? data.data.explanation.budget.name : '';
  useDocumentTitle(name ? `${t('sv.explain.title')} — ${name}` : t('sv.explain.title'));
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to={`/subvention/runs/${runId}`}>{t('sv.explain.back')}</Link>
      </p>
      <PageHeading ready={data.state !== 'loading'}>
        {name ? t('sv.explain.heading', { name }) : t('sv.explain.title')}
      </PageHeading>
      {data.state === 'loading' && <Busy />}
      {data.state === 'error' && <ErrorMessage error={data.error} code={code} onRetry={data.retry} />}
      {data.state === 'ready' && <ExplanationView run={data.data.run} e={data.data.explanation} trace={trace} />}
    </div>
  );
}

export function ExplanationView({
  run,
  e,
  trace = null,
}: {
  run?: Run;
  e: Explanation;
  /** Where the pupils behind an input can be listed (readers with `pupil:read`), or null. */
  trace?: { runId: string; code: string } | null;
}) {
  const t = useT();
  const lang = t.language;
  const i = e.inputs;
  /** A count that opens the list of its pupils when the reader may see them. */
  const pupils = (count: number, q: TraceQuery, what: string): ReactNode =>
    trace && count > 0 ? (
      <Link
        to={tracePath(trace.runId, trace.code, q)}
        aria-label={t('sv.trace.openOf', { what: `${what} (${formatCount(count, lang)})` })}
      >
        {formatCount(count, lang)}
      </Link>
    ) : (
      formatCount(count, lang)
    );
  return (
    <>
      <p className="subtitle">
        {t(`sv.kind.${e.budget.kind}`)} · {e.budget.oblastName} · <code>{e.budget.code}</code>
        {run && <> · {t('sv.explain.asOf', { date: formatDate(run.asOf), year: run.budgetYear })}</>}
      </p>

      <section aria-labelledby="sv-result-title" className="card-section">
        <h2 id="sv-result-title">{t('sv.explain.result')}</h2>
        <p className="sv-amount">{formatMoney(e.result.amountKop, lang)}</p>
        <dl className="facts">
          <div>
            <dt>{t('sv.explain.weight')}</dt>
            <dd>{formatPlain(e.result.weight, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.col.share')}</dt>
            <dd>{formatShare(e.result.share, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.explain.quota')}</dt>
            <dd>{formatPlain(e.result.quotaKop, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.explain.rounding')}</dt>
            <dd>{formatPlain(e.result.roundingKop, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.col.perPupil')}</dt>
            <dd>{e.result.perPupilKop === null ? '—' : formatMoney(e.result.perPupilKop, lang)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="sv-inputs-title">
        <h2 id="sv-inputs-title">{t('sv.explain.inputs')}</h2>
        <p>
          {t('sv.explain.inputsLead', { pupils: formatCount(i.pupils, lang), schools: formatCount(i.schools, lang) })}
        </p>
        <table className="table table--compact">
          <caption>{t('sv.explain.groups')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sv.explain.group')}</th>
              {LEVELS.map((l) => (
                <th scope="col" className="num" key={l}>
                  {t(`sv.level.${l}`)}
                </th>
              ))}
              <th scope="col" className="num">
                {t('sv.explain.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {i.groups.map((g) => (
              <tr key={g.group}>
                <th scope="row">
                  {g.group} — {lang === 'uk' ? g.label : t(`sv.group.${g.group}` as 'sv.group.I')}
                </th>
                <td className="num">{formatCount(g.primary, lang)}</td>
                <td className="num">{formatCount(g.basic, lang)}</td>
                <td className="num">{formatCount(g.profile, lang)}</td>
                <td className="num">
                  {pupils(g.total, { group: g.group as TraceQuery['group'] }, t('sv.trace.group', { group: g.group }))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        <table className="table table--compact">
          <caption>{t('sv.explain.classes')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sv.explain.level')}</th>
              <th scope="col" className="num">
                {t('sv.explain.classCount')}
              </th>
              <th scope="col" className="num">
                {t('sv.explain.actualSize')}
              </th>
            </tr>
          </thead>
          <tbody>
            {LEVELS.map((l) => (
              <tr key={l}>
                <th scope="row">{t(`sv.level.${l}`)}</th>
                <td className="num">{formatCount(i.classes[l], lang)}</td>
                <td className="num">{formatPlain(i.actualClassSize[l], lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <h3>{t('sv.explain.territory')}</h3>
        <dl className="facts">
          <div>
            <dt>{t('sv.explain.indicatorScope')}</dt>
            <dd>{t(i.indicators.scope === 'oblast' ? 'sv.explain.scopeOblast' : 'sv.explain.scopeBudget')}</dd>
          </div>
          <div>
            <dt>{t('sv.explain.density')}</dt>
            <dd>
              {formatPlain(i.indicators.density, lang)} {t('sv.explain.perKm2')} (
              {t('sv.explain.densityText', {
                pupils: formatCount(i.indicators.pupils, lang),
                area: formatPlain(i.indicators.areaKm2, lang),
              })}
              ;{' '}
              {t(i.indicators.areaSource === 'proxy' ? 'sv.explain.areaProxy' : 'sv.explain.areaParameter', {
                settlements: formatCount(i.indicators.settlements, lang),
              })}
              )
            </dd>
          </div>
          <div>
            <dt>{t('sv.explain.rural')}</dt>
            <dd>
              {formatPlain(i.indicators.ruralSharePct, lang)} % (
              {t('sv.explain.ruralText', {
                rural: formatCount(i.indicators.ruralPupils, lang),
                pupils: formatCount(i.indicators.pupils, lang),
              })}
              )
            </dd>
          </div>
          <div>
            <dt>{t('sv.explain.norm')}</dt>
            <dd>
              <strong>{formatPlain(i.norm.value, lang)}</strong> — {i.norm.source}
              {i.norm.densityBand && i.norm.ruralBand && (
                <> ({t('sv.explain.band', { density: i.norm.densityBand, rural: i.norm.ruralBand })})</>
              )}
            </dd>
          </div>
        </dl>

        <h3>{t('sv.explain.adjustments')}</h3>
        <dl className="facts">
          <div>
            <dt>{t('sv.adj.specialNeeds')}</dt>
            <dd>{pupils(i.adjustments.specialNeeds, { feature: 'specialNeeds' }, t('sv.adj.specialNeeds'))}</dd>
          </div>
          <div>
            <dt>{t('sv.adj.minorityLanguage')}</dt>
            <dd>
              {pupils(i.adjustments.minorityLanguage, { feature: 'minorityLanguage' }, t('sv.adj.minorityLanguage'))}
            </dd>
          </div>
          <div>
            <dt>{t('sv.adj.transport')}</dt>
            <dd>{pupils(i.adjustments.transport, { feature: 'transport' }, t('sv.adj.transport'))}</dd>
          </div>
          <div>
            <dt>{t('sv.adj.mountain')}</dt>
            <dd>{pupils(i.adjustments.mountain, { feature: 'mountain' }, t('sv.adj.mountain'))}</dd>
          </div>
          <div>
            <dt>{t('sv.explain.reduction')}</dt>
            <dd>
              {i.reduction.applies
                ? `${formatPlain(i.reduction.coefficient, lang)}${i.reduction.reason ? ` — ${i.reduction.reason}` : ''}`
                : t('sv.explain.reductionNone')}
            </dd>
          </div>
          <div>
            <dt>{t('sv.explain.relocated')}</dt>
            <dd>{formatCount(i.relocatedSchools, lang)}</dd>
          </div>
          <div>
            <dt>{t('sv.explain.small')}</dt>
            <dd>{formatCount(i.smallSchools, lang)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="sv-steps-title">
        <h2 id="sv-steps-title">{t('sv.explain.steps')}</h2>
        <ol className="sv-steps">
          {e.steps.map((s) => (
            <li key={s.key}>
              <span className="sv-steps__label">{s.label}</span>
              <code className="sv-steps__expr">{s.expression}</code>
              <span className="sv-steps__value">= {s.value}</span>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="sv-schools-title">
        <h2 id="sv-schools-title">{t('sv.explain.schools')}</h2>
        {e.schools.length === 0 ? (
          <p>{t('sv.explain.noSchools')}</p>
        ) : (
          <div className="sv-table-wrap">
            <table className="table table--compact">
              <caption className="visually-hidden">{t('sv.explain.schools')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sv.explain.school')}</th>
                  <th scope="col">{t('sv.explain.edrpou')}</th>
                  <th scope="col" className="num">
                    {t('sv.col.pupils')}
                  </th>
                  {LEVELS.map((l) => (
                    <th scope="col" className="num" key={l}>
                      {t('sv.explain.classesOf', { level: t(`sv.level.${l}`) })}
                    </th>
                  ))}
                  <th scope="col">{t('sv.explain.marks')}</th>
                </tr>
              </thead>
              <tbody>
                {e.schools.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link to={`/organisations/${s.id}`}>{s.name}</Link>
                    </th>
                    <td>{s.edrpou ?? '—'}</td>
                    <td className="num">{pupils(s.pupils, { school: s.id }, s.name)}</td>
                    {LEVELS.map((l) => (
                      <td className="num" key={l}>
                        {formatCount(s.classes[l], lang)}
                      </td>
                    ))}
                    <td>
                      {[
                        s.rural ? t('sv.explain.ruralSchool') : t('sv.explain.urbanSchool'),
                        s.relocated ? t('sv.explain.relocatedSchool') : null,
                        s.smallSchool
                          ? t('sv.explain.smallSchool', { min: s.smallSchool.minPupils, months: s.keptMonths })
                          : null,
                      ]
                        .filter(Boolean)
                        .join('; ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {e.hiddenSchools.schools > 0 && (
          <p className="note">
            {t('sv.explain.hidden', {
              schools: formatCount(e.hiddenSchools.schools, lang),
              pupils: formatCount(e.hiddenSchools.pupils, lang),
            })}
          </p>
        )}
      </section>

      <section aria-labelledby="sv-params-title">
        <h2 id="sv-params-title">{t('sv.explain.parameters')}</h2>
        <table className="table table--compact">
          <caption className="visually-hidden">{t('sv.explain.parameters')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sv.param.name')}</th>
              <th scope="col">{t('sv.param.value')}</th>
              <th scope="col">{t('sv.param.source')}</th>
              <th scope="col">{t('sv.param.status')}</th>
            </tr>
          </thead>
          <tbody>
            {e.parameters
              .filter((p) => p.used)
              .map((p) => (
                <tr key={p.path}>
                  <th scope="row">{p.label}</th>
                  <td>
                    <ParameterValue path={p.path} value={p.value} />
                  </td>
                  <td>{p.source || <span className="note">{t('sv.param.noSource')}</span>}</td>
                  <td>
                    <VerifiedBadge verified={p.verified} />
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
