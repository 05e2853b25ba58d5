import type { Job } from '@aikom/sdk';
import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { describeError } from '../territories/ErrorMessage';
import { reports } from './api';

/**
 * Builds (refreshes) the roll-up of the reader's scope for the report's date as a server job, with a progress bar; a
 * job stopped half-way leaves whole chunks of schools built and is resumed by the next run.
 */
export function RefreshPanel({
  date,
  regionId,
  onDone,
}: {
  date: string | undefined;
  regionId?: string | undefined;
  onDone: () => void;
}) {
  const t = useT();
  const [job, setJob] = useState<Job | null>(null);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async () => {
    setRunning(true);
    setFailure(null);
    setJob(null);
    try {
      const { jobId } = await reports.refresh({ ...(date ? { date } : {}), ...(regionId ? { regionId } : {}) });
      const last = await api.jobs.watch(jobId, { onProgress: setJob, intervalMs: 500 });
      setJob(last);
      if (last.status === 'succeeded') onDone();
      else setFailure(t('rep.refresh.failed', { status: last.status }));
    } catch (error) {
      setFailure(describeError(t, error));
    } finally {
      setRunning(false);
    }
  };
  const p = job?.progress;
  return (
    <div className="refresh-panel">
      <button type="button" className="button button--secondary" onClick={() => void run()} disabled={running}>
        {running ? t('rep.refresh.running') : t('rep.refresh.start')}
      </button>
      <div aria-live="polite">
        {running && (
          <div role="status" className="busy">
            <progress
              className="busy__bar"
              aria-label={t('rep.refresh.progress')}
              {...(p?.total ? { value: p.done, max: p.total } : {})}
            />
            <span className="busy__label">
              {p?.total ? t('rep.refresh.count', { done: p.done, total: p.total }) : t('rep.refresh.running')}
            </span>
          </div>
        )}
        {failure && (
          <p role="alert" className="error-message">
            {failure}
          </p>
        )}
      </div>
    </div>
  );
}
