import { birthCertificateKey } from '@aikom/domain/identifiers/birth-certificate';
import type { KeyRing } from '../../security/key-ring';

/** The identifiers of a pupil as the exchange record carries them (already normalised by the catalogue). */
export interface PupilIdentifiers {
  birthCertificate?: { series: string; number: string; issuedCountry?: string | undefined } | null | undefined;
  unzr?: string | null | undefined;
  rnokpp?: string | null | undefined;
}

export interface SealedIdentifiers {
  birth_cert_kind: 'ua' | 'foreign' | null;
  birth_cert_country: string | null;
  identifiers_enc: Buffer | null;
  birth_cert_bidx: Buffer | null;
  unzr_bidx: Buffer | null;
  rnokpp_bidx: Buffer | null;
}

export interface OpenedIdentifiers {
  birthCertificate: { series: string; number: string; issuedCountry: string } | null;
  unzr: string | null;
  rnokpp: string | null;
}

/** AAD binds the ciphertext to its row: moved to another pupil, it no longer decrypts. */
export const identifiersAad = (personId: string) => `person.identifiers_enc:${personId}`;

export function certificateKind(c: NonNullable<PupilIdentifiers['birthCertificate']>): 'ua' | 'foreign' {
  return !c.issuedCountry || c.issuedCountry === 'UA' ? 'ua' : 'foreign';
}

/** Blind indexes of whatever identifiers are present (for lookup and duplicate detection). */
export function blindIndexes(
  keys: KeyRing,
  ids: PupilIdentifiers,
): { birthCert: Buffer | null; unzr: Buffer | null; rnokpp: Buffer | null } {
  const c = ids.birthCertificate;
  return {
    birthCert: c
      ? keys.blindIndex('birth_cert', birthCertificateKey(certificateKind(c), c.series, c.number, c.issuedCountry))
      : null,
    unzr: ids.unzr ? keys.blindIndex('unzr', ids.unzr) : null,
    rnokpp: ids.rnokpp ? keys.blindIndex('rnokpp', ids.rnokpp) : null,
  };
}

/**
 * Encrypts a pupil's identifiers as one AES-256-GCM ciphertext (one cipher operation per record: bulk loads of
 * millions of pupils depend on it) and computes a blind index of each.
 */
export function sealIdentifiers(keys: KeyRing, personId: string, ids: PupilIdentifiers): SealedIdentifiers {
  const c = ids.birthCertificate;
  const bidx = blindIndexes(keys, ids);
  const any = !!(c || ids.unzr || ids.rnokpp);
  const plain: [string, string, string, string] | null = any
    ? [c?.series ?? '', c?.number ?? '', ids.unzr ?? '', ids.rnokpp ?? '']
    : null;
  return {
    birth_cert_kind: c ? certificateKind(c) : null,
    birth_cert_country: c ? (c.issuedCountry ?? 'UA') : null,
    identifiers_enc: plain
      ? keys.encrypt(JSON.stringify(c ? plain : ['', '', plain[2], plain[3]]), identifiersAad(personId))
      : null,
    birth_cert_bidx: bidx.birthCert,
    unzr_bidx: bidx.unzr,
    rnokpp_bidx: bidx.rnokpp,
  };
}

export function openIdentifiers(
  keys: KeyRing,
  personId: string,
  row: { identifiers_enc: Buffer | null; birth_cert_country: string | null; birth_cert_kind: string | null },
): OpenedIdentifiers {
  if (!row.identifiers_enc) return { birthCertificate: null, unzr: null, rnokpp: null };
  const [series, number, unzr, rnokpp] = JSON.parse(keys.decrypt(row.identifiers_enc, identifiersAad(personId))) as [
    string,
    string,
    string,
    string,
  ];
  return {
    birthCertificate: row.birth_cert_kind ? { series, number, issuedCountry: row.birth_cert_country ?? 'UA' } : null,
    unzr: unzr || null,
    rnokpp: rnokpp || null,
  };
}
