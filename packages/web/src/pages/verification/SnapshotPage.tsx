import { Link, useParams } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { Busy } from '../../components/Busy';
import { Fact } from '../../components/fields';
import { useT } from '../../i18n/I18nProvider';
import { formatDate, formatDateTime } from '../../lib/date';
import { useResource } from '../../lib/useResource';
import { ErrorMessage } from '../territories/ErrorMessage';
import { verification, type LinkRun, type Snapshot } from './api';
import { decimal, kindLabel, labelOf } from './shared';

const loadSnapshot = (id: string, signal: AbortSignal) => verification.snapshot(id, { signal });

/**
 * One version of an extract: its provenance, the rows refused on import (by row number and error code, never by
 * value), the normalisation notes, and every linkage run with its figures and the Fellegi–Sunter model EM estimated
 * (m and u of each agreement level, and its weight).
 */
export default function SnapshotPage() {
  const { id = '' } = useParams();
  const t = useT();
  const snapshot = useResource(id, loadSnapshot);
  const title =
    snapshot.state === 'ready'
      ? t('ver.snapshot.title', { kind: kindLabel(t, snapshot.data.kind), version: snapshot.data.version })
      : t('ver.snapshots.title');
  useDocumentTitle(title);
  return (
    <div className="page page--wide">
      <p className="back-link">
        <Link to="/verification">← {t('ver.title')}</Link>
      </p>
      <PageHeading ready={snapshot.state !== 'loading'}>{title}</PageHeading>
      {snapshot.state === 'loading' && <Busy />}
      {snapshot.state === 'error' && <ErrorMessage error={snapshot.error} onRetry={snapshot.retry} />}
      {snapshot.state === 'ready' && <SnapshotView s={snapshot.data} />}
    </div>
  );
}

function SnapshotView({ s }: { s: Snapshot }) {
  const t = useT();
  const p = s.provenance;
  const text = (k: string) => (typeof p[k] === 'string' || typeof p[k] === 'number' ? String(p[k]) : '—');
  return (
    <>
      <dl className="facts card-grid">
        <Fact label={t('ver.col.kind')}>{kindLabel(t, s.kind)}</Fact>
        <Fact label={t('ver.snapshot.source')}>{s.sourceLabel}</Fact>
        <Fact label={t('ver.col.asOf')}>{formatDate(s.asOf)}</Fact>
        <Fact label={t('ver.snapshot.status')}>{t(`ver.status.${s.status}`)}</Fact>
        <Fact label={t('ver.snapshot.file')}>{text('name')}</Fact>
        <Fact label={t('ver.snapshot.encoding')}>
          {text('encoding')}, «{text('delimiter')}»
        </Fact>
        <Fact label="SHA-256">
          <code>{text('sha256')}</code>
        </Fact>
        <Fact label={t('ver.snapshot.imported')}>
          {formatDateTime(s.importedAt ?? s.createdAt)} ({s.importedVia})
        </Fact>
        <Fact label={t('ver.col.records')}>
          {t('ver.records', { imported: s.counts.imported, rows: s.counts.rows, rejected: s.counts.rejected })}
        </Fact>
      </dl>
      {Object.keys(s.notes).length > 0 && (
        <section aria-labelledby="notes-title" className="card-section">
          <h2 id="notes-title">{t('ver.snapshot.notes')}</h2>
          <ul>
            {Object.entries(s.notes).map(([code, count]) => (
              <li key={code}>
                <code>{code}</code>: {count}
              </li>
            ))}
          </ul>
        </section>
      )}
      {s.rejected.length > 0 && (
        <section aria-labelledby="rejected-title" className="card-section">
          <h2 id="rejected-title">{t('ver.snapshot.rejected')}</h2>
          <table className="table table--compact">
            <caption className="visually-hidden">{t('ver.snapshot.rejected')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('ver.snapshot.row')}</th>
                <th scope="col">{t('ver.snapshot.errors')}</th>
              </tr>
            </thead>
            <tbody>
              {s.rejected.map((r) => (
                <tr key={r.row}>
                  <td>{r.row}</td>
                  <td>{r.errors.map((e) => `${e.message} (${e.code})`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {s.runs.map((r) => (
        <RunSection key={r.id} r={r} />
      ))}
    </>
  );
}

function RunSection({ r }: { r: LinkRun }) {
  const t = useT();
  const titleId = `run-${r.id}`;
  return (
    <section aria-labelledby={titleId} className="card-section">
      <h2 id={titleId}>
        {t('ver.snapshot.run', { target: t(`ver.target.${r.target}`), at: formatDateTime(r.finishedAt) })}
        {r.status === 'superseded' && <> ({t('ver.snapshot.superseded')})</>}
      </h2>
      <p>
        {t('ver.run', {
          target: t(`ver.target.${r.target}`),
          linked: r.counts.linked ?? 0,
          review: r.counts.review ?? 0,
          rejected: r.counts.rejected ?? 0,
        })}
        .{' '}
        {t('ver.run.thresholds', {
          lower: decimal(t, r.thresholds.lower, 3),
          upper: decimal(t, r.thresholds.upper, 3),
        })}
        {r.model && <>. {t('ver.snapshot.lambda', { lambda: decimal(t, r.model.lambda, 5) })}</>}
      </p>
      {r.model && (
        <table className="table table--compact">
          <caption>{t('ver.snapshot.model')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ver.pair.field')}</th>
              <th scope="col">{t('ver.snapshot.level')}</th>
              <th scope="col">m</th>
              <th scope="col">u</th>
              <th scope="col">{t('ver.pair.weight')}</th>
            </tr>
          </thead>
          <tbody>
            {r.model.comparisons.flatMap((c) =>
              c.levels.map((l, i) => (
                <tr key={`${c.name}-${l.level}`}>
                  {i === 0 ? (
                    <th scope="rowgroup" rowSpan={c.levels.length}>
                      {c.label}
                    </th>
                  ) : null}
                  <td>{labelOf(t, `ver.level.${l.level}`, l.level)}</td>
                  <td>{decimal(t, l.m, 4)}</td>
                  <td>{decimal(t, l.u, 6)}</td>
                  <td>{decimal(t, l.weight, 1)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
