import { CLIENT_ERROR_CODES, isApiError, type FieldError } from '@aikom/sdk';
import { isMessageKey, type Translate } from '../i18n/I18nProvider';

/**
 * A failed request said plainly in the reader's language. The server's own words are Ukrainian and the most exact
 * (they name the school, the field, the way forward), so a Ukrainian reader gets them; an English reader gets the
 * portal's text for the stable code.
 */
export function errorText(t: Translate, error: unknown): string {
  if (isApiError(error)) {
    if (error.code === CLIENT_ERROR_CODES.network) return t('error.network');
    const key = `problem.${error.code}`;
    if (t.language === 'uk' && (error.detail || !isMessageKey(key))) return error.detail ?? error.title;
    if (isMessageKey(key)) return t(key);
    return t('error.generic', { reason: `${error.code} (HTTP ${error.status})` });
  }
  return t('error.generic', { reason: error instanceof Error ? error.message : String(error) });
}

/** A field-level problem of the server: its message in Ukrainian, the portal's text for its code in English. */
export function fieldErrorText(t: Translate, error: Pick<FieldError, 'code' | 'message'>): string {
  if (t.language === 'uk') return error.message;
  const key = `field.${error.code}`;
  return isMessageKey(key) ? t(key) : error.message;
}

/** The server's field errors by JSON Pointer (`/password` → messages). */
export function fieldErrorsByPath(t: Translate, error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isApiError(error)) return out;
  for (const e of error.errors) {
    const text = fieldErrorText(t, e);
    out[e.path] = out[e.path] ? `${out[e.path]} ${text}` : text;
  }
  return out;
}

export const hasCode = (error: unknown, ...codes: string[]) => isApiError(error) && codes.includes(error.code);
