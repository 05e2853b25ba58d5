import { useCallback, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { DateField, SelectField, TextField } from '../../components/fields';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { formatDate, formatDateTime } from '../../lib/date';
import { useMe } from '../../lib/useSession';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { EXTRACT_KINDS, uploadUrl, verification, type ExtractKind, type LinkRun, type Snapshot } from './api';
import { decimal, failureText, JobProgress, kindLabel, watchJob, type JobState } from './shared';

const loadSnapshots = (_key: string, signal: AbortSignal) => verification.snapshots({ signal });

/**
 * «Верифікація за державними реєстрами» (the ministry's verification officer): upload an extract of a state registry
 * — sent with a progress bar, then imported and linked by jobs with theirs — and the versions of every extract with
 * their provenance (file, encoding, SHA-256, who and when), counts and the figures of their linkage runs.
 */
export default function VerificationPage() {
  const t = useT();
  useDocumentTitle(t('ver.title'));
  const [reload, setReload] = useState(0);
  const snapshots = useResource(`snapshots-${reload}`, loadSnapshots);
  const refresh = useCallback(() => setReload((n) => n + 1), []);
  // The outcome of a relinking outlives the reload of the list it causes.
  const [relinked, setRelinked] = useState<{ ok: boolean; text: string } | null>(null);
  const afterRelink = useCallback(
    (message: { ok: boolean; text: string }) => {
      setRelinked(message);
      if (message.ok) refresh();
    },
    [refresh],
  );
  return (
    <div className="page page--wide">
      <PageHeading>{t('ver.title')}</PageHeading>
      <p className="lead">{t('ver.lead')}</p>
      <ul className="quick-links">
        <li>
          <Link to="/verification/review">{t('ver.toReview')}</Link>
        </li>
        <li>
          <Link to="/verification/cases">{t('ver.toCases')}</Link>
        </li>
      </ul>
      <UploadForm onDone={refresh} />
      <section aria-labelledby="snapshots-title" aria-busy={snapshots.state === 'loading'}>
        <h2 id="snapshots-title">{t('ver.snapshots.title')}</h2>
        {snapshots.state === 'loading' && <Busy />}
        {snapshots.state === 'error' && <ErrorMessage error={snapshots.error} onRetry={snapshots.retry} />}
        {snapshots.state === 'ready' &&
          (snapshots.data.items.length === 0 ? (
            <p>{t('ver.snapshots.none')}</p>
          ) : (
            <>
              <SnapshotTable items={snapshots.data.items} />
              <RelinkForm items={snapshots.data.items} onDone={afterRelink} />
            </>
          ))}
      </section>
      {relinked && (
        <p
          className={relinked.ok ? 'notice notice--done' : 'notice notice--error'}
          role={relinked.ok ? 'status' : 'alert'}
        >
          {relinked.text}
        </p>
      )}
    </div>
  );
}

/** Sends the file as multipart with XMLHttpRequest: fetch cannot report the progress of an upload. */
function sendFile(
  url: string,
  file: File,
  csrf: string | undefined,
  onProgress: (share: number) => void,
): Promise<{ jobId: string; snapshotId: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 202) resolve(body as { jobId: string; snapshotId: string });
      else {
        const p = (body ?? {}) as { detail?: string; title?: string; errors?: Array<{ message: string }> };
        const parts = [p.detail ?? p.title ?? `HTTP ${xhr.status}`, ...(p.errors ?? []).map((e) => e.message)];
        reject(new Error(parts.join(' ')));
      }
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

type Stage =
  | { step: 'idle' }
  | { step: 'sending'; share: number }
  | { step: 'job'; job: JobState }
  | { step: 'done'; snapshot: Snapshot }
  | { step: 'failed'; message: string };

function UploadForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const id = useId();
  const me = useMe();
  const fileRef = useRef<HTMLInputElement>(null);
  const [kind, setKind] = useState<string>('births');
  const [asOf, setAsOf] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [stage, setStage] = useState<Stage>({ step: 'idle' });
  const busy = stage.step === 'sending' || stage.step === 'job';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const file = fileRef.current?.files?.[0];
    const next: Record<string, string> = {};
    if (!EXTRACT_KINDS.includes(kind as ExtractKind)) next[`${id}-kind`] = t('ver.upload.noKind');
    if (asOf && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) next[`${id}-asOf`] = t('form.dateInvalid');
    if (!file) next[`${id}-file`] = t('ver.upload.noFile');
    setErrors(next);
    setAttempt((n) => n + 1);
    if (Object.keys(next).length > 0 || !file) return;
    setStage({ step: 'sending', share: 0 });
    try {
      const queued = await sendFile(uploadUrl(kind as ExtractKind, asOf), file, me?.csrfToken, (share) =>
        setStage({ step: 'sending', share }),
      );
      const progress = (job: JobState) => setStage({ step: 'job', job });
      const imported = await watchJob(queued.jobId, progress);
      const linkJobId = (imported.result as { linkJobId?: string | null } | null)?.linkJobId;
      if (linkJobId) await watchJob(linkJobId, progress);
      setStage({ step: 'done', snapshot: await verification.snapshot(queued.snapshotId) });
      if (fileRef.current) fileRef.current.value = '';
    } catch (error) {
      setStage({ step: 'failed', message: failureText(t, error) });
    }
    onDone();
  };

  const summary: SummaryItem[] = Object.entries(errors).map(([field, message]) => ({ field, message }));
  return (
    <section aria-labelledby="upload-title" className="form-section">
      <h2 id="upload-title">{t('ver.upload.title')}</h2>
      <ErrorSummary items={summary} focusKey={attempt} />
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <SelectField
          id={`${id}-kind`}
          label={t('ver.upload.kind')}
          value={kind}
          onChange={setKind}
          options={EXTRACT_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))}
          error={errors[`${id}-kind`]}
          width="medium"
        />
        <DateField
          id={`${id}-asOf`}
          label={t('ver.upload.asOf')}
          value={asOf}
          onChange={setAsOf}
          required={false}
          hint={t('ver.upload.asOfHint')}
          error={errors[`${id}-asOf`]}
        />
        <div className={`field ${errors[`${id}-file`] ? 'field--invalid' : ''}`}>
          <label htmlFor={`${id}-file`} className="field-label">
            {t('ver.upload.file')}
          </label>
          <p id={`${id}-file-hint`} className="field-hint">
            {t('ver.upload.fileHint')}
          </p>
          <input
            id={`${id}-file`}
            ref={fileRef}
            type="file"
            accept=".csv,text/csv"
            className="field-input"
            aria-describedby={`${id}-file-hint ${id}-file-error`}
            aria-invalid={errors[`${id}-file`] ? true : undefined}
          />
          <div id={`${id}-file-error`} aria-live="polite">
            {errors[`${id}-file`] && (
              <p className="field-error">
                <span className="visually-hidden">{t('form.errorPrefix')} </span>
                {errors[`${id}-file`]}
              </p>
            )}
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {t('ver.upload.submit')}
          </button>
        </div>
      </form>
      {stage.step === 'sending' && (
        <div role="status" className="busy">
          <progress
            className="busy__bar"
            max={100}
            value={Math.round(stage.share * 100)}
            aria-label={t('ver.upload.sending', { percent: Math.round(stage.share * 100) })}
          />
          <span className="busy__label">{t('ver.upload.sending', { percent: Math.round(stage.share * 100) })}</span>
        </div>
      )}
      {stage.step === 'job' && <JobProgress state={stage.job} />}
      {stage.step === 'done' && (
        <p className="notice notice--done" role="status">
          {t('ver.upload.done', {
            kind: kindLabel(t, stage.snapshot.kind),
            version: stage.snapshot.version,
            imported: stage.snapshot.counts.imported,
            rows: stage.snapshot.counts.rows,
            rejected: stage.snapshot.counts.rejected,
          })}
        </p>
      )}
      {stage.step === 'failed' && (
        <p className="notice notice--error" role="alert">
          {t('ver.upload.failed', { reason: stage.message })}
        </p>
      )}
    </section>
  );
}

