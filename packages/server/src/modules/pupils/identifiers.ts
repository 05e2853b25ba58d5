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
  birth_cert_enc: Buffer | null;
  birth_cert_bidx: Buffer | null;
  unzr_enc: Buffer | null;
  unzr_bidx: Buffer | null;
  rnokpp_enc: Buffer | null;
  rnokpp_bidx: Buffer | null;
}

/** AAD binds a ciphertext to its row and column: moved to another pupil, it no longer decrypts. */
export const identifierAad = (personId: string, column: 'birth_cert' | 'unzr' | 'rnokpp') =>
  `person.${column}:${personId}`;

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

/** Encrypts the identifiers of a pupil row (AES-256-GCM with the active key) and computes their blind indexes. */
export function sealIdentifiers(keys: KeyRing, personId: string, ids: PupilIdentifiers): SealedIdentifiers {
  const c = ids.birthCertificate;
  const bidx = blindIndexes(keys, ids);
  return {
    birth_cert_kind: c ? certificateKind(c) : null,
    birth_cert_country: c ? (c.issuedCountry ?? 'UA') : null,
    birth_cert_enc: c
      ? keys.encrypt(JSON.stringify([c.series, c.number]), identifierAad(personId, 'birth_cert'))
      : null,
    birth_cert_bidx: bidx.birthCert,
    unzr_enc: ids.unzr ? keys.encrypt(ids.unzr, identifierAad(personId, 'unzr')) : null,
    unzr_bidx: bidx.unzr,
    rnokpp_enc: ids.rnokpp ? keys.encrypt(ids.rnokpp, identifierAad(personId, 'rnokpp')) : null,
    rnokpp_bidx: bidx.rnokpp,
  };
}

export function openIdentifiers(
  keys: KeyRing,
  personId: string,
  row: Pick<SealedIdentifiers, 'birth_cert_enc' | 'birth_cert_country' | 'unzr_enc' | 'rnokpp_enc'>,
): {
  birthCertificate: { series: string; number: string; issuedCountry: string } | null;
  unzr: string | null;
  rnokpp: string | null;
} {
  let birthCertificate = null;
  if (row.birth_cert_enc) {
    const [series, number] = JSON.parse(keys.decrypt(row.birth_cert_enc, identifierAad(personId, 'birth_cert'))) as [
      string,
      string,
    ];
    birthCertificate = { series, number, issuedCountry: row.birth_cert_country ?? 'UA' };
  }
  return {
    birthCertificate,
    unzr: row.unzr_enc ? keys.decrypt(row.unzr_enc, identifierAad(personId, 'unzr')) : null,
    rnokpp: row.rnokpp_enc ? keys.decrypt(row.rnokpp_enc, identifierAad(personId, 'rnokpp')) : null,
  };
}
