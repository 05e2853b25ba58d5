import type { Job } from '@aikom/sdk';
import type { Translate } from '../../i18n/I18nProvider';
import { isMessageKey, useT } from '../../i18n/I18nProvider';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/date';
import { errorText } from '../../lib/errors';
import type { Party } from './api';

/** A message by a computed key, or the fallback (a code the portal has no words for yet is shown as the server says). */
export function labelOf(t: Translate, key: string, fallback: string): string {
  return isMessageKey(key) ? t(key) : fallback;
}

export const kindLabel = (t: Translate, kind: string) => labelOf(t, `ver.kind.${kind}`, kind);
export const caseStatusLabel = (t: Translate, code: string, fallback = code) =>
  labelOf(t, `ver.caseStatus.${code}`, fallback);
export const reasonLabel = (t: Translate, code: string, fallback = code) => labelOf(t, `ver.reason.${code}`, fallback);

export const fullName = (p: { lastName: string; firstName: string; middleName: string | null }) =>
  [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');

export const sexLabel = (t: Translate, sex: string | null) => (sex ? labelOf(t, `ver.sex.${sex}`, sex) : '—');

export const partyName = (p: Party) => fullName(p);

/** A share in [0, 1] as a percentage with one decimal (`99,5`), in the reader's number format. */
export function percent(t: Translate, share: number): string {
  return new Intl.NumberFormat(t.language === 'uk' ? 'uk-UA' : 'en-GB', { maximumFractionDigits: 1 }).format(
    share * 100,
  );
}

export function decimal(t: Translate, value: number, digits = 2): string {
  return new Intl.NumberFormat(t.language === 'uk' ? 'uk-UA' : 'en-GB', { maximumFractionDigits: digits }).format(
    value,
  );
}

export const dateOrDash = (iso: string | null | undefined) => formatDate(iso ?? null) || '—';

/** The state of a job being watched: what it is, how far it got. */
export interface JobState {
  kind: string;
  done: number;
  total: number | null;
  note: string | null;
}

/**
 * The progress of a long job as a determinate bar when its total is known (an indeterminate one before), with its
 * label announced politely; a screen reader hears the label, the bar carries the value.
 */
export function JobProgress({ state }: { state: JobState }) {
  const t = useT();
  const label = labelOf(t, `ver.job.${state.kind.replace(/^verification\./, '')}`, state.note ?? state.kind);
  const text =
    state.total && state.total > 0
      ? t('ver.job.progress', { label, done: state.done, total: state.total })
      : t('ver.job.progressUnknown', { label });
  return (
    <div role="status" className="busy">
      {state.total && state.total > 0 ? (
        <progress className="busy__bar" aria-label={text} max={state.total} value={Math.min(state.done, state.total)} />
      ) : (
        <progress className="busy__bar" aria-label={text} />
      )}
      <span className="busy__label">{text}</span>
    </div>
  );
}

/** Polls a job until it ends, reporting its progress; a failed or cancelled job is thrown as an error. */
export async function watchJob(jobId: string, onProgress: (s: JobState) => void): Promise<Job> {
  const job = await api.jobs.watch(jobId, {
    intervalMs: 400,
    onProgress: (j) =>
      onProgress({ kind: j.kind, done: j.progress.done, total: j.progress.total, note: j.progress.note }),
  });
  if (job.status !== 'succeeded') {
    const problem = (job.error ?? {}) as { message?: string; errors?: Array<{ message?: string }> };
    const details = (problem.errors ?? []).map((e) => e.message ?? '').filter(Boolean);
    throw new Error([problem.message ?? job.status, ...details].join(' '));
  }
  return job;
}

/** A failed action said plainly (the server's Ukrainian words for a Ukrainian reader). */
export function failureText(t: Translate, error: unknown): string {
  return error instanceof Error && !('status' in error) ? error.message : errorText(t, error);
}

/** A piece of evidence in words: its kind's sentence with its dates (дд.мм.рррр) and the school's name filled in. */
export function evidenceText(t: Translate, e: Record<string, unknown>): string {
  const code = typeof e.code === 'string' ? e.code : '';
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(e)) {
    if (v === null || v === undefined) params[k] = '—';
    else if (typeof v === 'string') params[k] = /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v;
    else if (typeof v === 'number') params[k] = v;
    else if (typeof v === 'object' && 'name' in v && typeof v.name === 'string') params[k] = v.name;
  }
  return labelOf(t, `ver.evidence.${code}`, code).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '—'));
}
