import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../../test/harness.ts';
import {
  type CscSimulator,
  createDemoCscUsers,
  DEMO_CSC_PASSWORD,
  registerRemoteCredential,
  startCscSimulator,
  upsertTrustAnchor,
} from '../../signatures/index.ts';
import { docx } from '../../signatures/test-support/docx.ts';
import { document, documentFile, registerCounter } from '../documents.schema.ts';
import {
  AGENCY_PIN,
  appendixPdf,
  approvedDraft as approvedDraftOf,
  fileOf as fileOfRole,
  LEADER_PIN,
  localSigners,
  pdfTools,
} from '../test-support/signing.ts';
import { buildDocumentsWorld } from '../test-support/world.ts';
import { documentSigning } from './signing.schema.ts';

/**
 * The two-signature rule end to end through the API, checked by tools none of us wrote: the
 * leader signs the approved draft, the registry numbers it and applies the agency signature, and
 * pdfsig (test CA in an NSS db), qpdf and pdftotext read the result. Wrong PINs change nothing.
 */
let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
let simulator: CscSimulator;
let remoteCredential: string;
let leaderCredential: string;
let agencyCredential: string;
const tools = pdfTools();
const { run, save, pdfsig } = tools;

beforeAll(async () => {
  // A remote signing service (CSC API) the leader approves on the "phone": the simulator.
  const csc = await createDemoCscUsers();
  simulator = await startCscSimulator({ users: csc.users, requestValidityMs: 60_000 });
  ctx = await createTestContext({
    SIGNATURE_REMOTE_PROVIDERS: JSON.stringify([
      {
        id: 'csc-sim',
        displayName: 'Ký số từ xa (mô phỏng)',
        baseUrl: simulator.url,
        accountPassword: DEMO_CSC_PASSWORD,
      },
    ]),
  });
  world = await buildDocumentsWorld(ctx);
  const db = ctx.platform.db;
  await upsertTrustAnchor(db, {
    name: 'CA ký số từ xa (mô phỏng)',
    certificate: csc.ca.certificate,
    source: 'admin',
  });
  const remoteUser = csc.users[0]!;
  const remoteKey = remoteUser.credentials.find((c) => c.credentialID === 'nvky-rsa')!.key;
  remoteCredential = (
    await registerRemoteCredential(db, {
      owner: { kind: 'personal', staffId: world.leader.staff.id },
      certificate: new Uint8Array(remoteKey.certificate.rawData),
      remoteProvider: 'csc-sim',
      remoteCredentialId: 'nvky-rsa',
      remoteAccount: remoteUser.userId,
    })
  ).id;
  const signers = await localSigners(ctx, world);
  ({ leaderCredential, agencyCredential } = signers);
  tools.trust(signers.ca);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await simulator?.close();
  tools.cleanup();
});

const approvedDraft = (options: { attachment?: Buffer; docx?: Buffer; draftUploadId?: string } = {}) =>
  approvedDraftOf(ctx, world, options);
const fileOf = (id: string, role: 'signed' | 'issued') => fileOfRole(ctx, id, role);

async function outgoingCounter() {
  const rows = await ctx.platform.db.select({ last: registerCounter.lastNumber }).from(registerCounter);
  return rows.reduce((sum, r) => sum + r.last, 0);
}

