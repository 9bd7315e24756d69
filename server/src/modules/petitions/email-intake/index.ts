import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { AuditContext } from '../../../platform/audit/index.ts';
import type { PlatformDeps } from '../../../platform/http/index.ts';
import { UUID_PATTERN } from '../../../platform/policy/index.ts';
import { createNotifier } from '../../notifications/index.ts';
import { petitionInboundEmail } from '../email-intake.schema.ts';
import { createPetition } from '../intake.ts';
import { petitionMedia } from '../petitions.schema.ts';
import { recordPetitionEvent } from '../timeline.ts';
import { draftFromMail, FULL_TEXT_NAME, FULL_TEXT_TYPE, MailRefused } from './message.ts';

export { cleanText, draftFromMail, FULL_TEXT_NAME, type MailDraft, MailRefused } from './message.ts';

/** Largest message accepted (SIZE, RFC 1870): five 10 MB attachments do not fit, base64 inflates by a third. */
export const MAX_MESSAGE_BYTES = 20 * 1024 * 1024;
/** Messages one envelope sender may have turned into drafts per hour (floods from one address). */
export const MESSAGES_PER_SENDER_PER_HOUR = 30;
/** The subject area of e-mailed drafts until a cadre classifies them (migration 0042). */
const UNCLASSIFIED_SUBJECT = 'khac';

/** The same message committed by a concurrent delivery: answered as already received. */
class DuplicateDelivery extends Error {}

export interface EmailIntake {
  port: number;
  close(): Promise<void>;
}

export interface EmailIntakeOptions {
  /** Overrides PETITIONS_INBOUND_SMTP_PORT (0: any free port). */
  port?: number;
  host?: string;
  /** Overrides MAX_MESSAGE_BYTES. */
  maxMessageBytes?: number;
  log?: (line: string) => void;
}

/** SMTP replies are ASCII: Vietnamese without diacritics, then English. */
function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/** Resolves PETITIONS_INBOUND_UNIT (an id or a code) to an active unit id; fails fast at start. */
async function resolveUnit(db: PlatformDeps['db'], reference: string): Promise<string> {
  const found = await db.execute<{ id: string }>(
    UUID_PATTERN.test(reference)
      ? sql`SELECT id FROM unit WHERE id = ${reference} AND status = 'active'`
      : sql`SELECT id FROM unit WHERE code = ${reference} AND status = 'active'`,
  );
  const id = found.rows[0]?.id;
  if (!id) throw new Error(`PETITIONS_INBOUND_UNIT: no active unit with id or code "${reference}"`);
  return id;
}

/**
 * The inbound SMTP listener of e-mail intake: mail to the configured address(es) becomes a DRAFT
 * petition (channel 'email') for the unit's cadres to confirm; mail to any other address is
 * refused at RCPT TO (550). No AUTH and no STARTTLS: it sits behind the agency's mail relay, which
 * terminates TLS and filters spam, and forwards to this port.
 *
 * The sender becomes the petitioner with consent_at set: writing to the petitions mailbox, with
 * one's own address, is the act of consent to have that address processed to answer the petition
 * (Decree 13/2023 Art. 11: consent may be expressed by an act that shows it); follow-ups go back
 * by e-mail. The cadre who confirms the draft sees it and can remove it.
 */
