import { path, type CallOptions, type HttpClient } from '../http';

/**
 * OneRoster 1.2 read-only rostering (IMS Global; JSON binding) of the schools a platform serves: orgs, academic
 * sessions, courses, classes, users (pupils) and enrollments, with `limit`/`offset`, `sort`/`orderBy`, `filter` and
 * `fields`. Needs the `roster.readonly` scope.
 */
export const ONEROSTER_BASE = '/ims/oneroster/rostering/v1p2';

export interface GuidRef {
  href: string;
  sourcedId: string;
  type: string;
}

export type RosterStatus = 'active' | 'tobedeleted';

interface Base {
  sourcedId: string;
  status: RosterStatus;
  dateLastModified: string;
}

export interface OneRosterOrg extends Base {
  name: string;
  type: 'school' | 'district' | 'state' | 'national';
  /** ЄДРПОУ. */
  identifier: string | null;
  parent: GuidRef | null;
  children: GuidRef[];
}

export interface OneRosterAcademicSession extends Base {
  title: string;
  type: 'schoolYear';
  startDate: string;
  endDate: string;
  /** The year the session ends, e.g. `2026` for 2025-2026. */
  schoolYear: string;
  parent: null;
  children: GuidRef[];
}

export interface OneRosterCourse extends Base {
  title: string;
  courseCode: string;
  grades: string[];
  subjects: string[];
  org: GuidRef | null;
}

export interface OneRosterClass extends Base {
  title: string;
  classCode: string;
  classType: 'homeroom';
  grades: string[];
  subjects: string[];
  course: GuidRef | null;
  school: GuidRef | null;
  terms: Array<GuidRef | null>;
}

export interface OneRosterUser extends Base {
  enabledUser: boolean;
  userIds: Array<{ type: string; identifier: string }>;
  /** The platform's own id of the pupil. */
  identifier: string | null;
  givenName: string;
  familyName: string;
  middleName: string | null;
  roles: Array<{ roleType: 'primary'; role: 'student'; org: GuidRef | null }>;
  grades: string[];
}

export interface OneRosterEnrollment extends Base {
  role: 'student';
  primary: boolean;
  user: GuidRef | null;
  class: GuidRef | null;
  school: GuidRef | null;
  beginDate: string;
  endDate: string | null;
}

export interface CollectionParams {
  limit?: number;
  offset?: number;
  sort?: string;
  orderBy?: 'asc' | 'desc';
  /** e.g. `dateLastModified>'2025-09-01T00:00:00Z' AND status='active'`. */
  filter?: string;
  fields?: string;
}

/** A page of a collection and the total from X-Total-Count. */
export interface RosterPage<T> {
  items: T[];
  total: number;
}

/** Every OneRoster endpoint this SDK calls. */
export const ONEROSTER_ENDPOINTS = [
  '/orgs',
  '/orgs/{sourcedId}',
  '/schools',
  '/schools/{sourcedId}',
  '/academicSessions',
  '/academicSessions/{sourcedId}',
  '/courses',
  '/courses/{sourcedId}',
  '/classes',
  '/classes/{sourcedId}',
  '/students',
  '/students/{sourcedId}',
  '/users',
  '/users/{sourcedId}',
  '/enrollments',
  '/enrollments/{sourcedId}',
  '/schools/{schoolSourcedId}/classes',
  '/schools/{schoolSourcedId}/students',
  '/schools/{schoolSourcedId}/enrollments',
  '/classes/{classSourcedId}/students',
].map((p) => ['GET', `${ONEROSTER_BASE}${p}`] as const);

export function oneRosterResource(http: HttpClient) {
  const list =
    <T>(key: string, url: string) =>
    async (params: CollectionParams = {}, call: CallOptions = {}): Promise<RosterPage<T>> => {
      const a = await http.send<Record<string, T[]>>('GET', url, { query: { ...params }, signal: call.signal });
      return { items: a.data[key] ?? [], total: Number(a.headers.get('x-total-count') ?? a.data[key]?.length ?? 0) };
    };
  const one =
    <T>(key: string, collection: string) =>
    async (sourcedId: string, call: CallOptions = {}): Promise<T> =>
      (
        await http.get<Record<string, T>>(`${ONEROSTER_BASE}/${collection}/${encodeURIComponent(sourcedId)}`, {
          signal: call.signal,
        })
      )[key]!;
  const at = (p: string) => `${ONEROSTER_BASE}${p}`;
  return {
    orgs: list<OneRosterOrg>('orgs', at('/orgs')),
    org: one<OneRosterOrg>('org', 'orgs'),
    schools: list<OneRosterOrg>('orgs', at('/schools')),
    school: one<OneRosterOrg>('org', 'schools'),
    academicSessions: list<OneRosterAcademicSession>('academicSessions', at('/academicSessions')),
    academicSession: one<OneRosterAcademicSession>('academicSession', 'academicSessions'),
    courses: list<OneRosterCourse>('courses', at('/courses')),
    course: one<OneRosterCourse>('course', 'courses'),
    classes: list<OneRosterClass>('classes', at('/classes')),
    class: one<OneRosterClass>('class', 'classes'),
    students: list<OneRosterUser>('users', at('/students')),
    student: one<OneRosterUser>('user', 'students'),
    users: list<OneRosterUser>('users', at('/users')),
    user: one<OneRosterUser>('user', 'users'),
    enrollments: list<OneRosterEnrollment>('enrollments', at('/enrollments')),
    enrollment: one<OneRosterEnrollment>('enrollment', 'enrollments'),
    classesOfSchool: (school: string, params: CollectionParams = {}, call: CallOptions = {}) =>
      list<OneRosterClass>('classes', at(path`/schools/${school}/classes`))(params, call),
    studentsOfSchool: (school: string, params: CollectionParams = {}, call: CallOptions = {}) =>
      list<OneRosterUser>('users', at(path`/schools/${school}/students`))(params, call),
    enrollmentsOfSchool: (school: string, params: CollectionParams = {}, call: CallOptions = {}) =>
      list<OneRosterEnrollment>('enrollments', at(path`/schools/${school}/enrollments`))(params, call),
    studentsOfClass: (classId: string, params: CollectionParams = {}, call: CallOptions = {}) =>
      list<OneRosterUser>('users', at(path`/classes/${classId}/students`))(params, call),
  };
}

export type OneRosterResource = ReturnType<typeof oneRosterResource>;
