import { createClient } from '@aikom/sdk';
import { session } from './session';

/**
 * The portal talks to the API of its own origin (the server serves both); the session cookie stays same-origin.
 * Every failed request is shown to the session store, so a session that ended anywhere brings the user back to
 * sign-in.
 */
export const api = createClient({ baseUrl: '', onError: (error) => session.observe(error) });
