import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';

/** Weak-free ETags carrying the row version: `"7"`. */
export function setEtag(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}

/** The version a client expects from If-Match; a write without it is refused (428), a stale one 412 later. */
export function requireIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (typeof header !== 'string' || header.trim() === '') throw new AppError('PRECONDITION_REQUIRED');
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!m)
    throw new AppError('BAD_REQUEST', {
      detail: 'Заголовок If-Match має містити ETag, отриманий з відповіді, напр. "3".',
    });
  return Number(m[1]);
}