export async function startEmailIntake(
  deps: PlatformDeps,
  options: EmailIntakeOptions = {},
): Promise<EmailIntake> {
  const { db, config, storage } = deps;
  const notifier = createNotifier(deps);
  const port = options.port ?? config.PETITIONS_INBOUND_SMTP_PORT;
  if (port === undefined) throw new Error('PETITIONS_INBOUND_SMTP_PORT is not set');
  if (!config.PETITIONS_INBOUND_ADDRESS || !config.PETITIONS_INBOUND_UNIT)
    throw new Error(
      'PETITIONS_INBOUND_ADDRESS and PETITIONS_INBOUND_UNIT must be set with PETITIONS_INBOUND_SMTP_PORT',
    );
  const addresses = new Set(config.PETITIONS_INBOUND_ADDRESS.split(',').map((a) => a.trim().toLowerCase()));
  const unitId = await resolveUnit(db, config.PETITIONS_INBOUND_UNIT);
  const maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const log = options.log ?? (() => undefined);
  const perSender = new Map<string, number[]>();

  /** Sliding one-hour window per envelope sender (in memory: one listener per deployment). */
  function withinRate(sender: string, now: number) {
    const recent = (perSender.get(sender) ?? []).filter((at) => at > now - 3_600_000);
    if (recent.length >= MESSAGES_PER_SENDER_PER_HOUR) return false;
    recent.push(now);
    perSender.set(sender, recent);
    if (perSender.size > 10_000) perSender.clear(); // bounded memory under a spray of senders
    return true;
  }

  /** One message → one draft (or the draft it already became), in one transaction. */
  async function receive(raw: Buffer, session: SMTPServerSession): Promise<string> {
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : null;
    const mail = await simpleParser(raw, {
      skipHtmlToText: true,
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
    });
    let draft: ReturnType<typeof draftFromMail>;
    try {
      draft = draftFromMail(mail, raw, envelopeFrom);
    } catch (error) {
      if (error instanceof MailRefused)
        throw smtpError(
          554,
          '5.6.0 Thu khong co noi dung kien nghi: hay viet noi dung hoac dinh kem anh, PDF (the message has no text and no image or PDF)',
        );
      throw error;
    }
    const earlier = await db.execute<{ serial: number }>(sql`
      SELECT p.serial FROM petition_inbound_email e JOIN petition p ON p.id = e.petition_id
       WHERE e.message_id = ${draft.messageId}`);
    if (earlier.rows[0])
      return `2.0.0 Da nhan truoc do, ban nhap so ${earlier.rows[0].serial} (already received)`;
    if (!withinRate(envelopeFrom ?? session.remoteAddress, Date.now()))
      throw smtpError(
        450,
        '4.7.1 Qua nhieu thu tu dia chi nay, hay gui lai sau (too many messages, try later)',
      );

    // Files are stored first (content-addressed: a failed transaction leaves only an unreferenced copy).
    const files: Array<{ key: string; size: number; name: string; contentType: string }> = [];
    for (const attachment of draft.attachments) {
      const stored = await storage.put(attachment.content);
      files.push({ ...stored, name: attachment.name, contentType: attachment.contentType });
    }
    if (draft.fullText !== null) {
      const stored = await storage.put(Buffer.from(draft.fullText, 'utf8'));
      files.push({ ...stored, name: FULL_TEXT_NAME, contentType: FULL_TEXT_TYPE });
    }
    const audit: AuditContext = {
      actorId: null,
      actorLabel: 'email-intake',
      requestId: `smtp-${session.id}`,
      ip: session.remoteAddress,
    };
    const serial = await db.transaction(async (tx) => {
      const created = await createPetition(tx, audit, {
        unitId,
        subjectCode: UNCLASSIFIED_SUBJECT,
        title: draft.title,
        description: draft.description,
        channel: 'email',
        status: 'draft',
        petitioner: {
          name: draft.petitioner.name,
          email: draft.petitioner.email,
          consent: Boolean(draft.petitioner.name || draft.petitioner.email),
          notifyByEmail: Boolean(draft.petitioner.email),
        },
      });
      if (files.length)
        await tx.insert(petitionMedia).values(
          files.map((file) => ({
            petitionId: created.id,
            storageKey: file.key,
            name: file.name,
            contentType: file.contentType,
            size: file.size,
          })),
        );
      const logged = await tx
        .insert(petitionInboundEmail)
        .values({
          messageId: draft.messageId,
          petitionId: created.id,
          envelopeFrom,
          remoteAddress: session.remoteAddress,
          size: raw.length,
          truncated: draft.fullText !== null,
          skipped: draft.skipped,
        })
        .onConflictDoNothing()
        .returning({ id: petitionInboundEmail.id });
      if (logged.length === 0) throw new DuplicateDelivery(); // the same message, delivered twice at once
      if (draft.fullText !== null || draft.skipped.length)
        await recordPetitionEvent(tx, audit, {
          petitionId: created.id,
          kind: 'email_details',
          status: 'draft',
          internalNote: [
            draft.fullText !== null
              ? `Thư dài ${draft.fullText.length} ký tự: nội dung đã được rút gọn, toàn văn ở tệp "${FULL_TEXT_NAME}".`
              : null,
            draft.skipped.length
              ? `Tệp đính kèm không được nhận (chỉ nhận ảnh JPEG/PNG, PDF; tối đa 5 tệp): ${draft.skipped.join(', ')}.`
              : null,
          ]
            .filter(Boolean)
            .join(' '),
          unitId,
          data: { truncated: draft.fullText !== null, skipped: draft.skipped },
        });
      // The unit's intake cadres hear of the draft (in-app; e-mail/push per their preferences).
      const cadres = await tx.execute<{ staff_id: string }>(sql`
        SELECT DISTINCT ra.staff_id::text AS staff_id
          FROM role_assignment ra JOIN role ro ON ro.id = ra.role_id JOIN staff s ON s.id = ra.staff_id
         WHERE ra.unit_id = ${unitId} AND 'petitions.intake' = ANY(ro.permissions) AND s.status = 'active'`);
      await notifier.notify(tx, {
        staffIds: cadres.rows.map((row) => row.staff_id),
        unitId,
        kind: 'petition.email_draft',
        title: `Kiến nghị qua thư điện tử chờ xác nhận: ${draft.title}`,
        body: `Bản nháp số ${created.serial}: hãy phân loại và xác nhận, hoặc từ chối kèm lý do.`,
        link: `/petitions/${created.id}`,
      });
      return created.serial;
    });
    log(`draft ${serial} from ${envelopeFrom ?? '<>'} (${raw.length} bytes)`);
    return `2.0.0 Da nhan kien nghi, ban nhap so ${serial} cho can bo xac nhan (accepted as draft ${serial})`;
  }

  const server = new SMTPServer({
    banner: 'Mat tran so - tiep nhan kien nghi (petitions intake)',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    maxClients: 50,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (addresses.has(address.address.toLowerCase())) return callback();
      callback(
        smtpError(
          550,
          `5.1.1 Hop thu nay chi nhan kien nghi gui toi ${[...addresses].join(', ')} (mailbox unavailable)`,
        ),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded || size > maxBytes)
          return callback(
            smtpError(
              552,
              `5.3.4 Thu qua lon: toi da ${Math.floor(maxBytes / 1024 / 1024) || maxBytes} ${maxBytes >= 1024 * 1024 ? 'MB' : 'byte'} (message too large)`,
            ),
          );
        receive(Buffer.concat(chunks), session).then(
          (reply) => callback(null, reply),
          (error: Error & { responseCode?: number }) => {
            if (error instanceof DuplicateDelivery) return callback(null, '2.0.0 Da nhan (already received)');
            if (error.responseCode) return callback(error);
            log(`intake failed: ${error.message}`);
            // The relay keeps the message and retries: nothing is lost while the database is away.
            callback(
              smtpError(451, '4.3.0 Loi tam thoi, hay gui lai sau (temporary failure, try again later)'),
            );
          },
        );
      });
    },
  });
  server.on('error', (error) => log(`smtp error: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, options.host ?? config.HOST, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
