import { randomBytes, randomInt } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../auth/passwords';

/**
 * OAuth client credentials of a platform (RFC 6749 § 2.3.1). The id is public; the secret is 256 random bits, shown
 * once and stored as an argon2id hash (the same parameters as passwords). Both carry a prefix so that secret
 * scanners and people can tell them apart from other tokens.
 */
export const CLIENT_ID_PATTERN = /^aikom_[a-z0-9]{20}$/;
export const CLIENT_SECRET_PATTERN = /^aks_[A-Za-z0-9_-]{43}$/;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newClientId(): string {
  let id = 'aikom_';
  for (let i = 0; i < 20; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

export function newClientSecret(): string {
  return `aks_${randomBytes(32).toString('base64url')}`;
}

export const hashSecret = (secret: string): Promise<string> => hashPassword(secret);

/** Constant-shape check first: a malformed secret is refused without spending an argon2 verification. */
export async function secretMatches(hash: string | null, secret: string): Promise<boolean> {
  if (!hash || !CLIENT_SECRET_PATTERN.test(secret)) return false;
  return verifyPassword(hash, secret);
}

/** How long the previous secret keeps working after a rotation. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60_000;
