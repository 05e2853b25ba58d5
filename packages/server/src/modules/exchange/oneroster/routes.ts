import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../../context';
import type { App } from '../../../http/app';
import { normaliseError } from '../../../http/problem';
import { callerOf } from '../../auth/guard';
import { PLATFORM_RATE_LIMIT } from '../rate-limit';
import { QueryParameterError } from './filter';
import type { ResourceName } from './resources';
import { CollectionQuery, ENTITY_SCHEMAS, ImsxStatusSchema } from './schemas';
import { ONEROSTER_BASE, OneRosterService, type CollectionParams } from './service';

const tags = ['OneRoster 1.2 (rostering)'];
const auth = { auth: 'platform', action: 'pupil:read', scope: 'roster.readonly' } as const;

/** OneRoster's own error document (imsx_StatusInfo) with the code minor a consumer can act on. */
function imsxError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  let status: number;
  let minor: string;
  let description: string;
  if (error instanceof QueryParameterError) {
    status = 400;
    minor = error.codeMinor;
    description = error.message;
  } else {
    const e = normaliseError(error);
    status = e.status;
    description = e.detail ?? e.title;
    minor =
      e.status === 401
        ? 'unauthorisedrequest'
        : e.status === 403
          ? 'forbidden'
          : e.status === 404
            ? 'unknownobject'
            : e.status === 429
              ? 'server_busy'
              : e.status >= 500
                ? 'internal_server_error'
                : 'invalid_data';
    if (e.status >= 500) request.log.error({ err: error }, 'oneroster request failed');
  }
  return reply
    .status(status)
    .type('application/json')
    .send({
      imsx_codeMajor: 'failure',
      imsx_severity: 'error',
      imsx_description: description,
      imsx_CodeMinor: {
        imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: minor }],
      },
    });
}

/** X-Total-Count and RFC 8288 Link headers of an offset-paged collection (OneRoster 1.2 REST Binding § 3.4). */
function pagingHeaders(request: FastifyRequest, reply: FastifyReply, q: CollectionParams, total: number): void {
  reply.header('x-total-count', String(total));
  const url = new URL(request.url, 'http://local');
  const at = (offset: number) => {
    url.searchParams.set('offset', String(offset));
    url.searchParams.set('limit', String(q.limit));
    return `<${url.pathname}${url.search}>`;
  };
  const links: string[] = [];
  const last = Math.max(0, Math.floor((total - 1) / q.limit) * q.limit);
  if (q.offset + q.limit < total) links.push(`${at(q.offset + q.limit)}; rel="next"`);
  if (q.offset > 0) links.push(`${at(Math.max(0, q.offset - q.limit))}; rel="prev"`);
  links.push(`${at(0)}; rel="first"`, `${at(last)}; rel="last"`);
  reply.header('link', links.join(', '));
}

interface Collection {
  path: string;
  resource: ResourceName;
  entity: keyof typeof ENTITY_SCHEMAS;
  summary: string;
  within?: { param: string; field: string };
}

const COLLECTIONS: readonly Collection[] = [
  {
    path: '/orgs',
    resource: 'orgs',
    entity: 'org',
    summary: 'Schools served and their ОУО, regional department, ministry',
  },
  { path: '/schools', resource: 'schools', entity: 'org', summary: 'Schools served' },
  { path: '/academicSessions', resource: 'academicSessions', entity: 'academicSession', summary: 'School years' },
  { path: '/courses', resource: 'courses', entity: 'course', summary: 'Grades of the schools (as courses)' },
  { path: '/classes', resource: 'classes', entity: 'class', summary: 'Classes (e.g. 5-А) of the schools' },
  { path: '/students', resource: 'students', entity: 'user', summary: 'Pupils of the schools' },
  { path: '/users', resource: 'students', entity: 'user', summary: 'Users (pupils only: the registry holds no staff)' },
  { path: '/enrollments', resource: 'enrollments', entity: 'enrollment', summary: 'Enrolments of pupils in classes' },
  {
    path: '/schools/:schoolSourcedId/classes',
    resource: 'classes',
    entity: 'class',
    summary: 'Classes of one school',
    within: { param: 'schoolSourcedId', field: 'school_sourced_id' },
  },
  {
    path: '/schools/:schoolSourcedId/students',
    resource: 'students',
    entity: 'user',
    summary: 'Pupils of one school',
    within: { param: 'schoolSourcedId', field: 'school_sourced_id' },
  },
  {
    path: '/schools/:schoolSourcedId/enrollments',
    resource: 'enrollments',
    entity: 'enrollment',
    summary: 'Enrolments at one school',
    within: { param: 'schoolSourcedId', field: 'school_sourced_id' },
  },
  {
    path: '/classes/:classSourcedId/students',
    resource: 'students',
    entity: 'user',
    summary: 'Pupils of one class',
    within: { param: 'classSourcedId', field: 'class_sourced_id' },
  },
];

