import type { APIRequestContext, Page } from 'playwright-core';

import { samplePdf } from '../../server/src/modules/documents/test-support/sample-files.ts';

export { samplePdf };

/** Chooses a file in a file field as a person would: the field's button, then the file. */
export async function chooseFile(
  page: Page,
  label: string | RegExp,
  file: { name: string; mimeType: string; buffer: Buffer },
) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: label }).click();
  await (await chooser).setFiles(file);
}

/** Picks an option in a searchable picker (unit or staff) by typing part of its name. */
export async function pick(page: Page, label: string | RegExp, typed: string, option: string) {
  const picker = page.getByRole('combobox', { name: label });
  await picker.fill(typed);
  await page.getByRole('option', { name: option }).click();
}

type Api = APIRequestContext;

export async function csrfOf(request: Api) {
  const state = await request.storageState();
  return state.cookies.find((c) => c.name === 'mts_csrf')?.value ?? '';
}

export async function postJson<T>(request: Api, url: string, data: unknown = {}): Promise<T> {
  const response = await request.post(url, { data, headers: { 'x-csrf-token': await csrfOf(request) } });
  if (response.status() >= 300) throw new Error(`${url}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Uploads a one-page PDF through the API (for pages that need a document to show). */
export async function uploadPdfByApi(
  request: Api,
  unitId: string,
  purpose: 'scan' | 'draft',
  marker: string,
) {
  const response = await request.post(`/api/document-uploads?unitId=${unitId}&purpose=${purpose}`, {
    multipart: {
      file: { name: `${marker}.pdf`, mimeType: 'application/pdf', buffer: samplePdf(1, { marker }) },
    },
    headers: { 'x-csrf-token': await csrfOf(request) },
  });
  if (response.status() !== 201) throw new Error(`upload: ${response.status()} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** An incoming document registered and submitted to the leader, through the API. */
export async function submittedIncomingByApi(request: Api, unitId: string, tag: string) {
  const uploadId = await uploadPdfByApi(request, unitId, 'scan', `den-${tag}`);
  const doc = await postJson<{ id: string }>(request, '/api/documents/incoming', {
    unitId,
    codeNumber: '17',
    codeNotation: `KH-${tag}`,
    issuedDate: vietnamDate(),
    organName: 'Ủy ban nhân dân tỉnh Lâm Đồng',
    subject: `Kế hoạch phối hợp giám sát năm 2026 (${tag})`,
    priority: 'thuong_khan',
    secrecy: 'mat',
    uploadIds: [uploadId],
  });
  await postJson(request, `/api/documents/${doc.id}/submit`);
  return doc.id;
}

/** An outgoing draft to `recipientUnitIds`, through the API. */
export async function draftOutgoingByApi(
  request: Api,
  unitId: string,
  recipientUnitIds: string[],
  tag: string,
) {
  const types = (await (await request.get(`/api/document-types?unitId=${unitId}`)).json()) as Array<{
    id: string;
    name: string;
  }>;
  const draftUploadId = await uploadPdfByApi(request, unitId, 'draft', `di-${tag}-${Math.random()}`);
  const doc = await postJson<{ id: string }>(request, '/api/documents/outgoing', {
    unitId,
    typeId: types.find((t) => t.name === 'Công văn')!.id,
    subject: `V/v hướng dẫn tổ chức hội nghị (${tag})`,
    recipientUnitIds,
    draftUploadId,
  });
  return doc.id;
}

/** An outgoing document issued to `recipientUnitIds`, through the API (approved, signed on paper, issued). */
export async function issuedOutgoingByApi(
  request: Api,
  unitId: string,
  recipientUnitIds: string[],
  tag: string,
) {
  const id = await draftOutgoingByApi(request, unitId, recipientUnitIds, tag);
  for (const action of ['submit_for_review', 'check_content', 'check_format', 'approve'])
    await postJson(request, `/api/documents/${id}/actions`, { action });
  const scanUploadId = await uploadPdfByApi(request, unitId, 'scan', `ky-${tag}`);
  await postJson(request, `/api/documents/${id}/sign-on-paper`, {
    scanUploadId,
    signerFullName: 'Nguyễn Văn Ký',
    signerPosition: 'Chủ tịch',
  });
  await postJson(request, `/api/documents/${id}/issue`);
  return id;
}

/**
 * The calendar date in Vietnam (UTC+7, no daylight saving) `days` from now: deadlines and "days
 * left" are Vietnam days, and from 17:00 UTC Vietnam is already on the next day.
 */
export function vietnamDate(days = 0): string {
  return new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** An incoming document directed to `staffId` as lead, a week to do it, through the API. */
export async function directedIncomingByApi(request: Api, unitId: string, staffId: string, tag: string) {
  const id = await submittedIncomingByApi(request, unitId, `${tag}-giao`);
  await postJson(request, `/api/documents/${id}/direction`, {
    direction: 'Giao chủ trì, báo cáo kết quả trước hạn.',
    assignees: [{ role: 'lead', staffId, deadline: vietnamDate(7) }],
  });
  return id;
}
