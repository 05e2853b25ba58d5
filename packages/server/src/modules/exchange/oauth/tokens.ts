import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT, decodeProtectedHeader, errors as joseErrors } from 'jose';
import { sql } from 'kysely';
import type { AppContext } from '../../../context';
import { exchangeTx } from '../../../db/schema-exchange';
import { AuditService } from '../../audit/service';
import type { PlatformActor } from '../../auth/caller';
import { dummyPasswordHash } from '../../auth/passwords';
import { CLIENT_ID_PATTERN, secretMatches } from '../platforms/credentials';
import { canonicalScope, isPlatformScope, PLATFORM_SCOPES } from '../scopes';
import { SigningKeys, TOKEN_ALG } from './signing-keys';

/** Access tokens live a quarter of an hour (a leaked token is short-lived; clients cache and renew them). */
export const TOKEN_LIFETIME_S = 900;
export const TOKEN_AUDIENCE = 'aikom-api';

/** An error of the token endpoint, RFC 6749 § 5.2. */
export class OAuthError extends Error {
  constructor(
    readonly error:
      | 'invalid_request'
      | 'invalid_client'
      | 'invalid_grant'
      | 'unauthorized_client'
      | 'unsupported_grant_type'
      | 'invalid_scope',
    /** RFC 6749 § 5.2 allows only printable ASCII in error_description: English there, Ukrainian beside it. */
    readonly description: string,
    readonly descriptionUk: string,
    readonly status = error === 'invalid_client' ? 401 : 400,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

export interface TokenRequest {
  grantType: string | undefined;
  scope: string | undefined;
  clientId: string;
  clientSecret: string;
  ip: string | null;
  requestId: string;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/** A platform's actor with what the exchange routes also need (rate limit). */
export interface ExchangeActor extends PlatformActor {
  rateLimitPerMinute: number;
}

interface PlatformAuthRow {
  id: string;
  client_id: string;
  name: string;
  status: string;
  scopes: string[];
  rate_limit_per_minute: number;
  secret_hash: string;
  previous_secret_hash: string | null;
  previous_secret_valid_until: Date | null;
}

/**
 * OAuth 2.0 client credentials (RFC 6749 § 4.4) → a signed JWT access token in the profile of RFC 9068
 * (`typ: at+jwt`; iss, sub, aud, client_id, scope, jti, iat, exp). Tokens are checked on every request and then
 * resolved against the database, so a revoked platform or an ended school link takes effect at once, not when the
 * token expires.
 */
export class TokenService {
  readonly keys: SigningKeys;
  private readonly audit = new AuditService();

  constructor(private readonly ctx: AppContext) {
    this.keys = new SigningKeys(ctx);
  }

  get issuer(): string {
    return (this.ctx.config.publicUrl ?? `http://${this.ctx.config.host}:${this.ctx.config.port}`).replace(/\/+$/, '');
  }

  async issue(req: TokenRequest): Promise<IssuedToken> {
    if (req.grantType === undefined)
      throw new OAuthError('invalid_request', 'grant_type is missing.', 'Не вказано grant_type.');
    if (req.grantType !== 'client_credentials')
      throw new OAuthError(
        'unsupported_grant_type',
        'Only grant_type=client_credentials is supported.',
        'Підтримується лише grant_type=client_credentials.',
      );
    const platform = CLIENT_ID_PATTERN.test(req.clientId)
      ? await exchangeTx(this.ctx.db.kysely)
          .selectFrom('platform')
          .select([
            'id',
            'client_id',
            'name',
            'status',
            'scopes',
            'rate_limit_per_minute',
            'secret_hash',
            'previous_secret_hash',
            'previous_secret_valid_until',
          ])
          .where('client_id', '=', req.clientId)
          .executeTakeFirst()
      : undefined;
    const now = this.ctx.now();
    // The same work for an unknown client as for a wrong secret: no timing oracle for client ids.
    const ok = platform
      ? (await secretMatches(platform.secret_hash, req.clientSecret)) ||
        (!!platform.previous_secret_valid_until &&
          platform.previous_secret_valid_until > now &&
          (await secretMatches(platform.previous_secret_hash, req.clientSecret)))
      : await secretMatches(await dummyPasswordHash(), req.clientSecret).then(() => false);
    if (!platform || !ok || platform.status !== 'active') {
      await this.recordToken(req, platform, 'denied', {
        reason: !platform ? 'unknown_client' : !ok ? 'secret' : 'revoked',
      });
      throw new OAuthError(
        'invalid_client',
        'Unknown client, wrong secret or revoked platform.',
        'Невідомий клієнт, неправильний секрет або платформу відкликано.',
      );
    }
    const scopes = this.grantedScopes(platform, req.scope);
    const key = await this.keys.current();
    const iat = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({ client_id: platform.client_id, scope: scopes.join(' ') })
      .setProtectedHeader({ alg: TOKEN_ALG, typ: 'at+jwt', kid: key.kid })
      .setIssuer(this.issuer)
      .setSubject(platform.id)
      .setAudience(TOKEN_AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + TOKEN_LIFETIME_S)
      .sign(key.key);
    await this.recordToken(req, platform, 'ok', { scope: scopes.join(' ') });
    return { access_token: token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S, scope: scopes.join(' ') };
  }

  private grantedScopes(platform: PlatformAuthRow, requested: string | undefined): string[] {
    if (requested === undefined || requested.trim() === '') return [...platform.scopes];
    const asked = [...new Set(requested.trim().split(/\s+/).map(canonicalScope))];
    const unknown = asked.filter((s) => !isPlatformScope(s) || !platform.scopes.includes(s));
    if (unknown.length > 0)
      throw new OAuthError(
        'invalid_scope',
        `Scopes not available to this client: ${unknown.join(' ').replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?')}.`,
        `Недоступні дозволи: ${unknown.join(', ')}. Дозволи платформи: ${platform.scopes.join(', ')}.`,
      );
    return PLATFORM_SCOPES.filter((s) => asked.includes(s));
  }

  private async recordToken(
    req: TokenRequest,
    platform: PlatformAuthRow | undefined,
    outcome: 'ok' | 'denied',
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.ctx.db.system(async (trx) => {
      await this.audit.record(
        trx,
        platform
          ? {
              actor: {
                kind: 'platform',
                platformId: platform.id,
                schoolIds: [],
                clientId: platform.client_id,
                name: platform.name,
                scopes: [],
              },
              requestId: req.requestId,
              ip: req.ip,
              client: `platform:${platform.client_id}`,
            }
          : null,
        { action: 'platform.token', objectType: 'platform', objectId: platform?.id ?? null, outcome, details },
        platform ? undefined : { login: req.clientId.slice(0, 64), ip: req.ip, requestId: req.requestId },
      );
    });
  }

  /** The actor of a bearer token, or null when the token is not one of ours, expired, or its platform is revoked. */
  async resolve(token: string): Promise<ExchangeActor | null> {
    if (token.length > 4096 || token.split('.').length !== 3) return null;
    let payload;
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== TOKEN_ALG || typeof header.kid !== 'string') return null;
      const key = await this.keys.verificationKey(header.kid);
      if (!key) return null;
      ({ payload } = await jwtVerify(token, key, {
        issuer: this.issuer,
        audience: TOKEN_AUDIENCE,
        algorithms: [TOKEN_ALG],
        typ: 'at+jwt',
        currentDate: this.ctx.now(),
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
      throw error;
    }
    const platformId = payload.sub!;
    if (!/^[0-9a-f-]{36}$/.test(platformId)) return null;
    const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    const actor = await this.actorOf(platformId);
    if (!actor || actor.clientId !== payload.client_id) return null;
    // A scope removed from the platform since the token was issued no longer applies.
    return { ...actor, scopes: actor.scopes.filter((s) => granted.includes(s)) };
  }

  /**
   * The platform as an actor now: the schools linked to it at this moment, all of its scopes; null when it is
   * unknown or revoked. (Jobs of a platform act with this, not with the links of the time they were queued.)
   */
  async actorOf(platformId: string): Promise<ExchangeActor | null> {
    const r = await sql<{
      client_id: string;
      name: string;
      status: string;
      scopes: string[];
      rate_limit_per_minute: number;
      schools: string[];
    }>`
      SELECT p.client_id, p.name, p.status, p.scopes, p.rate_limit_per_minute,
        coalesce(array_agg(s.school_id::text ORDER BY s.school_id) FILTER (WHERE s.school_id IS NOT NULL), ARRAY[]::text[]) AS schools
      FROM platform p LEFT JOIN platform_school s ON s.platform_id = p.id AND s.status = 'active'
      WHERE p.id = ${platformId}::uuid
      GROUP BY p.id`.execute(this.ctx.db.kysely);
    const p = r.rows[0];
    if (!p || p.status !== 'active') return null;
    return {
      kind: 'platform',
      platformId,
      schoolIds: p.schools,
      clientId: p.client_id,
      name: p.name,
      scopes: p.scopes,
      rateLimitPerMinute: p.rate_limit_per_minute,
    };
  }
}

const services = new WeakMap<AppContext, TokenService>();

/** One token service per application context (its key cache is shared by the routes and the guard). */
export function tokenService(ctx: AppContext): TokenService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new TokenService(ctx)));
  return s;
}

/** The bearer resolver the route guard calls (modules/auth/guard.ts: `setBearerResolver`). */
export const platformBearerResolver = (ctx: AppContext) => (token: string) => tokenService(ctx).resolve(token);
