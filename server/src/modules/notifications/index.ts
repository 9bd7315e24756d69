import type { AppModule, PlatformDeps } from '../../platform/http/index.ts';
import { createDelivery } from './delivery.ts';
import { DELIVERY_DUE_TOPIC, type Notifier, createNotifier as notifierWith } from './notifier.ts';
import { registerNotificationRoutes } from './routes.ts';

export { createDelivery, type Delivery, type PushPayload } from './delivery.ts';
export * from './notifications.schema.ts';
export type { NoticeInput, Notifier } from './notifier.ts';
export { categoryOf } from './preferences.ts';
export { afterQuietHours } from './quiet-hours.ts';
export { loadVapidKeys } from './vapid.ts';

/** Sends the e-mails and pushes that are due; queued on every commit that adds some, and each minute. */
export const DELIVER_QUEUE = 'notifications.deliver';
/** The daily digest e-mail, at 07:00 Vietnam time. */
export const DIGEST_QUEUE = 'notifications.digest';
const TZ = 'Asia/Ho_Chi_Minh';

/**
 * The notifier other modules call inside their transactions. `now` is for tests that need a clock
 * (quiet hours); the default is the wall clock.
 */
export function createNotifier(_deps: PlatformDeps, options: { now?: () => Date } = {}): Notifier {
  return notifierWith(options);
}

/**
 * Notifications beyond the bell: preferences, push subscriptions, and the jobs that e-mail and
 * push after commit (immediately, after quiet hours, or in the daily digest).
 */
export function createNotificationsModule(deps: PlatformDeps, _notifier: Notifier) {
  const delivery = createDelivery(deps);
  deps.jobs.define<{ at?: string }>(DELIVER_QUEUE, async () => {
    await delivery.deliverDue();
  });
  deps.jobs.define(DIGEST_QUEUE, async () => {
    await delivery.sendDigests();
  });
  deps.jobs.schedule(DELIVER_QUEUE, '* * * * *', { tz: TZ });
  deps.jobs.schedule(DIGEST_QUEUE, '0 7 * * *', { tz: TZ });
  // A notify() that committed deliveries due now publishes this topic (delivered only on commit):
  // queue a sweep at once rather than waiting for the minute's.
  const unsubscribe = deps.realtime.subscribe(DELIVERY_DUE_TOPIC, () => {
    deps.jobs.send(DELIVER_QUEUE, {}).catch(() => undefined);
  });
  return {
    name: 'notifications',
    delivery,
    registerRoutes(app) {
      app.addHook('onClose', async () => unsubscribe());
      registerNotificationRoutes(app, deps);
    },
  } satisfies AppModule & Record<string, unknown>;
}

export type NotificationsModule = ReturnType<typeof createNotificationsModule>;
