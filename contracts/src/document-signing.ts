import { z } from 'zod';

/**
 * Digital signing of official documents (Decree 30, Art. 13): the competent person signs the
 * approved draft (slot 7c), the registry applies the agency signature with the seal at issue.
 * A local keystore is unlocked with its PIN for one signature; a remote one is approved on the
 * signer's phone (the signing stays `pending` until then, with its deadline).
 */
const pin = z.string().min(1, 'Hãy nhập mã PIN.').max(64);

export const signDocumentSchema = z
  .object({
    credentialId: z.uuid(),
    /** Required for a keystore kept here; not used by remote signing (approved on the phone). */
    pin: pin.optional(),
  })
  .strict();
export type SignDocument = z.infer<typeof signDocumentSchema>;

/** The body of POST /documents/:id/issue: the agency signature for a digitally signed document. */
export const issueDocumentBodySchema = z
  .object({
    agency: z.object({ credentialId: z.uuid(), pin: pin.optional() }).strict().optional(),
  })
  .strict();
export type IssueDocumentBody = z.infer<typeof issueDocumentBodySchema>;

export const documentSigningSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['personal', 'agency']),
  state: z.enum(['pending', 'signed', 'failed']),
  /** The provider's request while waiting for the phone, and when it lapses (the countdown). */
  requestId: z.string().nullable(),
  expiresAt: z.string().nullable(),
  fileId: z.uuid().nullable(),
  error: z.object({ code: z.string(), vi: z.string(), en: z.string() }).nullable(),
  createdAt: z.string(),
});
export type DocumentSigningState = z.infer<typeof documentSigningSchema>;
export const documentSigningListSchema = z.array(documentSigningSchema);

export const documentSignatureVerdicts = ['valid', 'invalid', 'indeterminate', 'absent'] as const;

/** A verification: the verdict, the human report in both languages, and the full JSON report. */
export const signatureVerificationSchema = z.object({
  verdict: z.enum(documentSignatureVerdicts),
  signatureCount: z.number().int(),
  text: z.object({ vi: z.string(), en: z.string() }),
  report: z.unknown(),
});
export type SignatureVerification = z.infer<typeof signatureVerificationSchema>;

export const documentFileVerificationSchema = signatureVerificationSchema.extend({
  fileId: z.uuid(),
  fileName: z.string(),
  role: z.string(),
  checkedAt: z.string(),
});
export const documentVerificationListSchema = z.array(documentFileVerificationSchema);
