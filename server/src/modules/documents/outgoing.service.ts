import { randomUUID } from 'node:crypto';
import type { CreateDraft } from '@mts/contracts';
import { and, eq, inArray, max, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { badRequest } from '../../platform/errors/index.ts';
import { type Actor, isInScope } from '../../platform/policy/index.ts';
import { unit } from '../organisation/index.ts';
import { documentNotFound, draftFileRequired, forbiddenAction, wrongStatus } from './document-errors.ts';
import { findUnitRow } from './documents.repository.ts';
import {
  document,
  documentComment,
  documentFile,
  documentRecipient,
  documentRegister,
  documentType,
} from './documents.schema.ts';
import { changeStatus, loadUploads, lockDocument } from './incoming.service.ts';
import { recordNumber, takeNumber } from './numbering.ts';
import {
  isEditable,
  nextStatus,
  type OutgoingAction,
  type OutgoingStatus,
  outgoingTransitions,
} from './outgoing-workflow.ts';
import { ensureDefaultRegister, unitInScope } from './registers.service.ts';
import { documentIdentifier, formatSymbol, vietnamToday } from './symbol.ts';

const actionVerbs: Record<OutgoingAction, string> = {
  submit_for_review: 'trình góp ý',
  check_content: 'kiểm tra nội dung',
  check_format: 'kiểm tra thể thức',
  approve: 'duyệt',
  send_back: 'trả lại dự thảo',
  sign_on_paper: 'ghi nhận ký trên giấy',
  sign_digitally: 'ký số',
  issue: 'ban hành',
  archive: 'lưu trữ',
  recall: 'thu hồi',
};

const DRAFT_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];

/** Called once an outgoing document is issued or recalled and committed (edXML to outside recipients). */
export type AfterOutgoingChange = (documentId: string, change: 'issued' | 'recalled') => Promise<void>;

/**
 * The agency signature at issue (documents/signing), inside the issuing transaction after the
 * number is taken: null for a document signed on paper, else the verdict of the sealed file.
 */
export type SealAtIssue = (
  tx: Queryable,
  context: {
    documentId: string;
    unitId: string;
    unitName: string;
    actorId: string;
    codeNumber: string;
    symbol: string;
    issuedDate: string;
  },
  agency: { credentialId: string; pin?: string } | undefined,
) => Promise<{ verdict: 'valid' | 'invalid' | 'indeterminate' | 'absent' } | null>;

