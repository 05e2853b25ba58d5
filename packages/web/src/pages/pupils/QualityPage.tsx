import type { SchoolQuality } from '@aikom/sdk';
import { useEffect } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy, ScoreBar } from '../../components/Busy';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { indicatorName, ruleText } from './labels';
import { PupilTable } from './PupilTable';
import { orderRules } from './quality';
import { classPath } from './paths';

const loadQuality = (key: string, signal: AbortSignal) => {
  const [schoolId, code] = key.split('|', 2) as [string, string];
  return api.schools.quality(schoolId, code ? { code } : {}, { signal });
};
const loadSchool = (schoolId: string, signal: AbortSignal) => api.schools.classes(schoolId, { signal });

/**
 * «Якість даних» of a school: the overall score (100 % = no pupil has an error or a warning) as a progress bar, the
 * four MON indicators with how many pupils fail each, every rule with its count (errors first) — a rule opens the
 * list of its pupils, each one click from the card — and the score of every class.
 */
export default function QualityPage() {
  const { schoolId = '' } = useParams();
  const t = useT();
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const quality = useResource(`${schoolId}|${code}`, loadQuality);
  const school = useResource(schoolId, loadSchool);
  const name = school.state === 'ready' ? school.data.school.name : '';
  useDocumentTitle(name ? `${t('nav.quality')} — ${name}` : t('nav.quality'));
  return (
    <div className="page">
      <p className="back-link">
        <Link to={`/schools/${schoolId}`}>{t('class.back')}</Link>
      </p>
      <PageHeading ready={quality.state !== 'loading'}>{t('nav.quality')}</PageHeading>
      {name && <p className="subtitle">{name}</p>}
      {quality.state === 'loading' && <Busy />}
      {quality.state === 'error' && <ErrorMessage error={quality.error} onRetry={quality.retry} />}
      {quality.state === 'ready' && <QualityPanel schoolId={schoolId} data={quality.data} code={code} />}
    </div>
  );
}

function QualityPanel({ schoolId, data, code }: { schoolId: string; data: SchoolQuality; code: string }) {
  const t = useT();
  const rules = orderRules(data.rules);
  const chosen = rules.find((r) => r.code === code);
  // A rule just opened: the reader goes on with its list of pupils (after the page heading took the focus).
  useEffect(() => {
    if (code) document.getElementById('rule-pupils')?.focus();
  }, [code]);
  return (
    <>
      <section aria-labelledby="score-title" className="score-panel">
        <h2 id="score-title">{t('quality.overall')}</h2>
        <p className="score-panel__value">
          <progress max={100} value={data.score} aria-labelledby="score-title" className="score-panel__bar" />{' '}
          <strong>{data.score} %</strong>
        </p>
        <p>{t('quality.overallText', { clean: data.clean, pupils: data.pupils })}</p>
      </section>

      <section aria-labelledby="indicators-title">
        <h2 id="indicators-title">{t('quality.indicators')}</h2>
        <p>{t('quality.indicatorsLead')}</p>
        <table className="table">
          <caption className="visually-hidden">{t('quality.indicators')}</caption>
          <thead>
            <tr>
              <th scope="col">№</th>
              <th scope="col">{t('quality.indicator')}</th>
              <th scope="col" className="num">
                {t('quality.failing')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.indicators.map((i) => (
              <tr key={i.number}>
                <td>{i.number}</td>
                <th scope="row">{indicatorName(t, i.number, i.name)}</th>
                <td className="num">{i.failing}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="rules-title">
        <h2 id="rules-title">{t('quality.rules')}</h2>
        {rules.length === 0 ? (
          <p className="status-item status-item--clear">{t('quality.noRules')}</p>
        ) : (
          <ul className="rule-list">
            {rules.map((r) => (
              <li key={r.code} className={`rule rule--${r.severity}`}>
                <span className={`badge badge--${r.severity === 'error' ? 'error' : 'warning'}`}>
                  {t(r.severity === 'error' ? 'quality.severity.error' : 'quality.severity.warning')}
                </span>{' '}
                <Link
                  to={`/quality/${schoolId}?code=${encodeURIComponent(r.code)}`}
                  aria-current={r.code === code ? 'true' : undefined}
                >
                  {ruleText(t, r.code, r.message)}
                </Link>{' '}
                <span className="rule__count">{t('quality.rulePupils', { count: r.pupils })}</span>{' '}
                <code className="note">{r.code}</code>
              </li>
            ))}
          </ul>
        )}
      </section>

      {code && (
        <section aria-labelledby="rule-pupils" className="rule-pupils">
          <h2 id="rule-pupils" tabIndex={-1}>
            {t('quality.pupilsOf', { rule: chosen ? ruleText(t, chosen.code, chosen.message) : code })}{' '}
            <span className="count">({data.list.length})</span>
          </h2>
          <p>
            <Link to={`/quality/${schoolId}`}>{t('quality.closeList')}</Link>
          </p>
          {data.list.length === 0 ? (
            <p>{t('quality.noPupils')}</p>
          ) : (
            <PupilTable pupils={data.list} caption={code} showClass />
          )}
        </section>
      )}

      <section aria-labelledby="classes-quality-title">
        <h2 id="classes-quality-title">{t('quality.classes')}</h2>
        {data.classes.length === 0 ? (
          <p>{t('school.noClasses')}</p>
        ) : (
          <table className="table">
            <caption className="visually-hidden">{t('quality.classes')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('school.col.class')}</th>
                <th scope="col" className="num">
                  {t('school.col.pupils')}
                </th>
                <th scope="col">{t('school.col.quality')}</th>
              </tr>
            </thead>
            <tbody>
              {data.classes.map((c) => (
                <tr key={c.label}>
                  <th scope="row">
                    <Link to={classPath(schoolId, c.label)}>{c.label}</Link>
                  </th>
                  <td className="num">{c.pupils}</td>
                  <td>
                    <ScoreBar value={c.qualityScore} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
