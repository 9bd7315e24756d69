import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUnit } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { syncHierarchyChannels } from './sync.ts';
import { multipartFile, signedInStaff } from './test-support/people.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Page >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');

describe('attachments', () => {
  it('stores files recognised by content, attaches them by token and serves them to readers only', async () => {
    const db = ctx.platform.db;
    const province = await buildUnit(db, { levelId: 'province' });
    const other = await buildUnit(db, { levelId: 'province' });
    const anh = await signedInStaff(ctx, province.id);
    const binh = await signedInStaff(ctx, province.id);
    const outsider = await signedInStaff(ctx, other.id);
    await syncHierarchyChannels(db);
    const channelId = (
      await db.execute<{ id: string }>(
        sql`SELECT id FROM channel WHERE kind = 'unit' AND unit_id = ${province.id}`,
      )
    ).rows[0]!.id;
    const otherChannel = (
      await db.execute<{ id: string }>(
        sql`SELECT id FROM channel WHERE kind = 'unit' AND unit_id = ${other.id}`,
      )
    ).rows[0]!.id;
    const upload = (client: typeof anh.client, channel: string, file: Buffer, name: string, type?: string) =>
      client.request({
        method: 'POST',
        url: `/api/channels/${channel}/attachments`,
        ...multipartFile(file, name, type),
      });

    // HTML declared as a PDF is refused: the content decides.
    const html = await upload(
      anh.client,
      channelId,
      Buffer.from('<script>alert(1)</script>'),
      'bao-cao.pdf',
      'application/pdf',
    );
    expect(html.statusCode).toBe(415);
    expect(html.json().error.message).toMatch(/Chỉ đính kèm được tệp PDF/);
    expect((await upload(outsider.client, channelId, PDF, 'x.pdf')).statusCode).toBe(404);

    const uploaded = await upload(anh.client, channelId, PDF, 'Báo cáo quý III.pdf');
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(uploaded.json()).toMatchObject({
      fileName: 'Báo cáo quý III.pdf',
      contentType: 'application/pdf',
    });
    const token: string = uploaded.json().token;

    // The token is bound to its channel and uploader.
    expect(
      (
        await binh.client.post(`/api/channels/${channelId}/messages`, {
          body: 'Của tôi',
          attachmentTokens: [token],
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await outsider.client.post(`/api/channels/${otherChannel}/messages`, {
          body: 'Mượn',
          attachmentTokens: [token],
        })
      ).statusCode,
    ).toBe(400);

    const posted = await anh.client.post(`/api/channels/${channelId}/messages`, {
      body: 'Gửi báo cáo',
      attachmentTokens: [token],
    });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(posted.json().attachments).toEqual([
      { fileName: 'Báo cáo quý III.pdf', contentType: 'application/pdf', size: PDF.length },
    ]);
    const file = await binh.client.get(`/api/messages/${posted.json().id}/attachments/0`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect((await outsider.client.get(`/api/messages/${posted.json().id}/attachments/0`)).statusCode).toBe(
      404,
    );
    expect((await binh.client.get(`/api/messages/${posted.json().id}/attachments/1`)).statusCode).toBe(404);

    const tooBig = await upload(
      anh.client,
      channelId,
      Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]),
      'lon.pdf',
    );
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.message).toMatch(/10 MB/);
  });
});