describe('signing an outgoing document digitally', () => {
  let id: string;
  let draft: Buffer;
  let signed: Buffer;

  it('refuses a wrong PIN and leaves the document approved, with nothing signed', async () => {
    ({ id, draft } = await approvedDraft({ attachment: await appendixPdf() }));
    const wrong = await world.leader.client.post(`/api/documents/${id}/sign`, {
      credentialId: leaderCredential,
      pin: '000000',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toMatch(/PIN/);
    const [doc] = await ctx.platform.db.select().from(document).where(eq(document.id, id));
    expect(doc!.status).toBe('approved');
    expect(await fileOf(id, 'signed')).toBeNull();
    expect(
      await ctx.platform.db.select().from(documentSigning).where(eq(documentSigning.documentId, id)),
    ).toEqual([]);
  });

  it("refuses someone else's certificate and a person who may not sign", async () => {
    const specialist = await world.specialist.client.post(`/api/documents/${id}/sign`, {
      credentialId: leaderCredential,
      pin: LEADER_PIN,
    });
    expect(specialist.statusCode).toBe(403);
    const agencyKey = await world.leader.client.post(`/api/documents/${id}/sign`, {
      credentialId: agencyCredential,
      pin: AGENCY_PIN,
    });
    expect(agencyKey.statusCode).toBe(400);
    expect(agencyKey.json().error.message).toContain('chứng thư số cá nhân');
  });

  it('the leader signs: a valid, trusted signature appended to the draft, the document now signed', async () => {
    const response = await world.leader.client.post(`/api/documents/${id}/sign`, {
      credentialId: leaderCredential,
      pin: LEADER_PIN,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject([{ kind: 'personal', state: 'signed' }]);
    signed = (await fileOf(id, 'signed'))!;
    expect(signed.subarray(0, draft.length).equals(draft)).toBe(true);
    const out = pdfsig(save('signed.pdf', signed));
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    expect(out).toContain('Nguyễn Văn Lãnh Đạo');
    const detail = (await world.leader.client.get(`/api/documents/${id}`)).json();
    expect(detail.status).toBe('signed');
  });

  it('issue needs the agency signature; a wrong agency PIN takes no number and changes nothing', async () => {
    const before = await outgoingCounter();
    const none = await world.clerk.client.post(`/api/documents/${id}/issue`, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toContain('chứng thư số của cơ quan');
    const wrong = await world.clerk.client.post(`/api/documents/${id}/issue`, {
      agency: { credentialId: agencyCredential, pin: '999999' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(await outgoingCounter()).toBe(before);
    expect(await fileOf(id, 'issued')).toBeNull();
    const [doc] = await ctx.platform.db.select().from(document).where(eq(document.id, id));
    expect(doc!.status).toBe('signed');
  });

  it('the registry numbers, stamps and seals: two valid signatures, the first revision a prefix of the second', async () => {
    const response = await world.clerk.client.post(`/api/documents/${id}/issue`, {
      agency: { credentialId: agencyCredential, pin: AGENCY_PIN },
    });
    expect(response.statusCode, response.body).toBe(200);
    const issuedDoc = response.json();
    expect(issuedDoc.status).toBe('issued');
    const issued = (await fileOf(id, 'issued'))!;
    expect(issued.subarray(0, signed.length).equals(signed)).toBe(true);
    const file = save('issued.pdf', issued);
    const out = pdfsig(file);
    expect(out.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(out.match(/Certificate is Trusted\./g)).toHaveLength(2);
    expect(out).toContain('Ủy ban MTTQ tỉnh Thử Nghiệm');
    expect(run('qpdf', ['--check', file]).status).toBe(0);
    const text = run('pdftotext', ['-layout', file, '-']).out;
    expect(text).toContain(`Số: ${issuedDoc.codeNumber}/${issuedDoc.codeNotation}`);
    expect(text).toMatch(/Thử Nghiệm, ngày \d\d tháng \d{1,2} năm \d{4}/);
  });

  it('signs the attachment in its separate file: no image, the symbol and the ISO time at the top right of page 1', async () => {
    const [attachment] = await ctx.platform.db
      .select()
      .from(documentFile)
      .where(and(eq(documentFile.documentId, id), eq(documentFile.role, 'attachment')));
    const file = save('phu-luc.pdf', await ctx.platform.storage.get(attachment!.storageKey));
    const out = pdfsig(file);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    expect(out).toContain('Ủy ban MTTQ tỉnh Thử Nghiệm');
    const [doc] = await ctx.platform.db.select().from(document).where(eq(document.id, id));
    // The block's text, read back from the top right corner of page 1 only.
    const corner = run('pdftotext', [
      '-f',
      '1',
      '-l',
      '1',
      '-x',
      '300',
      '-y',
      '0',
      '-W',
      '300',
      '-H',
      '80',
      file,
      '-',
    ]).out;
    expect(corner).toContain(`${doc!.codeNumber}/${doc!.codeNotation}`);
    expect(corner).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00/);
    expect(run('pdfimages', ['-list', file]).out.split('\n').length).toBeLessThan(4); // no image added
  });

  it("delivers the signed original to the recipient, whose copy shows the signatures' verdict", async () => {
    const [copy] = await ctx.platform.db
      .select()
      .from(document)
      .where(and(eq(document.sourceDocumentId, id), eq(document.unitId, world.department.id)));
    expect(copy!.signatureStatus).toBe('valid');
    expect((await fileOf(copy!.id, 'issued'))!.equals((await fileOf(id, 'issued'))!)).toBe(true);
    const report = await world.deptSpecialist.client.get(`/api/documents/${copy!.id}/signature-report`);
    expect(report.statusCode).toBe(200);
    const files = report.json() as Array<{
      role: string;
      verdict: string;
      signatureCount: number;
      text: { vi: string };
    }>;
    expect(files.map((f) => [f.role, f.verdict, f.signatureCount]).sort()).toEqual([
      ['attachment', 'valid', 1],
      ['issued', 'valid', 2],
    ]);
    expect(files.find((f) => f.role === 'issued')!.text.vi).toContain('Nguyễn Văn Lãnh Đạo');
  });

  it('makes a signed electronic copy (sao y): a third signature, the copy named at the top right', async () => {
    const response = await world.clerk.client.post(`/api/documents/${id}/copies`, {
      form: 'SY',
      signerFullName: 'Trần Thị Văn Thư',
      signerPosition: 'Văn thư',
      agency: { credentialId: agencyCredential, pin: AGENCY_PIN },
    });
    expect(response.statusCode, response.body).toBe(201);
    const copy = response.json();
    expect(copy.fileId).toEqual(expect.any(String));
    const [row] = await ctx.platform.db.select().from(documentFile).where(eq(documentFile.id, copy.fileId));
    expect(row!.role).toBe('copy');
    const file = save('ban-sao.pdf', await ctx.platform.storage.get(row!.storageKey));
    const out = pdfsig(file);
    expect(out.match(/Signature is Valid\./g)).toHaveLength(3);
    const corner = run('pdftotext', [
      '-f',
      '1',
      '-l',
      '1',
      '-x',
      '300',
      '-y',
      '0',
      '-W',
      '300',
      '-H',
      '80',
      file,
      '-',
    ]).out;
    expect(corner).toContain(`Bản sao y số ${copy.symbol}`);
    const wrong = await world.clerk.client.post(`/api/documents/${id}/copies`, {
      form: 'SY',
      signerFullName: 'Trần Thị Văn Thư',
      signerPosition: 'Văn thư',
      agency: { credentialId: agencyCredential, pin: '111111' },
    });
    expect(wrong.statusCode).toBe(400);
    const copies = (await world.clerk.client.get(`/api/documents/${id}/copies`)).json();
    expect(copies).toHaveLength(1); // the refused copy took no number
  });

  it('verifies an uploaded PDF: the issued one is valid, a flipped byte is invalid, a photo is refused', async () => {
    const issued = (await fileOf(id, 'issued'))!;
    const good = await verifyUpload(world.specialist.client, issued);
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ verdict: 'valid', signatureCount: 2 });
    const tampered = Buffer.from(issued);
    const at = tampered.indexOf('Điều 1') > 0 ? tampered.indexOf('Điều 1') : 2000;
    tampered[at] = tampered[at]! ^ 0x01;
    const bad = await verifyUpload(world.specialist.client, tampered);
    expect(bad.json().verdict).toBe('invalid');
    expect(pdfsig(save('tampered.pdf', tampered))).not.toMatch(
      /Signature is Valid\.[\s\S]*Signature is Valid\./,
    );
    const notPdf = await verifyUpload(world.specialist.client, Buffer.from('GIF89a not a pdf'));
    expect(notPdf.statusCode).toBe(415);
  });
});

function verifyUpload(client: TestClient, bytes: Buffer) {
  const boundary = `----mtsverify${Math.random().toString(36).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="da-ky.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return client.request({
    method: 'POST',
    url: '/api/signatures/verify',
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

/** The leader's signings of a document, as the page polls them. */
async function signingsOf(id: string) {
  return (await world.leader.client.get(`/api/documents/${id}/signings`)).json() as Array<{
    state: string;
    kind: string;
    requestId: string | null;
    expiresAt: string | null;
    error: { vi: string } | null;
  }>;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('a draft composed in the app', () => {
  it('is rendered in the Appendix I layout with fonts embedded, then signed like any draft', async () => {
    const types = (
      await world.specialist.client.get(`/api/document-types?unitId=${world.province.id}`)
    ).json();
    const composition = {
      unitId: world.province.id,
      typeId: types.find((t: { code: string | null }) => t.code === 'QĐ').id,
      summary: 'Về việc kiện toàn Tổ công tác chuyển đổi số',
      body: 'Căn cứ Điều lệ Mặt trận Tổ quốc Việt Nam;\nĐiều 1. Kiện toàn Tổ công tác chuyển đổi số.\nĐiều 2. Quyết định có hiệu lực kể từ ngày ký.',
      authority: 'TM. BAN THƯỜNG TRỰC',
      signerTitle: 'CHỦ TỊCH',
      signerName: 'Nguyễn Văn Lãnh Đạo',
      recipients: 'Như Điều 2\nBan Tuyên giáo',
      archive: 'VT, BTT',
    };
    const composed = await world.specialist.client.post('/api/document-uploads/compose', composition);
    expect(composed.statusCode, composed.body).toBe(201);
    expect(composed.json()).toMatchObject({ contentType: 'application/pdf', pageCount: 1 });
    const { id } = await approvedDraft({ draftUploadId: composed.json().id });
    const signed = await world.leader.client.post(`/api/documents/${id}/sign`, {
      credentialId: leaderCredential,
      pin: LEADER_PIN,
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const file = save('composed.pdf', (await fileOf(id, 'signed'))!);
    expect(pdfsig(file)).toContain('Signature is Valid.');
    const text = run('pdftotext', ['-layout', file, '-']).out;
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'QUYẾT ĐỊNH',
      'Điều 1. Kiện toàn',
      'Nơi nhận:',
      'ỦY BAN MTTQ TỈNH THỬ',
    ])
      expect(text).toContain(expected);
    const fonts = run('pdffonts', [file]).out.split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const row of fonts) expect(row).toMatch(/\s+yes\s+yes\s+yes\s+/); // embedded, subset, unicode

    const elsewhere = await world.neighbourSpecialist.client.post(
      '/api/document-uploads/compose',
      composition,
    );
    expect([403, 404]).toContain(elsewhere.statusCode);
  });
});

describe('a draft written in Word (DOCX)', () => {
  it('is converted by LibreOffice and signed above the printed name', async () => {
    const word = docx([
      'ỦY BAN MTTQ TỈNH THỬ NGHIỆM',
      'Số:        /QĐ-MTTQ-BTT',
      'QUYẾT ĐỊNH về việc thành lập Tổ công tác chuyển đổi số',
      'Điều 1. Thành lập Tổ công tác chuyển đổi số.',
      'TM. BAN THƯỜNG TRỰC',
      'CHỦ TỊCH',
      '',
      '',
      'Nguyễn Văn Lãnh Đạo',
    ]);
    const { id } = await approvedDraft({ docx: word });
    const response = await world.leader.client.post(`/api/documents/${id}/sign`, {
      credentialId: leaderCredential,
      pin: LEADER_PIN,
    });
    expect(response.statusCode, response.body).toBe(200);
    const file = save('docx-signed.pdf', (await fileOf(id, 'signed'))!);
    expect(pdfsig(file)).toContain('Signature is Valid.');
    expect(run('pdftotext', [file, '-']).out).toContain('Thành lập Tổ công tác chuyển đổi số');
  }, 120_000);
});

describe('signing on the phone (remote signing, CSC API)', () => {
  it('waits for approval with a deadline, then signs: a valid, trusted signature', async () => {
    const { id, draft } = await approvedDraft();
    const started = await world.leader.client.post(`/api/documents/${id}/sign`, {
      credentialId: remoteCredential,
    });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()[0]).toMatchObject({ kind: 'personal', state: 'pending' });
    const pending = await until(
      () => signingsOf(id),
      (s) => Boolean(s[0]?.expiresAt),
      'the request to reach the phone',
    );
    expect(new Date(pending[0]!.expiresAt!).getTime()).toBeGreaterThan(Date.now());
    const again = await world.leader.client.post(`/api/documents/${id}/sign`, {
      credentialId: remoteCredential,
    });
    expect(again.statusCode).toBe(409);
    const approval = simulator.approvals().find((a) => a.state === 'pending')!;
    simulator.approve(approval.handle);
    await until(
      () => signingsOf(id),
      (s) => s[0]?.state === 'signed',
      'the signature',
    );
    const signedPdf = (await fileOf(id, 'signed'))!;
    expect(signedPdf.subarray(0, draft.length).equals(draft)).toBe(true);
    const out = pdfsig(save('remote.pdf', signedPdf));
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Nguyễn Văn Ký');
    const [doc] = await ctx.platform.db.select().from(document).where(eq(document.id, id));
    expect(doc!.status).toBe('signed');
  });

  it('a refusal on the phone leaves the document approved, with the reason shown', async () => {
    const { id } = await approvedDraft();
    await world.leader.client.post(`/api/documents/${id}/sign`, { credentialId: remoteCredential });
    await until(
      () => signingsOf(id),
      (s) => Boolean(s[0]?.expiresAt),
      'the request to reach the phone',
    );
    const approval = simulator.approvals().find((a) => a.state === 'pending')!;
    simulator.refuse(approval.handle, 'Sai nội dung điều 2');
    const failed = await until(
      () => signingsOf(id),
      (s) => s[0]?.state === 'failed',
      'the refusal',
    );
    expect(failed[0]!.error!.vi).toContain('từ chối');
    const [doc] = await ctx.platform.db.select().from(document).where(eq(document.id, id));
    expect(doc!.status).toBe('approved');
    expect(await fileOf(id, 'signed')).toBeNull();
  });
});
