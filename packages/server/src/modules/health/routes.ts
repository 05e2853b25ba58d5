import { sql } from 'kysely';
import { Type } from 'typebox';
import type { AppContext } from '../../context';
import { currentVersion, loadMigrations } from '../../db/migrate';
import type { App } from '../../http/app';

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  engine: Type.String({ description: 'pglite or postgres' }),
  migration: Type.Integer({ description: 'Applied schema version' }),
  expectedMigration: Type.Integer({ description: 'Latest schema version of this build' }),
  version: Type.String(),
});

export async function registerHealthRoutes(app: App, ctx: AppContext): Promise<void> {
  const expected = loadMigrations().at(-1)?.version ?? 0;
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['Служба'],
        summary: 'Liveness and database state',
        // 503 is this route's own document, or the problem of a request refused before it (a session cookie is
        // looked up in the database that is down).
        response: {
          200: HealthSchema,
          503: Type.Union([HealthSchema, Type.Unsafe<unknown>({ $ref: 'Problem#' })]),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(ctx.db.kysely);
        const migration = await currentVersion(ctx.db);
        const ok = migration === expected;
        return reply.status(ok ? 200 : 503).send({
          status: ok ? 'ok' : 'degraded',
          engine: ctx.db.engine,
          migration,
          expectedMigration: expected,
          version: '0.1.0',
        });
      } catch {
        return reply.status(503).send({
          status: 'degraded',
          engine: ctx.db.engine,
          migration: 0,
          expectedMigration: expected,
          version: '0.1.0',
        });
      }
    },
  );
}