const runText = (t: Translate, r: LinkRun) =>
  t('ver.run', {
    target: t(`ver.target.${r.target}`),
    linked: r.counts.linked ?? 0,
    review: r.counts.review ?? 0,
    rejected: r.counts.rejected ?? 0,
  });

function SnapshotTable({ items }: { items: Snapshot[] }) {
  const t = useT();
  return (
    <table className="table table--compact">
      <caption className="visually-hidden">{t('ver.snapshots.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('ver.col.kind')}</th>
          <th scope="col">{t('ver.col.version')}</th>
          <th scope="col">{t('ver.col.asOf')}</th>
          <th scope="col">{t('ver.col.provenance')}</th>
          <th scope="col">{t('ver.col.records')}</th>
          <th scope="col">{t('ver.col.linkage')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <SnapshotRow key={s.id} s={s} />
        ))}
      </tbody>
    </table>
  );
}

function SnapshotRow({ s }: { s: Snapshot }) {
  const t = useT();
  const p = s.provenance as { name?: string; encoding?: string; delimiter?: string; sha256?: string };
  const current = s.runs.filter((r) => r.status === 'done');
  return (
    <tr>
      <th scope="row">
        <Link
          to={`/verification/extracts/${s.id}`}
          aria-label={t('ver.snapshot.open', { kind: kindLabel(t, s.kind), version: s.version })}
        >
          {kindLabel(t, s.kind)}
        </Link>
      </th>
      <td>{s.version}</td>
      <td>{formatDate(s.asOf)}</td>
      <td>
        {p.name && (
          <div>
            {t('ver.provenance.file', { name: p.name, encoding: p.encoding ?? '—', delimiter: p.delimiter ?? '—' })}
          </div>
        )}
        {p.sha256 && (
          <div>
            <code title={p.sha256}>{t('ver.provenance.sha', { sha: p.sha256.slice(0, 16) })}…</code>
          </div>
        )}
        <div>{t('ver.provenance.by', { at: formatDateTime(s.importedAt ?? s.createdAt), via: s.importedVia })}</div>
      </td>
      <td>
        {s.status === 'imported'
          ? t('ver.records', { imported: s.counts.imported, rows: s.counts.rows, rejected: s.counts.rejected })
          : t(`ver.status.${s.status}`)}
      </td>
      <td>
        {current.map((r) => (
          <div key={r.id}>
            {runText(t, r)}
            <br />
            <small>
              {t('ver.run.thresholds', {
                lower: decimal(t, r.thresholds.lower, 3),
                upper: decimal(t, r.thresholds.upper, 3),
              })}
            </small>
          </div>
        ))}
      </td>
    </tr>
  );
}

