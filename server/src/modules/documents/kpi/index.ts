import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../db/client.ts';
import { registerKpiRoutes as mountKpiRoutes } from './kpi.routes.ts';
import { createKpiService } from './kpi.service.ts';

export { createKpiService, type KpiService } from './kpi.service.ts';

/** Mounts the digitisation KPIs (GET /documents/kpis). */
export function registerKpiRoutes(app: FastifyInstance, deps: { db: Database }) {
  mountKpiRoutes(app, createKpiService(deps));
}
