import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Database, Queryable } from '../../../db/client.ts';
import { type AuditContext, recordAudit, systemAuditContext } from '../../../platform/audit/index.ts';
import { AppError } from '../../../platform/errors/index.ts';
import type { Jobs } from '../../../platform/jobs/index.ts';
import { type Actor, isInScope } from '../../../platform/policy/index.ts';
import { publish } from '../../../platform/realtime/index.ts';
import type { Storage } from '../../../platform/storage/index.ts';
import type { CertifyCopy } from '../copies.service.ts';
import { documentNotFound, forbiddenAction, wrongStatus } from '../document-errors.ts';
import { findUnitRow } from '../documents.repository.ts';
import { document, documentFile } from '../documents.schema.ts';
import { documentTopic } from '../events.routes.ts';
import { changeStatus, lockDocument } from '../incoming.service.ts';
import type { OutgoingStatus } from '../outgoing-workflow.ts';
import { nextStatus } from '../outgoing-workflow.ts';
import type { PdfSigner, SigningCredential, SigningPorts } from './ports.ts';
import { documentSigning } from './signing.schema.ts';
import {
  credentialExpired,
  noDraftToSign,
  notYourCredential,
  signingFailed,
  signingInProgress,
  unsignablePdf,
} from './signing-errors.ts';
import {
  locateNumberAndDate,
  locateSlots,
  readWords,
  sealOver,
  textBlockPlace,
  vietnamIsoTime,
} from './slot.ts';
import type { Verification } from './verification.ts';

/** Runs a remote personal signature in the background while the signer approves on the phone. */
export const REMOTE_SIGN_QUEUE = 'documents.remote-sign';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** What an electronic copy is made from, best first: the electronic original, then a scan. */
const COPY_SOURCES = ['issued', 'signed_scan', 'scan'] as const;
const DEFAULT_SEAL_MM = 36;

export interface SealContext {
  documentId: string;
  unitId: string;
  unitName: string;
  actorId: string;
  codeNumber: string;
  symbol: string;
  issuedDate: string;
}

/** Signing errors that are not ours to explain (a damaged PDF) become a clear 400 naming the file. */
async function signingFile<T>(fileName: string, sign: () => Promise<T>): Promise<T> {
  try {
    return await sign();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unsignablePdf(fileName);
  }
}

