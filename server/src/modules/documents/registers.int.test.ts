import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { document, documentType } from './documents.schema.ts';
import { buildDocumentsWorld, vnDate } from './test-support/world.ts';

let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
beforeAll(async () => {
  ctx = await createTestContext();
  world = await buildDocumentsWorld(ctx);
});
afterAll(() => ctx.close());

describe('document types (Decree 30 Appendix III and the Front’s own)', () => {
  it('are seeded, and a unit adds its own types that it alone sees', async () => {
    const system = (await world.clerk.client.get('/api/document-types')).json();
    const byName = new Map(system.map((t: { name: string; code: string | null }) => [t.name, t.code]));
    expect(byName.get('Quyết định')).toBe('QĐ');
    expect(byName.get('Công văn')).toBeNull();
    expect(byName.get('Thông tri')).toBe('TT');
    expect(byName.get('Nghị quyết liên tịch')).toBe('NQLT');
    expect(byName.get('Chương trình phối hợp')).toBe('CTrPH');

    const created = await world.clerk.client.post('/api/document-types', {
      unitId: world.province.id,
      code: 'ĐC',
      name: 'Điều lệ chi hội',
    });
    expect(created.statusCode).toBe(201);
    const own = (await world.clerk.client.get(`/api/document-types?unitId=${world.province.id}`)).json();
    expect(own.map((t: { name: string }) => t.name)).toContain('Điều lệ chi hội');
    expect(
      (await world.neighbourClerk.client.get(`/api/document-types?unitId=${world.province.id}`)).statusCode,
    ).toBe(404);

    const twice = await world.clerk.client.post('/api/document-types', {
      unitId: world.province.id,
      code: 'ĐC',
      name: 'Điều lệ chi hội',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe('Đơn vị đã có "Điều lệ chi hội". Hãy đặt tên khác.');
    const renamed = await world.clerk.client.patch(`/api/document-types/${created.json().id}`, {
      isActive: false,
    });
    expect(renamed.json().isActive).toBe(false);
    // The system catalogue belongs to no unit: no unit edits it.
    const [qd] = await ctx.platform.db.select().from(documentType).where(eq(documentType.code, 'QĐ'));
    expect(
      (await world.clerk.client.patch(`/api/document-types/${qd!.id}`, { name: 'Khác' })).statusCode,
    ).toBe(404);
  });
});

describe('registers (sổ) and symbol grammar', () => {
  it('refuse a grammar without the number first, and an advisory register without its body', async () => {
    const bad = await world.clerk.client.post('/api/document-registers', {
      unitId: world.province.id,
      kind: 'outgoing',
      name: 'Sổ lỗi',
      symbolTemplate: '{type}/{n}-{unit}',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe(
      'Mẫu ký hiệu "{type}/{n}-{unit}" không hợp lệ: phải bắt đầu bằng "{n}/" và chỉ có một {n}, ví dụ {n}/{type}-{unit}.',
    );
    const advisory = await world.clerk.client.post('/api/document-registers', {
      unitId: world.province.id,
      kind: 'advisory',
      name: 'Sổ Hội đồng',
    });
    expect(advisory.statusCode).toBe(400);
    expect(advisory.json().error.message).toBe('Sổ của hội đồng tư vấn phải ghi tên hội đồng.');
    expect(
      (await world.clerk.client.get(`/api/document-registers?unitId=${world.province.id}`)).json(),
    ).toEqual([]);
  });

  it('number with the unit’s own grammar, each register in its own series', async () => {
    const created = await world.clerk.client.post('/api/document-registers', {
      unitId: world.province.id,
      kind: 'outgoing',
      name: 'Sổ văn bản đi của Ban Thường trực',
      symbolTemplate: '{n}/{type}-{unit}',
      symbolTemplateNoType: '{n}/CV-{unit}',
      isDefault: true,
    });
    expect(created.statusCode).toBe(201);
    const advisory = await world.clerk.client.post('/api/document-registers', {
      unitId: world.province.id,
      kind: 'advisory',
      name: 'Sổ Hội đồng tư vấn về dân tộc',
      advisoryBody: 'Hội đồng tư vấn về dân tộc',
    });
    expect(advisory.statusCode).toBe(201);
    const [congVan] = await ctx.platform.db
      .select()
      .from(documentType)
      .where(eq(documentType.name, 'Công văn'));
    const [doc] = await ctx.platform.db
      .insert(document)
      .values({
        unitId: world.province.id,
        direction: 'outgoing',
        status: 'signed',
        typeId: congVan!.id,
        typeName: 'Công văn',
        subject: 'V/v tổ chức hội nghị',
      })
      .returning();
    const issued = (await world.clerk.client.post(`/api/documents/${doc!.id}/issue`)).json();
    expect(`${issued.codeNumber}/${issued.codeNotation}`).toBe('01/CV-MTTQ-BTT');
    expect(issued.registerId).toBe(created.json().id);
    const year = Number(vnDate().slice(0, 4));
    const numbers = (
      await world.clerk.client.get(`/api/document-registers/${advisory.json().id}/numbers?year=${year}`)
    ).json();
    expect(numbers).toEqual([]);
    expect(
      (
        await world.neighbourClerk.client.get(
          `/api/document-registers/${created.json().id}/numbers?year=${year}`,
        )
      ).statusCode,
    ).toBe(404);

    // The advisory body numbers in its own series; secret documents in the confidential series.
    const signed = async (secrecy: 'normal' | 'mat') => {
      const [row] = await ctx.platform.db
        .insert(document)
        .values({
          unitId: world.province.id,
          direction: 'outgoing',
          status: 'signed',
          typeId: congVan!.id,
          typeName: 'Công văn',
          subject: 'V/v hội nghị',
          secrecy,
        })
        .returning();
      return row!.id;
    };
    const advisoryId = advisory.json().id;
    const council = (
      await world.clerk.client.post(`/api/documents/${await signed('normal')}/issue?registerId=${advisoryId}`)
    ).json();
    expect([council.codeNumber, council.registerId]).toEqual(['01', advisoryId]);
    const secret = (await world.clerk.client.post(`/api/documents/${await signed('mat')}/issue`)).json();
    expect(secret.codeNumber).toBe('01');
    const registers = (
      await world.clerk.client.get(`/api/document-registers?unitId=${world.province.id}`)
    ).json();
    expect(registers.find((r: { id: string }) => r.id === secret.registerId)).toMatchObject({
      kind: 'confidential',
      name: 'Sổ đăng ký văn bản mật đi',
    });
    const secretInAdvisory = await world.clerk.client.post(
      `/api/documents/${await signed('mat')}/issue?registerId=${advisoryId}`,
    );
    expect(secretInAdvisory.statusCode).toBe(400);
    expect(secretInAdvisory.json().error.message).toBe('Văn bản mật phải lấy số ở sổ văn bản mật đi.');
    const foreign = await world.neighbourClerk.client.post('/api/document-registers', {
      unitId: world.neighbour.id,
      kind: 'outgoing',
      name: 'Sổ láng giềng',
    });
    const wrongUnit = await world.clerk.client.post(
      `/api/documents/${await signed('normal')}/issue?registerId=${foreign.json().id}`,
    );
    expect(wrongUnit.statusCode).toBe(400);
    expect(wrongUnit.json().error.message).toBe('Sổ đã chọn không phải sổ đang dùng của đơn vị ban hành.');
    expect(
      (await world.clerk.client.post(`/api/documents/${await signed('normal')}/issue`)).json().codeNumber,
    ).toBe('02');
  });
});
