import { z } from 'zod';

/**
 * Digital signatures (chữ ký số): signing credentials (a person's or an agency's certificate and
 * key), signature and seal images, and the trust anchors (root CAs) signatures are checked against.
 * Times are ISO 8601 strings.
 */

export const signingCredentialKinds = ['personal', 'agency'] as const;
export type SigningCredentialKind = (typeof signingCredentialKinds)[number];
export const signingCredentialProviders = ['local', 'remote'] as const;
export type SigningCredentialProvider = (typeof signingCredentialProviders)[number];
export const signingCredentialStatuses = ['active', 'revoked', 'disabled'] as const;
export type SigningCredentialStatus = (typeof signingCredentialStatuses)[number];
export const signingCredentialStatusLabels: Record<SigningCredentialStatus, string> = {
  active: 'Đang dùng',
  revoked: 'Đã thu hồi',
  disabled: 'Đã ngừng dùng',
};

/** A signing credential as the API shows it: the certificate's facts, never the key. */
export const signingCredentialSchema = z.object({
  id: z.uuid(),
  kind: z.enum(signingCredentialKinds),
  staffId: z.uuid().nullable(),
  unitId: z.uuid().nullable(),
  label: z.string(),
  provider: z.enum(signingCredentialProviders),
  remoteProvider: z.string().nullable(),
  subject: z.string(),
  issuer: z.string(),
  serial: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  fingerprintSha256: z.string(),
  status: z.enum(signingCredentialStatuses),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SigningCredential = z.infer<typeof signingCredentialSchema>;

/** The PIN of a keystore: what the holder types to sign; never stored. */
export const pinSchema = z
  .string()
  .min(1, 'Mã PIN không được để trống (the PIN must not be empty)')
  .max(128, 'Mã PIN tối đa 128 ký tự (the PIN is at most 128 characters)');

export const changePinSchema = z.object({
  currentPin: pinSchema,
  newPin: z
    .string()
    .min(6, 'Mã PIN mới phải có ít nhất 6 ký tự (the new PIN needs at least 6 characters)')
    .max(128, 'Mã PIN tối đa 128 ký tự (the PIN is at most 128 characters)'),
});
export type ChangePinInput = z.infer<typeof changePinSchema>;

export const signatureImageKinds = ['signature', 'seal'] as const;
export type SignatureImageKind = (typeof signatureImageKinds)[number];

/** A signature image (blue, a person's) or a seal image (red, a unit's, at its real diameter). */
export const signatureImageSchema = z.object({
  id: z.uuid(),
  kind: z.enum(signatureImageKinds),
  staffId: z.uuid().nullable(),
  unitId: z.uuid().nullable(),
  width: z.number().int(),
  height: z.number().int(),
  /** Real diameter of the seal in millimetres (seals only): the image is printed at this size. */
  diameterMm: z.number().nullable(),
  sha256: z.string(),
  updatedAt: z.string(),
});
export type SignatureImage = z.infer<typeof signatureImageSchema>;
export const signatureImageSlotSchema = z.object({ image: signatureImageSchema.nullable() });

/** Seal diameters in use run from about 30 mm (commune) to 45 mm; outside 20–60 mm is a mistake. */
export const sealDiameterSchema = z.coerce
  .number()
  .min(20, 'Đường kính dấu tối thiểu 20 mm (the seal diameter is at least 20 mm)')
  .max(60, 'Đường kính dấu tối đa 60 mm (the seal diameter is at most 60 mm)');

export const trustAnchorSources = ['config', 'demo', 'admin'] as const;
export type TrustAnchorSource = (typeof trustAnchorSources)[number];

export const trustAnchorSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  subject: z.string(),
  fingerprintSha256: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  source: z.enum(trustAnchorSources),
  active: z.boolean(),
  /** The certificate as PEM (public data). */
  pem: z.string(),
  createdAt: z.string(),
});
export type TrustAnchor = z.infer<typeof trustAnchorSchema>;

export const addTrustAnchorSchema = z.object({
  name: z.string().trim().min(1).max(200),
  pem: z
    .string()
    .max(64 * 1024)
    .refine((text) => text.includes('-----BEGIN CERTIFICATE-----'), {
      message: 'Cần chứng thư dạng PEM (-----BEGIN CERTIFICATE-----) (a PEM certificate is required)',
    }),
});
export type AddTrustAnchorInput = z.infer<typeof addTrustAnchorSchema>;
