import { z } from 'zod';

/**
 * Cross-posting of published portal articles (issue 7) to a site's Facebook Page and Zalo
 * Official Account: the channels configured per site (access tokens are write-only: only their
 * last 4 characters are ever shown) and each article's post status per channel.
 */

const uuid = z.uuid();
const iso = z.string().describe('ISO 8601 date-time with time zone');

/** Mirrors CROSSPOST_KINDS in the server schema. */
export const portalChannelKinds = ['facebook', 'zalo'] as const;
export const portalChannelKindSchema = z.enum(portalChannelKinds);
export type PortalChannelKind = z.infer<typeof portalChannelKindSchema>;

/** Mirrors CROSSPOST_STATUSES in the server schema. */
export const portalCrosspostStatuses = ['queued', 'retrying', 'sent', 'failed'] as const;
export const portalCrosspostStatusSchema = z.enum(portalCrosspostStatuses);

export const portalChannelSchema = z.object({
  id: uuid,
  siteId: uuid,
  kind: portalChannelKindSchema,
  accountId: z.string(),
  accountName: z.string(),
  /** "…abcd": the token's last 4 characters, so staff can tell which token is set. */
  tokenHint: z.string(),
  isActive: z.boolean(),
  createdAt: iso,
  updatedAt: iso,
});
export type PortalChannel = z.infer<typeof portalChannelSchema>;
export const portalChannelListSchema = z.array(portalChannelSchema);

export const putPortalChannelSchema = z.object({
  accountId: z
    .string()
    .trim()
    .min(1, 'Mã Trang/OA không được để trống (empty account id)')
    .max(64, 'Mã Trang/OA tối đa 64 ký tự (at most 64 characters)')
    .regex(/^[A-Za-z0-9_.-]+$/, 'Mã Trang/OA chỉ gồm chữ, số, ".", "_", "-" (letters, digits, . _ -)'),
  accountName: z
    .string()
    .trim()
    .max(200, 'Tên Trang/OA tối đa 200 ký tự (at most 200 characters)')
    .default(''),
  /** Omitted when editing a channel that already has a token (the stored one is kept). */
  accessToken: z
    .string()
    .trim()
    .min(8, 'Mã truy cập (access token) quá ngắn (token too short)')
    .max(2048, 'Mã truy cập quá dài (token too long)')
    .optional(),
  isActive: z.boolean().default(true),
});
export type PutPortalChannel = z.infer<typeof putPortalChannelSchema>;

export const portalCrosspostSchema = z.object({
  id: uuid,
  articleId: uuid,
  channelId: uuid,
  kind: portalChannelKindSchema,
  accountName: z.string(),
  status: portalCrosspostStatusSchema,
  attempts: z.number().int(),
  /** Vietnamese summary of the last failure (what to do), null when none. */
  lastError: z.string().nullable(),
  externalId: z.string().nullable(),
  sentAt: iso.nullable(),
  nextAttemptAt: iso.nullable(),
  createdAt: iso,
});
export type PortalCrosspost = z.infer<typeof portalCrosspostSchema>;
export const portalCrosspostListSchema = z.array(portalCrosspostSchema);
