/**
 * The HTTP calls bench/live.ts makes, as the staff app makes them (session cookie, CSRF header):
 * send a directive, acknowledge it, open a channel and post to it. Kept apart so the shapes of
 * the directives and messaging routes are in one place.
 */
import { writeHeaders } from './support.ts';

async function post(url: string, cookie: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: writeHeaders(cookie),
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status < 200 || response.status >= 300)
    throw new Error(`POST ${new URL(url).pathname}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : {};
}

/** Sends a directive (chỉ đạo) to every unit under `rootUnitId`; returns its id. */
export async function sendDirective(baseUrl: string, cookie: string, rootUnitId: string, run: number) {
  const deadline = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const body = await post(`${baseUrl}/api/directives`, cookie, {
    title: `Triển khai Ngày hội Đại đoàn kết toàn dân tộc năm 2026 (bench ${run})`,
    body: 'Đề nghị các đơn vị xác nhận đã nhận chỉ đạo và tổ chức triển khai trước hạn.',
    recipients: { subtreeOf: rootUnitId },
    deadline,
    action: 'acknowledge',
  });
  const id = (body.id ?? (body.directive as { id?: string } | undefined)?.id) as string | undefined;
  if (!id)
    throw new Error(`directive created without an id in the answer: ${JSON.stringify(body).slice(0, 200)}`);
  return id;
}

/** A recipient acknowledges the directive for its unit. */
export async function acknowledge(baseUrl: string, cookie: string, directiveId: string, unitId: string) {
  await post(`${baseUrl}/api/directives/${directiveId}/acknowledge`, cookie, { unitId });
}

/** An ad-hoc channel with the given members (the creator holds channels.moderate); returns its id. */
export async function createChannel(baseUrl: string, cookie: string, memberIds: string[]) {
  const body = await post(`${baseUrl}/api/channels`, cookie, {
    name: 'Kênh trao đổi (bench)',
    memberIds,
  });
  const id = (body.id ?? (body.channel as { id?: string } | undefined)?.id) as string | undefined;
  if (!id)
    throw new Error(`channel created without an id in the answer: ${JSON.stringify(body).slice(0, 200)}`);
  return id;
}

/** Posts a message; returns its id and, when the answer carries it, its position in the channel. */
export async function postMessage(baseUrl: string, cookie: string, channelId: string, text: string) {
  const body = await post(`${baseUrl}/api/channels/${channelId}/messages`, cookie, { body: text });
  const message = (body.message ?? body) as { id?: string; seq?: number };
  return { id: String(message.id), seq: message.seq };
}