const COLLECTION_KEY: Record<ResourceName, string> = {
  orgs: 'orgs',
  schools: 'orgs',
  academicSessions: 'academicSessions',
  courses: 'courses',
  classes: 'classes',
  students: 'users',
  enrollments: 'enrollments',
};

export async function registerOneRosterRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new OneRosterService(ctx);
  await app.register(
    async (scope: FastifyInstance) => {
      scope.setErrorHandler((error, request, reply) => imsxError(request, reply, error));
      const errors = {
        400: ImsxStatusSchema,
        401: ImsxStatusSchema,
        403: ImsxStatusSchema,
        404: ImsxStatusSchema,
        429: ImsxStatusSchema,
      };
      const rateLimit = PLATFORM_RATE_LIMIT;
      for (const c of COLLECTIONS) {
        const entity = ENTITY_SCHEMAS[c.entity];
        scope.get(
          c.path,
          {
            config: { auth, rateLimit },
            schema: {
              tags,
              summary: c.summary,
              description:
                'OneRoster 1.2: `limit`/`offset` paging (X-Total-Count and Link headers), `sort` + `orderBy`, ' +
                "`filter` on dateLastModified, status and the listed fields (e.g. `dateLastModified>'2025-09-01T00:00:00Z'`), `fields`.",
              querystring: CollectionQuery,
              ...(c.within ? { params: Type.Object({ [c.within.param]: Type.String({ maxLength: 64 }) }) } : {}),
              response: {
                200: Type.Object({ [COLLECTION_KEY[c.resource]]: Type.Array(Type.Partial(entity)) }),
                ...errors,
              },
            },
          },
          async (request, reply) => {
            const q = request.query as CollectionParams;
            const within = c.within
              ? { field: c.within.field, id: (request.params as Record<string, string>)[c.within.param]! }
              : null;
            const { body, total } = await service.list(callerOf(request), c.resource, q, within);
            pagingHeaders(request, reply, q, total);
            return body;
          },
        );
        if (c.within || c.path === '/students') continue;
        scope.get(
          `${c.path}/:sourcedId`,
          {
            config: { auth, rateLimit },
            schema: {
              tags,
              summary: `One of: ${c.summary.toLowerCase()}`,
              params: Type.Object({ sourcedId: Type.String({ maxLength: 64 }) }),
              querystring: Type.Object({ fields: Type.Optional(Type.String({ maxLength: 500 })) }),
              response: { 200: Type.Object({ [c.entity]: Type.Partial(entity) }), ...errors },
            },
          },
          async (request) =>
            service.get(
              callerOf(request),
              c.resource,
              (request.params as { sourcedId: string }).sourcedId,
              (request.query as { fields?: string }).fields,
            ),
        );
      }
      scope.get(
        '/students/:sourcedId',
        {
          config: { auth, rateLimit },
          schema: {
            tags,
            summary: 'One pupil',
            params: Type.Object({ sourcedId: Type.String({ maxLength: 64 }) }),
            querystring: Type.Object({ fields: Type.Optional(Type.String({ maxLength: 500 })) }),
            response: { 200: Type.Object({ user: Type.Partial(ENTITY_SCHEMAS.user) }), ...errors },
          },
        },
        async (request) =>
          service.get(
            callerOf(request),
            'students',
            (request.params as { sourcedId: string }).sourcedId,
            (request.query as { fields?: string }).fields,
          ),
      );
    },
    { prefix: ONEROSTER_BASE },
  );
}
