import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import { auditLog } from '../../platform/audit/index.ts';
import { document, documentStatusEvent, documentType } from '../documents/documents.schema.ts';
import { samplePdf } from '../documents/test-support/sample-files.ts';
import { buildDocumentsWorld, sampleDocx, uploadOk, vnDate } from '../documents/test-support/world.ts';
import { unit } from '../organisation/index.ts';
import { buildDocumentMessage, type EdxmlDocumentMessage, parseEdxml } from './index.ts';
import { createEdxmlSigner, type EdxmlSigner } from './signature/index.ts';
import { apiTokenFor } from './test-support/clients.ts';
import { createTestPki, LEAF_SUBJECT, type TestPki, xmlsecVerify } from './test-support/pki.ts';
import { agencyDocument } from './test-support/samples.ts';

// Real parts end to end: our server configured with an openssl-made key and certificate, the HTTP
// endpoint with an API token, the watched directory, pg-boss delivery into a peer's folder, xmlsec1.
const OURS = '000.00.31.H29';
const UBND = '000.00.01.H29';

let pki: TestPki;
let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
let gateway: TestClient;
let peerFolder: string;
let sender: EdxmlSigner; // the sending agency's key (a leaf of the same test CA)

beforeAll(async () => {
  pki = createTestPki();
  sender = createEdxmlSigner(pki.ec.key, pki.ec.cert);
  peerFolder = await mkdtemp(path.join(tmpdir(), 'mts-edxml-signed-peer-'));
  ctx = await createTestContext({
    EDXML_SIGNING_KEY_FILE: pki.rsa.keyFile,
    EDXML_SIGNING_CERT_FILE: pki.rsa.certFile,
    EXCHANGE_PEERS: JSON.stringify([{ name: 'ubnd-tinh', folder: peerFolder, reaches: [UBND] }]),
  });
  world = await buildDocumentsWorld(ctx);
  await ctx.platform.db.update(unit).set({ code: OURS }).where(eq(unit.id, world.province.id));
  gateway = await apiTokenFor(ctx, world.province.id, ['exchange.receive']);
}, 120_000);
afterAll(async () => {
  await ctx.close();
  await rm(peerFolder, { recursive: true, force: true });
  pki.close();
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

const postXml = (xml: string) =>
  gateway.request({
    method: 'POST',
    url: '/api/exchange/edxml',
    payload: xml,
    headers: { 'content-type': 'application/xml' },
  });

let serial = 70;
function fromUbnd(): EdxmlDocumentMessage {
  serial += 1;
  return agencyDocument({ from: UBND, to: OURS, serial, date: vnDate(-1), pdf: samplePdf(1) });
}

const copiesOf = (documentId: string) =>
  ctx.platform.db.select().from(document).where(eq(document.documentIdentifier, documentId));
const receivedAudits = async () =>
  (
    await ctx.platform.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'edxml_message'), eq(auditLog.action, 'exchange.document_received')))
  )[0]!.n;

