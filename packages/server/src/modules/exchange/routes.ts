import type { AppContext } from '../../context';
import type { App } from '../../http/app';
import { registerChangeRoutes } from './changes/routes';
import { registerLinkRoutes } from './links/routes';
import { registerOAuthRoutes } from './oauth/routes';
import { registerOneRosterRoutes } from './oneroster/routes';
import { registerPlatformRoutes } from './platforms/routes';
import { registerExchangePupilRoutes } from './pupils/routes';

/**
 * Exchange with educational information systems (ОІС): the platform register and schools' choices (portal side),
 * OAuth client credentials, the platform pupil API, the change feed and OneRoster 1.2 rostering.
 */
export async function registerExchangeRoutes(app: App, ctx: AppContext): Promise<void> {
  // RFC 6750 § 3: a refused bearer token is answered with a challenge saying why.
  app.addHook('onSend', async (request, reply) => {
    if (!request.headers.authorization?.startsWith('Bearer ')) return;
    if (reply.statusCode === 401) reply.header('www-authenticate', 'Bearer realm="aikom", error="invalid_token"');
  });
  await registerOAuthRoutes(app, ctx);
  await registerPlatformRoutes(app, ctx);
  await registerLinkRoutes(app, ctx);
  await registerExchangePupilRoutes(app, ctx);
  await registerChangeRoutes(app, ctx);
  await registerOneRosterRoutes(app, ctx);
}
