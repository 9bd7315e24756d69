import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import {
  buildDocumentMessage,
  buildStatusMessage,
  type EdxmlDocumentMessage,
  type ExchangeModule,
  exchangeModuleOf,
  type ParsedEdxml,
  parseEdxml,
} from '../exchange/index.ts';
import { apiTokenFor } from '../exchange/test-support/clients.ts';
import { agencyDocument, sampleStatus } from '../exchange/test-support/samples.ts';
import { unit } from '../organisation/index.ts';
import {
  createCertificateAuthority,
  issueCertificate,
  signPdf,
  upsertTrustAnchor,
} from '../signatures/index.ts';
import {
  document,
  documentFile,
  documentRecipient,
  documentStatusEvent,
  documentType,
  notification,
} from './documents.schema.ts';
import { documentExchangeMessage } from './exchange-link.schema.ts';
import { samplePdf } from './test-support/sample-files.ts';
import { appendixPdf } from './test-support/signing.ts';
import { buildDocumentsWorld, sampleDocx, uploadOk, vnDate } from './test-support/world.ts';

// Real transports end to end: the HTTP endpoint with an API token, the watched directory (scanned
// by the running instance every 5 s) and pg-boss delivery into a peer's folder.
const OURS = '000.00.31.H29'; // the province committee's mã định danh
const UBND = '000.00.01.H29'; // an outside agency reached through a shared folder
const SO_NOI_VU = '000.00.05.H29'; // an outside agency with no peer configured

let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
let exchange: ExchangeModule;
let gateway: TestClient;
let peerFolder: string;
let typeQD: string;

beforeAll(async () => {
  peerFolder = await mkdtemp(path.join(tmpdir(), 'mts-edxml-peer-'));
  // Configured as an operator would: the People's Committee's shared folder (EXCHANGE_PEERS).
  ctx = await createTestContext({
    EXCHANGE_PEERS: JSON.stringify([{ name: 'ubnd-tinh', folder: peerFolder, reaches: [UBND] }]),
  });
  world = await buildDocumentsWorld(ctx);
  exchange = exchangeModuleOf(ctx.platform)!;
  await ctx.platform.db.update(unit).set({ code: OURS }).where(eq(unit.id, world.province.id));
  gateway = await apiTokenFor(ctx, world.province.id, ['exchange.receive']);
  const types = await ctx.platform.db.select().from(documentType);
  typeQD = types.find((t) => t.code === 'QĐ' && !t.unitId)!.id;
});
afterAll(async () => {
  await ctx.close();
  await rm(peerFolder, { recursive: true, force: true });
});

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const postXml = (client: TestClient, xml: string) =>
  client.request({
    method: 'POST',
    url: '/api/exchange/edxml',
    payload: xml,
    headers: { 'content-type': 'application/xml' },
  });

/** Posts a message that must be taken (202); the refusal's reason shows when it is not. */
async function accepted(xml: string) {
  const response = await postXml(gateway, xml);
  expect(response.statusCode, response.body).toBe(202);
  return response;
}

/** Messages the peer's folder received, parsed the way the peer would. */
async function peerMessages(): Promise<ParsedEdxml[]> {
  const names = (await readdir(peerFolder)).filter((n) => n.endsWith('.xml'));
  return Promise.all(names.map(async (n) => parseEdxml(await readFile(path.join(peerFolder, n)))));
}
const statusesBack = async (documentId: string) =>
  (await peerMessages())
    .filter((m) => m.kind === 'status' && m.status.responseFor.documentId === documentId)
    .map((m) => (m.kind === 'status' ? m.status : null)!);

let serial = 40;
/** A document message from the provincial People's Committee to the province committee. */
function fromUbnd(overrides: Partial<EdxmlDocumentMessage> = {}): EdxmlDocumentMessage {
  serial += 1;
  return agencyDocument({ from: UBND, to: OURS, serial, date: vnDate(-1), pdf: samplePdf(1) }, overrides);
}

