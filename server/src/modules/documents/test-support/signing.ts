import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import type { TestClient, TestContext } from '../../../../test/harness.ts';
import { createPdf } from '../../../platform/pdf/index.ts';
import {
  createCertificateAuthority,
  drawDemoSeal,
  drawDemoSignature,
  exportPkcs12,
  issueCertificate,
  type KeyedCertificate,
  loadKeystoreKey,
  renderOfficialDocument,
  storeImage,
  storeLocalCredential,
  toPem,
  upsertTrustAnchor,
} from '../../signatures/index.ts';
import { documentFile, documentType } from '../documents.schema.ts';
import { type buildDocumentsWorld, upload, uploadOk, vnDate } from './world.ts';

type World = Awaited<ReturnType<typeof buildDocumentsWorld>>;

/**
 * The independent tools signing tests read PDFs with (poppler, qpdf, openssl), a scratch folder,
 * and an NSS database trusting the given CAs for pdfsig.
 */
export function pdfTools() {
  const dir = mkdtempSync(join(tmpdir(), 'mts-doc-sign-'));
  const nssDir = join(dir, 'nss');
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.error)
      throw new Error(`${cmd} is missing (scripts/system-deps.sh installs it): ${r.error.message}`);
    return { status: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
  };
  const save = (name: string, bytes: Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return file;
  };
  return {
    run,
    save,
    pdfsig: (file: string) => run('pdfsig', ['-nssdir', `sql:${nssDir}`, file]).out,
    /** pdfsig trusts these CAs from now on. */
    trust(...cas: KeyedCertificate[]) {
      mkdirSync(nssDir, { recursive: true });
      expect(run('certutil', ['-N', '--empty-password', '-d', `sql:${nssDir}`]).status).toBe(0);
      cas.forEach((ca, i) => {
        const file = save(`ca-${i}.pem`, Buffer.from(toPem(ca.certificate)));
        expect(
          run('certutil', ['-A', '-n', `ca-${i}`, '-t', 'CT,C,C', '-i', file, '-d', `sql:${nssDir}`]).status,
        ).toBe(0);
      });
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const LEADER_PIN = '246810';
export const AGENCY_PIN = '135790';

async function p12(ca: KeyedCertificate, subject: string, keyUsage: 'personal' | 'agency', pin: string) {
  const leaf = await issueCertificate(ca, { subject, keyUsage });
  return exportPkcs12({ ...leaf, chain: [ca.certificate] }, pin);
}

/**
 * A test CA (Vietnamese names) as a trust anchor, the leader's personal and the province's agency
 * keystores stored as the app stores them, the leader's signature image and the province's seal.
 */
export async function localSigners(ctx: TestContext, world: World) {
  const db = ctx.platform.db;
  const ca = await createCertificateAuthority({
    subject: 'CN=Ban Cơ yếu Chính phủ (thử nghiệm),O=Ban Cơ yếu Chính phủ,C=VN',
  });
  await upsertTrustAnchor(db, { name: 'CA thử nghiệm', certificate: ca.certificate, source: 'admin' });
  const key = await loadKeystoreKey(ctx.platform.config);
  const org = 'O=Ủy ban MTTQ tỉnh Thử Nghiệm,C=VN';
  const leader = await storeLocalCredential(db, key, {
    owner: { kind: 'personal', staffId: world.leader.staff.id },
    p12: await p12(ca, `CN=Nguyễn Văn Lãnh Đạo,${org}`, 'personal', LEADER_PIN),
    pin: LEADER_PIN,
  });
  const agency = await storeLocalCredential(db, key, {
    owner: { kind: 'agency', unitId: world.province.id },
    p12: await p12(ca, `CN=Ủy ban MTTQ tỉnh Thử Nghiệm,${org}`, 'agency', AGENCY_PIN),
    pin: AGENCY_PIN,
  });
  await storeImage(db, { kind: 'signature', staffId: world.leader.staff.id }, drawDemoSignature(3), null);
  await storeImage(
    db,
    { kind: 'seal', unitId: world.province.id, diameterMm: 36 },
    drawDemoSeal('Ủy ban MTTQ tỉnh Thử Nghiệm', 'Thử Nghiệm', 36),
    null,
  );
  return { ca, leaderCredential: leader.id, agencyCredential: agency.id };
}

/** A separate appendix file, as a word processor exports it. */
export async function appendixPdf() {
  const pdf = createPdf({ title: 'Phụ lục' });
  const bytes = buffer(pdf.stream);
  pdf.text('PHỤ LỤC', { align: 'center', style: 'bold', after: 12 });
  pdf.text('Danh sách thành viên Tổ công tác chuyển đổi số');
  pdf.end();
  return bytes;
}

const act = (client: TestClient, id: string, action: string) =>
  client.post(`/api/documents/${id}/actions`, { action });

/** A draft rendered in the Appendix I layout, taken through review to approval. */
export async function approvedDraft(
  ctx: TestContext,
  world: World,
  options: { attachment?: Buffer; docx?: Buffer; draftUploadId?: string } = {},
) {
  const [type] = await ctx.platform.db.select().from(documentType).where(eq(documentType.code, 'QĐ'));
  const rendered = await renderOfficialDocument({
    parentBody: 'Ủy ban Mặt trận Tổ quốc Việt Nam',
    issuingBody: 'Ủy ban MTTQ tỉnh Thử Nghiệm',
    place: 'Thử Nghiệm',
    typeName: 'Quyết định',
    summary: 'Về việc thành lập Tổ công tác chuyển đổi số',
    body: ['Căn cứ Điều lệ Mặt trận Tổ quốc Việt Nam;', 'Điều 1. Thành lập Tổ công tác chuyển đổi số.'],
    authority: 'TM. BAN THƯỜNG TRỰC',
    signerTitle: 'CHỦ TỊCH',
    signerName: 'Nguyễn Văn Lãnh Đạo',
    recipients: ['Như Điều 3', 'Ban Tuyên giáo'],
    archive: 'VT, BTT',
  });
  const draftUploadId =
    options.draftUploadId ??
    (await uploadOk(world.specialist.client, world.province.id, options.docx ?? rendered.pdf, 'draft'));
  const attachmentUploadIds = [];
  if (options.attachment) {
    const response = await upload(
      world.specialist.client,
      { unitId: world.province.id, purpose: 'draft' },
      options.attachment,
      'phu-luc.pdf',
    );
    expect(response.statusCode, response.body).toBe(201);
    attachmentUploadIds.push(response.json().id as string);
  }
  const created = await world.specialist.client.post('/api/documents/outgoing', {
    unitId: world.province.id,
    typeId: type!.id,
    subject: 'Quyết định thành lập Tổ công tác chuyển đổi số',
    dueDate: vnDate(10),
    signerFullName: 'Nguyễn Văn Lãnh Đạo',
    signerPosition: 'Chủ tịch',
    recipientUnitIds: [world.department.id],
    draftUploadId,
    attachmentUploadIds,
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  for (const [client, action] of [
    [world.specialist.client, 'submit_for_review'],
    [world.leader.client, 'check_content'],
    [world.clerk.client, 'check_format'],
    [world.leader.client, 'approve'],
  ] as const)
    expect((await act(client, id, action)).statusCode).toBe(200);
  return { id, draft: rendered.pdf };
}

/** The stored bytes of a document's file of that role (the latest), or null. */
export async function fileOf(ctx: TestContext, id: string, role: 'signed' | 'issued') {
  const [row] = await ctx.platform.db
    .select()
    .from(documentFile)
    .where(and(eq(documentFile.documentId, id), eq(documentFile.role, role)));
  return row ? ctx.platform.storage.get(row.storageKey) : null;
}