/** A number typed with a decimal comma or point; NaN when it is not one. */
const parseShare = (text: string) => (/^\s*\d*[.,]?\d+\s*$/.test(text) ? Number(text.replace(',', '.')) : NaN);

/**
 * Links a version again with other thresholds: a higher upper one sends more pairs to review (standing decisions
 * of reviewers are applied again). A job with its progress bar.
 */
function RelinkForm({
  items,
  onDone,
}: {
  items: Snapshot[];
  onDone: (message: { ok: boolean; text: string }) => void;
}) {
  const t = useT();
  const id = useId();
  const imported = items.filter((s) => s.status === 'imported');
  const [snapshotId, setSnapshotId] = useState(imported[0]?.id ?? '');
  const [upper, setUpper] = useState('0.99');
  const [lower, setLower] = useState('0.2');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [job, setJob] = useState<JobState | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const u = parseShare(upper);
    const l = parseShare(lower);
    const next: Record<string, string> = {};
    if (!imported.some((s) => s.id === snapshotId)) next[`${id}-snapshot`] = t('ver.relink.noSnapshot');
    if (!(u > 0 && u < 1)) next[`${id}-upper`] = t('ver.relink.shareInvalid');
    if (!(l > 0 && l < 1)) next[`${id}-lower`] = t('ver.relink.shareInvalid');
    else if (u > 0 && u < 1 && l > u) next[`${id}-lower`] = t('ver.relink.order');
    setErrors(next);
    setAttempt((n) => n + 1);
    if (Object.keys(next).length > 0) return;
    setJob({ kind: 'verification.link', done: 0, total: null, note: null });
    try {
      const queued = await verification.relink(snapshotId, { upper: u, lower: l });
      await watchJob(queued.jobId, setJob);
      const fresh = await verification.snapshot(snapshotId);
      const runs = fresh.runs.filter((r) => r.status === 'done');
      const sum = (k: string) => runs.reduce((a, r) => a + (r.counts[k] ?? 0), 0);
      setJob(null);
      onDone({ ok: true, text: t('ver.relinked', { linked: sum('linked'), review: sum('review') }) });
    } catch (error) {
      setJob(null);
      onDone({ ok: false, text: failureText(t, error) });
    }
  };
  if (imported.length === 0) return null;
  const summary: SummaryItem[] = Object.entries(errors).map(([field, m]) => ({ field, message: m }));
  return (
    <section aria-labelledby={`${id}-title`} className="form-section">
      <h2 id={`${id}-title`}>{t('ver.relink.title')}</h2>
      <p>{t('ver.relink.lead')}</p>
      <ErrorSummary items={summary} focusKey={attempt} />
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <SelectField
          id={`${id}-snapshot`}
          label={t('ver.relink.snapshot')}
          value={snapshotId}
          onChange={setSnapshotId}
          options={imported.map((s) => ({
            value: s.id,
            label: t('ver.relink.option', { kind: kindLabel(t, s.kind), version: s.version }),
          }))}
          error={errors[`${id}-snapshot`]}
          width="medium"
        />
        <div className="field-row">
          <TextField
            id={`${id}-upper`}
            label={t('ver.relink.upper')}
            value={upper}
            onChange={setUpper}
            inputMode="numeric"
            width="short"
            error={errors[`${id}-upper`]}
          />
          <TextField
            id={`${id}-lower`}
            label={t('ver.relink.lower')}
            value={lower}
            onChange={setLower}
            inputMode="numeric"
            width="short"
            error={errors[`${id}-lower`]}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={job !== null}>
            {t('ver.relink')}
          </button>
        </div>
      </form>
      {job && <JobProgress state={job} />}
    </section>
  );
}
