import https from 'node:https';
import net from 'node:net';
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import webpush, { WebPushError } from 'web-push';

import type { PlatformDeps } from '../../platform/http/index.ts';
import { notification } from '../documents/documents.schema.ts';
import { staff } from '../organisation/index.ts';
import { notificationDelivery, pushSubscription } from './notifications.schema.ts';
import { loadVapidKeys } from './vapid.ts';

/** A push or e-mail that keeps failing is given up after this many attempts. */
const MAX_ATTEMPTS = 5;
const BATCH = 50;

/**
 * An https.Agent that speaks plain HTTP: web-push only does https, and the test suite's local push
 * service listens on http://127.0.0.1 (accepted only when NODE_ENV=test).
 */
class PlainHttpAgent extends https.Agent {
  override createConnection(options: net.NetConnectOpts) {
    return net.createConnection(options);
  }
}
const plainAgent = new PlainHttpAgent();

export interface PushPayload {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  url: string;
  urgent: boolean;
}

type DeliveryDeps = Pick<PlatformDeps, 'db' | 'mailer' | 'config'>;

export function createDelivery(deps: DeliveryDeps) {
  const { db, mailer, config } = deps;
  const appUrl = (link: string | null) =>
    link?.startsWith('/')
      ? `${config.PUBLIC_URL}/app${link}`
      : `${config.PUBLIC_URL}/app/documents/notifications`;

  async function sendPush(staffId: string, payload: PushPayload): Promise<'sent' | 'none' | 'failed'> {
    const subscriptions = await db
      .select()
      .from(pushSubscription)
      .where(eq(pushSubscription.staffId, staffId));
    if (subscriptions.length === 0) return 'none';
    const vapid = await loadVapidKeys(config);
    let failed = 0;
    for (const s of subscriptions) {
      const local = s.endpoint.startsWith('http://');
      try {
        await webpush.sendNotification(
          { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
          JSON.stringify(payload),
          {
            vapidDetails: vapid,
            TTL: payload.urgent ? 24 * 3600 : 7 * 24 * 3600,
            urgency: payload.urgent ? 'high' : 'normal',
            contentEncoding: 'aes128gcm',
            timeout: 10_000,
            ...(local ? { agent: plainAgent } : {}),
          },
        );
      } catch (error) {
        // 404/410: the browser unsubscribed or the subscription expired (RFC 8030 §7.3).
        if (error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410))
          await db.delete(pushSubscription).where(eq(pushSubscription.id, s.id));
        else failed += 1;
      }
    }
    return failed === 0 ? 'sent' : 'failed';
  }

  /**
   * Sends the e-mails and pushes that are due (now, or when quiet hours ended). Each row is locked
   * while it is worked on and marked sent in the same transaction: concurrent sweeps skip it, and a
   * retried sweep finds it done. Answers how many were delivered.
   */
  async function deliverDue(now: Date = new Date()): Promise<number> {
    let delivered = 0;
    for (;;) {
      const done = await db.transaction(async (tx) => {
        const due = await tx
          .select({
            notificationId: notificationDelivery.notificationId,
            channel: notificationDelivery.channel,
            staffId: notificationDelivery.staffId,
            attempts: notificationDelivery.attempts,
            email: staff.email,
            unitId: notification.unitId,
            kind: notification.kind,
            title: notification.title,
            body: notification.body,
            link: notification.link,
            urgent: notification.isUrgent,
          })
          .from(notificationDelivery)
          .innerJoin(notification, eq(notification.id, notificationDelivery.notificationId))
          .innerJoin(staff, eq(staff.id, notificationDelivery.staffId))
          .where(
            and(
              isNull(notificationDelivery.sentAt),
              lte(notificationDelivery.dueAt, now),
              inArray(notificationDelivery.channel, ['email', 'push']),
            ),
          )
          .orderBy(asc(notificationDelivery.dueAt))
          .limit(BATCH)
          .for('update', { of: notificationDelivery, skipLocked: true });
        let count = 0;
        for (const d of due) {
          const key = and(
            eq(notificationDelivery.notificationId, d.notificationId),
            eq(notificationDelivery.channel, d.channel),
          );
          let outcome: 'sent' | 'none' | 'failed' = 'none';
          let error: string | null = null;
          try {
            if (d.channel === 'email') {
              if (d.email) {
                await mailer.send({
                  to: d.email,
                  subject: `${d.urgent ? '[KHẨN] ' : ''}${d.title}`,
                  text: [d.title, d.body, `Xem trên Mặt trận số: ${appUrl(d.link)}`]
                    .filter(Boolean)
                    .join('\n\n'),
                  unitId: d.unitId,
                });
                outcome = 'sent';
              }
            } else {
              outcome = await sendPush(d.staffId, {
                id: d.notificationId,
                kind: d.kind,
                title: d.title,
                body: d.body,
                url: appUrl(d.link),
                urgent: d.urgent,
              });
            }
          } catch (e) {
            outcome = 'failed';
            error = e instanceof Error ? e.message : String(e);
          }
          const giveUp = outcome === 'failed' && d.attempts + 1 >= MAX_ATTEMPTS;
          await tx
            .update(notificationDelivery)
            .set({
              attempts: d.attempts + 1,
              lastError: outcome === 'failed' ? (error ?? 'push service refused') : null,
              sentAt: outcome !== 'failed' || giveUp ? new Date() : null,
              // A failed push is retried on a later sweep, not in this one.
              ...(outcome === 'failed' && !giveUp ? { dueAt: new Date(now.getTime() + 60_000) } : {}),
            })
            .where(key);
          if (outcome === 'sent') count += 1;
        }
        return { rows: due.length, count };
      });
      delivered += done.count;
      if (done.rows < BATCH) return delivered;
    }
  }

  /**
   * The daily digest: one e-mail per person listing their notices not yet digested (non-urgent,
   * e-mail mode 'digest'), oldest first. Answers how many e-mails were queued.
   */
  async function sendDigests(): Promise<number> {
    return db.transaction(async (tx) => {
      const rows = await tx
        .select({
          notificationId: notificationDelivery.notificationId,
          staffId: notificationDelivery.staffId,
          email: staff.email,
          unitId: staff.unitId,
          title: notification.title,
          body: notification.body,
          link: notification.link,
          createdAt: notification.createdAt,
        })
        .from(notificationDelivery)
        .innerJoin(notification, eq(notification.id, notificationDelivery.notificationId))
        .innerJoin(staff, eq(staff.id, notificationDelivery.staffId))
        .where(and(isNull(notificationDelivery.sentAt), eq(notificationDelivery.channel, 'digest')))
        .orderBy(asc(notificationDelivery.staffId), asc(notification.createdAt))
        .for('update', { of: notificationDelivery, skipLocked: true });
      const byPerson = new Map<string, typeof rows>();
      for (const r of rows) byPerson.set(r.staffId, [...(byPerson.get(r.staffId) ?? []), r]);
      let mails = 0;
      for (const items of byPerson.values()) {
        const first = items[0]!;
        if (!first.email) continue;
        const lines = items.map((i) => `• ${i.title}${i.body ? ` — ${i.body}` : ''}\n  ${appUrl(i.link)}`);
        await mailer.send({
          to: first.email,
          subject: `Tóm tắt thông báo trong ngày: ${items.length} thông báo mới`,
          text: `Thông báo mới trên Mặt trận số (New notifications):\n\n${lines.join('\n\n')}\n\nĐổi cách nhận thông báo: ${config.PUBLIC_URL}/app/settings/notifications`,
          unitId: first.unitId,
        });
        mails += 1;
      }
      if (rows.length)
        await tx
          .update(notificationDelivery)
          .set({ sentAt: new Date(), attempts: sql`${notificationDelivery.attempts} + 1` })
          .where(
            and(
              eq(notificationDelivery.channel, 'digest'),
              inArray(
                notificationDelivery.notificationId,
                rows.map((r) => r.notificationId),
              ),
            ),
          );
      return mails;
    });
  }

  return { deliverDue, sendDigests, sendPush };
}

export type Delivery = ReturnType<typeof createDelivery>;