const incomingOf = async (edxmlDocumentId: string) =>
  ctx.platform.db
    .select()
    .from(document)
    .where(and(eq(document.documentIdentifier, edxmlDocumentId), eq(document.direction, 'incoming')));

describe('documents arriving by edXML', { timeout: 120_000 }, () => {
  it('files a message posted with an API token as "arrived" in the unit’s queue; 01 goes back to the sender', async () => {
    const message = fromUbnd({ otherInfo: { priority: 2, appendixes: [] } });
    const response = await postXml(gateway, buildDocumentMessage(message));
    expect(response.statusCode, response.body).toBe(202);

    const list = await world.clerk.client.get(
      `/api/documents?direction=incoming&status=arrived&unitId=${world.province.id}`,
    );
    const [doc] = await incomingOf(message.documentId);
    expect(list.json().items.map((d: { id: string }) => d.id)).toContain(doc!.id);
    expect(doc).toMatchObject({
      unitId: world.province.id,
      status: 'arrived',
      signatureStatus: 'absent',
      organId: UBND,
      codeNumber: message.code.codeNumber,
      priority: 'thuong_khan',
    });
    const files = await ctx.platform.db
      .select()
      .from(documentFile)
      .where(eq(documentFile.documentId, doc!.id));
    expect(files).toMatchObject([{ role: 'scan', fileName: message.attachments[0]!.attachmentName }]);
    const download = await world.clerk.client.get(`/api/documents/${doc!.id}/files/${files[0]!.id}`);
    expect(download.rawPayload.equals(message.attachments[0]!.content)).toBe(true);
    // Thượng khẩn: the leader is told at once, as for a manual registration.
    const notices = await ctx.platform.db
      .select()
      .from(notification)
      .where(and(eq(notification.documentId, doc!.id), eq(notification.staffId, world.leader.staff.id)));
    expect(notices).toMatchObject([{ kind: 'incoming.urgent', isUrgent: true }]);

    const [arrived] = await until(async () => {
      const back = await statusesBack(message.documentId);
      return back.length ? back : undefined;
    });
    expect(arrived).toMatchObject({ statusCode: '01', from: { organId: OURS } });

    // Registering it (số đến) reports 03 accepted.
    const received = await world.clerk.client.post(`/api/documents/${doc!.id}/receive`);
    expect(received.statusCode, received.body).toBe(200);
    const codes = await until(async () => {
      const back = (await statusesBack(message.documentId)).map((s) => s.statusCode).sort();
      return back.length === 2 ? back : undefined;
    });
    expect(codes).toEqual(['01', '03']);
  });

  it('verifies the signatures of an arriving PDF: signed by a trusted CA is valid, a flipped byte invalid', async () => {
    const ca = await createCertificateAuthority({
      subject: 'CN=Ban Cơ yếu Chính phủ (thử nghiệm),O=Ban Cơ yếu Chính phủ,C=VN',
    });
    await upsertTrustAnchor(ctx.platform.db, {
      name: 'CA thử nghiệm',
      certificate: ca.certificate,
      source: 'admin',
    });
    const leaf = await issueCertificate(ca, {
      subject: 'CN=Ủy ban nhân dân tỉnh Thử Nghiệm,C=VN',
      keyUsage: 'agency',
    });
    const signed = await signPdf(await appendixPdf(), {
      privateKey: leaf.privateKey,
      certificate: Buffer.from(leaf.certificate.rawData),
      chain: [Buffer.from(ca.certificate.rawData)],
    });
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf('Danh') > 0 ? tampered.indexOf('Danh') : 400;
    tampered[at] = tampered[at]! ^ 0x01;
    const verdicts: string[] = [];
    for (const pdf of [signed, tampered]) {
      const message = fromUbnd();
      message.attachments[0]!.content = pdf;
      await accepted(buildDocumentMessage(message));
      const doc = await until(async () => {
        const [row] = await incomingOf(message.documentId);
        return row && row.signatureStatus !== 'not_checked' && row.signatureStatus !== 'absent'
          ? row
          : undefined;
      });
      verdicts.push(doc.signatureStatus);
    }
    expect(verdicts).toEqual(['valid', 'invalid']);
  });

  it('returns a misaddressed document with the reason: status 02 carries it to the sender', async () => {
    const message = fromUbnd();
    await accepted(buildDocumentMessage(message));
    const [doc] = await incomingOf(message.documentId);
    const reason = 'Văn bản gửi nhầm: đề nghị gửi Sở Nội vụ.';
    const returned = await world.clerk.client.post(`/api/documents/${doc!.id}/return`, { reason });
    expect(returned.statusCode, returned.body).toBe(200);
    const back = await until(async () => {
      const statuses = await statusesBack(message.documentId);
      return statuses.find((s) => s.statusCode === '02');
    });
    expect(back.description).toBe(reason);
  });

  it('picks a message up from the watched directory, addressed by the unit’s mã định danh', async () => {
    const message = fromUbnd();
    const incomingDir = path.join(ctx.dataDir, 'exchange', 'incoming');
    await mkdir(incomingDir, { recursive: true }); // the instance creates it on its first scan
    const target = path.join(incomingDir, 'cong-van-ubnd.xml');
    await writeFile(`${target}.tmp`, buildDocumentMessage(message));
    await rename(`${target}.tmp`, target);
    const [doc] = await until(async () => {
      const rows = await incomingOf(message.documentId);
      return rows.length ? rows : undefined;
    });
    expect(doc).toMatchObject({ unitId: world.province.id, status: 'arrived' });
    const processed = await until(async () => {
      const names = await readdir(path.join(ctx.dataDir, 'exchange', 'processed')).catch((): string[] => []);
      return names.includes('cong-van-ubnd.xml') ? names : undefined;
    });
    expect(processed).toContain('cong-van-ubnd.xml');
  });

  it('labels a recall on the incoming copy and links the earlier one, which stays as it was', async () => {
    const original = fromUbnd();
    await accepted(buildDocumentMessage(original));
    const [earlier] = await incomingOf(original.documentId);
    await world.clerk.client.post(`/api/documents/${earlier!.id}/receive`);

    const recall = fromUbnd({
      business: {
        bussinessDocType: 1,
        documentId: original.documentId,
        bussinessDocReason: 'Ban hành nhầm đối tượng',
      },
    });
    await accepted(buildDocumentMessage(recall));
    const [copy] = await incomingOf(recall.documentId);
    expect(copy).toMatchObject({ status: 'arrived', relatedDocumentId: earlier!.id });
    const exchanged = await world.clerk.client.get(`/api/documents/${copy!.id}/exchange`);
    const received = (exchanged.json() as Array<{ kind: string }>).filter((m) => m.kind === 'document_in');
    expect(received).toMatchObject([
      {
        kind: 'document_in',
        businessType: 1,
        businessLabel: { vi: 'Thu hồi văn bản' },
        businessReason: 'Ban hành nhầm đối tượng',
        relatedDocumentId: earlier!.id,
      },
    ]);
    const [still] = await ctx.platform.db.select().from(document).where(eq(document.id, earlier!.id));
    expect(still).toMatchObject({ status: 'registered', recallReason: null });
  });

  it('files an unsigned message as "absent"; refuses a signature that is not XML-DSig and files nothing', async () => {
    const unsigned = fromUbnd();
    await accepted(buildDocumentMessage(unsigned));
    const [copy] = await incomingOf(unsigned.documentId);
    expect(copy!.signatureStatus).toBe('absent');
    const [event] = await ctx.platform.db
      .select()
      .from(documentStatusEvent)
      .where(eq(documentStatusEvent.documentId, copy!.id));
    expect(event!.note).toContain('Thông điệp không có chữ ký số.');

    const forged = fromUbnd();
    const xml = buildDocumentMessage(forged).replace(
      '</edXML:TraceHeaderList>',
      '</edXML:TraceHeaderList>\n<edXML:Signature>…</edXML:Signature>',
    );
    const refused = await postXml(gateway, xml);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toMatchObject({ path: 'edXMLEnvelope/edXMLHeader/Signature' });
    expect(await incomingOf(forged.documentId)).toEqual([]);
  });

  it('warns of a duplicate when the same document is already registered, as on upload', async () => {
    const message = fromUbnd();
    const paperUpload = await uploadOk(world.clerk.client, world.province.id, samplePdf(1));
    const paper = await world.clerk.client.post('/api/documents/incoming', {
      unitId: world.province.id,
      codeNumber: message.code.codeNumber,
      codeNotation: message.code.codeNotation,
      issuedDate: vnDate(-1),
      organName: message.from.organName,
      subject: message.subject,
      signerFullName: 'Nguyễn Văn Ký',
      uploadIds: [paperUpload],
    });
    expect(paper.statusCode, paper.body).toBe(201);
    await accepted(buildDocumentMessage(message));
    const [copy] = await incomingOf(message.documentId);
    const warned = await world.clerk.client.post(`/api/documents/${copy!.id}/receive`);
    expect(warned.statusCode).toBe(409);
    expect(warned.json().error.message).toContain('đã được vào sổ');
    expect(warned.json().error.details.duplicates).toEqual([paper.json().id]);
  });

  it('refuses a malformed message with the precise reason and writes nothing', async () => {
    const countRows = async () => {
      const [[docs], [messages]] = await Promise.all([
        ctx.platform.db.select({ n: count() }).from(document),
        ctx.platform.db.select({ n: count() }).from(documentExchangeMessage),
      ]);
      return [docs!.n, messages!.n];
    };
    const before = await countRows();
    const bad = buildDocumentMessage(fromUbnd()).replace(
      /<edXML:Subject>[^<]*<\/edXML:Subject>/,
      '<edXML:Subject></edXML:Subject>',
    );
    const response = await postXml(gateway, bad);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toMatchObject({
      path: 'edXMLEnvelope/edXMLHeader/MessageHeader/Subject',
    });
    // A well-formed message addressed to no unit of ours, dropped in the directory: rejected with its reason.
    const stray = fromUbnd({ to: [{ organId: '000.00.99.H29', organName: 'Cơ quan khác' }] });
    const unknownStatus = buildStatusMessage(
      sampleStatus({
        responseFor: { ...sampleStatus().responseFor, documentId: `${OURS},2026/01/05,99/QĐ-MTTQ-BTT` },
      }),
    );
    const refused = await postXml(gateway, unknownStatus);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details).toMatchObject({ reason: 'UNKNOWN_DOCUMENT' });
    await mkdir(path.join(ctx.dataDir, 'exchange', 'incoming'), { recursive: true });
    const dropped = path.join(ctx.dataDir, 'exchange', 'incoming', 'nham-noi-nhan.xml');
    await writeFile(dropped, buildDocumentMessage(stray));
    const reason = await until(async () =>
      readFile(path.join(ctx.dataDir, 'exchange', 'rejected', 'nham-noi-nhan.xml.reason.txt'), 'utf8').catch(
        () => undefined,
      ),
    );
    expect(reason).toContain('không có đơn vị nhận nào trong hệ thống có mã định danh 000.00.99.H29');
    expect(reason).toContain('code: UNKNOWN_RECIPIENT');
    expect(await countRows()).toEqual(before);
  });
});

