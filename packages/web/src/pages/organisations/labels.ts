import type { OrganisationKind, Ownership, OrganisationStatus, SchoolType } from '@aikom/sdk';
import { isMessageKey, type Translate } from '../../i18n/I18nProvider';

export const SCHOOL_TYPES: readonly SchoolType[] = [
  'primary',
  'gymnasium',
  'lyceum',
  'complex',
  'special',
  'sanatorium',
  'rehabilitation',
  'evening',
  'boarding',
  'other',
];
export const OWNERSHIPS: readonly Ownership[] = ['communal', 'state', 'private'];
export const ORGANISATION_STATUSES: readonly OrganisationStatus[] = ['operating', 'relocated', 'suspended', 'closed'];

/** The label of a code from the dictionary (`prefix.code`), or the server's own text, or the code itself. */
function labelOf(t: Translate, prefix: string, code: string | null | undefined, fallback?: string | null): string {
  if (!code) return '—';
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? t(key) : (fallback ?? code);
}

export const kindLabel = (t: Translate, kind: OrganisationKind | (string & {})) => labelOf(t, 'org.kind', kind);
export const schoolTypeLabel = (t: Translate, type: string | null, serverLabel?: string | null) =>
  labelOf(t, 'org.type', type, serverLabel);
export const ownershipLabel = (t: Translate, ownership: string | null) => labelOf(t, 'org.ownership', ownership);
export const statusLabel = (t: Translate, status: string | null) => labelOf(t, 'org.status', status);
export const settlementLabel = (t: Translate, type: string | null) => labelOf(t, 'org.settlement', type);
