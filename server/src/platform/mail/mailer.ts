import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Jobs } from '../jobs/index.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export const SEND_EMAIL_QUEUE = 'email.send';

/**
 * E-mail goes out through a background job (retried by pg-boss). With SMTP configured it is sent
 * with nodemailer; without, each message is written as an .eml file to the outbox folder, which
 * the staff app shows so a demo needs no mail server.
 */
export class Mailer {
  private readonly transport;

  constructor(private readonly options: { smtpUrl?: string; from: string; outboxDir: string; jobs: Jobs }) {
    this.transport = options.smtpUrl
      ? nodemailer.createTransport(options.smtpUrl)
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    options.jobs.define<MailMessage>(SEND_EMAIL_QUEUE, (message) => this.deliver(message));
  }

  get usesOutbox() {
    return !this.options.smtpUrl;
  }

  /** Queues a message; returns once it is durably queued, not once it is delivered. */
  async send(message: MailMessage): Promise<void> {
    await this.options.jobs.send(SEND_EMAIL_QUEUE, message);
  }

  async deliver(message: MailMessage): Promise<void> {
    const info = await this.transport.sendMail({ from: this.options.from, ...message });
    if (this.usesOutbox) {
      await mkdir(this.options.outboxDir, { recursive: true });
      const name = `${new Date().toISOString().replaceAll(':', '-')}-${info.messageId.replace(/[^a-zA-Z0-9.-]/g, '')}.eml`;
      await writeFile(
        path.join(this.options.outboxDir, name),
        (info as unknown as { message: Buffer }).message,
      );
    }
  }

  /** The newest outbox messages (demo mode only). */
  async listOutbox(limit = 50): Promise<Array<{ id: string; raw: string }>> {
    const files = await readdir(this.options.outboxDir).catch(() => [] as string[]);
    const newest = files
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .reverse()
      .slice(0, limit);
    return Promise.all(
      newest.map(async (id) => ({ id, raw: await readFile(path.join(this.options.outboxDir, id), 'utf8') })),
    );
  }
}
