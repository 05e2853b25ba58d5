import type { FastifyRequest } from 'fastify';
import type { ExchangeActor } from './oauth/tokens';

/**
 * Per-client rate limits of the platform API (@fastify/rate-limit, registered non-globally by the auth feature):
 * each platform has its own allowance per minute and route (`platform.rate_limit_per_minute`), counted by its
 * client id, not by address (many platforms sit behind one gateway; one platform runs many workers). Portal users
 * of the shared routes are counted by address.
 */
export const PLATFORM_RATE_LIMIT = {
  max: (request: FastifyRequest): number =>
    request.actor?.kind === 'platform' ? ((request.actor as ExchangeActor).rateLimitPerMinute ?? 600) : 600,
  timeWindow: '1 minute',
  keyGenerator: (request: FastifyRequest): string =>
    request.actor?.kind === 'platform' ? `platform:${request.actor.clientId}` : `ip:${request.ip ?? 'unknown'}`,
};
