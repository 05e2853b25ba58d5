import { sql, type RawBuilder } from 'kysely';

/**
 * The OneRoster 1.2 rostering collections a learning platform reads for the schools it serves, each as one SQL
 * source (columns in snake case) plus the OneRoster fields that may be filtered and sorted on and a presenter.
 * Mapping of the registry onto OneRoster:
 * - orgs: schools (`school`), their ОУО (`district`), regional departments (`state`) and the ministry (`national`);
 * - academicSessions: school years (`schoolYear`; OneRoster's schoolYear is the year the session ends);
 * - courses: a school's grade (there are no subject courses in a pupil registry);
 * - classes: a class of a school in a school year (`5-А`, homeroom), from the enrolment spells;
 * - users / students: the pupils (role student), identified by the registry's id and the platform's own id;
 * - enrollments: the enrolment spells (begin and end dates; a closed spell is `tobedeleted`).
 * Personal identifiers (birth certificate, УНЗР, РНОКПП) and birth dates are never part of the roster.
 */
export interface SourceContext {
  schools: readonly string[];
  platformId: string;
}

export type FieldType = 'text' | 'timestamp' | 'date' | 'int';

export interface Resource {
  /** Key of the collection in a list answer (`orgs`), and of the object in a single answer (`org`). */
  collection: string;
  single: string;
  source(c: SourceContext): RawBuilder<unknown>;
  fields: Readonly<Record<string, { column: string; type: FieldType }>>;
  present(row: Record<string, unknown>, base: string): Record<string, unknown>;
}

/** Row values are text, numbers, dates or null (the SQL sources select nothing else). */
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : text(v));
const ref = (base: string, path: string, sourcedId: unknown, type: string) =>
  sourcedId ? { href: `${base}/${path}/${text(sourcedId)}`, sourcedId: text(sourcedId), type } : null;
const grade = (g: unknown) => text(g).padStart(2, '0');
const common = {
  sourcedId: { column: 'sourced_id', type: 'text' },
  status: { column: 'status', type: 'text' },
  dateLastModified: { column: 'date_last_modified', type: 'timestamp' },
} as const;

const schoolsArray = (c: SourceContext) => sql`${[...c.schools]}::uuid[]`;

/** A deterministic id for a class or course of a school (stable across reads; an md5 formatted as a UUID). */
const classId = (school: string, year: string, g: string, letter: string) =>
  sql`md5('class:' || ${sql.ref(school)} || ':' || ${sql.ref(year)} || ':' || ${sql.ref(g)} || ':' || ${sql.ref(letter)})::uuid::text`;
const courseId = (school: string, g: string) =>
  sql`md5('course:' || ${sql.ref(school)} || ':' || ${sql.ref(g)})::uuid::text`;

const ORG_TYPES = sql`CASE a.kind WHEN 'ouo' THEN 'district' WHEN 'region' THEN 'state' ELSE 'national' END`;

function orgsSource(c: SourceContext, onlySchools: boolean): RawBuilder<unknown> {
  return sql`
    WITH s AS (
      SELECT o.id, o.name, o.edrpou, o.parent_id, o.updated_at, o.status FROM organisation o
      WHERE o.kind = 'school' AND o.id = ANY (${schoolsArray(c)})
    ), a AS (
      SELECT * FROM aikom_authority_public(ARRAY(
        SELECT ouo_id FROM organisation WHERE id IN (SELECT id FROM s)
        UNION SELECT region_id FROM organisation WHERE id IN (SELECT id FROM s)
        UNION SELECT id FROM organisation WHERE kind = 'ministry'))
    ), x AS (
      SELECT s.id::text AS sourced_id, CASE WHEN s.status = 'closed' THEN 'tobedeleted' ELSE 'active' END AS status,
        s.updated_at AS date_last_modified, s.name, 'school' AS type, s.edrpou AS identifier,
        s.parent_id::text AS parent_id
      FROM s
      ${
        onlySchools
          ? sql``
          : sql`UNION ALL
      SELECT a.id::text, 'active', a.updated_at, a.name, ${ORG_TYPES}, a.edrpou, a.parent_id::text FROM a`
      }
    )
    SELECT x.*, ARRAY(SELECT y.sourced_id FROM x y WHERE y.parent_id = x.sourced_id ORDER BY y.sourced_id) AS children
    FROM x`;
}

