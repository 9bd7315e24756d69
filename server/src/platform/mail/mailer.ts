import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Jobs } from '../jobs/index.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * The unit the message concerns (the recipient's). In the demo outbox, only readers whose scope
   * covers it see the message; without it, only readers at the root of the tree do.
   */
  unitId?: string;
}

/** A message written to the outbox, as the staff app lists it. */
export interface OutboxEntry {
  id: string;
  at: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  unitId: string | null;
}

export const SEND_EMAIL_QUEUE = 'email.send';

/**
 * E-mail goes out through a background job (retried by pg-boss). With SMTP configured it is sent
 * with nodemailer; without, each message is written to the outbox folder as an .eml file (open it
 * in any mail client) beside a .json summary, which the staff app lists so a demo needs no mail server.
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
    const { unitId, ...mail } = message;
    const info = await this.transport.sendMail({ from: this.options.from, ...mail });
    if (!this.usesOutbox) return;
    const at = new Date().toISOString();
    const id = `${at.replaceAll(':', '-')}-${randomBytes(4).toString('hex')}`;
    const entry: OutboxEntry = {
      id,
      at,
      from: this.options.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html ?? null,
      unitId: unitId ?? null,
    };
    await mkdir(this.options.outboxDir, { recursive: true });
    await writeFile(
      path.join(this.options.outboxDir, `${id}.eml`),
      (info as unknown as { message: Buffer }).message,
    );
    // The summary is written last, under a temporary name: a listed message is always complete.
    const summary = path.join(this.options.outboxDir, `${id}.json`);
    await writeFile(`${summary}.tmp`, JSON.stringify(entry));
    await rename(`${summary}.tmp`, summary);
  }

  /** The newest outbox messages, newest first (demo mode only). */
  async listOutbox(limit = 50): Promise<OutboxEntry[]> {
    const files = await readdir(this.options.outboxDir).catch(() => [] as string[]);
    const newest = files
      .filter((f) => f.endsWith('.json'))
      .sort()
      .reverse()
      .slice(0, limit);
    return Promise.all(
      newest.map(
        async (file) =>
          JSON.parse(await readFile(path.join(this.options.outboxDir, file), 'utf8')) as OutboxEntry,
      ),
    );
  }
}
