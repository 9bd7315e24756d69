import type { VoterSession } from '@mts/contracts';
import { voterSessionModeLabels } from '@mts/contracts';
import { createEvent } from 'ics';

/**
 * The session as an iCalendar event (RFC 5545, the `ics` package) for a calendar: UTC times, the
 * place or the online link, a stable UID per session so a changed session updates the same event,
 * STATUS:CANCELLED once cancelled.
 */
export function sessionIcs(session: VoterSession, host: string): string {
  const { error, value } = createEvent({
    productId: 'mattranso/voter-sessions',
    uid: `voter-session-${session.id}@${host}`,
    method: 'PUBLISH',
    title: `Tiếp xúc cử tri: ${session.title}`,
    description: [
      `Đơn vị tổ chức: Ban Thường trực ${session.unitName}`,
      `Hình thức: ${voterSessionModeLabels[session.mode]}`,
      session.assemblySession ? `Kỳ họp: ${session.assemblySession}` : null,
      session.onlineUrl ? `Tham dự trực tuyến: ${session.onlineUrl}` : null,
    ]
      .filter(Boolean)
      .join('\n'),
    location: session.place ?? session.onlineUrl ?? undefined,
    url: session.onlineUrl ?? undefined,
    start: new Date(session.startsAt).getTime(),
    end: new Date(session.endsAt).getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    status: session.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    sequence: Math.floor(new Date(session.updatedAt).getTime() / 1000) % 2_000_000_000,
  });
  if (error || !value) throw error ?? new Error('could not build the calendar event');
  return value;
}
