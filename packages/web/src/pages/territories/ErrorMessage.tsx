import { CLIENT_ERROR_CODES, isApiError } from '@aikom/sdk';
import { useT, type Translate } from '../../i18n/I18nProvider';

/** A failed load said plainly, in the reader's language. */
export function describeError(t: Translate, error: unknown, code?: string): string {
  if (isApiError(error)) {
    if (error.code === 'NOT_FOUND' && code) return t('error.notFound', { code });
    if (error.code === CLIENT_ERROR_CODES.network) return t('error.network');
    // The server's messages are Ukrainian; an English reader gets the stable code instead.
    const reason = t.language === 'uk' ? (error.detail ?? error.title) : `${error.code} (HTTP ${error.status})`;
    return t('error.generic', { reason });
  }
  return t('error.generic', { reason: error instanceof Error ? error.message : String(error) });
}

export function ErrorMessage({ error, code, onRetry }: { error: unknown; code?: string; onRetry?: () => void }) {
  const t = useT();
  const retryable = !(isApiError(error) && (error.status === 404 || error.status === 400));
  return (
    <div role="alert" className="error-message">
      <p>{describeError(t, error, code)}</p>
      {onRetry && retryable && (
        <button type="button" className="button" onClick={onRetry}>
          {t('terr.retry')}
        </button>
      )}
    </div>
  );
}
