import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import type { Storage } from '../../../platform/storage/index.ts';
import { staff, unit } from '../../organisation/index.ts';
import {
  type CscSimulator,
  createCscProvider,
  DEMO_CSC_PASSWORD,
  describeCertificate,
  issueCertificate,
  type KeystoreKeyConfig,
  loadDemoCa,
  loadKeystoreKey,
  registerRemoteCredential,
  renderOfficialDocument,
  signingCredential,
  startCscSimulator,
} from '../../signatures/index.ts';
import {
  document,
  documentFile,
  documentRecipient,
  documentStatusEvent,
  documentType,
} from '../documents.schema.ts';
import type { RemoteProviderEntry } from './signatures-adapter.ts';

const DEMO_SUBJECT = 'Quyết định thành lập Tổ công tác chuyển đổi số của Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng';

/**
 * A document waiting for its signatures in the demo: an approved decision of the Lâm Đồng
 * committee, its draft rendered in the Appendix I layout, addressed to the An Bình commune
 * committee. `lanhdao.lamdong` signs it (PIN 123456), `vanthu.lamdong` issues and seals it, and
 * `chutich.xa.anbinh` receives it verified. Idempotent: nothing is added when it exists.
 */
export async function seedDemoSigningDocument(db: Database, storage: Storage): Promise<boolean> {
  const [leader] = await db
    .select({ id: staff.id, fullName: staff.fullName, unitId: staff.unitId })
    .from(staff)
    .where(eq(staff.username, 'lanhdao.lamdong'));
  if (!leader) return false;
  const [existing] = await db
    .select({ id: document.id })
    .from(document)
    .where(and(eq(document.unitId, leader.unitId), eq(document.subject, DEMO_SUBJECT)));
  if (existing) return false;
  const [committee] = await db.select().from(unit).where(eq(unit.id, leader.unitId));
  const [commune] = await db
    .select({ id: unit.id, name: unit.name, code: unit.code })
    .from(unit)
    .innerJoin(staff, eq(staff.unitId, unit.id))
    .where(eq(staff.username, 'chutich.xa.anbinh'));
  const [type] = await db
    .select()
    .from(documentType)
    .where(and(eq(documentType.code, 'QĐ'), sql`${documentType.unitId} IS NULL`));
  if (!committee || !type) return false;
  const rendered = await renderOfficialDocument({
    parentBody: 'Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam',
    issuingBody: committee.name,
    place: 'Lâm Đồng',
    typeName: 'Quyết định',
    summary: 'Về việc thành lập Tổ công tác chuyển đổi số',
    body: [
      'BAN THƯỜNG TRỰC ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH LÂM ĐỒNG',
      'Căn cứ Điều lệ Mặt trận Tổ quốc Việt Nam;',
      'Căn cứ Kế hoạch chuyển đổi số của Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam năm 2026;',
      'Điều 1. Thành lập Tổ công tác chuyển đổi số của Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng, gồm đại diện Văn phòng và các ban chuyên môn.',
      'Điều 2. Tổ công tác giúp Ban Thường trực triển khai nền tảng Mặt trận số, hướng dẫn Ủy ban MTTQ cấp xã sử dụng văn bản điện tử có chữ ký số.',
      'Điều 3. Văn phòng, các ban chuyên môn và Ủy ban MTTQ các xã, phường chịu trách nhiệm thi hành Quyết định này.',
    ],
    authority: 'TM. BAN THƯỜNG TRỰC',
    signerTitle: 'CHỦ TỊCH',
    signerName: leader.fullName,
    recipients: ['Như Điều 3', commune?.name ?? 'Ủy ban MTTQ các xã, phường'],
    archive: 'VT, VP',
  });
  const stored = await storage.put(rendered.pdf);
  await db.transaction(async (tx) => {
    const [doc] = await tx
      .insert(document)
      .values({
        unitId: committee.id,
        direction: 'outgoing',
        status: 'approved',
        typeId: type.id,
        typeName: type.name,
        subject: DEMO_SUBJECT,
        signerFullName: leader.fullName,
        signerPosition: 'Chủ tịch',
        createdBy: leader.id,
      })
      .returning({ id: document.id });
    await tx.insert(documentFile).values({
      documentId: doc!.id,
      role: 'draft',
      version: 1,
      storageKey: stored.key,
      fileName: 'du-thao-quyet-dinh-to-cong-tac-chuyen-doi-so.pdf',
      contentType: 'application/pdf',
      size: stored.size,
      uploadedBy: leader.id,
    });
    if (commune)
      await tx.insert(documentRecipient).values({
        documentId: doc!.id,
        recipientUnitId: commune.id,
        organName: commune.name,
        organId: commune.code,
      });
    await tx.insert(documentStatusEvent).values({
      documentId: doc!.id,
      fromStatus: null,
      toStatus: 'approved',
      actorId: leader.id,
      note: 'Dữ liệu mẫu: dự thảo đã duyệt, chờ ký số.',
    });
  });
  return true;
}