const orgFields = {
  ...common,
  name: { column: 'name', type: 'text' },
  type: { column: 'type', type: 'text' },
  identifier: { column: 'identifier', type: 'text' },
} as const;

function presentOrg(r: Record<string, unknown>, base: string) {
  return {
    sourcedId: r.sourced_id,
    status: r.status,
    dateLastModified: iso(r.date_last_modified),
    name: r.name,
    type: r.type,
    identifier: r.identifier,
    parent: ref(base, 'orgs', r.parent_id, 'org'),
    children: ((r.children as string[] | null) ?? []).map((id) => ref(base, 'orgs', id, 'org')),
  };
}

export const RESOURCES = {
  orgs: {
    collection: 'orgs',
    single: 'org',
    source: (c) => orgsSource(c, false),
    fields: orgFields,
    present: presentOrg,
  },
  schools: {
    collection: 'orgs',
    single: 'org',
    source: (c) => orgsSource(c, true),
    fields: orgFields,
    present: presentOrg,
  },
  academicSessions: {
    collection: 'academicSessions',
    single: 'academicSession',
    source: () => sql`
      SELECT 'sy-' || y.id AS sourced_id, CASE WHEN y.status = 'closed' THEN 'tobedeleted' ELSE 'active' END AS status,
        coalesce(y.closed_at, y.opened_at) AS date_last_modified, y.label AS title, 'schoolYear' AS type,
        y.starts_on AS start_date, y.ends_on AS end_date, (y.id + 1)::text AS school_year
      FROM school_year y`,
    fields: {
      ...common,
      title: { column: 'title', type: 'text' },
      startDate: { column: 'start_date', type: 'date' },
      endDate: { column: 'end_date', type: 'date' },
      schoolYear: { column: 'school_year', type: 'text' },
    },
    present: (r) => ({
      sourcedId: r.sourced_id,
      status: r.status,
      dateLastModified: iso(r.date_last_modified),
      title: r.title,
      type: r.type,
      startDate: r.start_date,
      endDate: r.end_date,
      schoolYear: r.school_year,
      parent: null,
      children: [],
    }),
  },
  courses: {
    collection: 'courses',
    single: 'course',
    source: (c) => sql`
      SELECT ${courseId('e.school_id', 'e.grade')} AS sourced_id, 'active' AS status,
        max(e.created_at) AS date_last_modified, 'Клас ' || e.grade AS title, e.grade::text AS course_code,
        e.grade, e.school_id::text AS school_sourced_id
      FROM enrolment e WHERE e.school_id = ANY (${schoolsArray(c)})
      GROUP BY e.school_id, e.grade`,
    fields: {
      ...common,
      title: { column: 'title', type: 'text' },
      courseCode: { column: 'course_code', type: 'text' },
    },
    present: (r, base) => ({
      sourcedId: r.sourced_id,
      status: r.status,
      dateLastModified: iso(r.date_last_modified),
      title: r.title,
      courseCode: r.course_code,
      grades: [grade(r.grade)],
      subjects: [],
      org: ref(base, 'orgs', r.school_sourced_id, 'org'),
    }),
  },
  classes: {
    collection: 'classes',
    single: 'class',
    source: (c) => sql`
      SELECT ${classId('e.school_id', 'e.school_year', 'e.grade', 'e.class_letter')} AS sourced_id,
        CASE WHEN bool_or(e.exit_date IS NULL) THEN 'active' ELSE 'tobedeleted' END AS status,
        greatest(max(e.created_at), max(e.exit_date)::timestamptz) AS date_last_modified,
        e.grade || '-' || e.class_letter AS title, e.grade, e.school_id::text AS school_sourced_id,
        'sy-' || e.school_year AS term_sourced_id, ${courseId('e.school_id', 'e.grade')} AS course_sourced_id
      FROM enrolment e WHERE e.school_id = ANY (${schoolsArray(c)})
      GROUP BY e.school_id, e.school_year, e.grade, e.class_letter`,
    fields: {
      ...common,
      title: { column: 'title', type: 'text' },
      classCode: { column: 'title', type: 'text' },
    },
    present: (r, base) => ({
      sourcedId: r.sourced_id,
      status: r.status,
      dateLastModified: iso(r.date_last_modified),
      title: r.title,
      classCode: r.title,
      classType: 'homeroom',
      grades: [grade(r.grade)],
      subjects: [],
      course: ref(base, 'courses', r.course_sourced_id, 'course'),
      school: ref(base, 'orgs', r.school_sourced_id, 'org'),
      terms: [ref(base, 'academicSessions', r.term_sourced_id, 'academicSession')],
    }),
  },
  students: {
    collection: 'users',
    single: 'user',
    source: (c) => sql`
      SELECT p.id::text AS sourced_id, CASE WHEN e.id IS NULL THEN 'tobedeleted' ELSE 'active' END AS status,
        p.updated_at AS date_last_modified, p.first_name AS given_name, p.last_name AS family_name,
        p.middle_name, coalesce(e.school_id, p.school_id)::text AS school_sourced_id, e.grade,
        m.external_id AS identifier, (e.id IS NOT NULL) AS enabled_user,
        CASE WHEN e.id IS NULL THEN NULL ELSE ${classId('e.school_id', 'e.school_year', 'e.grade', 'e.class_letter')} END
          AS class_sourced_id
      FROM person p
        LEFT JOIN enrolment e ON e.person_id = p.id AND e.exit_date IS NULL
        LEFT JOIN platform_pupil m ON m.person_id = p.id AND m.platform_id = ${c.platformId}::uuid
      WHERE p.school_id = ANY (${schoolsArray(c)})`,
    fields: {
      ...common,
      givenName: { column: 'given_name', type: 'text' },
      familyName: { column: 'family_name', type: 'text' },
      identifier: { column: 'identifier', type: 'text' },
    },
    present: (r, base) => ({
      sourcedId: r.sourced_id,
      status: r.status,
      dateLastModified: iso(r.date_last_modified),
      enabledUser: r.enabled_user,
      userIds: [
        { type: 'aikom', identifier: r.sourced_id },
        ...(r.identifier ? [{ type: 'platform', identifier: r.identifier }] : []),
      ],
      identifier: r.identifier ?? null,
      givenName: r.given_name,
      familyName: r.family_name,
      middleName: r.middle_name ?? null,
      roles: [{ roleType: 'primary', role: 'student', org: ref(base, 'orgs', r.school_sourced_id, 'org') }],
      grades: r.grade === null || r.grade === undefined ? [] : [grade(r.grade)],
    }),
  },
  enrollments: {
    collection: 'enrollments',
    single: 'enrollment',
    source: (c) => sql`
      SELECT e.id::text AS sourced_id, CASE WHEN e.exit_date IS NULL THEN 'active' ELSE 'tobedeleted' END AS status,
        greatest(e.created_at, e.exit_date::timestamptz) AS date_last_modified, 'student' AS role,
        e.person_id::text AS user_sourced_id, e.school_id::text AS school_sourced_id,
        ${classId('e.school_id', 'e.school_year', 'e.grade', 'e.class_letter')} AS class_sourced_id,
        e.entry_date AS begin_date, e.exit_date AS end_date
      FROM enrolment e WHERE e.school_id = ANY (${schoolsArray(c)})`,
    fields: {
      ...common,
      role: { column: 'role', type: 'text' },
      beginDate: { column: 'begin_date', type: 'date' },
      endDate: { column: 'end_date', type: 'date' },
    },
    present: (r, base) => ({
      sourcedId: r.sourced_id,
      status: r.status,
      dateLastModified: iso(r.date_last_modified),
      role: r.role,
      primary: false,
      user: ref(base, 'users', r.user_sourced_id, 'user'),
      class: ref(base, 'classes', r.class_sourced_id, 'class'),
      school: ref(base, 'orgs', r.school_sourced_id, 'org'),
      beginDate: r.begin_date,
      endDate: r.end_date ?? null,
    }),
  },
} as const satisfies Record<string, Resource>;

export type ResourceName = keyof typeof RESOURCES;
