import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors/index.ts';
import { requires } from '../../platform/policy/index.ts';
import type { Realtime } from '../../platform/realtime/index.ts';

/** A comment line every 25 s keeps proxies and load balancers from closing a quiet stream. */
export const HEARTBEAT_MS = 25_000;

/** The realtime topic of one document (the recipients trigger of migration 0026 publishes on it). */
export const documentTopic = (id: string) => `document:${id}`;

/**
 * `GET /documents/:id/events` — Server-Sent Events for the sender's page: `event: recipients` with
 * `{ documentId }` whenever a recipient's status changes (the client refetches the detail), on any
 * instance, delivered through PostgreSQL LISTEN/NOTIFY. Only EventSource-style requests
 * (`Accept: text/event-stream`) open a stream; any other request is answered 400 at once.
 */
export function registerDocumentEventRoutes(scope: FastifyInstance, realtime: Realtime) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const open = new Set<() => void>();
  // Streams never end on their own: end them before the server waits for its connections.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get(
    '/documents/:id/events',
    {
      config: { access: requires('documents.read', 'document', 'id') },
      schema: {
        operationId: 'streamDocumentEvents',
        tags: ['documents'],
        description: 'Server-Sent Events: `recipients` when a recipient status of the document changes.',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request, reply) => {
      if (!(request.headers.accept ?? '').includes('text/event-stream'))
        throw new AppError('BAD_REQUEST', {
          message: {
            vi: 'Luồng sự kiện chỉ mở được bằng EventSource (tiêu đề Accept: text/event-stream).',
            en: 'The event stream opens only with EventSource (Accept: text/event-stream).',
          },
        });
      const documentId = request.params.id;
      // Listening before answering: once the client has the headers, no change can be missed.
      await realtime.ready().catch(() => {
        throw new AppError('SERVICE_UNAVAILABLE', {
          message: {
            vi: 'Chưa thể theo dõi trạng thái trực tiếp; hãy tải lại trang sau ít phút.',
            en: 'Live status is unavailable; reload the page in a few minutes.',
          },
        });
      });
      const stream = new PassThrough();
      const send = (data: Record<string, unknown>) =>
        stream.write(`event: recipients\ndata: ${JSON.stringify({ ...data, documentId })}\n\n`);
      const unsubscribe = realtime.subscribe(documentTopic(documentId), send);
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      const end = () => {
        if (!open.delete(end)) return;
        clearInterval(heartbeat);
        unsubscribe();
        stream.end();
      };
      open.add(end);
      reply.raw.on('close', end);
      // The first bytes flush the headers; `retry` sets EventSource's reconnection delay.
      stream.write(': connected\nretry: 5000\n\n');
      return reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        .send(stream);
    },
  );
}