export const DEMO_REMOTE_PROVIDER = 'demo-csc';

/**
 * The demo's remote signing: the CSC API simulator on a loopback port, holding a key for
 * `lanhdao.lamdong` certified by the demo CA (a fresh key each start; the leader's remote
 * credential is updated to its certificate), added to the app's live provider map. The "phone" is
 * the simulator's page, where requests are approved or refused. Returns null without the demo CA.
 */
export async function startDemoRemoteSigning(
  db: Database,
  config: KeystoreKeyConfig,
  providers: Map<string, RemoteProviderEntry>,
): Promise<CscSimulator | null> {
  const ca = await loadDemoCa(db, await loadKeystoreKey(config));
  const [leader] = await db
    .select({ id: staff.id, fullName: staff.fullName })
    .from(staff)
    .where(eq(staff.username, 'lanhdao.lamdong'));
  if (!ca || !leader) return null;
  const key = await issueCertificate(ca, {
    subject: `CN=${leader.fullName},O=Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng,C=VN`,
    keyUsage: 'personal',
  });
  const simulator = await startCscSimulator({
    host: '127.0.0.1',
    users: [
      {
        userId: 'lanhdao.lamdong',
        password: DEMO_CSC_PASSWORD,
        displayName: leader.fullName,
        credentials: [{ credentialID: 'lanhdao-lamdong', description: 'Ký số từ xa (mô phỏng)', key }],
      },
    ],
  });
  const facts = await describeCertificate(key.certificate);
  const certificate = Buffer.from(key.certificate.rawData);
  const updated = await db
    .update(signingCredential)
    .set({
      certificate,
      subject: facts.subject,
      issuer: facts.issuer,
      serial: facts.serial,
      notBefore: facts.notBefore,
      notAfter: facts.notAfter,
      fingerprint: facts.fingerprintSha256,
    })
    .where(
      and(
        eq(signingCredential.staffId, leader.id),
        eq(signingCredential.provider, 'remote'),
        eq(signingCredential.remoteProvider, DEMO_REMOTE_PROVIDER),
      ),
    )
    .returning({ id: signingCredential.id });
  if (updated.length === 0)
    await registerRemoteCredential(db, {
      owner: { kind: 'personal', staffId: leader.id },
      certificate,
      remoteProvider: DEMO_REMOTE_PROVIDER,
      remoteCredentialId: 'lanhdao-lamdong',
      remoteAccount: 'lanhdao.lamdong',
      label: `${leader.fullName} — ký số từ xa (mô phỏng)`,
    });
  providers.set(DEMO_REMOTE_PROVIDER, {
    provider: createCscProvider({
      id: DEMO_REMOTE_PROVIDER,
      displayName: 'Ký số từ xa (mô phỏng)',
      baseUrl: simulator.url,
    }),
    accountPassword: DEMO_CSC_PASSWORD,
  });
  return simulator;
}
