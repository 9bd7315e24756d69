import { z } from 'zod';

/** Categories a person can tune separately (a notice's kind `directive.*` is in 'directive'). */
export const notificationCategories = ['directive', 'message_mention', 'document', 'other'] as const;
export type NotificationCategory = (typeof notificationCategories)[number];

/** E-mail for non-urgent notices: each at once, one daily digest, or none. */
export const emailModes = ['immediate', 'digest', 'off'] as const;
export type EmailMode = (typeof emailModes)[number];

const localTime = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d$/,
    'Giờ phải có dạng HH:MM, từ 00:00 đến 23:59 (time must be HH:MM, 00:00–23:59)',
  );

const categoryChoice = z.object({ email: z.boolean(), push: z.boolean() });

export const notificationPreferencesSchema = z.object({
  emailMode: z.enum(emailModes),
  pushEnabled: z.boolean(),
  /** Per category; a category left out keeps e-mail and push on. */
  categories: z.partialRecord(z.enum(notificationCategories), categoryChoice),
  /** Local time in Asia/Ho_Chi_Minh; e-mail and push wait until `end`. Urgent notices do not wait. */
  quietHours: z
    .object({ start: localTime, end: localTime })
    .refine((q) => q.start !== q.end, {
      message:
        'Giờ bắt đầu và kết thúc khoảng yên lặng phải khác nhau (quiet hours must not start and end at the same time)',
      path: ['end'],
    })
    .nullable(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

/** A browser's PushSubscription.toJSON(). */
export const pushSubscriptionInputSchema = z.object({
  endpoint: z.url({ error: 'Địa chỉ đăng ký nhận thông báo không hợp lệ (invalid push endpoint)' }).max(2000),
  keys: z.object({
    p256dh: z
      .string()
      .regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, 'Khóa p256dh không hợp lệ (invalid p256dh key)'),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,32}={0,2}$/, 'Khóa auth không hợp lệ (invalid auth secret)'),
  }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInputSchema>;

export const pushSubscriptionDeleteQuerySchema = z.object({ endpoint: z.string().min(1).max(2000) });

export const pushSubscriptionSchema = z.object({ id: z.uuid(), endpoint: z.string(), createdAt: z.string() });

export const vapidPublicKeySchema = z.object({ publicKey: z.string() });

/** The realtime event on `user:<staffId>` when a notification arrives (the bell updates live). */
export const notificationEventSchema = z.object({
  type: z.literal('notification'),
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  urgent: z.boolean(),
});
export type NotificationEvent = z.infer<typeof notificationEventSchema>;
