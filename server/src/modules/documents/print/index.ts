import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../db/client.ts';
import { registerPrintRoutes } from './print.routes.ts';
import { createPrintService } from './print.service.ts';

export { createPrintService, type PrintService } from './print.service.ts';

/** Printable registers (Appendix IV), the Appendix VI export and the routing slip: routes under /api. */
export function registerDocumentPrintRoutes(app: FastifyInstance, deps: { db: Database }) {
  registerPrintRoutes(app, createPrintService(deps));
}
