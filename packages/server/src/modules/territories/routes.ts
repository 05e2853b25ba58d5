import { Type } from 'typebox';
import type { App } from '../../http/app';
import { problemResponses } from '../../http/schemas';
import type { AppContext } from '../../context';
import {
  ChildrenQuery,
  KatottgCode,
  SearchHitSchema,
  SearchQuery,
  TerritoryDetailSchema,
  TerritorySchema,
} from './schemas';
import { TerritoryService } from './service';

/** Public reference: the KATOTTH tree and the list of territories of hostilities and occupation. */
export async function registerTerritoryRoutes(app: App, ctx: AppContext): Promise<void> {
  const service = new TerritoryService(ctx.db, () => ctx.now());
  const tags = ['Довідники'];

  app.get(
    '/api/v1/territories',
    {
      config: { auth: { auth: 'public' } },
      schema: {
        tags,
        summary: 'Territories under a parent (top level when no parent)',
        querystring: ChildrenQuery,
        response: { 200: Type.Object({ items: Type.Array(TerritorySchema) }), ...problemResponses(400, 404) },
      },
    },
    async (request) => ({ items: await service.children(request.query.parent) }),
  );

  app.get(
    '/api/v1/territories/search',
    {
      config: { auth: { auth: 'public' } },
      schema: {
        tags,
        summary: 'Search territories by name (case- and apostrophe-insensitive prefix)',
        querystring: SearchQuery,
        response: { 200: Type.Object({ items: Type.Array(SearchHitSchema) }), ...problemResponses(400) },
      },
    },
    async (request) => ({ items: await service.search(request.query.q, request.query.limit, request.query.level) }),
  );

  app.get(
    '/api/v1/territories/:code',
    {
      config: { auth: { auth: 'public' } },
      schema: {
        tags,
        summary: 'One territory with its path and hostilities/occupation periods',
        params: Type.Object({ code: KatottgCode }),
        response: { 200: TerritoryDetailSchema, ...problemResponses(400, 404) },
      },
    },
    async (request) => service.detail(request.params.code),
  );
}
