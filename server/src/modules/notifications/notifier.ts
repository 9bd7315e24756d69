import type { NotificationEvent } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { publish } from '../../platform/realtime/index.ts';
import { notification } from '../documents/documents.schema.ts';
import { notificationDelivery } from './notifications.schema.ts';
import { categoryOf, preferencesFor } from './preferences.ts';
import { afterQuietHours } from './quiet-hours.ts';

/** One notice to one or more people (in-app always; e-mail and push per each person's preferences). */
export interface NoticeInput {
  staffIds: string[];
  /** The unit the notice concerns. */
  unitId: string;
  /** Kind, e.g. 'directive.new', 'message_mention': its first segment is the preference category. */
  kind: string;
  title: string;
  body?: string;
  /** App-relative link, e.g. '/directives/<id>'. */
  link?: string;
  /** Urgent notices bypass digests and quiet hours. */
  urgent?: boolean;
}

export interface Notifier {
  /** Writes in-app notifications in the caller's transaction and arranges e-mail/push delivery after commit per each person's preferences. */
  notify(tx: Queryable, notice: NoticeInput): Promise<void>;
}

/** Internal topic published on commit: each instance queues a delivery sweep when it hears it. */
export const DELIVERY_DUE_TOPIC = 'notifications:due';

export function createNotifier(options: { now?: () => Date } = {}): Notifier {
  const clock = options.now ?? (() => new Date());
  return {
    async notify(tx, notice) {
      const staffIds = [...new Set(notice.staffIds)];
      if (staffIds.length === 0) return;
      const now = clock();
      const urgent = notice.urgent ?? false;
      const rows = await tx
        .insert(notification)
        .values(
          staffIds.map((staffId) => ({
            unitId: notice.unitId,
            staffId,
            kind: notice.kind,
            title: notice.title,
            body: notice.body ?? null,
            link: notice.link ?? null,
            isUrgent: urgent,
          })),
        )
        .returning({ id: notification.id, staffId: notification.staffId });
      const preferences = await preferencesFor(tx, staffIds);
      const category = categoryOf(notice.kind);
      const deliveries: (typeof notificationDelivery.$inferInsert)[] = [];
      for (const row of rows) {
        const staffId = row.staffId!;
        const prefs = preferences.get(staffId)!;
        const choice = prefs.categories[category] ?? { email: true, push: true };
        const due = urgent ? now : afterQuietHours(now, prefs.quietHours);
        const base = { notificationId: row.id, staffId };
        if (prefs.emailMode !== 'off' && choice.email) {
          if (urgent || prefs.emailMode === 'immediate')
            deliveries.push({ ...base, channel: 'email', dueAt: due });
          else deliveries.push({ ...base, channel: 'digest', dueAt: now });
        }
        if (prefs.pushEnabled && choice.push) deliveries.push({ ...base, channel: 'push', dueAt: due });
      }
      if (deliveries.length) await tx.insert(notificationDelivery).values(deliveries);
      const events = rows.map((row) => ({
        topic: `user:${row.staffId}`,
        data: {
          type: 'notification',
          id: row.id,
          kind: notice.kind,
          title: notice.title,
          urgent,
        } satisfies NotificationEvent,
      }));
      if (events.length === 1) await publish(tx, events[0]!.topic, events[0]!.data);
      // A directive to every commune notifies thousands: one statement, not one per person.
      else
        await tx.execute(
          sql`SELECT mts_realtime_publish(e->>'topic', e->'data') FROM jsonb_array_elements(${JSON.stringify(events)}::jsonb) AS e`,
        );
      const dueNow = deliveries.some((d) => d.channel !== 'digest' && d.dueAt.getTime() <= now.getTime());
      if (dueNow) await publish(tx, DELIVERY_DUE_TOPIC, {});
    },
  };
}
