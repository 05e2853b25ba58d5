import { path, type CallOptions, type HttpClient } from '../http';

/**
 * Sign-in, the second factor, the signed-in user and their sessions. The types are the SDK's own; `contract.test.ts`
 * checks at compile time that they match the server's schemas.
 */

/** Roles of the access cascade. */
export type Role =
  | 'ministry_admin'
  | 'ministry_analyst'
  | 'ministry_verifier'
  | 'region_admin'
  | 'region_analyst'
  | 'ouo_admin'
  | 'ouo_specialist'
  | 'school_admin'
  | 'school_editor';

/** Actions of the access policy that `GET /api/v1/me` lists in `permissions`; a later action arrives as its name. */
export type Permission =
  | 'organisation:read'
  | 'organisation:create'
  | 'organisation:update'
  | 'user:read'
  | 'user:create'
  | 'user:manage'
  | 'audit:read'
  | 'pupil:read'
  | 'pupil:write'
  | 'pupil:export'
  | 'aggregate:read'
  | 'campaign:manage'
  | 'campaign:confirm'
  | 'transition:run'
  | 'school-year:manage'
  | 'platform:manage'
  | 'platform:link'
  | 'report:enter'
  | 'subvention:read'
  | 'subvention:manage'
  | 'verification:manage'
  | 'verification:case';

export interface LoginParams {
  login: string;
  password: string;
  /** The six-digit code of the authenticator app, once the server has answered 401 `TOTP_REQUIRED`. */
  totp?: string;
}

export interface ActivateParams {
  login: string;
  /** The one-time activation code given by the administrator (case and grouping do not matter). */
  code: string;
  /** The new password: at least 12 characters, not a common one. */
  password: string;
}

export interface SignedIn {
  /** Sent as `x-csrf-token` with every state-changing request of the session (the SDK remembers it). */
  csrfToken: string;
  /** The role needs a second factor that is not enrolled yet: only enrolment and sign-out work until it is. */
  mfaEnrolmentRequired: boolean;
  user: { id: string; login: string; fullName: string; role: Role };
}

export interface TotpSetup {
  /** Base32 secret, for typing into the app by hand. */
  secret: string;
  /** `otpauth://` URI. */
  uri: string;
  /** QR code of the URI as a PNG `data:` URL. */
  qrDataUrl: string;
}

export interface OrganisationRef {
  id: string;
  kind: string;
  name: string;
  edrpou: string | null;
}

export interface Me {
  id: string;
  login: string;
  fullName: string;
  role: Role;
  /** Role in Ukrainian, as the server names it. */
  roleLabel: string;
  organisation: OrganisationRef;
  /** The region the organisation belongs to (null for the ministry and for a region itself). */
  region: OrganisationRef | null;
  /** The ОУО a school belongs to. */
  ouo: OrganisationRef | null;
  /** The session has passed the second factor (or the role does not need one). */
  mfaPassed: boolean;
  mfaEnrolled: boolean;
  /** What the role may do (scope is checked by the server per resource). */
  permissions: Array<Permission | (string & {})>;
  /** Roles this user may give to others. */
  grantableRoles: Role[];
  csrfToken: string;
}

export interface Session {
  /** Public id (16 hex digits). */
  id: string;
  /** The session of this request. */
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/** Sign-in and the second factor. Sign-in and activation remember the session's CSRF token; sign-out forgets it. */
export function authResource(http: HttpClient) {
  const remember = (signedIn: SignedIn) => {
    http.setCsrfToken(signedIn.csrfToken);
    return signedIn;
  };
  return {
    /** 401 `TOTP_REQUIRED` when the second factor is enrolled and `totp` is missing; `TOTP_INVALID` for a wrong code. */
    login: (params: LoginParams, call: CallOptions = {}) =>
      http.post<SignedIn>('/api/v1/auth/login', { body: params, signal: call.signal }).then(remember),

    /** First sign-in with the activation code; 400 `PASSWORD_REJECTED` lists the password's problems in `errors`. */
    activate: (params: ActivateParams, call: CallOptions = {}) =>
      http.post<SignedIn>('/api/v1/auth/activate', { body: params, signal: call.signal }).then(remember),

    logout: async (call: CallOptions = {}) => {
      await http.post<void>('/api/v1/auth/logout', { signal: call.signal });
      http.setCsrfToken(null);
    },

    /** Starts TOTP enrolment: the secret and its QR code. */
    totpSetup: (call: CallOptions = {}) => http.post<TotpSetup>('/api/v1/auth/totp/setup', { signal: call.signal }),

    /** Finishes enrolment with a code from the app; the session then counts as having passed the second factor. */
    totpConfirm: (code: string, call: CallOptions = {}) =>
      http.post<void>('/api/v1/auth/totp/confirm', { body: { code }, signal: call.signal }),
  };
}

/** The signed-in user: who they are, what they may do, their sessions and password. */
export function meResource(http: HttpClient) {
  return {
    /** Also remembers the session's CSRF token, so a reloaded page can write again. */
    get: async (call: CallOptions = {}) => {
      const me = await http.get<Me>('/api/v1/me', { signal: call.signal });
      http.setCsrfToken(me.csrfToken);
      return me;
    },

    sessions: (call: CallOptions = {}) =>
      http.get<{ items: Session[] }>('/api/v1/me/sessions', { signal: call.signal }).then((r) => r.items),

    endSession: (id: string, call: CallOptions = {}) =>
      http.delete<void>(path`/api/v1/me/sessions/${id}`, { signal: call.signal }),

    /** Ends every session but this one; returns how many ended. */
    endOtherSessions: (call: CallOptions = {}) =>
      http
        .post<{ revoked: number }>('/api/v1/me/sessions/revoke-others', { signal: call.signal })
        .then((r) => r.revoked),

    /** Ends the user's other sessions too. 401 `LOGIN_FAILED` for a wrong current password. */
    changePassword: (change: PasswordChange, call: CallOptions = {}) =>
      http.post<void>('/api/v1/me/password', { body: change, signal: call.signal }),
  };
}

export type AuthResource = ReturnType<typeof authResource>;
export type MeResource = ReturnType<typeof meResource>;
