import type { UserCreated } from '@aikom/sdk';
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/date';

/**
 * The one-time activation code of a new (or reset) user, shown once: the server keeps only its hash, so it cannot
 * be shown again. A copy button, the expiry and a plain warning to hand it over in person.
 */
export function ActivationCodeDialog({
  created,
  onClose,
  reset = false,
}: {
  created: UserCreated | null;
  onClose: () => void;
  reset?: boolean;
}) {
  const t = useT();
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = async (code: string) => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  const close = () => {
    setCopied(null);
    onClose();
  };
  return (
    <Dialog open={created !== null} onClose={close} title={t(reset ? 'code.resetTitle' : 'code.title')}>
      {created && (
        <>
          <p>{t('code.for', { name: created.user.fullName, login: created.user.login })}</p>
          <p className="activation-code">
            <span className="visually-hidden">{t('code.label')}: </span>
            <code data-code={created.activationCode} lang="en">
              {created.activationCode}
            </code>
          </p>
          <p>{t('code.expires', { date: formatDateTime(created.activationExpiresAt) })}</p>
          <div className="notice notice--warning">
            <p>
              <strong>{t('code.warningTitle')}</strong> {t('code.warning')}
            </p>
          </div>
          <p role="status" className="status-line">
            {copied === 'yes' ? t('code.copied') : copied === 'no' ? t('code.copyFailed') : ''}
          </p>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => void copy(created.activationCode)}>
              {t('code.copy')}
            </button>
            <button type="button" className="button button--secondary" onClick={close}>
              {t('code.done')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
