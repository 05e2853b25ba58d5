import { HttpClient, type ClientOptions } from './http';
import { auditResource } from './resources/audit';
import { authResource, meResource } from './resources/auth';
import { healthResource } from './resources/health';
import { jobsResource } from './resources/jobs';
import { platformResource } from './resources/platform';
import { organisationsResource } from './resources/organisations';
import { pupilsResource, schoolsResource, validationResource } from './resources/pupils';
import { territoriesResource } from './resources/territories';
import { usersResource } from './resources/users';

/**
 * The typed client of the aikom public API. Each resource is a group of endpoint functions over one
 * {@link HttpClient}; to add an endpoint, add its types and a function to the resource in `resources/` (or a new
 * resource file, registered here).
 */
export function createClient(options: ClientOptions = {}) {
  const http = new HttpClient(options);
  return {
    /** The transport, for endpoints the SDK does not cover yet. */
    http,
    /** Remembers the session's CSRF token, sent as `x-csrf-token` with every state-changing request. */
    setCsrfToken: (token: string | null) => http.setCsrfToken(token),
    health: healthResource(http),
    territories: territoriesResource(http),
    auth: authResource(http),
    me: meResource(http),
    users: usersResource(http),
    organisations: organisationsResource(http),
    audit: auditResource(http),
    validation: validationResource(http),
    pupils: pupilsResource(http),
    schools: schoolsResource(http),
    jobs: jobsResource(http),
    platform: platformResource(http),
  };
}

export type AikomClient = ReturnType<typeof createClient>;
