import { z } from 'zod';

/** The receipt an edXML message gets when it is accepted (HTTP 202, directory log). */
export const edxmlReceiptSchema = z.object({
  receiptId: z.uuid(),
  kind: z.enum(['document', 'status']),
  /** The edXML DocumentId of the document, or of the document a status message is about. */
  documentId: z.string(),
  /** edXML status code (01 arrived … 16 recall refused) for status messages. */
  statusCode: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  /**
   * The message's XML-DSig signature: 'valid' (digests and signature value verified; a bad one is
   * refused with 400) with the signer's certificate subject, or 'absent'. Certificate trust
   * (chain to a trusted CA, revocation) is not checked yet.
   */
  signature: z.object({
    status: z.enum(['valid', 'absent']),
    subject: z.string().nullable(),
    issuer: z.string().nullable(),
    trust: z.literal('not_checked').nullable(),
    trustNote: z.object({ vi: z.string(), en: z.string() }).nullable(),
  }),
});
export type EdxmlReceipt = z.infer<typeof edxmlReceiptSchema>;