describe('issuing to outside agencies', { timeout: 120_000 }, () => {
  const act = (client: TestClient, id: string, action: string) =>
    client.post(`/api/documents/${id}/actions`, { action });

  async function issuedToOutside() {
    const draftUploadId = await uploadOk(world.specialist.client, world.province.id, sampleDocx(), 'draft');
    const created = await world.specialist.client.post('/api/documents/outgoing', {
      unitId: world.province.id,
      typeId: typeQD,
      subject: 'Quyết định khen thưởng tập thể có thành tích trong cuộc vận động',
      priority: 'khan',
      draftUploadId,
      externalRecipients: [
        { organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm', organId: UBND },
        { organName: 'Sở Nội vụ tỉnh Thử Nghiệm', organId: SO_NOI_VU },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    for (const [client, action] of [
      [world.specialist.client, 'submit_for_review'],
      [world.leader.client, 'check_content'],
      [world.clerk.client, 'check_format'],
      [world.leader.client, 'approve'],
    ] as const) {
      expect((await act(client, id, action)).statusCode).toBe(200);
    }
    const signedScan = samplePdf(2);
    const scanUploadId = await uploadOk(world.clerk.client, world.province.id, signedScan);
    const signed = await world.clerk.client.post(`/api/documents/${id}/sign-on-paper`, {
      scanUploadId,
      signerFullName: 'Nguyễn Văn Lãnh Đạo',
      signerPosition: 'Chủ tịch',
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const issued = await world.clerk.client.post(`/api/documents/${id}/issue`);
    expect(issued.statusCode, issued.body).toBe(200);
    const [doc] = await ctx.platform.db.select().from(document).where(eq(document.id, id));
    return { id, doc: doc!, signedScan };
  }

  it('sends the issued document to the peer, records delivery per recipient, and the peer’s status updates the sender’s view', async () => {
    const { id, doc, signedScan } = await issuedToOutside();
    const sent = await until(async () =>
      (await peerMessages()).find(
        (m) => m.kind === 'document' && m.message.documentId === doc.documentIdentifier,
      ),
    );
    if (sent.kind !== 'document') throw new Error('not a document');
    expect(sent.message).toMatchObject({
      from: { organId: OURS, organName: 'Ủy ban MTTQ tỉnh Thử Nghiệm' },
      code: { codeNumber: doc.codeNumber, codeNotation: doc.codeNotation },
      subject: doc.subject,
      signerInfo: { fullName: 'Nguyễn Văn Lãnh Đạo', position: 'Chủ tịch' },
      otherInfo: { priority: 1 },
    });
    expect(sent.message.to.map((t) => t.organId).sort()).toEqual([UBND, SO_NOI_VU]);
    expect(sent.message.attachments[0]!.content.equals(signedScan)).toBe(true);

    const deliveries = await until(async () => {
      const rows = (await world.clerk.client.get(`/api/documents/${id}/exchange`)).json() as Array<{
        organId: string;
        delivery: string;
        deliveryDetail: string | null;
      }>;
      return rows.some((r) => r.delivery === 'delivered') ? rows : undefined;
    });
    expect(deliveries.find((r) => r.organId === UBND)).toMatchObject({ delivery: 'delivered' });
    expect(deliveries.find((r) => r.organId === SO_NOI_VU)).toMatchObject({ delivery: 'no_peer' });
    expect(deliveries.find((r) => r.organId === SO_NOI_VU)!.deliveryDetail).toContain(
      'Chưa cấu hình đường gửi edXML',
    );

    // The agency answers through the relay with status messages: the sender sees them per recipient.
    const statusFromUbnd = (statusCode: '03' | '02', description: string) =>
      buildStatusMessage({
        responseFor: {
          organId: OURS,
          code: `${doc.codeNumber}/${doc.codeNotation}`,
          promulgationDate: doc.issuedDate!,
          documentId: doc.documentIdentifier!,
        },
        from: { organId: UBND, organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm' },
        statusCode,
        description,
        timestamp: `${vnDate()}T10:00:00`,
      });
    await accepted(statusFromUbnd('03', 'Đã vào sổ đến số 812'));
    const detail = await world.clerk.client.get(`/api/documents/${id}`);
    const recipient = (
      detail.json().recipients as Array<{ organName: string; statusCode: string | null }>
    ).find((r) => r.organName === 'Ủy ban nhân dân tỉnh Thử Nghiệm');
    expect(recipient).toMatchObject({ statusCode: '03', statusReason: 'Đã vào sổ đến số 812' });

    await accepted(statusFromUbnd('02', 'Không thuộc thẩm quyền'));
    const [row] = await ctx.platform.db
      .select()
      .from(documentRecipient)
      .where(and(eq(documentRecipient.documentId, id), eq(documentRecipient.organId, UBND)));
    expect(row).toMatchObject({ statusCode: '02', statusReason: 'Không thuộc thẩm quyền' });
    const [returnedNotice] = await ctx.platform.db
      .select()
      .from(notification)
      .where(and(eq(notification.documentId, id), eq(notification.kind, 'outgoing.returned')));
    expect(returnedNotice!.title).toContain('Không thuộc thẩm quyền');

    // Recalled: a recall notice (BussinessDocType 1, the reason) follows the document to the agency.
    const recalled = await world.clerk.client.post(`/api/documents/${id}/recall`, {
      reason: 'Ban hành nhầm đối tượng khen thưởng',
    });
    expect(recalled.statusCode, recalled.body).toBe(200);
    const notice = await until(async () =>
      (await peerMessages()).find(
        (m) =>
          m.kind === 'document' &&
          m.message.business.bussinessDocType === 1 &&
          m.message.business.documentId === doc.documentIdentifier,
      ),
    );
    if (notice.kind !== 'document') throw new Error('not a document');
    expect(notice.message.business.bussinessDocReason).toBe('Ban hành nhầm đối tượng khen thưởng');
    const recallRows = await until(async () => {
      const rows = (await world.clerk.client.get(`/api/documents/${id}/exchange`)).json() as Array<{
        organId: string;
        businessType: number;
        delivery: string;
      }>;
      const recallRow = rows.find((r) => r.organId === UBND && r.businessType === 1);
      return recallRow?.delivery === 'delivered' ? rows : undefined;
    });
    expect(recallRows.filter((r) => r.businessType === 1)).toHaveLength(2);
  });

  it('offers the issued document as an edXML file for agencies reached by other means', async () => {
    const { id, doc } = await issuedToOutside();
    const response = await world.clerk.client.get(`/api/documents/${id}/edxml?organId=${SO_NOI_VU}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('application/xml');
    const parsed = parseEdxml(response.rawPayload);
    if (parsed.kind !== 'document') throw new Error('not a document');
    expect(parsed.message.documentId).toBe(doc.documentIdentifier);
    expect(parsed.message.to).toEqual([{ organId: SO_NOI_VU, organName: 'Sở Nội vụ tỉnh Thử Nghiệm' }]);
    // Not for a document that has not been issued; not for a unit that may not read it.
    const [incoming] = await ctx.platform.db
      .select({ id: document.id })
      .from(document)
      .where(and(eq(document.unitId, world.province.id), eq(document.direction, 'incoming')))
      .limit(1);
    const refused = await world.clerk.client.get(`/api/documents/${incoming!.id}/edxml`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('Chỉ văn bản đi đã ban hành');
    expect((await world.neighbourClerk.client.get(`/api/documents/${id}/edxml`)).statusCode).toBe(404);
  });

  // Last: from here on every agency without a peer of its own is reached through the relay.
  it('records a refusal by the relay platform with the receiver’s reason (final, not retried)', async () => {
    const answered: number[] = [];
    const relay = createServer((request, response) => {
      request.resume();
      answered.push(Date.now());
      response
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'Cơ quan nhận chưa kết nối trục liên thông' } }));
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/edxml`;
      exchange.registerPeer('lgsp', { url, token: 'relay-token' }, '*');
      const { id } = await issuedToOutside();
      const rows = await until(async () => {
        const list = (await world.clerk.client.get(`/api/documents/${id}/exchange`)).json() as Array<{
          organId: string;
          peer: string | null;
          delivery: string;
          deliveryDetail: string | null;
        }>;
        return list.some((r) => r.delivery === 'refused') ? list : undefined;
      });
      expect(rows.find((r) => r.organId === SO_NOI_VU)).toMatchObject({
        peer: 'lgsp',
        delivery: 'refused',
        deliveryDetail: 'Cơ quan nhận chưa kết nối trục liên thông',
      });
      expect(rows.find((r) => r.organId === UBND)).toMatchObject({ peer: 'ubnd-tinh' });
      expect(answered).toHaveLength(1);
    } finally {
      await new Promise((resolve) => relay.close(resolve));
    }
  });
});