describe('receiving signed edXML', { timeout: 120_000 }, () => {
  it('files a validly signed message as "valid" with the signer’s Vietnamese name and trust not checked', async () => {
    const message = fromUbnd();
    const response = await postXml(buildDocumentMessage(message, { signer: sender }));
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().signature).toEqual({
      status: 'valid',
      subject: `C=VN, CN=${LEAF_SUBJECT}`,
      issuer: 'C=VN, O=Ban Cơ yếu Chính phủ (thử nghiệm), CN=CA chuyên dùng thử nghiệm',
      trust: 'not_checked',
      trustNote: {
        vi: expect.stringContaining('chưa kiểm tra'),
        en: 'Certificate trust: not checked — chain and revocation come with the signatures issue.',
      },
    });
    const [copy] = await copiesOf(message.documentId);
    expect(copy!.signatureStatus).toBe('valid');
    const [event] = await ctx.platform.db
      .select()
      .from(documentStatusEvent)
      .where(eq(documentStatusEvent.documentId, copy!.id));
    expect(event!.note).toContain(`người ký: C=VN, CN=${LEAF_SUBJECT}`);
    expect(event!.note).toContain('Độ tin cậy của chứng thư số: chưa kiểm tra');
    const exchanged = (await world.clerk.client.get(`/api/documents/${copy!.id}/exchange`)).json();
    expect(exchanged.find((m: { kind: string }) => m.kind === 'document_in')).toMatchObject({
      signature: 'valid',
      signatureDetail: {
        subject: `C=VN, CN=${LEAF_SUBJECT}`,
        signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
        trust: 'not_checked',
        trustNote: { en: expect.stringContaining('not checked') },
      },
    });
  });

  it('files an unsigned message as "absent"', async () => {
    const message = fromUbnd();
    const response = await postXml(buildDocumentMessage(message));
    expect(response.statusCode, response.body).toBe(202);
    expect(response.json().signature).toMatchObject({ status: 'absent', subject: null });
    const [copy] = await copiesOf(message.documentId);
    expect(copy!.signatureStatus).toBe('absent');
  });

  it('answers 400 with the failed check for a message changed after signing, and files nothing', async () => {
    const message = fromUbnd();
    const tampered = buildDocumentMessage(message, { signer: sender }).replace(
      '<edXML:Subject>Về việc',
      '<edXML:Subject>Bãi bỏ việc',
    );
    const audits = await receivedAudits();
    const response = await postXml(tampered);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      message: expect.stringMatching(
        /^Thông điệp edXML bị từ chối: Chữ ký số không hợp lệ: .*bị thay đổi sau khi ký/,
      ),
      details: { reason: 'SIGNATURE_DIGEST_MISMATCH', path: 'edXMLEnvelope/edXMLHeader/Signature' },
    });
    expect(await copiesOf(message.documentId)).toHaveLength(0);
    expect(await receivedAudits()).toBe(audits);
  });

  it('moves a message with a bad signature from the watched directory to rejected/ with the reason', async () => {
    const message = fromUbnd();
    const xml = buildDocumentMessage(message, { signer: sender });
    const signature = xml.match(/<ds:Signature [\s\S]*<\/ds:Signature>/)![0];
    const moved = xml.replace(signature, '').replace('</edXML:edXMLBody>', `${signature}</edXML:edXMLBody>`);
    const incoming = path.join(ctx.dataDir, 'exchange', 'incoming');
    await mkdir(incoming, { recursive: true });
    const target = path.join(incoming, `chu-ky-di-chuyen-${serial}.xml`);
    await writeFile(`${target}.tmp`, moved);
    await rename(`${target}.tmp`, target);
    const rejected = path.join(ctx.dataDir, 'exchange', 'rejected');
    const reason = await until(async () => {
      const names = await readdir(rejected).catch((): string[] => []);
      const name = names.find((n) => n === `chu-ky-di-chuyen-${serial}.xml.reason.txt`);
      return name && (await readFile(path.join(rejected, name), 'utf8'));
    });
    expect(reason).toContain('Chữ ký số không hợp lệ: chữ ký ds:Signature phải là phần tử duy nhất');
    expect(reason).toContain('code: SIGNATURE_MISPLACED');
    expect(await copiesOf(message.documentId)).toHaveLength(0);
  });
});

describe('sending signed edXML', { timeout: 120_000 }, () => {
  it('signs the issued document it delivers to a peer and the one GET /documents/:id/edxml returns; xmlsec1 verifies both', async () => {
    const types = await ctx.platform.db.select().from(documentType);
    const typeQD = types.find((t) => t.code === 'QĐ' && !t.unitId)!.id;
    const draftUploadId = await uploadOk(world.specialist.client, world.province.id, sampleDocx(), 'draft');
    const created = await world.specialist.client.post('/api/documents/outgoing', {
      unitId: world.province.id,
      typeId: typeQD,
      subject: 'Quyết định khen thưởng tập thể có thành tích trong cuộc vận động',
      draftUploadId,
      externalRecipients: [{ organName: 'Ủy ban nhân dân tỉnh Thử Nghiệm', organId: UBND }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    for (const [client, action] of [
      [world.specialist.client, 'submit_for_review'],
      [world.leader.client, 'check_content'],
      [world.clerk.client, 'check_format'],
      [world.leader.client, 'approve'],
    ] as const) {
      expect((await client.post(`/api/documents/${id}/actions`, { action })).statusCode).toBe(200);
    }
    const scanUploadId = await uploadOk(world.clerk.client, world.province.id, samplePdf(2));
    const signedOnPaper = await world.clerk.client.post(`/api/documents/${id}/sign-on-paper`, {
      scanUploadId,
      signerFullName: 'Nguyễn Văn Lãnh Đạo',
      signerPosition: 'Chủ tịch',
    });
    expect(signedOnPaper.statusCode, signedOnPaper.body).toBe(200);
    expect((await world.clerk.client.post(`/api/documents/${id}/issue`)).statusCode).toBe(200);

    const downloaded = await world.clerk.client.get(`/api/documents/${id}/edxml`);
    expect(downloaded.statusCode, downloaded.body).toBe(200);
    const verified = xmlsecVerify(pki, downloaded.body);
    expect(verified.ok, verified.output).toBe(true);
    const parsed = parseEdxml(downloaded.body);
    expect(parsed.kind === 'document' && parsed.message.signature).toMatchObject({
      status: 'valid',
      subject: `C=VN, CN=${LEAF_SUBJECT}`,
      signatureMethod: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    });
    // Negative control: the downloaded message with one character changed fails xmlsec1.
    expect(xmlsecVerify(pki, downloaded.body.replace('khen thưởng', 'khen thương')).ok).toBe(false);

    const delivered = await until(async () => {
      const names = (await readdir(peerFolder)).filter((n) => n.endsWith('.xml'));
      for (const name of names) {
        const xml = await readFile(path.join(peerFolder, name), 'utf8');
        if (xml.includes('Quyết định khen thưởng tập thể')) return xml;
      }
      return undefined;
    });
    expect(xmlsecVerify(pki, delivered).ok).toBe(true);
  });
});
