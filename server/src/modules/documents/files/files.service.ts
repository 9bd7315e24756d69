import type {
  CreateDocumentFile,
  DocumentFile,
  DocumentFileDetail,
  DocumentFileSettings,
  FileCatalogue,
  UpdateDocumentFile,
} from '@mts/contracts';
import { and, desc, eq, max, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../../db/client.ts';
import { type AuditContext, recordAudit } from '../../../platform/audit/index.ts';
import { type Actor, isInScope, isWithin, pathWithin, scopePaths } from '../../../platform/policy/index.ts';
import { staff, unit } from '../../organisation/index.ts';
import { documentNotFound } from '../document-errors.ts';
import { findUnitRow, type UnitRow } from '../documents.repository.ts';
import { document } from '../documents.schema.ts';
import { unitInScope } from '../registers.service.ts';
import { vietnamToday } from '../symbol.ts';
import {
  defaultFileCodeTemplate,
  derivedArchiveDueDate,
  formatFileCode,
  retentionLabel,
  retentionToYears,
} from './file-code.ts';
import {
  badOrder,
  datesReversed,
  documentAlreadyFiled,
  documentNotInFile,
  documentNotReady,
  documentOfAnotherUnit,
  fileCodeTaken,
  fileEmpty,
  fileFrozen,
  fileNotClosed,
  fileNotEditable,
  fileNotFound,
  fileTransferred,
  responsibleOutsideUnit,
} from './file-errors.ts';
import { type FileRow, fileDocuments, lockFile, renumber, selectFiles } from './files.repository.ts';
import { recordFile, recordFileDocument, recordFileSetting } from './files.schema.ts';

const isUniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return (e?.code ?? e?.cause?.code) === '23505';
};

/** What `{unit}` stands for in a file code: the unit's symbol, else its identifier code. */
const unitLabel = (row: UnitRow) => row.symbol ?? row.code ?? '';

async function codeTemplateOf(db: Queryable, unitId: string) {
  const [row] = await db
    .select({ codeTemplate: recordFileSetting.codeTemplate })
    .from(recordFileSetting)
    .where(eq(recordFileSetting.unitId, unitId));
  return row?.codeTemplate ?? defaultFileCodeTemplate;
}

/** The responsible person (người lập hồ sơ) must be active staff of the unit's subtree. */
async function checkResponsible(db: Queryable, staffId: string, unitPath: string) {
  const [row] = await db
    .select({ status: staff.status, path: sql<string>`${unit.path}::text` })
    .from(staff)
    .innerJoin(unit, eq(unit.id, staff.unitId))
    .where(eq(staff.id, staffId));
  if (row?.status !== 'active' || !isWithin(row.path, unitPath)) throw responsibleOutsideUnit();
}

function checkDates(startDate?: string | null, endDate?: string | null) {
  if (startDate && endDate && endDate < startDate) throw datesReversed();
}

/** Incoming documents are filed once registered, outgoing ones once issued. */
const fileableStatuses = {
  incoming: ['registered', 'submitted', 'directed', 'processing', 'done'],
  outgoing: ['issued', 'archived', 'recalled'],
} as const;

