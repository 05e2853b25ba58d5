import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { AppContext } from '../../../context';
import { exchangeTx } from '../../../db/schema-exchange';

/**
 * The keys that sign access tokens: ES256 (ECDSA P-256, RFC 7518 § 3.4). Kept in the database, the private half
 * sealed with the key file's active data key (AES-256-GCM, AAD bound to the key id), so that
 * - every server process of an instance signs with, and accepts, the same keys (they share the database; a file
 *   under DATA_DIR would not be shared between hosts running on one PostgreSQL);
 * - a database backup alone cannot mint tokens (the key file is kept apart, as for the identifiers);
 * - the key file's format (security/key-ring.ts) stays as it is: rotation of the data keys re-seals nothing here,
 *   since a sealed key names the data key it was sealed with.
 * The first key is made on first use. Rotation retires the active key (it keeps verifying, and stays published in
 * the JWKS, until every token it signed has expired) and makes a new one.
 */
export const TOKEN_ALG = 'ES256';
/** How long a process keeps using a cached signing key before looking for a newer one. */
const SIGNING_CACHE_MS = 5 * 60_000;
/** A retired key is still accepted and published this long (the signing cache + the longest token lifetime). */
export const RETIRED_KEY_GRACE_MS = 60 * 60_000;

const aad = (kid: string) => `oauth_signing_key.private_enc:${kid}`;

export interface SigningKey {
  kid: string;
  key: CryptoKey;
}

export interface PublishedKey {
  kid: string;
  jwk: JWK;
  key: CryptoKey;
}

export class SigningKeys {
  #signing: { key: SigningKey; loadedAt: number } | undefined;
  #published: { keys: Map<string, PublishedKey>; loadedAt: number } | undefined;
  #creating: Promise<SigningKey> | undefined;

  constructor(private readonly ctx: AppContext) {}

  private get db() {
    return exchangeTx(this.ctx.db.kysely);
  }

  /** The key new tokens are signed with (made when the instance has none). */
  async current(): Promise<SigningKey> {
    const cached = this.#signing;
    if (cached && Date.now() - cached.loadedAt < SIGNING_CACHE_MS) return cached.key;
    const row = await this.db
      .selectFrom('oauth_signing_key')
      .select(['kid', 'private_enc'])
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    const key = row ? await this.open(row.kid, row.private_enc) : await (this.#creating ??= this.create());
    this.#creating = undefined;
    this.#signing = { key, loadedAt: Date.now() };
    return key;
  }

  /** Keys whose tokens may still be valid, by kid (for verification and the JWKS). */
  async published(refresh = false): Promise<Map<string, PublishedKey>> {
    const cached = this.#published;
    if (!refresh && cached && Date.now() - cached.loadedAt < SIGNING_CACHE_MS) return cached.keys;
    await this.current();
    const since = new Date(this.ctx.now().getTime() - RETIRED_KEY_GRACE_MS);
    const rows = await this.db
      .selectFrom('oauth_signing_key')
      .select(['kid', 'public_jwk'])
      .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', since)]))
      .orderBy('created_at', 'desc')
      .execute();
    const keys = new Map<string, PublishedKey>();
    for (const r of rows) {
      const jwk = r.public_jwk as JWK;
      keys.set(r.kid, { kid: r.kid, jwk, key: (await importJWK(jwk, TOKEN_ALG)) as CryptoKey });
    }
    this.#published = { keys, loadedAt: Date.now() };
    return keys;
  }

  /** A verification key by id; an unknown id (a key made by another process) triggers one reload. */
  async verificationKey(kid: string): Promise<CryptoKey | undefined> {
    const known = (await this.published()).get(kid);
    if (known) return known.key;
    const cached = this.#published;
    if (cached && Date.now() - cached.loadedAt < 10_000) return undefined;
    return (await this.published(true)).get(kid)?.key;
  }

  /** Retires the active key and makes a new one (operators: `aikom platform signing-key rotate`). */
  async rotate(): Promise<string> {
    await this.ctx.db.system(async (trx) => {
      await exchangeTx(trx)
        .updateTable('oauth_signing_key')
        .set({ retired_at: this.ctx.now() })
        .where('retired_at', 'is', null)
        .execute();
    });
    this.#signing = undefined;
    this.#published = undefined;
    const key = await this.create();
    return key.kid;
  }

  private async open(kid: string, sealed: Buffer): Promise<SigningKey> {
    const jwk = JSON.parse(this.ctx.keys.decrypt(sealed, aad(kid))) as JWK;
    return { kid, key: (await importJWK(jwk, TOKEN_ALG)) as CryptoKey };
  }

  private async create(): Promise<SigningKey> {
    const { publicKey, privateKey } = await generateKeyPair(TOKEN_ALG, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = await exportJWK(privateKey);
    const now = this.ctx.now();
    // Two processes may start at once: the unique index on the active key lets one win; the other reads its key.
    await this.db
      .insertInto('oauth_signing_key')
      .values({
        kid,
        alg: TOKEN_ALG,
        public_jwk: JSON.stringify({ ...publicJwk, kid, alg: TOKEN_ALG, use: 'sig' }),
        private_enc: this.ctx.keys.encrypt(JSON.stringify(privateJwk), aad(kid)),
        created_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const row = await this.db
      .selectFrom('oauth_signing_key')
      .select(['kid', 'private_enc'])
      .where('retired_at', 'is', null)
      .executeTakeFirstOrThrow();
    return this.open(row.kid, row.private_enc);
  }
}