export function createOutgoingService(
  deps: { db: Database },
  afterChange: AfterOutgoingChange = async () => {},
  sealAtIssue: SealAtIssue = async () => null,
) {
  const { db } = deps;

  /** The document, checked to be outgoing, with the action allowed to the actor on its unit. */
  async function lockForAction(tx: Queryable, actor: Actor, id: string, action: OutgoingAction) {
    const doc = await lockDocument(tx, id);
    if (doc.direction !== 'outgoing') throw documentNotFound();
    const unitRow = (await findUnitRow(tx, doc.unitId))!;
    if (!isInScope(actor, outgoingTransitions[action].permission, unitRow.path))
      throw forbiddenAction(actionVerbs[action]);
    const to = nextStatus(doc.status as OutgoingStatus, action);
    if (!to) throw wrongStatus(doc.status, actionVerbs[action]);
    return { doc, to, unitRow };
  }

  async function createDraft(actor: Actor, input: CreateDraft, audit: AuditContext) {
    await unitInScope(db, actor, 'documents.draft', input.unitId);
    if ((input.relatedDocumentId === undefined) !== (input.relation === undefined))
      throw badRequest({
        vi: 'Văn bản thay thế/đính chính phải nêu cả văn bản gốc và loại (thay thế hoặc đính chính).',
        en: 'A correction names both the original document and the relation.',
      });
    return db.transaction(async (tx) => {
      const [type] = await tx.select().from(documentType).where(eq(documentType.id, input.typeId));
      if (!type?.isActive || (type.unitId && type.unitId !== input.unitId))
        throw badRequest(
          { vi: 'Loại văn bản không có trong danh mục của đơn vị.', en: 'Unknown document type.' },
          [{ path: 'typeId', message: 'Loại văn bản không có trong danh mục của đơn vị.' }],
        );
      if (input.relatedDocumentId) {
        const [original] = await tx.select().from(document).where(eq(document.id, input.relatedDocumentId));
        const originalUnit = original ? await findUnitRow(tx, original.unitId) : null;
        if (
          !original ||
          !originalUnit ||
          !isInScope(actor, 'documents.read', originalUnit.path) ||
          original.direction !== 'outgoing' ||
          !['issued', 'archived', 'recalled'].includes(original.status)
        )
          throw badRequest(
            {
              vi: 'Văn bản gốc cần thay thế/đính chính phải là văn bản đi đã ban hành.',
              en: 'The original must be an issued outgoing document.',
            },
            [{ path: 'relatedDocumentId', message: 'Không tìm thấy văn bản đi đã ban hành.' }],
          );
        if (input.relation === 'corrects' && type.code && type.code !== 'CV')
          throw badRequest(
            {
              vi: 'Đính chính sai sót thể thức bằng công văn.',
              en: 'A format correction is made by công văn.',
            },
            [{ path: 'typeId', message: 'Văn bản đính chính phải là công văn.' }],
          );
      }
      const [draft, ...attachments] = await loadUploads(tx, input.unitId, [
        input.draftUploadId,
        ...input.attachmentUploadIds,
      ]);
      if (!DRAFT_TYPES.includes(draft!.contentType)) throw draftFileRequired(draft!.fileName);
      const recipientUnits = input.recipientUnitIds.length
        ? await tx
            .select({ id: unit.id, name: unit.name, code: unit.code, status: unit.status })
            .from(unit)
            .where(inArray(unit.id, input.recipientUnitIds))
        : [];
      const unknown = input.recipientUnitIds.filter(
        (id) => !recipientUnits.some((u) => u.id === id && u.status === 'active'),
      );
      if (unknown.length)
        throw badRequest(
          { vi: 'Có nơi nhận không phải đơn vị đang hoạt động.', en: 'A recipient is not an active unit.' },
          unknown.map((id) => ({
            path: 'recipientUnitIds',
            message: `Không có đơn vị đang hoạt động với mã ${id}.`,
          })),
        );
      const id = randomUUID();
      await tx.insert(document).values({
        id,
        unitId: input.unitId,
        direction: 'outgoing',
        status: 'draft',
        typeId: type.id,
        typeName: type.name,
        subject: input.subject,
        priority: input.priority,
        secrecy: input.secrecy,
        dueDate: input.dueDate ?? null,
        signerPosition: input.signerPosition ?? null,
        signerFullName: input.signerFullName ?? null,
        description: input.description ?? null,
        relatedDocumentId: input.relatedDocumentId ?? null,
        relation: input.relation ?? null,
        createdBy: actor.staffId,
      });
      await tx.insert(documentFile).values(
        [
          { upload: draft!, role: 'draft' as const },
          ...attachments.map((upload) => ({ upload, role: 'attachment' as const })),
        ].map(({ upload, role }) => ({
          documentId: id,
          role,
          storageKey: upload.storageKey,
          fileName: upload.fileName,
          contentType: upload.contentType,
          size: upload.size,
          pageCount: upload.pageCount,
          uploadedBy: actor.staffId,
        })),
      );
      const recipients = [
        ...recipientUnits.map((u) => ({
          documentId: id,
          recipientUnitId: u.id,
          organName: u.name,
          organId: u.code,
        })),
        ...input.externalRecipients.map((r) => ({
          documentId: id,
          recipientUnitId: null,
          organName: r.organName,
          organId: r.organId ?? null,
        })),
      ];
      if (recipients.length) await tx.insert(documentRecipient).values(recipients);
      await changeStatus(tx, { id, status: null }, 'draft', actor.staffId);
      await recordAudit(tx, audit, {
        action: 'document.draft',
        entityType: 'document',
        entityId: id,
        unitId: input.unitId,
        after: { subject: input.subject, typeId: type.id, recipients: recipients.length },
      });
      return { id };
    });
  }

  /** A new version of the draft file; earlier versions are kept. Only while the document is a draft. */
  async function addVersion(actor: Actor, id: string, uploadId: string, audit: AuditContext) {
    return db.transaction(async (tx) => {
      const doc = await lockDocument(tx, id);
      if (doc.direction !== 'outgoing') throw documentNotFound();
      if (!isEditable(doc.status as OutgoingStatus)) throw wrongStatus(doc.status, 'sửa dự thảo');
      const [upload] = await loadUploads(tx, doc.unitId, [uploadId]);
      if (!DRAFT_TYPES.includes(upload!.contentType)) throw draftFileRequired(upload!.fileName);
      const [{ last } = { last: 0 }] = await tx
        .select({ last: max(documentFile.version) })
        .from(documentFile)
        .where(and(eq(documentFile.documentId, id), eq(documentFile.role, 'draft')));
      const version = (last ?? 0) + 1;
      await tx.insert(documentFile).values({
        documentId: id,
        role: 'draft',
        version,
        storageKey: upload!.storageKey,
        fileName: upload!.fileName,
        contentType: upload!.contentType,
        size: upload!.size,
        pageCount: upload!.pageCount,
        uploadedBy: actor.staffId,
      });
      await recordAudit(tx, audit, {
        action: 'document.draft_version',
        entityType: 'document',
        entityId: id,
        unitId: doc.unitId,
        after: { version },
      });
      return { version };
    });
  }

  /** Review steps: submit, content check, format check, approval, send back, archive. */
  async function act(
    actor: Actor,
    id: string,
    action: OutgoingAction,
    note: string | undefined,
    audit: AuditContext,
  ) {
    await db.transaction(async (tx) => {
      const { doc, to } = await lockForAction(tx, actor, id, action);
      if (action === 'send_back' && !note)
        throw badRequest(
          { vi: 'Hãy ghi lý do trả lại dự thảo.', en: 'Give the reason for sending the draft back.' },
          [{ path: 'note', message: 'Bắt buộc khi trả lại.' }],
        );
      await changeStatus(tx, doc, to, actor.staffId, note);
      if (note)
        await tx.insert(documentComment).values({ documentId: id, authorId: actor.staffId, body: note });
      await recordAudit(tx, audit, {
        action: `document.${action}`,
        entityType: 'document',
        entityId: id,
        unitId: doc.unitId,
        before: { status: doc.status },
        after: { status: to, note },
      });
    });
  }

  /** Until digital signing lands: the signer signed on paper; the registry keeps the scanned copy. */
  async function signOnPaper(
    actor: Actor,
    id: string,
    input: { scanUploadId: string; signerFullName: string; signerPosition: string },
    audit: AuditContext,
  ) {
    await db.transaction(async (tx) => {
      const { doc, to } = await lockForAction(tx, actor, id, 'sign_on_paper');
      const [scan] = await loadUploads(tx, doc.unitId, [input.scanUploadId]);
      if (scan!.contentType !== 'application/pdf')
        throw badRequest({
          vi: 'Bản quét văn bản đã ký phải là tệp PDF.',
          en: 'The signed copy must be a scanned PDF.',
        });
      await tx.insert(documentFile).values({
        documentId: id,
        role: 'signed_scan',
        storageKey: scan!.storageKey,
        fileName: scan!.fileName,
        contentType: scan!.contentType,
        size: scan!.size,
        pageCount: scan!.pageCount,
        uploadedBy: actor.staffId,
      });
      await tx
        .update(document)
        .set({
          signerFullName: input.signerFullName,
          signerPosition: input.signerPosition,
          pageAmount: scan!.pageCount,
          signatureStatus: 'absent',
        })
        .where(eq(document.id, id));
      await changeStatus(tx, doc, to, actor.staffId, 'Đã ký trên giấy; lưu bản quét.');
      await recordAudit(tx, audit, {
        action: 'document.sign_on_paper',
        entityType: 'document',
        entityId: id,
        unitId: doc.unitId,
        after: input,
      });
    });
  }

  /**
   * Issues a signed document: the system assigns number and date from the register (gap-free, in
   * this transaction), then delivers it to every internal recipient's incoming queue with one
   * statement per table, however many recipients.
   */
  async function issue(
    actor: Actor,
    id: string,
    audit: AuditContext,
    options: { registerId?: string; agency?: { credentialId: string; pin?: string } } = {},
  ) {
    const { date: today, year } = vietnamToday();
    const issued = await db.transaction(async (tx) => {
      const { doc, to, unitRow } = await lockForAction(tx, actor, id, 'issue');
      if (!unitRow.symbol)
        throw badRequest({
          vi: 'Đơn vị chưa có ký hiệu dùng trong số văn bản (ví dụ MTTQ-BTT). Hãy khai báo ký hiệu đơn vị trước khi ban hành.',
          en: 'The unit has no document symbol (e.g. MTTQ-BTT). Set it before issuing.',
        });
      const [type] = doc.typeId
        ? await tx.select().from(documentType).where(eq(documentType.id, doc.typeId))
        : [];
      const register = await chooseIssueRegister(tx, doc, options.registerId);
      const number = await takeNumber(tx, register.id, year);
      const { codeNumber, codeNotation, symbol } = formatSymbol(
        { withType: register.symbolTemplate, withoutType: register.symbolTemplateNoType },
        { number, typeCode: type?.code ?? null, unitSymbol: unitRow.symbol },
      );
      const identifier = documentIdentifier(unitRow.code ?? unitRow.id, today, codeNumber, codeNotation);
      await tx
        .update(document)
        .set({
          registerId: register.id,
          registerYear: year,
          codeNumber,
          codeNotation,
          issuedDate: today,
          organName: unitRow.name,
          organId: unitRow.code,
          documentIdentifier: identifier,
        })
        .where(eq(document.id, id));
      await recordNumber(tx, {
        registerId: register.id,
        year,
        number,
        status: 'issued',
        documentId: id,
        takenBy: actor.staffId,
      });
      const sealed = await sealAtIssue(
        tx,
        {
          documentId: id,
          unitId: doc.unitId,
          unitName: unitRow.name,
          actorId: actor.staffId,
          codeNumber,
          symbol,
          issuedDate: today,
        },
        options.agency,
      );
      await changeStatus(tx, doc, to, actor.staffId, `Số ${symbol}`);
      const delivered = await deliverInternally(tx, id, actor.staffId, sealed?.verdict ?? 'not_checked');
      await recordAudit(tx, audit, {
        action: 'document.issue',
        entityType: 'document',
        entityId: id,
        unitId: doc.unitId,
        after: { symbol, year, registerId: register.id, internalRecipients: delivered },
      });
      return { codeNumber, codeNotation, symbol, issuedDate: today, delivered };
    });
    await afterChange(id, 'issued');
    return issued;
  }

  /**
   * The register that numbers the document: the one named (an advisory body's, or another outgoing
   * register of the unit), else the unit's default — the confidential series for secret documents.
   */
  async function chooseIssueRegister(
    tx: Queryable,
    doc: { unitId: string; secrecy: string },
    registerId?: string,
  ) {
    const isSecret = doc.secrecy !== 'normal';
    if (!registerId) return ensureDefaultRegister(tx, doc.unitId, isSecret ? 'confidential' : 'outgoing');
    const [register] = await tx
      .select()
      .from(documentRegister)
      .where(
        and(
          eq(documentRegister.id, registerId),
          eq(documentRegister.unitId, doc.unitId),
          eq(documentRegister.isActive, true),
        ),
      );
    if (!register)
      throw badRequest(
        {
          vi: 'Sổ đã chọn không phải sổ đang dùng của đơn vị ban hành.',
          en: 'Choose an active register of the issuing unit.',
        },
        [{ path: 'registerId', message: 'Sổ không thuộc đơn vị ban hành.' }],
      );
    const allowed = isSecret ? ['confidential'] : ['outgoing', 'advisory'];
    if (!allowed.includes(register.kind))
      throw badRequest(
        {
          vi: isSecret
            ? 'Văn bản mật phải lấy số ở sổ văn bản mật đi.'
            : 'Hãy chọn sổ văn bản đi hoặc sổ của hội đồng tư vấn.',
          en: isSecret
            ? 'Confidential documents are numbered in the confidential register.'
            : 'Choose an outgoing or advisory register.',
        },
        [{ path: 'registerId', message: 'Loại sổ không phù hợp.' }],
      );
    return register;
  }

  /** Copies the issued document into each internal recipient's incoming queue (status 01 arrived). */
  async function deliverInternally(
    tx: Queryable,
    id: string,
    actorId: string,
    signatureStatus: string,
  ): Promise<number> {
    // Each copy's scope (its unit and the unit's ancestors, root first) is computed here for all
    // recipients at once, walking up the tree set-wise, instead of by the row trigger once per copy
    // (migration 0025). A unit the walk did not finish (deeper than 32 levels) gets NULL: the
    // trigger computes it (and reports a cycle).
    const created = await tx.execute<{ id: string }>(sql`
      WITH RECURSIVE targets AS (
        SELECT r.id AS recipient_id, r.recipient_unit_id, gen_random_uuid() AS new_id
          FROM document_recipient r WHERE r.document_id = ${id} AND r.recipient_unit_id IS NOT NULL
      ), up AS (
        SELECT u.id AS unit_id, u.parent_id AS next_id, ARRAY[u.id] AS ids
          FROM unit u WHERE u.id IN (SELECT recipient_unit_id FROM targets)
        UNION ALL
        SELECT up.unit_id, p.parent_id, p.id || up.ids
          FROM up JOIN unit p ON p.id = up.next_id WHERE cardinality(up.ids) < 32
      ), scopes AS (
        SELECT unit_id, ids FROM up WHERE next_id IS NULL
      ), copies AS (
        INSERT INTO document (id, unit_id, direction, status, type_name, code_number, code_notation, issued_date,
          organ_name, organ_id, subject, description, language, page_amount, signer_position, signer_full_name,
          priority, secrecy, due_date, document_identifier, signature_status, source_document_id,
          related_document_id, relation, created_by, scope_unit_ids)
        SELECT t.new_id, t.recipient_unit_id, 'incoming', 'arrived', d.type_name, d.code_number, d.code_notation,
          d.issued_date, d.organ_name, d.organ_id, d.subject, d.description, d.language, d.page_amount,
          d.signer_position, d.signer_full_name, d.priority, d.secrecy, d.due_date, d.document_identifier,
          ${signatureStatus}, d.id, NULL, NULL, ${actorId}, s.ids
          FROM targets t LEFT JOIN scopes s ON s.unit_id = t.recipient_unit_id
          CROSS JOIN document d WHERE d.id = ${id}
        RETURNING id
      ), linked AS (
        UPDATE document_recipient r SET incoming_document_id = t.new_id, status_code = '01', status_at = now()
          FROM targets t WHERE r.id = t.recipient_id
        RETURNING r.id
      )
      SELECT new_id AS id FROM targets`);
    if (created.rows.length === 0) return 0;
    await tx.execute(sql`
      INSERT INTO document_file (document_id, role, version, storage_key, file_name, content_type, size, page_count, uploaded_by)
      SELECT r.incoming_document_id, CASE WHEN f.role = 'signed_scan' THEN 'scan' ELSE f.role END, f.version,
             f.storage_key, f.file_name, f.content_type, f.size, f.page_count, f.uploaded_by
        FROM document_recipient r JOIN document_file f ON f.document_id = r.document_id AND f.role IN ('signed_scan', 'issued', 'attachment')
       WHERE r.document_id = ${id} AND r.incoming_document_id IS NOT NULL`);
    await tx.execute(sql`
      INSERT INTO document_status_event (document_id, from_status, to_status, actor_id, note)
      SELECT r.incoming_document_id, NULL, 'arrived', ${actorId}, 'Nhận qua liên thông nội bộ'
        FROM document_recipient r WHERE r.document_id = ${id} AND r.incoming_document_id IS NOT NULL`);
    await tx.execute(sql`
      INSERT INTO notification (unit_id, staff_id, kind, title, document_id, is_urgent)
      SELECT r.recipient_unit_id, NULL, 'incoming.arrived',
             'Văn bản đến qua liên thông: ' || coalesce(d.code_number || '/' || d.code_notation, '') || ' — ' || left(d.subject, 150),
             r.incoming_document_id, d.priority <> 'normal'
        FROM document_recipient r JOIN document d ON d.id = r.document_id
       WHERE r.document_id = ${id} AND r.incoming_document_id IS NOT NULL`);
    return created.rows.length;
  }

  /**
   * Recall (thu hồi): the sender's copy is frozen as recalled; each recipient's copy is marked
   * recalled in its register (open work on it stops) with a notice; everything is logged.
   */
  async function recall(actor: Actor, id: string, reason: string, audit: AuditContext) {
    const recalled = await db.transaction(async (tx) => {
      const { doc, to } = await lockForAction(tx, actor, id, 'recall');
      await tx.update(document).set({ recallReason: reason }).where(eq(document.id, id));
      await changeStatus(tx, doc, to, actor.staffId, reason);
      const copies = await tx.execute<{ id: string; status: string; unit_id: string }>(sql`
        SELECT d.id, d.status, d.unit_id FROM document d
          JOIN document_recipient r ON r.incoming_document_id = d.id
         WHERE r.document_id = ${id} AND d.status <> 'recalled' FOR UPDATE OF d`);
      if (copies.rows.length) {
        await tx.execute(sql`
          UPDATE document d SET status = 'recalled', recall_reason = ${reason}
            FROM document_recipient r WHERE r.incoming_document_id = d.id AND r.document_id = ${id} AND d.status <> 'recalled'`);
        await tx.execute(sql`
          INSERT INTO document_status_event (document_id, from_status, to_status, actor_id, note)
          SELECT c.id, c.status, 'recalled', ${actor.staffId}, ${`Bên gửi thu hồi: ${reason}`}
            FROM json_to_recordset(${JSON.stringify(copies.rows)}::json) AS c(id uuid, status text, unit_id uuid)`);
        await tx.execute(sql`
          INSERT INTO notification (unit_id, staff_id, kind, title, document_id, is_urgent)
          SELECT c.unit_id, NULL, 'incoming.recalled', ${`Văn bản ${doc.codeNumber}/${doc.codeNotation} đã bị thu hồi: ${reason}`.slice(0, 500)}, c.id, true
            FROM json_to_recordset(${JSON.stringify(copies.rows)}::json) AS c(id uuid, status text, unit_id uuid)`);
        await tx.execute(sql`
          UPDATE document_recipient SET status_code = '15', status_reason = ${reason}, status_at = now()
           WHERE document_id = ${id} AND incoming_document_id IS NOT NULL`);
      }
      await recordAudit(tx, audit, {
        action: 'document.recall',
        entityType: 'document',
        entityId: id,
        unitId: doc.unitId,
        after: { reason, recipientCopies: copies.rows.map((c) => c.id) },
      });
      return { recalledCopies: copies.rows.length };
    });
    await afterChange(id, 'recalled');
    return recalled;
  }

  return { createDraft, addVersion, act, signOnPaper, issue, recall };
}

export type OutgoingService = ReturnType<typeof createOutgoingService>;
