import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildUnit } from '../../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../../test/harness.ts';
import { document, documentFile, documentRecipient } from '../documents.schema.ts';

let ctx: TestContext;
let province: { id: string; name: string };
let communeA: { id: string; name: string };
let communeB: { id: string; name: string };
let village: { id: string };
let leader: TestClient;
let communeClerk: TestClient;
let ip = 0;

async function signedIn(unitId: string, roleId: string) {
  const person = await buildStaff(ctx.platform.db, { unitId, roles: [{ roleId }] });
  const client = ctx.client();
  ip += 1;
  client.ip = `127.44.0.${ip}`;
  await client.login(person.username, person.password);
  return client;
}

type Incoming = { unitId: string; arrived: string; scan?: boolean; text?: string; status?: string };
type Outgoing = { unitId: string; issued: string; file?: boolean; internal?: boolean; signature?: 'valid' };

/** Documents as the workflows leave them: files, recognised text, recipients. */
async function incoming(doc: Incoming) {
  const [row] = await ctx.platform.db
    .insert(document)
    .values({
      unitId: doc.unitId,
      direction: 'incoming',
      status: doc.status ?? 'registered',
      subject: 'Văn bản đến để đo số hóa',
      arrivalDate: new Date(`${doc.arrived}T09:00:00+07:00`),
      bodyText: doc.text ?? null,
    })
    .returning();
  if (doc.scan)
    await ctx.platform.db.insert(documentFile).values({
      documentId: row!.id,
      role: 'scan',
      storageKey: `scan-${row!.id}`,
      fileName: 'ban-quet.pdf',
      contentType: 'application/pdf',
      size: 1000,
    });
}

async function outgoing(doc: Outgoing) {
  const [row] = await ctx.platform.db
    .insert(document)
    .values({
      unitId: doc.unitId,
      direction: 'outgoing',
      status: 'issued',
      subject: 'Văn bản đi để đo số hóa',
      issuedDate: doc.issued,
      codeNumber: '01',
      signatureStatus: doc.signature ?? 'absent',
    })
    .returning();
  if (doc.file)
    await ctx.platform.db.insert(documentFile).values({
      documentId: row!.id,
      role: 'signed_scan',
      storageKey: `signed-${row!.id}`,
      fileName: 'ban-ky.pdf',
      contentType: 'application/pdf',
      size: 1000,
    });
  await ctx.platform.db
    .insert(documentRecipient)
    .values(
      doc.internal
        ? { documentId: row!.id, recipientUnitId: communeB.id, organName: 'Ủy ban MTTQ xã B' }
        : { documentId: row!.id, organName: 'Sở Nội vụ (gửi bản giấy)' },
    );
}

beforeAll(async () => {
  ctx = await createTestContext();
  const db = ctx.platform.db;
  const central = await buildUnit(db, { name: 'Trung ương', levelId: 'central' });
  province = await buildUnit(db, { parentId: central.id, name: 'Tỉnh Số Hóa', levelId: 'province' });
  communeA = await buildUnit(db, { parentId: province.id, name: 'Xã An', levelId: 'commune' });
  communeB = await buildUnit(db, { parentId: province.id, name: 'Xã Bình', levelId: 'commune' });
  village = await buildUnit(db, {
    parentId: communeA.id,
    name: 'Ban công tác Mặt trận thôn 1',
    levelId: 'commune',
  });
  leader = await signedIn(province.id, 'leader');
  communeClerk = await signedIn(communeA.id, 'clerk');

  // The province's own documents: 2 incoming (1 scanned and OCR'd), 1 outgoing issued electronically.
  await incoming({
    unitId: province.id,
    arrived: '2026-01-10',
    scan: true,
    text: 'Kế hoạch tổ chức hội nghị',
  });
  await incoming({ unitId: province.id, arrived: '2026-02-03' });
  await outgoing({ unitId: province.id, issued: '2026-02-05', file: true, internal: true });
  // Commune A and its village: 4 incoming in the period (3 scanned, 1 of them with text),
  // 2 outgoing (one delivered inside the product and digitally signed, one only on paper).
  await incoming({ unitId: communeA.id, arrived: '2026-01-20', scan: true, text: 'Báo cáo' });
  await incoming({ unitId: communeA.id, arrived: '2026-01-21', scan: true, text: '   ' });
  await incoming({ unitId: communeA.id, arrived: '2026-02-14' });
  await incoming({ unitId: village.id, arrived: '2026-03-31', scan: true });
  await outgoing({
    unitId: communeA.id,
    issued: '2026-03-02',
    file: true,
    internal: true,
    signature: 'valid',
  });
  await outgoing({ unitId: communeA.id, issued: '2026-03-03', file: true, internal: false });
  // Not counted: returned, not yet registered, outside the period.
  await incoming({ unitId: communeA.id, arrived: '2026-01-22', scan: true, status: 'returned' });
  await incoming({ unitId: communeA.id, arrived: '2026-01-23', scan: true, status: 'arrived' });
  await incoming({ unitId: communeA.id, arrived: '2026-04-01', scan: true });
  await outgoing({ unitId: communeA.id, issued: '2025-12-31', file: true, internal: true });
});
afterAll(() => ctx.close());

