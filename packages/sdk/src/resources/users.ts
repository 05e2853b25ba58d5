import { path, type CallOptions, type HttpClient } from '../http';
import type { Role } from './auth';

export type UserStatus = 'pending' | 'active' | 'disabled';

/** A page of a cursor-paginated list: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface User {
  id: string;
  login: string;
  fullName: string;
  email: string | null;
  role: Role;
  /** Role in Ukrainian, as the server names it. */
  roleLabel: string;
  organisation: { id: string; name: string; kind: string };
  /** `pending` until the user activates the account with the one-time code. */
  status: UserStatus;
  mfaEnrolled: boolean;
  /** Access ends at this moment; null = no limit. */
  validUntil: string | null;
  lastLoginAt: string | null;
  /** Sign-in is blocked until then after failed attempts. */
  lockedUntil: string | null;
  createdAt: string;
  /** Login of the administrator who created the user. */
  createdBy: string | null;
  version: number;
}

export interface UserCreate {
  /** Latin letters, digits, `.`, `_`, `@`, `-`; 3–64 characters. */
  login: string;
  fullName: string;
  email?: string;
  role: Role;
  organisationId: string;
  /** ISO date-time at which access ends (time-limited access). */
  validUntil?: string;
}

/** A new user (or a reset one) with the one-time activation code: it is shown once and cannot be read again. */
export interface UserCreated {
  user: User;
  activationCode: string;
  activationExpiresAt: string;
}

export interface UserListParams {
  organisationId?: string;
  role?: Role;
  status?: UserStatus;
  /** Login or name prefix. */
  q?: string;
  /** 1–200, default 50. */
  limit?: number;
  cursor?: string;
}

/** Users an administrator manages: those whose role they may grant, at organisations of their scope. */
export function usersResource(http: HttpClient) {
  return {
    list: (params: UserListParams = {}, call: CallOptions = {}) =>
      http.get<Page<User>>('/api/v1/users', { query: { ...params }, signal: call.signal }),

    get: (id: string, call: CallOptions = {}) => http.get<User>(path`/api/v1/users/${id}`, { signal: call.signal }),

    create: (user: UserCreate, call: CallOptions = {}) =>
      http.post<UserCreated>('/api/v1/users', { body: user, signal: call.signal }),

    /** The user's sessions end. */
    disable: (id: string, call: CallOptions = {}) =>
      http.post<User>(path`/api/v1/users/${id}/disable`, { signal: call.signal }),

    enable: (id: string, call: CallOptions = {}) =>
      http.post<User>(path`/api/v1/users/${id}/enable`, { signal: call.signal }),

    /** A forgotten password or a lost phone: password and second factor are cleared; a new activation code. */
    reset: (id: string, call: CallOptions = {}) =>
      http.post<UserCreated>(path`/api/v1/users/${id}/reset`, { signal: call.signal }),

    /** `null` removes the limit. */
    setValidUntil: (id: string, validUntil: string | null, call: CallOptions = {}) =>
      http.put<User>(path`/api/v1/users/${id}/valid-until`, { body: { validUntil }, signal: call.signal }),
  };
}

export type UsersResource = ReturnType<typeof usersResource>;
