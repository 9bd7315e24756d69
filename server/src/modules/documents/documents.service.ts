import type { DocumentDetail, DocumentSummary, ExchangeStatusCode, Permission } from '@mts/contracts';
import { exchangeStatusCodes } from '@mts/contracts';
import { and, asc, count, desc, eq, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, conflict, notFound } from '../../platform/errors/index.ts';
import { type Actor, isInScope, pathWithin, scopePaths } from '../../platform/policy/index.ts';
import type { Storage } from '../../platform/storage/index.ts';
import { staff, unit } from '../organisation/index.ts';
import { documentNotFound, fileRejected, unitNotFound } from './document-errors.ts';
import { findUnitRow } from './documents.repository.ts';
import {
  document,
  documentAssignment,
  documentComment,
  documentFile,
  documentRecipient,
  documentStatusEvent,
  documentUpload,
  notification,
} from './documents.schema.ts';
import { checkFile } from './file-check.ts';
import { padNumber, vietnamToday } from './symbol.ts';

type DocumentRow = typeof document.$inferSelect;

const iso = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value.toISOString() : value;

const summaryOf = (d: DocumentRow): DocumentSummary => ({
  id: d.id,
  unitId: d.unitId,
  direction: d.direction,
  status: d.status,
  typeName: d.typeName,
  codeNumber: d.codeNumber,
  codeNotation: d.codeNotation,
  issuedDate: d.issuedDate,
  organName: d.organName,
  subject: d.subject,
  priority: d.priority,
  secrecy: d.secrecy,
  arrivalNumber: d.arrivalNumber,
  arrivalDate: iso(d.arrivalDate),
  dueDate: d.dueDate,
  createdAt: d.createdAt.toISOString(),
});

type AssignmentRow = typeof documentAssignment.$inferSelect;

/** An assignment as the API shows it, with the assignee's names. */
const assignmentOf = (
  a: AssignmentRow,
  names: { unitName: string; staffName: string | null },
  today: string,
) => ({
  id: a.id,
  role: a.role,
  assigneeUnitId: a.assigneeUnitId,
  assigneeUnitName: names.unitName,
  assigneeStaffId: a.assigneeStaffId,
  assigneeStaffName: names.staffName,
  deadline: a.deadline,
  direction: a.direction,
  status: a.status,
  replyReference: a.replyReference,
  result: a.result,
  isOverdue: a.status !== 'done' && a.deadline < today,
});

/** Whole days from `today` to `date` (both yyyy-mm-dd): negative when `date` has passed. */
const daysBetween = (today: string, date: string) =>
  Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);

/** The assignee unit (joined as `assigneeUnit`) and person (left-joined) of an assignment. */
const assigneeUnit = alias(unit, 'assignee_unit');
const assigneeNames = { unitName: assigneeUnit.name, staffName: staff.fullName };

/** Urgent documents first (Hỏa tốc, Thượng khẩn, Khẩn), then the newest. */
const priorityOrder = sql`CASE ${document.priority} WHEN 'hoa_toc' THEN 0 WHEN 'thuong_khan' THEN 1 WHEN 'khan' THEN 2 ELSE 3 END`;

