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
});
export type EdxmlReceipt = z.infer<typeof edxmlReceiptSchema>;
