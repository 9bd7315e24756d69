import type { APIRequestContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { postJson } from './documents.ts';

interface ChannelRow {
  id: string;
  kind: string;
  unitId: string | null;
  name: string;
  archived: boolean;
}

/** My channels as the API lists them (archived ones left out, as in the app). */
export async function channelsOf(request: APIRequestContext): Promise<ChannelRow[]> {
  const response = await request.get('/api/channels');
  if (response.status() !== 200)
    throw new Error(`/api/channels: ${response.status()} ${await response.text()}`);
  return ((await response.json()) as { items: ChannelRow[] }).items;
}

/**
 * The `unit` channel of `unitId` once the hierarchy sync (a background job started by the
 * organisation change) has put the person in it.
 */
export async function unitChannelOf(request: APIRequestContext, unitId: string): Promise<ChannelRow> {
  // A plain loop, not expect.poll: hooks (beforeAll) call this too.
  const until = Date.now() + 20_000;
  for (;;) {
    const found = (await channelsOf(request)).find((c) => c.kind === 'unit' && c.unitId === unitId);
    if (found) return found;
    if (Date.now() > until) throw new Error(`no unit channel of ${unitId} within 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const postMessageByApi = (request: APIRequestContext, channelId: string, body: string) =>
  postJson<{ id: string; seq: number }>(request, `/api/channels/${channelId}/messages`, { body });

/** Types a message in the channel's composer and sends it with Enter. */
export async function sendInComposer(page: Page, body: string) {
  const box = page.getByRole('textbox', { name: 'Soạn tin nhắn' });
  await box.fill(body);
  await box.press('Enter');
  await expect.poll(() => box.inputValue()).toBe('');
}

/** The bodies of the messages shown in the open channel, top to bottom. */
export const shownBodies = (page: Page) =>
  page.getByTestId('message-list').getByTestId('message-body').allTextContents();
