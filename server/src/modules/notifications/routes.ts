import {
  notificationPreferencesSchema,
  pushSubscriptionDeleteQuerySchema,
  pushSubscriptionInputSchema,
  pushSubscriptionSchema,
  vapidPublicKeySchema,
} from '@mts/contracts';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../../platform/errors/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import { actorOf, signedIn } from '../../platform/policy/index.ts';
import { notificationPreference, pushSubscription } from './notifications.schema.ts';
import { preferencesOf, savePreferences } from './preferences.ts';
import { loadVapidKeys } from './vapid.ts';

const tags = ['notifications'];
const done = z.object({ ok: z.literal(true) });

/** A push endpoint must be https; plain http only to this machine in the test suite. */
function checkEndpoint(endpoint: string, nodeEnv: string) {
  const url = new URL(endpoint);
  if (url.protocol === 'https:') return;
  if (nodeEnv === 'test' && url.protocol === 'http:' && url.hostname === '127.0.0.1') return;
  throw badRequest({
    vi: 'Địa chỉ nhận thông báo đẩy phải dùng https.',
    en: 'The push endpoint must use https.',
  });
}

export function registerNotificationRoutes(root: FastifyInstance, deps: PlatformDeps) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const { db } = deps;

  app.get(
    '/notifications/preferences',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'getMyNotificationPreferences',
        tags,
        response: { 200: notificationPreferencesSchema },
      },
    },
    async (request) => {
      const [row] = await db
        .select()
        .from(notificationPreference)
        .where(eq(notificationPreference.staffId, actorOf(request).staffId));
      return preferencesOf(row);
    },
  );

  app.put(
    '/notifications/preferences',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'setMyNotificationPreferences',
        tags,
        body: notificationPreferencesSchema,
        response: { 200: notificationPreferencesSchema },
      },
    },
    async (request) => {
      await savePreferences(db, actorOf(request).staffId, request.body);
      return request.body;
    },
  );

  app.get(
    '/notifications/vapid-public-key',
    {
      config: { access: signedIn },
      schema: { operationId: 'getVapidPublicKey', tags, response: { 200: vapidPublicKeySchema } },
    },
    async () => ({ publicKey: (await loadVapidKeys(deps.config)).publicKey }),
  );

  app.post(
    '/notifications/push-subscriptions',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'addPushSubscription',
        tags,
        body: pushSubscriptionInputSchema,
        response: { 201: pushSubscriptionSchema },
      },
    },
    async (request, reply) => {
      const { endpoint, keys } = request.body;
      checkEndpoint(endpoint, deps.config.NODE_ENV);
      const values = {
        staffId: actorOf(request).staffId,
        endpoint,
        p256dh: keys.p256dh,
        auth: keys.auth,
        userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
      };
      // One browser, one endpoint: whoever signs in on it last receives its pushes.
      const [row] = await db
        .insert(pushSubscription)
        .values(values)
        .onConflictDoUpdate({ target: pushSubscription.endpoint, set: values })
        .returning();
      return reply
        .status(201)
        .send({ id: row!.id, endpoint: row!.endpoint, createdAt: row!.createdAt.toISOString() });
    },
  );

  app.delete(
    '/notifications/push-subscriptions',
    {
      config: { access: signedIn },
      schema: {
        operationId: 'removePushSubscription',
        tags,
        querystring: pushSubscriptionDeleteQuerySchema,
        response: { 200: done },
      },
    },
    async (request) => {
      await db
        .delete(pushSubscription)
        .where(
          and(
            eq(pushSubscription.staffId, actorOf(request).staffId),
            eq(pushSubscription.endpoint, request.query.endpoint),
          ),
        );
      return { ok: true as const };
    },
  );
}
