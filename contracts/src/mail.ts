import { z } from 'zod';

/** A message in the demo outbox (written instead of sent when no SMTP server is configured). */
export const outboxMessageSchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

/** `enabled: false` when mail really goes out through SMTP: there is no outbox then. */
export const mailOutboxSchema = z.discriminatedUnion('enabled', [
  z.object({ enabled: z.literal(false) }),
  z.object({ enabled: z.literal(true), messages: z.array(outboxMessageSchema) }),
]);
export type MailOutbox = z.infer<typeof mailOutboxSchema>;
