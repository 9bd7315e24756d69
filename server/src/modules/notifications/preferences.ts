import type { NotificationCategory, NotificationPreferences } from '@mts/contracts';
import { notificationCategories } from '@mts/contracts';
import { inArray } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { notificationPreference } from './notifications.schema.ts';

export const defaultPreferences: NotificationPreferences = {
  emailMode: 'digest',
  pushEnabled: true,
  categories: {},
  quietHours: null,
};

type Row = typeof notificationPreference.$inferSelect;

export function preferencesOf(row: Row | undefined): NotificationPreferences {
  if (!row) return defaultPreferences;
  return {
    emailMode: row.emailMode as NotificationPreferences['emailMode'],
    pushEnabled: row.pushEnabled,
    categories: row.categories as NotificationPreferences['categories'],
    quietHours: row.quietStart && row.quietEnd ? { start: row.quietStart, end: row.quietEnd } : null,
  };
}

/** Each person's preferences (the defaults for those who never set any). */
export async function preferencesFor(db: Queryable, staffIds: string[]) {
  const rows = staffIds.length
    ? await db.select().from(notificationPreference).where(inArray(notificationPreference.staffId, staffIds))
    : [];
  const byId = new Map(rows.map((r) => [r.staffId, r]));
  return new Map(staffIds.map((id) => [id, preferencesOf(byId.get(id))]));
}

/** The category of a notice kind: 'directive.overdue' → 'directive'; unknown → 'other'. */
export function categoryOf(kind: string): NotificationCategory {
  const head = kind.split(/[.:]/)[0] as NotificationCategory;
  return notificationCategories.includes(head) ? head : 'other';
}

export async function savePreferences(db: Queryable, staffId: string, prefs: NotificationPreferences) {
  const values = {
    emailMode: prefs.emailMode,
    pushEnabled: prefs.pushEnabled,
    categories: prefs.categories as Record<string, { email: boolean; push: boolean }>,
    quietStart: prefs.quietHours?.start ?? null,
    quietEnd: prefs.quietHours?.end ?? null,
  };
  await db
    .insert(notificationPreference)
    .values({ staffId, ...values })
    .onConflictDoUpdate({
      target: notificationPreference.staffId,
      set: { ...values, updatedAt: new Date() },
    });
}