export function createDocumentSigning(
  deps: { db: Database; storage: Storage; jobs: Jobs },
  ports: SigningPorts,
  verification: Verification,
) {
  const { db, storage } = deps;

  /** The credential, checked to be usable by this signer for this kind of signature now. */
  async function usableCredential(
    q: Queryable,
    credentialId: string,
    want: { kind: 'personal'; staffId: string } | { kind: 'agency'; unitId: string },
  ): Promise<SigningCredential> {
    const credential = await ports.credential(q, credentialId);
    const owned =
      credential?.kind === want.kind &&
      credential.status === 'active' &&
      (want.kind === 'personal' ? credential.staffId === want.staffId : credential.unitId === want.unitId);
    if (!credential || !owned) throw notYourCredential(want.kind);
    if (credential.notAfter.getTime() < Date.now()) throw credentialExpired(credential.notAfter);
    return credential;
  }

  /** The latest draft version as the PDF to sign: a PDF as it is, a DOCX converted by LibreOffice. */
  async function sourcePdf(q: Queryable, documentId: string) {
    const [draft] = await q
      .select()
      .from(documentFile)
      .where(and(eq(documentFile.documentId, documentId), eq(documentFile.role, 'draft')))
      .orderBy(desc(documentFile.version))
      .limit(1);
    if (!draft) throw noDraftToSign();
    const bytes = await storage.get(draft.storageKey);
    const pdf = draft.contentType === DOCX ? await ports.convertDocx(bytes) : bytes;
    return { pdf, draft };
  }

  /** Checks made before any signing work: the document may be signed by this person now. */
  async function checkPersonal(q: Queryable, actor: Actor, documentId: string, credentialId: string) {
    const [doc] = await q.select().from(document).where(eq(document.id, documentId));
    if (doc?.direction !== 'outgoing') throw documentNotFound();
    const unitRow = (await findUnitRow(q, doc.unitId))!;
    if (!isInScope(actor, 'documents.approve', unitRow.path)) throw forbiddenAction('ký');
    if (!nextStatus(doc.status as OutgoingStatus, 'sign_digitally')) throw wrongStatus(doc.status, 'ký số');
    const credential = await usableCredential(q, credentialId, { kind: 'personal', staffId: actor.staffId });
    return { doc, unitRow, credential };
  }

  /** Makes the personally signed PDF (nothing is stored: the caller commits it or drops it). */
  async function makePersonalSignature(documentId: string, signerId: string, signer: PdfSigner) {
    const [doc] = await db.select().from(document).where(eq(document.id, documentId));
    const unitRow = (await findUnitRow(db, doc!.unitId))!;
    const { pdf, draft } = await sourcePdf(db, documentId);
    const seal = await ports.sealImage(db, doc!.unitId);
    const slots = locateSlots(await readWords(pdf), doc!.signerFullName, seal?.diameterMm ?? DEFAULT_SEAL_MM);
    const image = await ports.signatureImage(db, signerId);
    const signed = await signingFile(draft.fileName, () =>
      ports.signPdf(pdf, signer, {
        fieldName: 'ChuKyNguoiCoThamQuyen',
        reason: 'Người có thẩm quyền ký văn bản',
        location: unitRow.name,
        appearance: {
          ...slots.signature,
          ...(image ? { image } : { text: { lines: ['Đã ký', doc!.signerFullName ?? ''], fontSize: 11 } }),
        },
      }),
    );
    return { signed, draftVersion: draft.version };
  }

  /** Stores the personally signed PDF and moves the document from approved to signed, atomically. */
  async function commitPersonal(
    signing: { id: string } | { credentialId: string },
    actorId: string,
    documentId: string,
    made: { signed: Buffer; draftVersion: number },
    audit: AuditContext,
  ) {
    const stored = await storage.put(made.signed);
    return db.transaction(async (tx) => {
      const doc = await lockDocument(tx, documentId);
      const to = nextStatus(doc.status as OutgoingStatus, 'sign_digitally');
      if (!to) throw wrongStatus(doc.status, 'ký số');
      const [file] = await tx
        .insert(documentFile)
        .values({
          documentId,
          role: 'signed',
          version: made.draftVersion,
          storageKey: stored.key,
          fileName: `van-ban-da-ky-${documentId.slice(0, 8)}.pdf`,
          contentType: 'application/pdf',
          size: stored.size,
          uploadedBy: actorId,
        })
        .returning();
      await tx.update(document).set({ signatureStatus: 'valid' }).where(eq(document.id, documentId));
      await changeStatus(tx, doc, to, actorId, 'Người có thẩm quyền đã ký số.');
      // A local signature is recorded here, with its result; a remote one was recorded when it began.
      const signingId =
        'id' in signing
          ? signing.id
          : (
              await tx
                .insert(documentSigning)
                .values({
                  documentId,
                  kind: 'personal',
                  credentialId: signing.credentialId,
                  signerId: actorId,
                })
                .returning({ id: documentSigning.id })
            )[0]!.id;
      await tx
        .update(documentSigning)
        .set({ state: 'signed', fileId: file!.id, error: null })
        .where(eq(documentSigning.id, signingId));
      await recordAudit(tx, audit, {
        action: 'document.sign_digitally',
        entityType: 'document',
        entityId: documentId,
        unitId: doc.unitId,
        after: { fileId: file!.id, signingId },
      });
      await publish(tx, documentTopic(documentId), { kind: 'signing', state: 'signed' });
      return file!;
    });
  }

  /**
   * The competent person signs (slot 7c). A local keystore signs now with the PIN; a remote one
   * starts a signing the person approves on the phone (state `pending` with its deadline).
   */
  async function signPersonally(
    actor: Actor,
    documentId: string,
    input: { credentialId: string; pin?: string },
    audit: AuditContext,
  ) {
    const { credential } = await checkPersonal(db, actor, documentId, input.credentialId);
    const [pending] = await db
      .select({ id: documentSigning.id })
      .from(documentSigning)
      .where(and(eq(documentSigning.documentId, documentId), eq(documentSigning.state, 'pending')));
    if (pending) throw signingInProgress();
    if (credential.provider === 'local') {
      // The PIN is checked before anything is written: a wrong one leaves no trace but the error.
      const signer = await ports.signer(db, credential.id, { pin: input.pin });
      const made = await makePersonalSignature(documentId, actor.staffId, signer);
      await commitPersonal({ credentialId: credential.id }, actor.staffId, documentId, made, audit);
      return status(documentId);
    }
    const [row] = await db
      .insert(documentSigning)
      .values({ documentId, kind: 'personal', credentialId: credential.id, signerId: actor.staffId })
      .returning();
    await deps.jobs.send(REMOTE_SIGN_QUEUE, { signingId: row!.id });
    return status(documentId);
  }

  /** The background half of a remote signature: waits for the phone, then commits or records why not. */
  async function runRemote(signingId: string) {
    const [row] = await db.select().from(documentSigning).where(eq(documentSigning.id, signingId));
    if (row?.state !== 'pending') return;
    try {
      const signer = await ports.signer(db, row.credentialId, {
        onPending: async ({ requestId, expiresAt }) => {
          await db.transaction(async (tx) => {
            await tx
              .update(documentSigning)
              .set({ requestId, expiresAt })
              .where(eq(documentSigning.id, signingId));
            await publish(tx, documentTopic(row.documentId), { kind: 'signing', state: 'pending' });
          });
        },
      });
      const made = await makePersonalSignature(row.documentId, row.signerId, signer);
      await commitPersonal({ id: signingId }, row.signerId, row.documentId, made, {
        ...systemAuditContext,
        actorId: row.signerId,
        actorLabel: 'remote-signing',
      });
    } catch (error) {
      const failure = signingFailed(error);
      await db.transaction(async (tx) => {
        await tx
          .update(documentSigning)
          .set({ state: 'failed', error: failure })
          .where(eq(documentSigning.id, signingId));
        await publish(tx, documentTopic(row.documentId), { kind: 'signing', state: 'failed' });
      });
    }
  }

  deps.jobs.define<{ signingId: string }>(REMOTE_SIGN_QUEUE, ({ signingId }) => runRemote(signingId));

  /**
   * At issue, in the issuing transaction after numbering: the registry stamps the number and date
   * and applies the agency signature with the seal image over the left third of the personal one.
   * Returns null for a document signed on paper. Any failure (wrong PIN, expired certificate)
   * aborts the issue: the number is not taken and the personally signed revision stays current.
   */
  async function sealAtIssue(
    tx: Queryable,
    ctx: SealContext,
    agency?: { credentialId: string; pin?: string },
  ) {
    const [signedFile] = await tx
      .select()
      .from(documentFile)
      .where(and(eq(documentFile.documentId, ctx.documentId), eq(documentFile.role, 'signed')))
      .orderBy(desc(documentFile.createdAt))
      .limit(1);
    if (!signedFile) return null;
    if (!agency)
      throw new AppError('BAD_REQUEST', {
        message: {
          vi: 'Văn bản đã được ký số: hãy chọn chứng thư số của cơ quan và nhập mã PIN để ký số của cơ quan khi ban hành.',
          en: 'The document is digitally signed: choose the agency certificate and enter its PIN to apply the agency signature.',
        },
        issues: [{ path: 'agency', message: 'Bắt buộc với văn bản ký số.' }],
      });
    const credential = await usableCredential(tx, agency.credentialId, {
      kind: 'agency',
      unitId: ctx.unitId,
    });
    const signer = await ports.signer(tx, credential.id, { pin: agency.pin });
    const pdf = await storage.get(signedFile.storageKey);
    const [doc] = await tx.select().from(document).where(eq(document.id, ctx.documentId));
    const words = await readWords(pdf);
    const seal = await ports.sealImage(tx, ctx.unitId);
    const slots = locateSlots(words, doc!.signerFullName, seal?.diameterMm ?? DEFAULT_SEAL_MM);
    const stamps = locateNumberAndDate(words, ctx).map((place) => ({
      page: place.page,
      rect: place.rect,
      lines: [place.text],
      fontSize: 13,
      align: place.align,
      italic: place.italic,
    }));
    const sealPlace = sealOver(slots.signature, seal?.diameterMm ?? DEFAULT_SEAL_MM);
    const issued = await signingFile(signedFile.fileName, () =>
      ports.signPdf(pdf, signer, {
        fieldName: 'ChuKyCoQuan',
        reason: `Cơ quan ban hành văn bản số ${ctx.symbol}`,
        location: ctx.unitName,
        appearance: {
          ...sealPlace,
          ...(seal ? { image: seal.png } : { text: { lines: [ctx.unitName], fontSize: 9 } }),
        },
        stamps,
      }),
    );
    const original = await signingFile(signedFile.fileName, () => ports.archive(issued));
    const stored = await storage.put(original);
    await signAttachments(tx, ctx, signer);
    const [file] = await tx
      .insert(documentFile)
      .values({
        documentId: ctx.documentId,
        role: 'issued',
        storageKey: stored.key,
        fileName: `${ctx.symbol.replace(/[^\p{L}\p{N}-]+/gu, '-')}.pdf`,
        contentType: 'application/pdf',
        size: stored.size,
        pageCount: signedFile.pageCount,
        uploadedBy: ctx.actorId,
      })
      .returning();
    await tx.insert(documentSigning).values({
      documentId: ctx.documentId,
      kind: 'agency',
      credentialId: credential.id,
      signerId: ctx.actorId,
      state: 'signed',
      fileId: file!.id,
    });
    // The sender's system verifies what it sends; every internal copy shares this check.
    const check = await verification.checkFile(tx, stored.key, original);
    await tx.update(document).set({ signatureStatus: check.verdict }).where(eq(document.id, ctx.documentId));
    return { fileId: file!.id, verdict: check.verdict };
  }

  /**
   * The agency signature without an image, for attachments in separate files and electronic
   * copies: a 10 pt text block at the top right of page 1 — `lines` (the number and symbol, or the
   * copy form and the copying agency) and the signing time in ISO 8601 with +07:00.
   */
  async function agencyTextSignature(
    pdf: Buffer,
    signer: PdfSigner,
    block: { lines: string[]; fieldName: string; reason: string; location: string; fileName: string },
  ) {
    const [first] = await readWords(pdf, { firstPageOnly: true });
    const signingTime = new Date();
    return signingFile(block.fileName, () =>
      ports.signPdf(pdf, signer, {
        fieldName: block.fieldName,
        reason: block.reason,
        location: block.location,
        signingTime,
        appearance: {
          ...textBlockPlace(first ?? { width: 595.28, height: 841.89 }),
          text: { lines: [...block.lines, vietnamIsoTime(signingTime)], fontSize: 10 },
        },
      }),
    );
  }

  /** Each attachment in a separate PDF file gets the agency signature with the document's symbol. */
  async function signAttachments(tx: Queryable, ctx: SealContext, signer: PdfSigner) {
    const attachments = await tx
      .select()
      .from(documentFile)
      .where(
        and(
          eq(documentFile.documentId, ctx.documentId),
          eq(documentFile.role, 'attachment'),
          eq(documentFile.contentType, 'application/pdf'),
        ),
      );
    for (const attachment of attachments) {
      const signed = await agencyTextSignature(await storage.get(attachment.storageKey), signer, {
        lines: [ctx.symbol],
        fieldName: 'ChuKyCoQuan',
        reason: `Tài liệu kèm theo văn bản số ${ctx.symbol}`,
        location: ctx.unitName,
        fileName: attachment.fileName,
      });
      const stored = await storage.put(signed);
      await tx
        .update(documentFile)
        .set({ storageKey: stored.key, size: stored.size })
        .where(eq(documentFile.id, attachment.id));
    }
    return attachments.length;
  }

  /**
   * An electronic copy (sao y, sao lục): the agency signs the document's electronic original (or
   * its registered scan) with the copy's text block — the copy form and number, the copying agency.
   */
  const certifyCopy: CertifyCopy = async (tx, copy, agency) => {
    const files = await tx
      .select()
      .from(documentFile)
      .where(
        and(eq(documentFile.documentId, copy.documentId), eq(documentFile.contentType, 'application/pdf')),
      )
      .orderBy(desc(documentFile.createdAt));
    const source = COPY_SOURCES.map((role) => files.find((f) => f.role === role)).find(Boolean);
    if (!source)
      throw new AppError('BAD_REQUEST', {
        message: {
          vi: 'Văn bản chưa có bản điện tử (PDF) để làm bản sao điện tử.',
          en: 'The document has no electronic PDF to copy.',
        },
      });
    const unitRow = (await findUnitRow(tx, copy.unitId))!;
    const credential = await usableCredential(tx, agency.credentialId, {
      kind: 'agency',
      unitId: copy.unitId,
    });
    const signer = await ports.signer(tx, credential.id, { pin: agency.pin });
    const signed = await agencyTextSignature(await storage.get(source.storageKey), signer, {
      lines: [copy.label, unitRow.name],
      fieldName: `BanSao-${randomUUID().slice(0, 8)}`,
      reason: copy.label,
      location: unitRow.name,
      fileName: source.fileName,
    });
    const stored = await storage.put(signed);
    const [file] = await tx
      .insert(documentFile)
      .values({
        documentId: copy.documentId,
        role: 'copy',
        storageKey: stored.key,
        fileName: `${copy.label.replace(/[^\p{L}\p{N}-]+/gu, '-')}.pdf`,
        contentType: 'application/pdf',
        size: stored.size,
        pageCount: source.pageCount,
        uploadedBy: copy.actorId,
      })
      .returning();
    return file!.id;
  };

  /** The signings of a document, newest first, for its page (the pending one shows a countdown). */
  async function status(documentId: string) {
    const rows = await db
      .select()
      .from(documentSigning)
      .where(eq(documentSigning.documentId, documentId))
      .orderBy(desc(documentSigning.createdAt));
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      state: r.state,
      requestId: r.requestId,
      expiresAt: r.expiresAt?.toISOString() ?? null,
      fileId: r.fileId,
      error: r.error ? { vi: r.error.vi, en: r.error.en, code: r.error.code } : null,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  return { signPersonally, runRemote, sealAtIssue, certifyCopy, status };
}

export type DocumentSigning = ReturnType<typeof createDocumentSigning>;