const period = 'from=2026-01-01&to=2026-03-31';

describe('digitisation KPIs (scorecard)', () => {
  it('count per direct child unit (its whole subtree) and the unit’s own documents, with shares', async () => {
    const response = await leader.get(`/api/documents/kpis?unitId=${province.id}&${period}`);
    expect(response.statusCode).toBe(200);
    const kpi = response.json();
    const rows = new Map(kpi.rows.map((r: { unitId: string }) => [r.unitId, r]));
    expect(kpi.rows.map((r: { unitName: string }) => r.unitName)).toEqual([
      'Tỉnh Số Hóa',
      'Xã An',
      'Xã Bình',
    ]);
    expect(rows.get(province.id)).toMatchObject({
      incoming: 2,
      incomingDigitised: 1,
      incomingSearchable: 1,
      incomingDigitisedShare: 0.5,
      outgoing: 1,
      outgoingElectronic: 1,
      outgoingElectronicShare: 1,
    });
    expect(rows.get(communeA.id)).toMatchObject({
      incoming: 4,
      incomingDigitised: 3,
      incomingSearchable: 1,
      incomingDigitisedShare: 0.75,
      incomingSearchableShare: 0.25,
      outgoing: 2,
      outgoingElectronic: 1,
      outgoingDigitallySigned: 1,
      outgoingElectronicShare: 0.5,
    });
    // A unit with nothing in the period shows zeros and no share, not a missing row.
    expect(rows.get(communeB.id)).toMatchObject({
      incoming: 0,
      outgoing: 0,
      incomingDigitisedShare: null,
      outgoingElectronicShare: null,
    });
    expect(kpi.total).toMatchObject({
      incoming: 6,
      incomingDigitised: 4,
      incomingSearchable: 2,
      incomingDigitisedShare: 0.6667,
      outgoing: 3,
      outgoingElectronic: 2,
      outgoingElectronicShare: 0.6667,
    });
  });

  it('count per month of the period', async () => {
    const kpi = (
      await leader.get(`/api/documents/kpis?unitId=${province.id}&${period}&groupBy=month`)
    ).json();
    expect(
      kpi.rows.map((r: { month: string; incoming: number; outgoing: number }) => [
        r.month,
        r.incoming,
        r.outgoing,
      ]),
    ).toEqual([
      ['2026-01', 3, 0],
      ['2026-02', 2, 1],
      ['2026-03', 1, 2],
    ]);
    expect(kpi.total.incoming).toBe(6);
  });

  it('stay within the caller’s subtree: a commune reads its own, never the province’s', async () => {
    const denied = await communeClerk.get(`/api/documents/kpis?unitId=${province.id}&${period}`);
    expect(denied.statusCode).toBe(404);
    expect(denied.json().error.message).toBe('Không tìm thấy đơn vị (hoặc đơn vị ngoài phạm vi của bạn).');
    const own = (await communeClerk.get(`/api/documents/kpis?${period}`)).json();
    expect(own.unitId).toBe(communeA.id);
    expect(own.total).toMatchObject({ incoming: 4, incomingDigitised: 3, outgoing: 2 });
  });

  it('refuse a reversed period with a Vietnamese message', async () => {
    const response = await leader.get(
      `/api/documents/kpis?unitId=${province.id}&from=2026-03-01&to=2026-01-01`,
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe(
      'Khoảng thời gian không hợp lệ: "từ ngày" phải trước "đến ngày" và không quá 3 năm.',
    );
  });
});
