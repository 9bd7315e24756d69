import { randomUUID } from 'node:crypto';
import type { DirectDocument, RegisterIncoming } from '@mts/contracts';
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { badRequest, conflict } from '../../platform/errors/index.ts';
import type { Jobs } from '../../platform/jobs/index.ts';
import type { Mailer } from '../../platform/mail/index.ts';
import { type Actor, isWithin } from '../../platform/policy/index.ts';
import { staff } from '../organisation/index.ts';
import { documentNotFound, forbiddenAction, registerNotFound, wrongStatus } from './document-errors.ts';
import { findUnitRow, staffHoldingAt } from './documents.repository.ts';
import {
  document,
  documentAssignment,
  documentComment,
  documentFile,
  documentRecipient,
  documentRegister,
  documentStatusEvent,
  documentUpload,
} from './documents.schema.ts';
import { type AfterCommit, nothingToDo, notifyPeople } from './notify.ts';
import { recordNumber, takeNumber } from './numbering.ts';
import { ensureDefaultRegister, unitInScope } from './registers.service.ts';
import { padNumber, vietnamToday } from './symbol.ts';

export const DEADLINE_QUEUE = 'documents.deadline-check';

const urgencyLabel: Record<string, string> = { khan: 'Khẩn', thuong_khan: 'Thượng khẩn', hoa_toc: 'Hỏa tốc' };

/** Sets a document's status and records the change in its history, in the caller's transaction. */
export async function changeStatus(
  tx: Queryable,
  doc: { id: string; status: string | null },
  toStatus: string,
  actorId: string | null,
  note?: string | null,
) {
  await tx.update(document).set({ status: toStatus }).where(eq(document.id, doc.id));
  await tx
    .insert(documentStatusEvent)
    .values({ documentId: doc.id, fromStatus: doc.status, toStatus, actorId, note: note ?? null });
}

/** Reports an incoming copy's state back to the sender's recipient row (edXML status code). */
export async function reportToSender(
  tx: Queryable,
  incomingId: string,
  statusCode: string,
  reason?: string | null,
) {
  await tx
    .update(documentRecipient)
    .set({ statusCode, statusReason: reason ?? null, statusAt: new Date() })
    .where(eq(documentRecipient.incomingDocumentId, incomingId));
}

export async function lockDocument(tx: Queryable, id: string) {
  const [row] = await tx.select().from(document).where(eq(document.id, id)).for('update');
  if (!row) throw documentNotFound();
  return row;
}