export function createDocumentsService(deps: { db: Database; storage: Storage }) {
  const { db, storage } = deps;

  /**
   * Stores an uploaded file after checking it by content (PDF/JPEG/PNG, DOCX for drafts; no
   * encrypted or pageless PDF). A scan whose content is already registered in the unit is refused.
   */
  async function upload(
    actor: Actor,
    input: { unitId: string; purpose: 'scan' | 'draft'; fileName: string; bytes: Buffer },
    audit: AuditContext,
  ) {
    // Scans are uploaded by the registry (incoming, or a copy signed on paper); drafts by drafters.
    const unitRow = await findUnitRow(db, input.unitId);
    const allowed: Permission[] =
      input.purpose === 'scan' ? ['documents.register', 'documents.issue'] : ['documents.draft'];
    if (!unitRow || !isInScope(actor, 'documents.read', unitRow.path)) throw unitNotFound();
    if (!allowed.some((p) => isInScope(actor, p, unitRow.path)))
      throw new AppError('FORBIDDEN', {
        message: {
          vi:
            input.purpose === 'scan'
              ? 'Chỉ văn thư được tải lên bản quét văn bản của đơn vị này.'
              : 'Bạn không có quyền soạn thảo văn bản của đơn vị này.',
          en: 'You may not upload this kind of file for this unit.',
        },
      });
    const fileName = input.fileName.slice(0, 255) || 'tep-tai-len';
    const check = checkFile(input.bytes, { allowDocx: input.purpose === 'draft' });
    if (!check.ok) throw fileRejected(check.reason, fileName);
    const stored = await storage.put(input.bytes);
    if (input.purpose === 'scan') {
      const [dup] = await db
        .select({
          arrivalNumber: document.arrivalNumber,
          year: document.registerYear,
          codeNumber: document.codeNumber,
          codeNotation: document.codeNotation,
        })
        .from(documentFile)
        .innerJoin(document, eq(document.id, documentFile.documentId))
        .where(
          and(
            eq(document.unitId, input.unitId),
            eq(document.direction, 'incoming'),
            eq(documentFile.storageKey, stored.key),
            sql`${document.status} NOT IN ('returned', 'recalled')`,
          ),
        )
        .limit(1);
      if (dup)
        throw conflict(
          {
            vi: `Tệp "${fileName}" trùng với bản quét của văn bản đến số ${padNumber(dup.arrivalNumber ?? 0)}/${dup.year} (văn bản ${dup.codeNumber}/${dup.codeNotation}) đã vào sổ.`,
            en: `"${fileName}" is the same file as an already registered incoming document.`,
          },
          { field: 'file' },
        );
    }
    return db.transaction(async (tx) => {
      const [row] = await tx
        .insert(documentUpload)
        .values({
          unitId: input.unitId,
          storageKey: stored.key,
          fileName,
          contentType: check.contentType,
          size: input.bytes.length,
          pageCount: check.pageCount,
          uploadedBy: actor.staffId,
        })
        .returning();
      await recordAudit(tx, audit, {
        action: 'document.upload',
        entityType: 'document_upload',
        entityId: row!.id,
        unitId: input.unitId,
        after: { fileName, sha256: stored.key, size: row!.size, pageCount: row!.pageCount },
      });
      return {
        id: row!.id,
        fileName,
        contentType: row!.contentType,
        size: row!.size,
        pageCount: row!.pageCount,
        sha256: stored.key,
      };
    });
  }

  async function get(id: string): Promise<DocumentDetail> {
    const [d] = await db.select().from(document).where(eq(document.id, id));
    if (!d) throw documentNotFound();
    const today = vietnamToday().date;
    const [files, recipients, assignments, comments, history] = await Promise.all([
      db
        .select()
        .from(documentFile)
        .where(eq(documentFile.documentId, id))
        .orderBy(asc(documentFile.role), asc(documentFile.version), asc(documentFile.createdAt)),
      db
        .select()
        .from(documentRecipient)
        .where(eq(documentRecipient.documentId, id))
        .orderBy(asc(documentRecipient.organName)),
      db
        .select({ a: documentAssignment, ...assigneeNames })
        .from(documentAssignment)
        .innerJoin(assigneeUnit, eq(assigneeUnit.id, documentAssignment.assigneeUnitId))
        .leftJoin(staff, eq(staff.id, documentAssignment.assigneeStaffId))
        .where(eq(documentAssignment.documentId, id))
        .orderBy(asc(documentAssignment.createdAt)),
      db
        .select({
          id: documentComment.id,
          authorId: documentComment.authorId,
          authorName: staff.fullName,
          body: documentComment.body,
          createdAt: documentComment.createdAt,
        })
        .from(documentComment)
        .innerJoin(staff, eq(staff.id, documentComment.authorId))
        .where(eq(documentComment.documentId, id))
        .orderBy(asc(documentComment.createdAt)),
      db
        .select({ h: documentStatusEvent, actorName: staff.fullName })
        .from(documentStatusEvent)
        .leftJoin(staff, eq(staff.id, documentStatusEvent.actorId))
        .where(eq(documentStatusEvent.documentId, id))
        .orderBy(asc(documentStatusEvent.at)),
    ]);
    return {
      ...summaryOf(d),
      registerId: d.registerId,
      registerYear: d.registerYear,
      typeId: d.typeId,
      organId: d.organId,
      documentIdentifier: d.documentIdentifier,
      description: d.description,
      pageAmount: d.pageAmount,
      signerPosition: d.signerPosition,
      signerFullName: d.signerFullName,
      signatureStatus: d.signatureStatus,
      sourceDocumentId: d.sourceDocumentId,
      relatedDocumentId: d.relatedDocumentId,
      relation: d.relation,
      returnReason: d.returnReason,
      recallReason: d.recallReason,
      files: files.map((f) => ({
        id: f.id,
        role: f.role,
        version: f.version,
        fileName: f.fileName,
        contentType: f.contentType,
        size: f.size,
        pageCount: f.pageCount,
        sha256: f.storageKey,
        createdAt: f.createdAt.toISOString(),
      })),
      recipients: recipients.map((r) => ({
        id: r.id,
        recipientUnitId: r.recipientUnitId,
        organName: r.organName,
        incomingDocumentId: r.incomingDocumentId,
        statusCode: r.statusCode,
        statusLabel: r.statusCode
          ? (exchangeStatusCodes[r.statusCode as ExchangeStatusCode] ?? r.statusCode)
          : null,
        statusReason: r.statusReason,
        statusAt: iso(r.statusAt),
      })),
      assignments: assignments.map(({ a, ...names }) => assignmentOf(a, names, today)),
      comments: comments.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
      history: history.map(({ h, actorName }) => ({
        fromStatus: h.fromStatus,
        toStatus: h.toStatus,
        note: h.note,
        actorName,
        at: h.at.toISOString(),
      })),
    };
  }

  /** A document opened by a person: the view is audited (Appendix VI: full audit including views). */
  async function view(id: string, audit: AuditContext): Promise<DocumentDetail> {
    const detail = await get(id);
    await db.transaction((tx) =>
      recordAudit(tx, audit, {
        action: 'document.view',
        entityType: 'document',
        entityId: id,
        unitId: detail.unitId,
      }),
    );
    return detail;
  }

  /** Documents of the units in the actor's scope; urgent ones first, then the newest. */
  async function list(
    actor: Actor,
    query: {
      direction: 'incoming' | 'outgoing';
      unitId?: string;
      status?: string;
      limit: number;
      offset: number;
    },
  ) {
    const where = and(
      pathWithin(unit.path, scopePaths(actor, 'documents.read')),
      eq(document.direction, query.direction),
      query.unitId ? eq(document.unitId, query.unitId) : undefined,
      query.status ? eq(document.status, query.status) : undefined,
    );
    const [rows, [total]] = await Promise.all([
      db
        .select({ d: document })
        .from(document)
        .innerJoin(unit, eq(unit.id, document.unitId))
        .where(where)
        .orderBy(priorityOrder, desc(document.createdAt))
        .limit(query.limit)
        .offset(query.offset),
      db.select({ n: count() }).from(document).innerJoin(unit, eq(unit.id, document.unitId)).where(where),
    ]);
    return { items: rows.map((r) => summaryOf(r.d)), total: total?.n ?? 0 };
  }

  /** Open assignments past their deadline: of the units in scope, or the actor's own. */
  async function overdue(actor: Actor, query: { scope: 'unit' | 'mine'; unitId?: string }) {
    const today = vietnamToday().date;
    const rows = await db
      .select({
        a: documentAssignment,
        subject: document.subject,
        arrivalNumber: document.arrivalNumber,
        ...assigneeNames,
      })
      .from(documentAssignment)
      .innerJoin(document, eq(document.id, documentAssignment.documentId))
      .innerJoin(assigneeUnit, eq(assigneeUnit.id, documentAssignment.assigneeUnitId))
      .leftJoin(staff, eq(staff.id, documentAssignment.assigneeStaffId))
      .where(
        and(
          ne(documentAssignment.status, 'done'),
          sql`${documentAssignment.deadline} < ${today}`,
          sql`${document.status} NOT IN ('recalled', 'returned', 'done')`,
          query.scope === 'mine'
            ? eq(documentAssignment.assigneeStaffId, actor.staffId)
            : pathWithin(assigneeUnit.path, scopePaths(actor, 'documents.read')),
          query.unitId ? eq(documentAssignment.assigneeUnitId, query.unitId) : undefined,
        ),
      )
      .orderBy(asc(documentAssignment.deadline));
    return rows.map(({ a, subject, arrivalNumber, unitName, staffName }) => ({
      ...assignmentOf(a, { unitName, staffName }, today),
      documentId: a.documentId,
      subject,
      arrivalNumber,
      isOverdue: true,
      daysOverdue: -daysBetween(today, a.deadline),
    }));
  }

  /**
   * Work assigned to the actor in person (`mine`) or to the actor's active unit (`unit`: the unit
   * itself or anyone in it), soonest deadline first, with the days left (negative when overdue).
   * Assignments of recalled or returned documents are not work any more and are left out.
   */
  async function myAssignments(
    actor: Actor,
    query: { scope: 'mine' | 'unit'; state: 'open' | 'done' | 'all'; limit: number; offset: number },
  ) {
    const today = vietnamToday().date;
    const state: SQL | undefined =
      query.state === 'open'
        ? ne(documentAssignment.status, 'done')
        : query.state === 'done'
          ? eq(documentAssignment.status, 'done')
          : undefined;
    const where = and(
      query.scope === 'mine'
        ? eq(documentAssignment.assigneeStaffId, actor.staffId)
        : eq(documentAssignment.assigneeUnitId, actor.activeUnitId),
      state,
      sql`${document.status} NOT IN ('recalled', 'returned')`,
    );
    const [rows, [total]] = await Promise.all([
      db
        .select({
          a: documentAssignment,
          subject: document.subject,
          arrivalNumber: document.arrivalNumber,
          documentStatus: document.status,
          priority: document.priority,
          ...assigneeNames,
        })
        .from(documentAssignment)
        .innerJoin(document, eq(document.id, documentAssignment.documentId))
        .innerJoin(assigneeUnit, eq(assigneeUnit.id, documentAssignment.assigneeUnitId))
        .leftJoin(staff, eq(staff.id, documentAssignment.assigneeStaffId))
        .where(where)
        .orderBy(asc(documentAssignment.deadline), priorityOrder, asc(documentAssignment.createdAt))
        .limit(query.limit)
        .offset(query.offset),
      db
        .select({ n: count() })
        .from(documentAssignment)
        .innerJoin(document, eq(document.id, documentAssignment.documentId))
        .where(where),
    ]);
    return {
      items: rows.map(({ a, subject, arrivalNumber, documentStatus, priority, unitName, staffName }) => ({
        ...assignmentOf(a, { unitName, staffName }, today),
        documentId: a.documentId,
        subject,
        arrivalNumber,
        documentStatus,
        priority,
        daysLeft: daysBetween(today, a.deadline),
      })),
      total: total?.n ?? 0,
    };
  }

  async function comment(
    actor: Actor,
    id: string,
    input: { body: string; assignmentId?: string },
    audit: AuditContext,
  ) {
    return db.transaction(async (tx) => {
      const [d] = await tx.select({ unitId: document.unitId }).from(document).where(eq(document.id, id));
      if (!d) throw documentNotFound();
      if (input.assignmentId) {
        const [a] = await tx
          .select({ id: documentAssignment.id })
          .from(documentAssignment)
          .where(and(eq(documentAssignment.id, input.assignmentId), eq(documentAssignment.documentId, id)));
        if (!a)
          throw notFound({
            vi: 'Không tìm thấy việc được giao của văn bản này.',
            en: 'Assignment not found.',
          });
      }
      const [row] = await tx
        .insert(documentComment)
        .values({
          documentId: id,
          assignmentId: input.assignmentId ?? null,
          authorId: actor.staffId,
          body: input.body,
        })
        .returning({ id: documentComment.id });
      await recordAudit(tx, audit, {
        action: 'document.comment',
        entityType: 'document',
        entityId: id,
        unitId: d.unitId,
        after: { commentId: row!.id },
      });
      return { id: row!.id };
    });
  }

  /** A file of a document, verified against its checksum by the storage. */
  async function readFile(documentId: string, fileId: string, audit: AuditContext) {
    const [f] = await db
      .select()
      .from(documentFile)
      .where(and(eq(documentFile.id, fileId), eq(documentFile.documentId, documentId)));
    if (!f) throw notFound({ vi: 'Không tìm thấy tệp của văn bản.', en: 'File not found.' });
    const [d] = await db
      .select({ status: document.status, unitId: document.unitId })
      .from(document)
      .where(eq(document.id, documentId));
    if (d?.status === 'recalled' && f.role !== 'draft')
      throw conflict({
        vi: 'Văn bản đã bị thu hồi; tệp không còn được xem.',
        en: 'The document was recalled; its files can no longer be opened.',
      });
    await db.transaction((tx) =>
      recordAudit(tx, audit, {
        action: 'document.file_view',
        entityType: 'document',
        entityId: documentId,
        unitId: d?.unitId,
        after: { fileId },
      }),
    );
    return { bytes: await storage.get(f.storageKey), fileName: f.fileName, contentType: f.contentType };
  }

  /** The notifications an actor sees: their own and those addressed to their active unit's registry. */
  const noticesOf = (actor: Actor) =>
    or(
      eq(notification.staffId, actor.staffId),
      and(isNull(notification.staffId), eq(notification.unitId, actor.activeUnitId)),
    );

  /** The actor's notifications, urgent first then the newest, a page at a time. */
  async function notifications(
    actor: Actor,
    query: { limit: number; offset: number; unread?: boolean } = { limit: 100, offset: 0 },
  ) {
    const rows = await db
      .select()
      .from(notification)
      .where(and(noticesOf(actor), query.unread ? isNull(notification.readAt) : undefined))
      .orderBy(desc(notification.isUrgent), desc(notification.createdAt), desc(notification.id))
      .limit(query.limit)
      .offset(query.offset);
    return rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      documentId: n.documentId,
      isUrgent: n.isUrgent,
      readAt: iso(n.readAt),
      createdAt: n.createdAt.toISOString(),
    }));
  }

  /** How many are unread (for the header's bell), and how many of those are urgent. */
  async function unreadCount(actor: Actor) {
    const [row] = await db
      .select({
        unread: count(),
        urgent: sql<number>`count(*) FILTER (WHERE ${notification.isUrgent})`.mapWith(Number),
      })
      .from(notification)
      .where(and(noticesOf(actor), isNull(notification.readAt)));
    return { unread: row?.unread ?? 0, urgent: row?.urgent ?? 0 };
  }

  /** Marks every unread notification of the actor read; answers how many changed. */
  async function markAllRead(actor: Actor) {
    const changed = await db
      .update(notification)
      .set({ readAt: new Date() })
      .where(and(noticesOf(actor), isNull(notification.readAt)))
      .returning({ id: notification.id });
    return { count: changed.length };
  }

  async function markRead(actor: Actor, id: string) {
    const changed = await db
      .update(notification)
      .set({ readAt: new Date() })
      .where(and(eq(notification.id, id), noticesOf(actor)))
      .returning({ id: notification.id });
    if (changed.length === 0)
      throw notFound({ vi: 'Không tìm thấy thông báo.', en: 'Notification not found.' });
  }

  return {
    upload,
    get,
    view,
    list,
    overdue,
    myAssignments,
    comment,
    readFile,
    notifications,
    unreadCount,
    markRead,
    markAllRead,
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
