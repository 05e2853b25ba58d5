import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { PageHeading, useDocumentTitle } from '../../app/navigation';
import { TextField } from '../../components/fields';
import './reports.css';
import { useT } from '../../i18n/I18nProvider';
import { useMe } from '../../lib/useSession';
import { ownReports, rollupPagePath, znz1PagePath } from './paths';

const EDRPOU = /^\d{8}$/;

/** Opens a report by the ЄДРПОУ of its organisation; a code that is not 8 digits is said at the field. */
function OpenByCode({ kind }: { kind: 'school' | 'ouo' }) {
  const t = useT();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = `open-${kind}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const c = code.trim();
    if (!EDRPOU.test(c)) {
      setError(t('rep.home.codeInvalid'));
      return;
    }
    setError(null);
    void navigate(kind === 'school' ? znz1PagePath(c) : rollupPagePath('ouo', c));
  };
  return (
    <form onSubmit={submit} noValidate className="inline-form">
      <TextField
        id={id}
        label={kind === 'school' ? t('rep.home.schoolCode') : t('rep.home.ouoCode')}
        value={code}
        onChange={setCode}
        inputMode="numeric"
        maxLength={8}
        width="short"
        error={error}
      />
      <button type="submit" className="button button--secondary">
        {t('rep.home.open')}
      </button>
    </form>
  );
}

/**
 * «Звіти»: the reader's own report (a school its ZNZ-1, an ОУО its 76-РВК, a region and the ministry their tables)
 * and dashboard first, then any report within their scope by ЄДРПОУ.
 */
export default function ReportsPage() {
  const t = useT();
  const me = useMe();
  useDocumentTitle(t('rep.home.title'));
  const own = me ? ownReports(me.organisation) : null;
  const kind = me?.organisation.kind;
  return (
    <div className="page">
      <PageHeading>{t('rep.home.title')}</PageHeading>
      <p>{t('rep.home.intro')}</p>
      {own && me && (
        <section aria-labelledby="own-title">
          <h2 id="own-title">{me.organisation.name}</h2>
          <ul className="link-list">
            <li>
              <Link to={own.report}>{t(`rep.home.own.${own.level}`)}</Link>
            </li>
            <li>
              <Link to={own.dashboard}>{t('rep.home.dashboard')}</Link>
            </li>
          </ul>
        </section>
      )}
      {kind && kind !== 'school' && (
        <section aria-labelledby="other-title">
          <h2 id="other-title">{t('rep.home.other')}</h2>
          <OpenByCode kind="school" />
          {kind !== 'ouo' && <OpenByCode kind="ouo" />}
        </section>
      )}
    </div>
  );
}
