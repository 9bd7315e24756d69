export {
  publish,
  REALTIME_CHANNEL,
  Realtime,
  type RealtimeHandler,
  type RealtimeMessage,
  type RealtimeOptions,
} from './realtime.ts';
