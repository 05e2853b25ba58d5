import { useT, type Translate } from '../../i18n/I18nProvider';

/** The server's password rules (NIST SP 800-63B): a minimum length, no composition rules, common passwords refused. */
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** What the browser can tell before asking the server: the length (the server alone knows the common passwords). */
export function passwordProblem(t: Translate, password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return t('password.tooShort', { min: PASSWORD_MIN });
  if (length > PASSWORD_MAX) return t('password.tooLong', { max: PASSWORD_MAX });
  return null;
}

export function PasswordRules({ id }: { id: string }) {
  const t = useT();
  return (
    <div className="rules" id={id}>
      <p className="rules__title">{t('password.rulesTitle')}</p>
      <ul>
        <li>{t('password.rule.length', { min: PASSWORD_MIN })}</li>
        <li>{t('password.rule.noComposition')}</li>
        <li>{t('password.rule.common')}</li>
        <li>{t('password.rule.login')}</li>
      </ul>
    </div>
  );
}
