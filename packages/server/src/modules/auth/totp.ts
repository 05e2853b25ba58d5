import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/**
 * TOTP second factor (RFC 6238: 30-second steps, 6 digits, SHA-1 — what authenticator apps support). A code is
 * accepted one step either side of now (clock drift) and never twice: the last accepted step is remembered.
 */
export const TOTP_ISSUER = 'АІКОМ';

export function newTotpSecret(): string {
  return generateSecret();
}

export interface TotpEnrolment {
  secret: string;
  uri: string;
  /** QR code of the URI as a data: URL (PNG), for the enrolment page. */
  qrDataUrl: string;
}

export async function totpEnrolment(secret: string, login: string): Promise<TotpEnrolment> {
  const uri = generateURI({ issuer: TOTP_ISSUER, label: login, secret });
  return { secret, uri, qrDataUrl: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 }) };
}

/** Returns the accepted time step, or null when the code is wrong or was already used. */
export async function verifyTotp(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): Promise<number | null> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: 30,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  // The RFC 6238 time step that matched: the current step plus the drift the library found.
  return result.valid ? Math.floor(now.getTime() / 30_000) + result.delta : null;
}
