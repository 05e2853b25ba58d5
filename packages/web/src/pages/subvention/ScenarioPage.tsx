import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { useT } from '../../i18n/I18nProvider';
import { formatDate, formatDateTime } from '../../lib/date';
import { errorText } from '../../lib/errors';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { subventionApi, type Scenario } from './api';
import { ComparisonView } from './Comparison';
import './subvention.css';

const loadScenario = (id: string, signal: AbortSignal) => subventionApi.scenario(id, signal);
const loadComparison = (id: string, signal: AbortSignal) => subventionApi.comparison(id, signal);

/**
 * A saved scenario: its definition, who may see it (its author shares it with colleagues or keeps it private), the
 * comparison with its baseline recomputed on the registry's current data, and the spreadsheet of the comparison.
 */
export default function ScenarioPage() {
  const { scenarioId = '' } = useParams();
  const t = useT();
  const scenario = useResource(scenarioId, loadScenario);
  const comparison = useResource(scenarioId, loadComparison);
  const [updated, setUpdated] = useState<Scenario | null>(null);
  const current = updated ?? (scenario.state === 'ready' ? scenario.data : null);
  useDocumentTitle(current ? `${t('sv.scn.one')} — ${current.name}` : t('sv.scn.one'));
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to="/subvention/scenarios">{t('sv.scn.back')}</Link>
      </p>
      <PageHeading ready={scenario.state !== 'loading'}>
        {current ? t('sv.scn.heading', { name: current.name }) : t('sv.scn.one')}
      </PageHeading>
      {scenario.state === 'loading' && <Busy />}
      {scenario.state === 'error' && <ErrorMessage error={scenario.error} onRetry={scenario.retry} />}
      {current && <ScenarioFacts scenario={current} onUpdated={setUpdated} />}
      {comparison.state === 'loading' && <Busy label={t('sv.scn.computing')} />}
      {comparison.state === 'error' && <ErrorMessage error={comparison.error} onRetry={comparison.retry} />}
      {comparison.state === 'ready' && <ComparisonView data={comparison.data} />}
    </div>
  );
}

function ScenarioFacts({ scenario, onUpdated }: { scenario: Scenario; onUpdated: (s: Scenario) => void }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      const next = await subventionApi.patchScenario(scenario.id, { shared: !scenario.shared });
      onUpdated(next);
      setAnnounce(t(next.shared ? 'sv.scn.nowShared' : 'sv.scn.nowPrivate'));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
    }
  };
  const link = `${window.location.origin}/subvention/scenarios/${scenario.id}`;
  return (
    <>
      {scenario.description && <p className="lead">{scenario.description}</p>}
      <dl className="facts">
        <div>
          <dt>{t('sv.cmp.base')}</dt>
          <dd>
            <Link
              to={`/subvention/parameter-sets/${encodeURIComponent(scenario.base.parameterSetId)}?version=${scenario.base.version}`}
            >
              {scenario.base.parameterSetId}
            </Link>{' '}
            ({t('sv.sets.versionN', { version: scenario.base.version })})
          </dd>
        </div>
        <div>
          <dt>{t('sv.runs.asOf')}</dt>
          <dd>{formatDate(scenario.asOf)}</dd>
        </div>
        <div>
          <dt>{t('sv.scn.access')}</dt>
          <dd>
            {scenario.shared ? (
              <span className="badge badge--info">{t('sv.scn.shared')}</span>
            ) : (
              <span className="badge">{t('sv.scn.private')}</span>
            )}
            {!scenario.mine && <> {t('sv.scn.byColleague')}</>}
          </dd>
        </div>
        <div>
          <dt>{t('sv.scn.updated')}</dt>
          <dd>{formatDateTime(scenario.updatedAt)}</dd>
        </div>
      </dl>
      <p className="toolbar">
        {scenario.mine && (
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => void toggle()}>
            {scenario.shared ? t('sv.scn.unshare') : t('sv.scn.share')}
          </button>
        )}{' '}
        <a className="button button--secondary" href={subventionApi.scenarioExportUrl(scenario.id)} download>
          {t('sv.allocation.export')}
        </a>
      </p>
      {scenario.shared && (
        <p>
          {t('sv.scn.linkLabel')} <code className="sv-link">{link}</code>
        </p>
      )}
      <p role="status" className="visually-hidden">
        {announce}
      </p>
      {error && (
        <p role="alert" className="error-message">
          {error}
        </p>
      )}
    </>
  );
}