export function createFilesService(deps: { db: Database }) {
  const { db } = deps;

  async function view(id: string): Promise<DocumentFile> {
    const [file] = await selectFiles(db, eq(recordFile.id, id));
    if (!file) throw fileNotFound();
    return file;
  }

  /** A file the policy layer let through (resource kind document_file), locked for a change. */
  async function lockOrThrow(tx: Queryable, id: string) {
    const file = await lockFile(tx, id);
    if (!file) throw fileNotFound();
    return file;
  }

  const frozenCheck = (file: FileRow) => {
    if (file.status !== 'open') throw fileFrozen(file.status, file.code);
  };

  async function list(actor: Actor, query: { unitId?: string; year?: number; status?: FileRow['status'] }) {
    return selectFiles(
      db,
      and(
        pathWithin(unit.path, scopePaths(actor, 'documents.read')),
        query.unitId ? eq(recordFile.unitId, query.unitId) : undefined,
        query.year ? eq(recordFile.year, query.year) : undefined,
        query.status ? eq(recordFile.status, query.status) : undefined,
      ),
      [desc(recordFile.year)],
    );
  }

  async function create(actor: Actor, input: CreateDocumentFile, audit: AuditContext) {
    const unitRow = await unitInScope(db, actor, 'documents.file', input.unitId);
    const responsibleStaffId = input.responsibleStaffId ?? actor.staffId;
    await checkResponsible(db, responsibleStaffId, unitRow.path);
    checkDates(input.startDate, input.endDate);
    const id = await db.transaction(async (tx) => {
      // One writer per unit and year picks the next index of the file list.
      await tx.execute(
        sql`SELECT pg_advisory_xact_lock(hashtext('record_file'), hashtext(${`${input.unitId}:${input.year}`}))`,
      );
      const [last] = await tx
        .select({ index: max(recordFile.index) })
        .from(recordFile)
        .where(and(eq(recordFile.unitId, input.unitId), eq(recordFile.year, input.year)));
      let index = (last?.index ?? 0) + 1;
      let code = input.code;
      if (!code) {
        // A code given by hand earlier may hold the pattern's next code: take the next free one.
        const template = await codeTemplateOf(tx, input.unitId);
        const taken = new Set(
          (
            await tx
              .select({ code: recordFile.code })
              .from(recordFile)
              .where(eq(recordFile.unitId, input.unitId))
          ).map((r) => r.code),
        );
        code = formatFileCode(template, { year: input.year, unit: unitLabel(unitRow), index });
        while (taken.has(code)) {
          index += 1;
          code = formatFileCode(template, { year: input.year, unit: unitLabel(unitRow), index });
        }
      }
      const [row] = await tx
        .insert(recordFile)
        .values({
          unitId: input.unitId,
          year: input.year,
          index,
          code,
          title: input.title,
          retentionYears: retentionToYears(input.retention),
          responsibleStaffId,
          startDate: input.startDate ?? null,
          endDate: input.endDate ?? null,
          description: input.description ?? null,
          archiveDueDate: input.archiveDueDate ?? derivedArchiveDueDate(input.year),
          archiveDueIsOverride: input.archiveDueDate !== undefined,
          createdBy: actor.staffId,
        })
        .returning()
        .catch((error) => {
          throw isUniqueViolation(error) ? fileCodeTaken(code) : error;
        });
      await recordAudit(tx, audit, {
        action: 'document_file.create',
        entityType: 'document_file',
        entityId: row!.id,
        unitId: input.unitId,
        after: row,
      });
      return row!.id;
    });
    return view(id);
  }

  async function update(id: string, input: UpdateDocumentFile, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const before = await lockOrThrow(tx, id);
      if (before.status === 'transferred') throw fileTransferred(before.code);
      const onlyDueDate = Object.keys(input).every((key) => key === 'archiveDueDate');
      if (before.status === 'closed' && !onlyDueDate) throw fileNotEditable(before.code);
      if (input.responsibleStaffId) {
        const unitRow = await findUnitRow(tx, before.unitId);
        await checkResponsible(tx, input.responsibleStaffId, unitRow!.path);
      }
      const startDate = input.startDate === undefined ? before.startDate : input.startDate;
      const endDate = input.endDate === undefined ? before.endDate : input.endDate;
      checkDates(startDate, endDate);
      const dueDate =
        input.archiveDueDate === undefined
          ? before.archiveDueDate
          : (input.archiveDueDate ?? derivedArchiveDueDate(before.year));
      const [after] = await tx
        .update(recordFile)
        .set({
          title: input.title,
          retentionYears: input.retention === undefined ? undefined : retentionToYears(input.retention),
          responsibleStaffId: input.responsibleStaffId,
          startDate,
          endDate,
          description: input.description,
          archiveDueDate: dueDate,
          archiveDueIsOverride:
            input.archiveDueDate === undefined ? undefined : input.archiveDueDate !== null,
          // A new due date earns a new 30-day notice.
          archiveNoticeAt: dueDate === before.archiveDueDate ? undefined : null,
        })
        .where(eq(recordFile.id, id))
        .returning();
      await recordAudit(tx, audit, {
        action: 'document_file.update',
        entityType: 'document_file',
        entityId: id,
        unitId: before.unitId,
        before,
        after,
      });
    });
    return view(id);
  }

  async function detail(id: string): Promise<DocumentFileDetail> {
    const file = await view(id);
    const documents = await fileDocuments(db, id);
    return {
      ...file,
      documents: documents.map(({ arrivalDate: _a, pageAmount: _p, description: _d, ...item }) => item),
    };
  }

  async function addDocument(actor: Actor, id: string, documentId: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const file = await lockOrThrow(tx, id);
      frozenCheck(file);
      const [doc] = await tx
        .select({
          id: document.id,
          unitId: document.unitId,
          direction: document.direction,
          status: document.status,
          path: sql<string>`${unit.path}::text`,
        })
        .from(document)
        .innerJoin(unit, eq(unit.id, document.unitId))
        .where(eq(document.id, documentId));
      if (!doc || !isInScope(actor, 'documents.read', doc.path)) throw documentNotFound();
      if (doc.unitId !== file.unitId) throw documentOfAnotherUnit();
      if (!(fileableStatuses[doc.direction] as readonly string[]).includes(doc.status))
        throw documentNotReady(doc.direction);
      const [filed] = await tx
        .select({ fileId: recordFile.id, code: recordFile.code })
        .from(recordFileDocument)
        .innerJoin(recordFile, eq(recordFile.id, recordFileDocument.fileId))
        .where(eq(recordFileDocument.documentId, documentId));
      if (filed) throw documentAlreadyFiled(filed.code, filed.fileId === id);
      const [last] = await tx
        .select({ ordinal: max(recordFileDocument.docOrdinal) })
        .from(recordFileDocument)
        .where(eq(recordFileDocument.fileId, id));
      const docOrdinal = (last?.ordinal ?? 0) + 1;
      await tx
        .insert(recordFileDocument)
        .values({ fileId: id, documentId, docOrdinal, addedBy: actor.staffId })
        .catch((error) => {
          // Filed elsewhere at the same moment: the unique index on document_id decided.
          throw isUniqueViolation(error) ? documentAlreadyFiled(null, false) : error;
        });
      await recordAudit(tx, audit, {
        action: 'document_file.add_document',
        entityType: 'document_file',
        entityId: id,
        unitId: file.unitId,
        after: { documentId, docOrdinal },
      });
    });
    return detail(id);
  }

  async function removeDocument(id: string, documentId: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const file = await lockOrThrow(tx, id);
      frozenCheck(file);
      const order = (await fileDocuments(tx, id)).map((d) => d.documentId);
      const at = order.indexOf(documentId);
      if (at < 0) throw documentNotInFile();
      await tx
        .delete(recordFileDocument)
        .where(and(eq(recordFileDocument.fileId, id), eq(recordFileDocument.documentId, documentId)));
      order.splice(at, 1);
      await renumber(tx, id, order);
      await recordAudit(tx, audit, {
        action: 'document_file.remove_document',
        entityType: 'document_file',
        entityId: id,
        unitId: file.unitId,
        before: { documentId, docOrdinal: at + 1 },
      });
    });
    return detail(id);
  }

  async function reorder(id: string, documentIds: string[], audit: AuditContext) {
    await db.transaction(async (tx) => {
      const file = await lockOrThrow(tx, id);
      frozenCheck(file);
      const current = (await fileDocuments(tx, id)).map((d) => d.documentId);
      const wanted = new Set(documentIds);
      const missing = current.filter((d) => !wanted.has(d)).length;
      const extra = documentIds.length - wanted.size + [...wanted].filter((d) => !current.includes(d)).length;
      if (missing || extra) throw badOrder(missing, extra);
      await renumber(tx, id, documentIds);
      await recordAudit(tx, audit, {
        action: 'document_file.reorder',
        entityType: 'document_file',
        entityId: id,
        unitId: file.unitId,
        before: { documentIds: current },
        after: { documentIds },
      });
    });
    return detail(id);
  }

  /** Closing (kết thúc hồ sơ) freezes the documents and their order; the end date defaults to today. */
  async function close(actor: Actor, id: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const file = await lockOrThrow(tx, id);
      frozenCheck(file);
      const [{ count } = { count: 0 }] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(recordFileDocument)
        .where(eq(recordFileDocument.fileId, id));
      if (count === 0) throw fileEmpty(file.code);
      const [after] = await tx
        .update(recordFile)
        .set({
          status: 'closed',
          closedAt: new Date(),
          closedBy: actor.staffId,
          endDate: file.endDate ?? vietnamToday().date,
        })
        .where(eq(recordFile.id, id))
        .returning();
      await recordAudit(tx, audit, {
        action: 'document_file.close',
        entityType: 'document_file',
        entityId: id,
        unitId: file.unitId,
        before: file,
        after,
      });
    });
    return view(id);
  }

  /** Records the transfer to the unit's archive (nộp lưu); a closed file only. */
  async function transfer(id: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const file = await lockOrThrow(tx, id);
      if (file.status === 'transferred') throw fileTransferred(file.code);
      if (file.status !== 'closed') throw fileNotClosed(file.code);
      const [after] = await tx
        .update(recordFile)
        .set({ status: 'transferred', transferredAt: new Date() })
        .where(eq(recordFile.id, id))
        .returning();
      await recordAudit(tx, audit, {
        action: 'document_file.transfer',
        entityType: 'document_file',
        entityId: id,
        unitId: file.unitId,
        before: file,
        after,
      });
    });
    return view(id);
  }

  /** Mục lục văn bản trong hồ sơ, in Appendix VI tag names. */
  async function catalogue(id: string): Promise<FileCatalogue> {
    const [file] = await db.select().from(recordFile).where(eq(recordFile.id, id));
    if (!file) throw fileNotFound();
    const unitRow = await findUnitRow(db, file.unitId);
    const documents = await fileDocuments(db, id);
    return {
      FileCode: { OrganId: unitRow?.code ?? '', FileCatalog: file.year, FileNotation: file.code },
      Title: file.title,
      Maintenance: retentionLabel(file.retentionYears),
      StartDate: file.startDate,
      EndDate: file.endDate,
      TotalDoc: documents.length,
      Documents: documents.map((d) => ({
        DocOrdinal: d.docOrdinal,
        TypeName: d.typeName,
        CodeNumber: d.codeNumber,
        CodeNotation: d.codeNotation,
        IssuedDate: d.issuedDate,
        OrganName: d.organName,
        Subject: d.subject,
        PageAmount: d.pageAmount,
        ArrivalNumber: d.arrivalNumber,
        ArrivalDate: d.arrivalDate ? d.arrivalDate.toISOString() : null,
        Description: d.description,
      })),
    };
  }

  async function settings(unitId: string): Promise<DocumentFileSettings> {
    const unitRow = await findUnitRow(db, unitId);
    const codeTemplate = await codeTemplateOf(db, unitId);
    const { year } = vietnamToday();
    return {
      unitId,
      codeTemplate,
      example: formatFileCode(codeTemplate, { year, unit: unitLabel(unitRow!), index: 1 }),
    };
  }

  async function updateSettings(unitId: string, codeTemplate: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const before = await codeTemplateOf(tx, unitId);
      await tx
        .insert(recordFileSetting)
        .values({ unitId, codeTemplate })
        .onConflictDoUpdate({ target: recordFileSetting.unitId, set: { codeTemplate } });
      await recordAudit(tx, audit, {
        action: 'document_file.settings',
        entityType: 'unit',
        entityId: unitId,
        unitId,
        before: { codeTemplate: before },
        after: { codeTemplate },
      });
    });
    return settings(unitId);
  }

  return {
    list,
    view,
    detail,
    create,
    update,
    addDocument,
    removeDocument,
    reorder,
    close,
    transfer,
    catalogue,
    settings,
    updateSettings,
  };
}

export type FilesService = ReturnType<typeof createFilesService>;
