import type { DocumentFile } from '@mts/contracts';
import { asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { staff, unit } from '../../organisation/index.ts';
import { document } from '../documents.schema.ts';
import { retentionOf } from './file-code.ts';
import { recordFile, recordFileDocument } from './files.schema.ts';

export type FileRow = typeof recordFile.$inferSelect;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** Files with their responsible person and document count, as the API shows them. */
export async function selectFiles(db: Queryable, where: SQL | undefined, order: SQL[] = []) {
  const rows = await db
    .select({
      file: recordFile,
      responsibleName: staff.fullName,
      documentCount: sql<number>`(SELECT count(*)::int FROM record_file_document d WHERE d.file_id = ${recordFile.id})`,
    })
    .from(recordFile)
    .innerJoin(unit, eq(unit.id, recordFile.unitId))
    .innerJoin(staff, eq(staff.id, recordFile.responsibleStaffId))
    .where(where)
    .orderBy(...order, asc(recordFile.year), asc(recordFile.index));
  return rows.map(({ file, responsibleName, documentCount }) =>
    fileView(file, responsibleName, documentCount),
  );
}

export function fileView(file: FileRow, responsibleName: string, documentCount: number): DocumentFile {
  return {
    id: file.id,
    unitId: file.unitId,
    year: file.year,
    index: file.index,
    code: file.code,
    title: file.title,
    retention: retentionOf(file.retentionYears),
    responsible: { id: file.responsibleStaffId, fullName: responsibleName },
    startDate: file.startDate,
    endDate: file.endDate,
    description: file.description,
    status: file.status,
    archiveDueDate: file.archiveDueDate,
    archiveDueIsOverride: file.archiveDueIsOverride,
    archiveNoticeAt: iso(file.archiveNoticeAt),
    documentCount,
    closedAt: iso(file.closedAt),
    transferredAt: iso(file.transferredAt),
  };
}

/** The file's row, locked until the transaction ends (changes to one file queue). */
export async function lockFile(tx: Queryable, id: string): Promise<FileRow | undefined> {
  const [row] = await tx.select().from(recordFile).where(eq(recordFile.id, id)).for('update');
  return row;
}

/** The documents of a file in order, with the Appendix VI fields the catalogue lists. */
export function fileDocuments(db: Queryable, fileId: string) {
  return db
    .select({
      docOrdinal: recordFileDocument.docOrdinal,
      documentId: document.id,
      direction: document.direction,
      codeNumber: document.codeNumber,
      codeNotation: document.codeNotation,
      arrivalNumber: document.arrivalNumber,
      arrivalDate: document.arrivalDate,
      issuedDate: document.issuedDate,
      typeName: document.typeName,
      subject: document.subject,
      organName: document.organName,
      pageAmount: document.pageAmount,
      description: document.description,
    })
    .from(recordFileDocument)
    .innerJoin(document, eq(document.id, recordFileDocument.documentId))
    .where(eq(recordFileDocument.fileId, fileId))
    .orderBy(asc(recordFileDocument.docOrdinal));
}

/**
 * Gives the file's documents the ordinals 1, 2 … in the order of `documentIds`. The unique
 * (file, ordinal) index is checked row by row, so the rows step through negative ordinals first.
 */
export async function renumber(tx: Queryable, fileId: string, documentIds: string[]) {
  await tx.execute(
    sql`UPDATE record_file_document SET doc_ordinal = -doc_ordinal - 1000000 WHERE file_id = ${fileId}`,
  );
  if (documentIds.length === 0) return;
  await tx.execute(sql`
    UPDATE record_file_document f SET doc_ordinal = o.ordinal
      FROM unnest(${`{${documentIds.join(',')}}`}::uuid[]) WITH ORDINALITY AS o(document_id, ordinal)
     WHERE f.file_id = ${fileId} AND f.document_id = o.document_id`);
}