/** Uploads named in a request: they must exist and belong to the unit, otherwise 400. */
export async function loadUploads(tx: Queryable, unitId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await tx
    .select()
    .from(documentUpload)
    .where(and(inArray(documentUpload.id, ids), eq(documentUpload.unitId, unitId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0)
    throw badRequest(
      {
        vi: 'Tệp đính kèm không tồn tại hoặc đã tải lên cho đơn vị khác. Hãy tải tệp lên lại.',
        en: 'An uploaded file does not exist or belongs to another unit. Upload it again.',
      },
      missing.map((id) => ({ path: 'uploadIds', message: `Không có tệp đã tải lên với mã ${id}.` })),
    );
  return ids.map((id) => byId.get(id)!);
}

/** Called once a change to an incoming document has committed (OCR of new scans, edXML status back). */
export type IncomingChange = 'registered' | 'received' | 'returned' | 'directed' | 'accepted' | 'completed';
export type AfterIncomingChange = (documentId: string, change: IncomingChange) => Promise<void>;

export function createIncomingService(
  deps: { db: Database; mailer: Mailer; jobs: Jobs },
  afterChange: AfterIncomingChange = async () => {},
) {
  const { db, mailer, jobs } = deps;

  /** Registered incoming documents of the unit with the same identity (Appendix VI warning). */
  async function findDuplicates(
    tx: Queryable,
    unitId: string,
    input: Pick<RegisterIncoming, 'codeNumber' | 'codeNotation' | 'organName' | 'documentIdentifier'>,
  ) {
    const sameCode = and(
      eq(document.codeNumber, input.codeNumber),
      eq(document.codeNotation, input.codeNotation),
      sql`f_unaccent(${document.organName}) = f_unaccent(${input.organName})`,
    );
    const rows = await tx
      .select({ id: document.id, arrivalNumber: document.arrivalNumber, registerYear: document.registerYear })
      .from(document)
      .where(
        and(
          eq(document.unitId, unitId),
          eq(document.direction, 'incoming'),
          sql`${document.status} NOT IN ('returned', 'recalled', 'arrived')`,
          input.documentIdentifier
            ? or(sameCode, eq(document.documentIdentifier, input.documentIdentifier))
            : sameCode,
        ),
      );
    return rows;
  }

  /** The Appendix VI duplicate warning: 409 naming the registered document; confirming registers anyway. */
  function duplicateWarning(
    doc: { codeNumber: string | null; codeNotation: string | null; organName: string | null },
    duplicates: Array<{ id: string; arrivalNumber: number | null; registerYear: number | null }>,
  ) {
    const first = duplicates[0]!;
    return conflict(
      {
        vi: `Văn bản số ${doc.codeNumber}/${doc.codeNotation} của ${doc.organName} đã được vào sổ (số đến ${padNumber(first.arrivalNumber ?? 0)}/${first.registerYear}). Nếu đây là bản khác, hãy xác nhận vào sổ trùng.`,
        en: `Document ${doc.codeNumber}/${doc.codeNotation} from ${doc.organName} is already registered. Confirm to register it again.`,
      },
      { duplicates: duplicates.map((d) => d.id) },
    );
  }

  /** Files already registered with a document of the unit (same content). */
  async function findRegisteredFiles(tx: Queryable, unitId: string, keys: string[]) {
    if (keys.length === 0) return [];
    return tx
      .select({
        key: documentFile.storageKey,
        fileName: documentFile.fileName,
        arrivalNumber: document.arrivalNumber,
        year: document.registerYear,
      })
      .from(documentFile)
      .innerJoin(document, eq(document.id, documentFile.documentId))
      .where(
        and(
          eq(document.unitId, unitId),
          inArray(documentFile.storageKey, keys),
          sql`${document.status} NOT IN ('returned', 'recalled')`,
        ),
      );
  }

  async function duplicateFileError(tx: Queryable, unitId: string, keys: string[]) {
    const [dup] = await findRegisteredFiles(tx, unitId, keys);
    if (!dup) return null;
    return conflict(
      {
        vi: dup.arrivalNumber
          ? `Tệp "${dup.fileName}" đã được vào sổ với văn bản đến số ${padNumber(dup.arrivalNumber)}/${dup.year}. Không vào sổ trùng.`
          : `Tệp "${dup.fileName}" đã được dùng cho một văn bản khác của đơn vị.`,
        en: `The file "${dup.fileName}" is already registered with another document.`,
      },
      { field: 'uploadIds' },
    );
  }

  async function registerIncoming(actor: Actor, input: RegisterIncoming, audit: AuditContext) {
    await unitInScope(db, actor, 'documents.register', input.unitId);
    const { date: today, year } = vietnamToday();
    if (input.issuedDate > today)
      throw badRequest(
        { vi: 'Ngày ban hành không thể sau hôm nay.', en: 'The issue date cannot be in the future.' },
        [{ path: 'issuedDate', message: 'Ngày ban hành không thể sau hôm nay.' }],
      );
    let afterCommit: AfterCommit = nothingToDo;
    const created = await db.transaction(async (tx) => {
      const uploads = await loadUploads(tx, input.unitId, input.uploadIds);
      const nonScan = uploads.find(
        (u) => !['application/pdf', 'image/jpeg', 'image/png'].includes(u.contentType),
      );
      if (nonScan)
        throw badRequest({
          vi: `Tệp "${nonScan.fileName}" không phải bản quét PDF hoặc ảnh.`,
          en: `"${nonScan.fileName}" is not a scanned PDF or image.`,
        });
      const dupFile = await duplicateFileError(
        tx,
        input.unitId,
        uploads.map((u) => u.storageKey),
      );
      if (dupFile) throw dupFile;
      const duplicates = await findDuplicates(tx, input.unitId, input);
      if (duplicates.length > 0 && !input.acknowledgeDuplicate) throw duplicateWarning(input, duplicates);
      const register = await chooseRegister(
        tx,
        input.unitId,
        input.registerId,
        input.secrecy === 'normal' ? 'incoming' : 'incoming_confidential',
      );
      const id = randomUUID();
      const number = await takeNumber(tx, register.id, year);
      const pageAmount = input.pageAmount ?? uploads.reduce((sum, u) => sum + (u.pageCount ?? 0), 0);
      await tx.insert(document).values({
        id,
        unitId: input.unitId,
        direction: 'incoming',
        status: 'registered',
        registerId: register.id,
        registerYear: year,
        typeId: input.typeId ?? null,
        typeName: input.typeName ?? null,
        codeNumber: input.codeNumber,
        codeNotation: input.codeNotation,
        issuedDate: input.issuedDate,
        organName: input.organName,
        organId: input.organId ?? null,
        documentIdentifier: input.documentIdentifier ?? null,
        subject: input.subject,
        description: input.description ?? null,
        signerPosition: input.signerPosition ?? null,
        signerFullName: input.signerFullName ?? null,
        pageAmount: pageAmount || null,
        priority: input.priority,
        secrecy: input.secrecy,
        dueDate: input.dueDate ?? null,
        arrivalNumber: number,
        arrivalDate: new Date(),
        signatureStatus: 'not_checked',
        createdBy: actor.staffId,
      });
      await recordNumber(tx, {
        registerId: register.id,
        year,
        number,
        status: 'issued',
        documentId: id,
        takenBy: actor.staffId,
      });
      await tx.insert(documentFile).values(
        uploads.map((u) => ({
          documentId: id,
          role: 'scan' as const,
          storageKey: u.storageKey,
          fileName: u.fileName,
          contentType: u.contentType,
          size: u.size,
          pageCount: u.pageCount,
          uploadedBy: actor.staffId,
        })),
      );
      await tx
        .insert(documentStatusEvent)
        .values({ documentId: id, fromStatus: null, toStatus: 'registered', actorId: actor.staffId });
      if (input.priority !== 'normal') {
        const leaders = await staffHoldingAt(tx, input.unitId, 'documents.direct');
        afterCommit = await notifyPeople(tx, mailer, leaders, {
          unitId: input.unitId,
          kind: 'incoming.urgent',
          title: `Văn bản đến ${urgencyLabel[input.priority]}: ${input.codeNumber}/${input.codeNotation} — ${input.subject.slice(0, 120)}`,
          documentId: id,
          isUrgent: true,
        });
      }
      await recordAudit(tx, audit, {
        action: 'document.register_incoming',
        entityType: 'document',
        entityId: id,
        unitId: input.unitId,
        after: {
          arrivalNumber: number,
          year,
          registerId: register.id,
          codeNumber: input.codeNumber,
          codeNotation: input.codeNotation,
          organName: input.organName,
          duplicates: duplicates.map((d) => d.id),
        },
      });
      return { id, duplicates: duplicates.map((d) => d.id) };
    });
    await afterCommit();
    await afterChange(created.id, 'registered');
    return created;
  }

  async function chooseRegister(
    tx: Queryable,
    unitId: string,
    registerId: string | undefined,
    kind: 'incoming' | 'incoming_confidential',
  ) {
    if (!registerId) return ensureDefaultRegister(tx, unitId, kind);
    const [register] = await tx
      .select()
      .from(documentRegister)
      .where(
        and(
          eq(documentRegister.id, registerId),
          eq(documentRegister.unitId, unitId),
          eq(documentRegister.isActive, true),
        ),
      );
    if (!register) throw registerNotFound();
    if (register.kind !== kind)
      throw badRequest({
        vi:
          kind === 'incoming_confidential'
            ? 'Văn bản mật đến phải vào sổ văn bản mật đến.'
            : 'Hãy chọn sổ văn bản đến.',
        en:
          kind === 'incoming_confidential'
            ? 'Confidential documents go into the confidential register.'
            : 'Choose an incoming register.',
      });
    return register;
  }

  /** An electronically arrived copy (internal exchange) is registered with a số đến. */
  async function receive(
    actor: Actor,
    id: string,
    options: { acknowledgeDuplicate: boolean },
    audit: AuditContext,
  ) {
    const { year } = vietnamToday();
    let afterCommit: AfterCommit = nothingToDo;
    await db.transaction(async (tx) => {
      const doc = await lockDocument(tx, id);
      if (doc.direction !== 'incoming' || doc.status !== 'arrived')
        throw wrongStatus(doc.status, 'vào sổ', 'incoming');
      // The same document may already be registered from paper or another channel.
      if (doc.codeNumber && doc.codeNotation && doc.organName) {
        const duplicates = await findDuplicates(tx, doc.unitId, {
          codeNumber: doc.codeNumber,
          codeNotation: doc.codeNotation,
          organName: doc.organName,
          documentIdentifier: doc.documentIdentifier ?? undefined,
        });
        if (duplicates.length > 0 && !options.acknowledgeDuplicate) throw duplicateWarning(doc, duplicates);
      }
      const register = await ensureDefaultRegister(
        tx,
        doc.unitId,
        doc.secrecy === 'normal' ? 'incoming' : 'incoming_confidential',
      );
      const number = await takeNumber(tx, register.id, year);
      await tx
        .update(document)
        .set({ registerId: register.id, registerYear: year, arrivalNumber: number, arrivalDate: new Date() })
        .where(eq(document.id, id));
      await recordNumber(tx, {
        registerId: register.id,
        year,
        number,
        status: 'issued',
        documentId: id,
        takenBy: actor.staffId,
      });
      await changeStatus(tx, doc, 'registered', actor.staffId);
      await reportToSender(tx, id, '03');
      if (doc.priority !== 'normal') {
        const leaders = await staffHoldingAt(tx, doc.unitId, 'documents.direct');
        afterCommit = await notifyPeople(tx, mailer, leaders, {
          unitId: doc.unitId,
          kind: 'incoming.urgent',
          title: `Văn bản đến ${urgencyLabel[doc.priority]}: ${doc.codeNumber}/${doc.codeNotation} — ${doc.subject.slice(0, 120)}`,
          documentId: id,
          isUrgent: true,
        });
      }
      await recordAudit(tx, audit, {
        action: 'document.receive',
        entityType: 'document',
        entityId: id,
        unitId: doc.unitId,
        after: { arrivalNumber: number, year },
      });
    });
    await afterCommit();
    await afterChange(id, 'received');
  }

  /** Returns a misaddressed or invalid document with a reason (edXML status 02 to the sender). */
  async function returnDocument(actor: Actor, id: string, reason: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const doc = await lockDocument(tx, id);
      if (doc.direction !== 'incoming' || !['arrived', 'registered'].includes(doc.status))
        throw wrongStatus(doc.status, 'trả lại', 'incoming');
      await tx.update(document).set({ returnReason: reason }).where(eq(document.id, id));
      await changeStatus(tx, doc, 'returned', actor.staffId, reason);
      await reportToSender(tx, id, '02', reason);
      await recordAudit(tx, audit, {
        action: 'document.return',
        entityType: 'document',
        entityId: id,
        unitId: doc.unitId,
        after: { reason },
      });
    });
    await afterChange(id, 'returned');
  }

  /** Submits a registered document to the unit's leaders (urgent ones are flagged urgent). */
  async function submit(actor: Actor, id: string, audit: AuditContext) {
    let afterCommit: AfterCommit = nothingToDo;
    await db.transaction(async (tx) => {
      const doc = await lockDocument(tx, id);
      if (doc.direction !== 'incoming' || doc.status !== 'registered')
        throw wrongStatus(doc.status, 'trình lãnh đạo', 'incoming');
      await changeStatus(tx, doc, 'submitted', actor.staffId);
      const leaders = await staffHoldingAt(tx, doc.unitId, 'documents.direct');
      afterCommit = await notifyPeople(tx, mailer, leaders, {
        unitId: doc.unitId,
        kind: 'incoming.submitted',
        title: `Trình văn bản đến số ${padNumber(doc.arrivalNumber ?? 0)}: ${doc.subject.slice(0, 150)}`,
        documentId: id,
        isUrgent: doc.priority !== 'normal',
      });
      await recordAudit(tx, audit, {
        action: 'document.submit',
        entityType: 'document',
        entityId: id,
        unitId: doc.unitId,
      });
    });
    await afterCommit();
  }

  /**
   * The leader's direction: one lead (chủ trì) and any co-ordinating (phối hợp) units or people,
   * each with a deadline not in the past, each inside the document's unit subtree.
   */
  async function direct(actor: Actor, id: string, input: DirectDocument, audit: AuditContext) {
    const { date: today } = vietnamToday();
    if (input.assignees.filter((a) => a.role === 'lead').length !== 1)
      throw badRequest({ vi: 'Phải có đúng một đơn vị hoặc cán bộ chủ trì.', en: 'Name exactly one lead.' }, [
        { path: 'assignees', message: 'Phải có đúng một đơn vị hoặc cán bộ chủ trì.' },
      ]);
    const unnamed = input.assignees.findIndex((a) => !a.unitId && !a.staffId);
    if (unnamed >= 0)
      throw badRequest({ vi: 'Chọn đơn vị hoặc cán bộ được giao.', en: 'Choose a unit or a person.' }, [
        { path: `assignees.${unnamed}`, message: 'Chọn đơn vị hoặc cán bộ được giao.' },
      ]);
    const late = input.assignees.findIndex((a) => a.deadline < today);
    if (late >= 0)
      throw badRequest(
        { vi: 'Hạn xử lý không thể là ngày đã qua.', en: 'A deadline cannot be in the past.' },
        [{ path: `assignees.${late}.deadline`, message: `Hạn ${input.assignees[late]!.deadline} đã qua.` }],
      );
    let afterCommit: AfterCommit = nothingToDo;
    const assignmentIds = await db.transaction(async (tx) => {
      const doc = await lockDocument(tx, id);
      if (doc.direction !== 'incoming' || !['registered', 'submitted', 'directed'].includes(doc.status))
        throw wrongStatus(doc.status, 'giao xử lý', 'incoming');
      const docUnit = (await findUnitRow(tx, doc.unitId))!;
      const rows: Array<typeof documentAssignment.$inferInsert> = [];
      const people: Array<{ id: string; email: string | null }> = [];
      for (const [index, a] of input.assignees.entries()) {
        let unitId = a.unitId;
        if (a.staffId) {
          const [person] = await tx
            .select({ id: staff.id, unitId: staff.unitId, email: staff.email, status: staff.status })
            .from(staff)
            .where(eq(staff.id, a.staffId));
          if (person?.status !== 'active')
            throw outsideUnit(index, 'Cán bộ được giao không tồn tại hoặc đã nghỉ.');
          const personUnit = (await findUnitRow(tx, person.unitId))!;
          if (!isWithin(personUnit.path, docUnit.path))
            throw outsideUnit(index, 'Cán bộ được giao không thuộc đơn vị xử lý văn bản.');
          if (a.unitId && a.unitId !== person.unitId)
            throw outsideUnit(index, 'Cán bộ được giao không thuộc đơn vị đã chọn.');
          unitId = person.unitId;
          people.push({ id: person.id, email: person.email });
        }
        const assigneeUnit = await findUnitRow(tx, unitId!);
        if (!assigneeUnit || !isWithin(assigneeUnit.path, docUnit.path))
          throw outsideUnit(index, 'Đơn vị được giao không thuộc đơn vị xử lý văn bản.');
        rows.push({
          documentId: id,
          role: a.role,
          assigneeUnitId: unitId!,
          assigneeStaffId: a.staffId ?? null,
          deadline: a.deadline,
          direction: input.direction,
          assignedBy: actor.staffId,
        });
      }
      const inserted = await tx
        .insert(documentAssignment)
        .values(rows)
        .returning({ id: documentAssignment.id, deadline: documentAssignment.deadline });
      await changeStatus(tx, doc, 'directed', actor.staffId, input.direction);
      await reportToSender(tx, id, '04');
      afterCommit = await notifyPeople(tx, mailer, people, {
        unitId: doc.unitId,
        kind: 'assignment.new',
        title: `Được giao xử lý văn bản đến số ${padNumber(doc.arrivalNumber ?? 0)}: ${doc.subject.slice(0, 150)}`,
        documentId: id,
        isUrgent: doc.priority !== 'normal',
      });
      await recordAudit(tx, audit, {
        action: 'document.direct',
        entityType: 'document',
        entityId: id,
        unitId: doc.unitId,
        after: input,
      });
      return inserted;
    });
    await afterCommit();
    await afterChange(id, 'directed');
    for (const a of assignmentIds) {
      // A reminder the day before the deadline, an escalation the day after (Vietnam time).
      const deadlineStart = new Date(`${a.deadline}T00:00:00+07:00`).getTime();
      await jobs.send(
        DEADLINE_QUEUE,
        { assignmentId: a.id },
        { startAfter: new Date(Math.max(Date.now(), deadlineStart - 86_400_000 + 8 * 3_600_000)) },
      );
      await jobs.send(
        DEADLINE_QUEUE,
        { assignmentId: a.id },
        { startAfter: new Date(deadlineStart + 86_400_000) },
      );
    }
  }

  const outsideUnit = (index: number, message: string) =>
    badRequest({ vi: message, en: 'An assignee is outside the unit handling the document.' }, [
      { path: `assignees.${index}`, message },
    ]);

  async function loadAssignment(tx: Queryable, id: string) {
    const [row] = await tx
      .select()
      .from(documentAssignment)
      .where(eq(documentAssignment.id, id))
      .for('update');
    if (!row) throw documentNotFound();
    return row;
  }

  async function acceptAssignment(actor: Actor, assignmentId: string, audit: AuditContext) {
    const documentId = await db.transaction(async (tx) => {
      const a = await loadAssignment(tx, assignmentId);
      if (a.assigneeStaffId && a.assigneeStaffId !== actor.staffId) throw forbiddenAction('nhận xử lý');
      const doc = await lockDocument(tx, a.documentId);
      if (!['directed', 'processing', 'done'].includes(doc.status))
        throw wrongStatus(doc.status, 'nhận xử lý', 'incoming');
      if (a.status !== 'assigned')
        throw conflict({
          vi: 'Việc này đã được nhận hoặc đã hoàn thành.',
          en: 'This assignment was already accepted.',
        });
      await tx
        .update(documentAssignment)
        .set({
          status: 'accepted',
          acceptedAt: new Date(),
          assigneeStaffId: a.assigneeStaffId ?? actor.staffId,
        })
        .where(eq(documentAssignment.id, assignmentId));
      if (doc.status === 'directed') {
        await changeStatus(tx, doc, 'processing', actor.staffId);
        await reportToSender(tx, doc.id, '05');
      }
      await recordAudit(tx, audit, {
        action: 'document.assignment_accept',
        entityType: 'document_assignment',
        entityId: assignmentId,
        unitId: a.assigneeUnitId,
      });
      return a.documentId;
    });
    await afterChange(documentId, 'accepted');
  }

  /** Completes an assignment; completing the lead's completes the document (edXML 06 to the sender). */
  async function completeAssignment(
    actor: Actor,
    assignmentId: string,
    input: { result: string; replyReference?: string },
    audit: AuditContext,
  ) {
    const documentId = await db.transaction(async (tx) => {
      const a = await loadAssignment(tx, assignmentId);
      if (a.assigneeStaffId && a.assigneeStaffId !== actor.staffId)
        throw forbiddenAction('hoàn thành việc của');
      const doc = await lockDocument(tx, a.documentId);
      if (!['directed', 'processing', 'done'].includes(doc.status))
        throw wrongStatus(doc.status, 'báo hoàn thành', 'incoming');
      if (a.status === 'done')
        throw conflict({ vi: 'Việc này đã hoàn thành.', en: 'This assignment is already done.' });
      if (a.status === 'assigned')
        throw conflict({ vi: 'Hãy nhận việc trước khi báo hoàn thành.', en: 'Accept the assignment first.' });
      await tx
        .update(documentAssignment)
        .set({
          status: 'done',
          completedAt: new Date(),
          result: input.result,
          replyReference: input.replyReference ?? null,
        })
        .where(eq(documentAssignment.id, assignmentId));
      await tx
        .insert(documentComment)
        .values({ documentId: a.documentId, assignmentId, authorId: actor.staffId, body: input.result });
      if (a.role === 'lead' && ['directed', 'processing'].includes(doc.status)) {
        await changeStatus(
          tx,
          doc,
          'done',
          actor.staffId,
          input.replyReference ? `Văn bản trả lời: ${input.replyReference}` : null,
        );
        await reportToSender(tx, doc.id, '06');
      }
      await recordAudit(tx, audit, {
        action: 'document.assignment_complete',
        entityType: 'document_assignment',
        entityId: assignmentId,
        unitId: a.assigneeUnitId,
        after: input,
      });
      return a.documentId;
    });
    await afterChange(documentId, 'completed');
  }

  /**
   * The deadline job: reminds the assignee from the day before the deadline, escalates to the
   * document unit's leaders once it has passed. Idempotent (reminded_at / escalated_at).
   */
  async function checkDeadline(assignmentId: string) {
    const { date: today } = vietnamToday();
    let afterCommit: AfterCommit = nothingToDo;
    await db.transaction(async (tx) => {
      const [a] = await tx
        .select()
        .from(documentAssignment)
        .where(eq(documentAssignment.id, assignmentId))
        .for('update');
      if (!a || a.status === 'done') return;
      const [doc] = await tx.select().from(document).where(eq(document.id, a.documentId));
      if (!doc || ['recalled', 'returned', 'done'].includes(doc.status)) return;
      const dayBefore = new Date(new Date(`${a.deadline}T00:00:00Z`).getTime() - 86_400_000)
        .toISOString()
        .slice(0, 10);
      const label = `văn bản đến số ${padNumber(doc.arrivalNumber ?? 0)} (${doc.subject.slice(0, 120)})`;
      if (today > a.deadline && !a.escalatedAt) {
        await tx
          .update(documentAssignment)
          .set({ escalatedAt: new Date() })
          .where(eq(documentAssignment.id, a.id));
        const leaders = await staffHoldingAt(tx, doc.unitId, 'documents.direct');
        afterCommit = await notifyPeople(tx, mailer, leaders, {
          unitId: doc.unitId,
          kind: 'assignment.overdue',
          title: `Quá hạn xử lý (hạn ${a.deadline}): ${label}`,
          documentId: doc.id,
          isUrgent: true,
        });
      } else if (today >= dayBefore && today <= a.deadline && !a.remindedAt) {
        await tx
          .update(documentAssignment)
          .set({ remindedAt: new Date() })
          .where(eq(documentAssignment.id, a.id));
        const people = a.assigneeStaffId
          ? await tx
              .select({ id: staff.id, email: staff.email })
              .from(staff)
              .where(eq(staff.id, a.assigneeStaffId))
          : await staffHoldingAt(tx, a.assigneeUnitId, 'documents.process');
        afterCommit = await notifyPeople(tx, mailer, people, {
          unitId: a.assigneeUnitId,
          kind: 'assignment.reminder',
          title: `Sắp đến hạn xử lý (hạn ${a.deadline}): ${label}`,
          documentId: doc.id,
        });
      }
    });
    await afterCommit();
  }

  return {
    registerIncoming,
    receive,
    returnDocument,
    submit,
    direct,
    acceptAssignment,
    completeAssignment,
    checkDeadline,
  };
}

export type IncomingService = ReturnType<typeof createIncomingService>;
