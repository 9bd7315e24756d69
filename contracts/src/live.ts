import { z } from 'zod';

/**
 * The live WebSocket (`GET /api/live`): JSON text frames. A topic is `<kind>:<id>` (`user:<staffId>`,
 * `unit:<unitId>`, `channel:<id>`, `directive:<id>`, …). Ordered topics number their events with a
 * gap-free `seq`: subscribe with `since` (the last seq seen) to receive what was missed first.
 */
export const liveTopicSchema = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[a-z][a-z0-9-]*:[A-Za-z0-9._:-]+$/, 'topic must be <kind>:<id>');

/** Client → server. */
export const liveClientFrameSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('subscribe'), topic: liveTopicSchema, since: z.number().int().min(0).optional() }),
  z.object({ op: z.literal('unsubscribe'), topic: liveTopicSchema }),
  z.object({ op: z.literal('ping') }),
]);
export type LiveClientFrame = z.infer<typeof liveClientFrameSchema>;

/** Error codes of `{ op: 'error' }` frames. */
export const liveErrorCodes = [
  'BAD_FRAME', // not JSON or not a known frame
  'FORBIDDEN', // unknown kind, or the user may not (or no longer) read the topic
  'TOO_MANY_SUBSCRIPTIONS',
  'UNAVAILABLE', // the realtime transport is down: retry later
] as const;
export type LiveErrorCode = (typeof liveErrorCodes)[number];

/** Close codes of the live WebSocket (besides 1000 normal, 1001 server going away, 1009 frame too big). */
export const liveCloseCodes = {
  /** The session ended or expired: sign in again (do not reconnect as is). */
  unauthenticated: 4401,
  /** Too many sockets for this user on the instance (too many tabs). */
  tooManySockets: 4409,
  /** The client sent frames faster than allowed. */
  rateLimited: 4429,
} as const;

const localisedSchema = z.object({ vi: z.string(), en: z.string() });

/** Server → client. */
export const liveServerFrameSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('subscribed'), topic: z.string() }),
  z.object({ op: z.literal('unsubscribed'), topic: z.string() }),
  z.object({
    op: z.literal('error'),
    topic: z.string().optional(),
    code: z.enum(liveErrorCodes),
    message: localisedSchema,
  }),
  z.object({
    op: z.literal('event'),
    topic: z.string(),
    seq: z.number().int().optional(),
    type: z.string(),
    data: z.record(z.string(), z.unknown()),
  }),
  z.object({ op: z.literal('pong') }),
  /** The server lost its own feed for a while: re-subscribe every topic with its last seq. */
  z.object({ op: z.literal('resync') }),
]);
export type LiveServerFrame = z.infer<typeof liveServerFrameSchema>;
export type LiveEventFrame = Extract<LiveServerFrame, { op: 'event' }>;
