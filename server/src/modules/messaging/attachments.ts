import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MessageAttachmentRef } from './messaging.schema.ts';

/**
 * An upload is answered with a token that binds the stored object to the channel and the uploader
 * (HMAC with the server secret): a message can only carry files its author uploaded to that channel,
 * never an arbitrary storage key (which could name another module's file).
 */
export function attachmentToken(
  secret: string,
  channelId: string,
  uploaderId: string,
  ref: MessageAttachmentRef,
) {
  const payload = Buffer.from(JSON.stringify([channelId, uploaderId, ref])).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export function readAttachmentToken(
  secret: string,
  channelId: string,
  uploaderId: string,
  token: string,
): MessageAttachmentRef | null {
  const [payload, mac] = token.split('.');
  if (!payload || !mac) return null;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [channel, uploader, ref] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [
      string,
      string,
      MessageAttachmentRef,
    ];
    return channel === channelId && uploader === uploaderId ? ref : null;
  } catch {
    return null;
  }
}

const sign = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(`messaging-attachment:${payload}`).digest('base64url');
