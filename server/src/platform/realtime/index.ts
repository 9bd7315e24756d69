export { NatsRealtime, type NatsRealtimeOptions, OUTBOX_WAKE_CHANNEL } from './nats-realtime.ts';
export {
  PgRealtime,
  publish,
  REALTIME_CHANNEL,
  type Realtime,
  type RealtimeHandler,
  type RealtimeMessage,
  type RealtimeOptions,
  type RealtimeTransport,
  TopicHandlers,
  useTransport,
} from './realtime.ts';
export { type TopicEvent, type TopicKind, TopicRegistry } from './topics.ts';
