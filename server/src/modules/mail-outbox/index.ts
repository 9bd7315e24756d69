import { mailOutboxSchema } from '@mts/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { actorOf, coversWholeTree, isWithin, requires, scopePaths } from '../../platform/policy/index.ts';

const querystring = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/**
 * The demo outbox (hộp thư đi thử nghiệm): without SMTP, e-mail is written to DATA_DIR/outbox
 * and listed here, limited to messages about units in the reader's scope.
 */
export function createMailOutboxModule(deps: Pick<PlatformDeps, 'db' | 'mailer' | 'resources'>): AppModule {
  return {
    name: 'mail-outbox',
    registerRoutes(scope: FastifyInstance) {
      const app = scope.withTypeProvider<ZodTypeProvider>();
      app.get(
        '/mail/outbox',
        {
          config: { access: requires('mail.outbox.read') },
          schema: {
            operationId: 'listMailOutbox',
            tags: ['mail'],
            querystring,
            response: { 200: mailOutboxSchema },
          },
        },
        async (request) => {
          if (!deps.mailer.usesOutbox) return { enabled: false as const };
          const roots = scopePaths(actorOf(request), 'mail.outbox.read');
          const unitPath = deps.resources.get('unit');
          const paths = new Map<string, Promise<string | null>>();
          const visible = async (unitId: string | null) => {
            if (!unitId) return coversWholeTree(roots);
            if (!paths.has(unitId)) paths.set(unitId, unitPath(deps.db, unitId));
            const path = await paths.get(unitId);
            return path !== null && path !== undefined && roots.some((root) => isWithin(path, root));
          };
          const entries = await deps.mailer.listOutbox(request.query.limit);
          const shown = await Promise.all(entries.map((entry) => visible(entry.unitId)));
          return {
            enabled: true as const,
            messages: entries.filter((_, i) => shown[i]).map(({ unitId: _unitId, ...message }) => message),
          };
        },
      );
    },
  };
}
