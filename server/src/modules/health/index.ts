import { readdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { countPendingMigrations, migrationsFolder } from '../../db/migrate.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { publicAccess } from '../../platform/policy/index.ts';

const expectedMigrations = readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).length;

/** /healthz: the process answers. /readyz: the database answers and is fully migrated. */
export function createHealthModule(deps: Pick<PlatformDeps, 'pool'>): AppModule {
  return {
    name: 'health',
    prefix: '',
    registerRoutes(app: FastifyInstance) {
      const health = z.object({ status: z.literal('ok') });
      app.get(
        '/healthz',
        {
          config: { access: publicAccess },
          schema: { operationId: 'health', tags: ['health'], response: { 200: health } },
        },
        async () => ({ status: 'ok' as const }),
      );
      app.get(
        '/readyz',
        {
          config: { access: publicAccess },
          schema: { operationId: 'ready', tags: ['health'], response: { 200: health } },
        },
        async () => {
          const pending = await countPendingMigrations(deps.pool, expectedMigrations).catch(() => -1);
          if (pending !== 0) throw new AppError('SERVICE_UNAVAILABLE');
          return { status: 'ok' as const };
        },
      );
    },
  };
}
