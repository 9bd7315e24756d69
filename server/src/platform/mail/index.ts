export type { MailMessage, OutboxEntry } from './mailer.ts';
export { Mailer, SEND_EMAIL_QUEUE } from './mailer.ts';
