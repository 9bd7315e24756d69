import type { CreateDocumentCopy, DocumentCopy } from '@mts/contracts';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { badRequest } from '../../platform/errors/index.ts';
import { type Actor, isInScope } from '../../platform/policy/index.ts';
import { documentCopy } from './copies.schema.ts';
import { documentNotFound, forbiddenAction, wrongStatus } from './document-errors.ts';
import { findUnitRow } from './documents.repository.ts';
import { document } from './documents.schema.ts';
import { lockDocument } from './incoming.service.ts';
import { recordNumber, takeNumber } from './numbering.ts';
import { ensureDefaultRegister } from './registers.service.ts';
import { formatSymbol, vietnamToday } from './symbol.ts';

/** A document can be copied once it is an original of record: issued, or registered on arrival. */
const COPYABLE: Record<'incoming' | 'outgoing', readonly string[]> = {
  outgoing: ['issued', 'archived'],
  incoming: ['registered', 'submitted', 'directed', 'processing', 'done'],
};

const formNames = { SY: 'bản sao y', TrS: 'bản trích sao', SL: 'bản sao lục' } as const;

const view = (c: typeof documentCopy.$inferSelect): DocumentCopy => ({
  id: c.id,
  documentId: c.documentId,
  unitId: c.unitId,
  registerId: c.registerId,
  registerYear: c.registerYear,
  number: c.number,
  form: c.form,
  symbol: c.symbol,
  copyDate: c.copyDate,
  signerFullName: c.signerFullName,
  signerPosition: c.signerPosition,
  excerpt: c.excerpt,
  recipients: c.recipients,
  fileId: c.fileId,
  createdAt: c.createdAt.toISOString(),
});

/**
 * Copies (bản sao, Decree 30 Art. 25–27) made by the unit holding the document: the next number of
 * its copies register (own series per year, gap-free: taken and recorded in this transaction),
 * the symbol "<n>/<form>-<unit symbol>" (e.g. 05/SY-MTTQ-BTT), today's date and the signer.
 * A trích sao names the part copied; a sao lục is made from the unit's latest sao y of it.
 */
/**
 * Signs an electronic copy (documents/signing): the agency signature on the document's PDF with
 * the copy's text block, inside the copy's transaction; returns the new file's id.
 */
export type CertifyCopy = (
  tx: Queryable,
  copy: { documentId: string; unitId: string; form: 'SY' | 'TrS' | 'SL'; label: string; actorId: string },
  agency: { credentialId: string; pin?: string },
) => Promise<string>;

export function createCopiesService(deps: { db: Database }, certify?: CertifyCopy) {
  const { db } = deps;

  async function create(actor: Actor, documentId: string, input: CreateDocumentCopy, audit: AuditContext) {
    if ((input.form === 'TrS') !== (input.excerpt !== undefined))
      throw badRequest(
        input.form === 'TrS'
          ? {
              vi: 'Bản trích sao cần ghi rõ phần nội dung được trích sao.',
              en: 'A TrS copy names the part of the document it copies.',
            }
          : {
              vi: 'Chỉ bản trích sao mới ghi phần nội dung được trích; bản sao y và sao lục sao toàn văn.',
              en: 'Only a TrS copy names an excerpt; SY and SL copy the whole document.',
            },
        [{ path: 'excerpt', message: input.form === 'TrS' ? 'Bắt buộc với bản trích sao.' : 'Bỏ trống.' }],
      );
    const { date: today, year } = vietnamToday();
    return db.transaction(async (tx) => {
      const doc = await lockDocument(tx, documentId);
      const unitRow = (await findUnitRow(tx, doc.unitId))!;
      if (!isInScope(actor, 'documents.issue', unitRow.path)) throw forbiddenAction('sao văn bản');
      if (!COPYABLE[doc.direction].includes(doc.status))
        throw wrongStatus(doc.status, `làm ${formNames[input.form]}`, doc.direction);
      if (!unitRow.symbol)
        throw badRequest({
          vi: 'Đơn vị chưa có ký hiệu dùng trong số văn bản (ví dụ MTTQ-BTT). Hãy khai báo ký hiệu đơn vị trước khi sao văn bản.',
          en: 'The unit has no document symbol (e.g. MTTQ-BTT). Set it before making copies.',
        });
      let sourceCopyId: string | null = null;
      if (input.form === 'SL') {
        const [source] = await tx
          .select({ id: documentCopy.id })
          .from(documentCopy)
          .where(and(eq(documentCopy.documentId, documentId), eq(documentCopy.form, 'SY')))
          .orderBy(desc(documentCopy.createdAt))
          .limit(1);
        if (!source)
          throw badRequest({
            vi: 'Bản sao lục được làm từ bản sao y: hãy sao y văn bản trước.',
            en: 'An SL copy is made from an SY copy: make the SY copy first.',
          });
        sourceCopyId = source.id;
      }
      const register = await ensureDefaultRegister(tx, doc.unitId, 'copies');
      const number = await takeNumber(tx, register.id, year);
      const { symbol } = formatSymbol(
        { withType: register.symbolTemplate, withoutType: register.symbolTemplateNoType },
        { number, typeCode: input.form, unitSymbol: unitRow.symbol },
      );
      await recordNumber(tx, {
        registerId: register.id,
        year,
        number,
        status: 'issued',
        documentId,
        note: `${formNames[input.form]} ${symbol}`,
        takenBy: actor.staffId,
      });
      const [copy] = await tx
        .insert(documentCopy)
        .values({
          documentId,
          unitId: doc.unitId,
          registerId: register.id,
          registerYear: year,
          number,
          form: input.form,
          symbol,
          copyDate: today,
          signerFullName: input.signerFullName,
          signerPosition: input.signerPosition,
          excerpt: input.excerpt ?? null,
          recipients: input.recipients ?? null,
          sourceCopyId,
          createdBy: actor.staffId,
        })
        .returning();
      if (input.agency) {
        if (input.form === 'TrS' || !certify)
          throw badRequest({
            vi: 'Bản trích sao điện tử chưa được hỗ trợ: hãy làm bản trích sao trên giấy, hoặc sao y toàn văn.',
            en: 'Electronic excerpt copies are not supported: make a paper TrS, or an SY of the whole document.',
          });
        const label = `${formNames[input.form].replace(/^b/, 'B')} số ${symbol}`;
        const fileId = await certify(
          tx,
          { documentId, unitId: doc.unitId, form: input.form, label, actorId: actor.staffId },
          input.agency,
        );
        await tx.update(documentCopy).set({ fileId }).where(eq(documentCopy.id, copy!.id));
        copy!.fileId = fileId;
      }
      await recordAudit(tx, audit, {
        action: 'document.copy',
        entityType: 'document',
        entityId: documentId,
        unitId: doc.unitId,
        after: { copyId: copy!.id, form: input.form, symbol, registerId: register.id, year },
      });
      return view(copy!);
    });
  }

  /** The copies made of a document, in number order. */
  async function list(documentId: string): Promise<DocumentCopy[]> {
    const [exists] = await db.select({ id: document.id }).from(document).where(eq(document.id, documentId));
    if (!exists) throw documentNotFound();
    const rows = await db
      .select()
      .from(documentCopy)
      .where(eq(documentCopy.documentId, documentId))
      .orderBy(asc(documentCopy.registerYear), asc(documentCopy.number));
    return rows.map(view);
  }

  return { create, list };
}

export type CopiesService = ReturnType<typeof createCopiesService>;
