import { portalAnalyticsQuerySchema, portalAnalyticsSchema } from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../../db/client.ts';
import { requires } from '../../../platform/policy/index.ts';
import { analyticsCsv, analyticsXlsx } from './export.ts';
import { siteAnalytics } from './report.ts';

/** The resource kind of a site (registered by the editorial area: its unit). */
const PORTAL_SITE = 'portal_site';
const idParams = z.object({ id: z.uuid() });
const tags = ['portal'];
const access = { access: requires('portal.analytics', PORTAL_SITE) };
const description =
  'Page views of the site counted on the server (no cookie, no script), per day (Asia/Ho_Chi_Minh), ' +
  'with the previous period of the same length and the growth ratio, top articles, referring hosts ' +
  '("" = direct) and devices. Visitors are an ESTIMATE: the sum of each day’s unique visitors ' +
  '(hashed address + user agent with a salt kept one day). Default the last 30 days, at most 366; ' +
  '`include=children` adds the sites of the units below.';

/** The analytics of a site (staff API): JSON, XLSX and CSV with the same figures. */
export function registerAnalyticsRoutes(scope: FastifyInstance, deps: { db: Database }) {
  const app = scope.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/portal/sites/:id/analytics',
    {
      config: access,
      schema: {
        operationId: 'getPortalSiteAnalytics',
        tags,
        description,
        params: idParams,
        querystring: portalAnalyticsQuerySchema,
        response: { 200: portalAnalyticsSchema },
      },
    },
    async (request) => siteAnalytics(deps.db, request.params.id, request.query),
  );

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/portal/sites/:id/analytics.${format}`,
      {
        config: access,
        schema: {
          operationId: format === 'xlsx' ? 'exportPortalSiteAnalyticsXlsx' : 'exportPortalSiteAnalyticsCsv',
          tags,
          description: `The same report as ${format.toUpperCase()} (Vietnamese headings).`,
          params: idParams,
          querystring: portalAnalyticsQuerySchema,
        },
      },
      async (request, reply) => {
        const report = await siteAnalytics(deps.db, request.params.id, request.query);
        const name = `thong-ke-${report.site.slug}-${report.from}-${report.to}.${format}`;
        reply
          .header('content-disposition', `attachment; filename="${name}"`)
          .header('cache-control', 'no-store');
        if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(analyticsCsv(report));
        return reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .send(await analyticsXlsx(report));
      },
    );
  }
}
