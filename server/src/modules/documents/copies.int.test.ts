import type { DocumentCopy } from '@mts/contracts';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { document, registerNumber } from './documents.schema.ts';
import { buildDocumentsWorld, vnDate } from './test-support/world.ts';

let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
let issuedId: string;
let draftId: string;
let incomingId: string;

async function insertDocument(values: Partial<typeof document.$inferInsert>) {
  const [row] = await ctx.platform.db
    .insert(document)
    .values({
      unitId: world.province.id,
      direction: 'outgoing',
      status: 'issued',
      subject: 'Văn bản',
      ...values,
    })
    .returning({ id: document.id });
  return row!.id;
}

const signer = { signerFullName: 'Trần Thị Văn Thư', signerPosition: 'Chánh Văn phòng' };
const copy = (id: string, body: Record<string, unknown>, client = world.clerk.client) =>
  client.post(`/api/documents/${id}/copies`, body);

beforeAll(async () => {
  ctx = await createTestContext();
  world = await buildDocumentsWorld(ctx);
  issuedId = await insertDocument({
    subject: 'Kế hoạch tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026',
    codeNumber: '12',
    codeNotation: 'KH-MTTQ-BTT',
    issuedDate: '2026-03-02',
  });
  draftId = await insertDocument({ subject: 'Dự thảo chưa ban hành', status: 'draft' });
  incomingId = await insertDocument({
    subject: 'Quyết định của Ủy ban nhân dân tỉnh',
    direction: 'incoming',
    status: 'registered',
    codeNumber: '123',
    codeNotation: 'QĐ-UBND',
  });
});
afterAll(() => ctx.close());

describe('making copies (bản sao)', () => {
  it('numbers sao y, trích sao and sao lục in the unit’s copies register, one series for all forms', async () => {
    const sy = await copy(issuedId, { form: 'SY', ...signer, recipients: 'Các xã, phường' });
    expect(sy.statusCode, sy.body).toBe(201);
    const first = sy.json() as DocumentCopy;
    expect(first).toMatchObject({
      documentId: issuedId,
      unitId: world.province.id,
      form: 'SY',
      number: 1,
      symbol: '01/SY-MTTQ-BTT',
      copyDate: vnDate(),
      ...signer,
      excerpt: null,
      recipients: 'Các xã, phường',
    });

    const trs = await copy(incomingId, { form: 'TrS', ...signer, excerpt: 'Điều 2 và Điều 3' });
    expect(trs.statusCode, trs.body).toBe(201);
    expect(trs.json()).toMatchObject({ number: 2, symbol: '02/TrS-MTTQ-BTT', excerpt: 'Điều 2 và Điều 3' });

    const sl = await copy(issuedId, { form: 'SL', ...signer });
    expect(sl.statusCode, sl.body).toBe(201);
    expect(sl.json()).toMatchObject({ number: 3, symbol: '03/SL-MTTQ-BTT', registerId: first.registerId });

    // The numbers are entries of the copies register, like any number taken from a register.
    const numbers = await ctx.platform.db
      .select({
        number: registerNumber.number,
        documentId: registerNumber.documentId,
        note: registerNumber.note,
      })
      .from(registerNumber)
      .where(eq(registerNumber.registerId, first.registerId))
      .orderBy(registerNumber.number);
    expect(numbers).toEqual([
      { number: 1, documentId: issuedId, note: 'bản sao y 01/SY-MTTQ-BTT' },
      { number: 2, documentId: incomingId, note: 'bản trích sao 02/TrS-MTTQ-BTT' },
      { number: 3, documentId: issuedId, note: 'bản sao lục 03/SL-MTTQ-BTT' },
    ]);
    const kind = await ctx.platform.db.execute<{ kind: string }>(
      sql`SELECT kind FROM document_register WHERE id = ${first.registerId}`,
    );
    expect(kind.rows[0]?.kind).toBe('copies');

    const listed = await world.specialist.client.get(`/api/documents/${issuedId}/copies`);
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as DocumentCopy[]).map((c) => c.symbol)).toEqual([
      '01/SY-MTTQ-BTT',
      '03/SL-MTTQ-BTT',
    ]);

    const audit = await ctx.platform.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'document.copy'), eq(auditLog.entityId, issuedId)));
    expect(audit).toHaveLength(2);
  });

  it('refuses a trích sao without its excerpt, an excerpt on a sao y, and a sao lục without a sao y', async () => {
    const noExcerpt = await copy(issuedId, { form: 'TrS', ...signer });
    expect(noExcerpt.statusCode).toBe(400);
    expect(noExcerpt.json().error.message).toMatch(/trích sao/);
    const excerptOnSy = await copy(issuedId, { form: 'SY', ...signer, excerpt: 'Mục I' });
    expect(excerptOnSy.statusCode).toBe(400);
    const slFirst = await copy(incomingId, { form: 'SL', ...signer });
    expect(slFirst.statusCode).toBe(400);
    expect(slFirst.json().error.message).toMatch(/sao y văn bản trước/);
    const noSigner = await copy(issuedId, { form: 'SY', signerFullName: ' ' });
    expect(noSigner.statusCode).toBe(400);
  });

  it('copies only an original of record: not a draft', async () => {
    const response = await copy(draftId, { form: 'SY', ...signer });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toMatch(/Không thể làm bản sao y/);
  });

  it('takes no number when refused: the series stays gap-free', async () => {
    const next = await copy(issuedId, { form: 'SY', ...signer });
    expect(next.json()).toMatchObject({ number: 4, symbol: '04/SY-MTTQ-BTT' });
  });

  it('is the văn thư’s act in the document’s unit; others may not copy, other provinces do not see it', async () => {
    expect((await copy(issuedId, { form: 'SY', ...signer }, world.specialist.client)).statusCode).toBe(403);
    expect((await copy(issuedId, { form: 'SY', ...signer }, world.neighbourClerk.client)).statusCode).toBe(
      404,
    );
    expect((await world.neighbourSpecialist.client.get(`/api/documents/${issuedId}/copies`)).statusCode).toBe(
      404,
    );
    expect((await ctx.client().get(`/api/documents/${issuedId}/copies`)).statusCode).toBe(401);
  });
});
