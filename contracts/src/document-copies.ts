import { z } from 'zod';

/**
 * Copies of a document (bản sao, Decree 30/2020/NĐ-CP Art. 25–27): SY bản sao y (the whole
 * document, as the original), TrS bản trích sao (a part of it), SL bản sao lục (a copy of a copy,
 * made from a bản sao y). Each is numbered in the unit's copies register (its own series), e.g.
 * "05/SY-MTTQ-BTT", and dated and signed by whoever certifies it.
 */
export const copyForms = ['SY', 'TrS', 'SL'] as const;
export type CopyForm = (typeof copyForms)[number];

export const createDocumentCopySchema = z
  .object({
    form: z.enum(copyForms),
    signerFullName: z.string().trim().min(1).max(200),
    signerPosition: z.string().trim().min(1).max(200),
    /** Trích sao: which part of the original is copied (required for TrS, refused otherwise). */
    excerpt: z.string().trim().min(1).max(2000).optional(),
    /** Nơi nhận of the copy (free text, as on the paper form). */
    recipients: z.string().trim().max(1000).optional(),
    /**
     * An electronic copy (SY, SL): the agency signs the document's PDF with its certificate (PIN
     * for a keystore kept here), a text block naming the copy at the top right of page 1.
     */
    agency: z
      .object({ credentialId: z.uuid(), pin: z.string().min(1).max(64).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type CreateDocumentCopy = z.infer<typeof createDocumentCopySchema>;

export const documentCopySchema = z.object({
  id: z.uuid(),
  documentId: z.uuid(),
  unitId: z.uuid(),
  registerId: z.uuid(),
  registerYear: z.number().int(),
  number: z.number().int(),
  form: z.enum(copyForms),
  symbol: z.string(),
  copyDate: z.string(),
  signerFullName: z.string(),
  signerPosition: z.string(),
  excerpt: z.string().nullable(),
  recipients: z.string().nullable(),
  /** The signed electronic copy (a file of the document, role `copy`), when one was made. */
  fileId: z.uuid().nullable(),
  createdAt: z.string(),
});
export type DocumentCopy = z.infer<typeof documentCopySchema>;
