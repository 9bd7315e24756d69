import { z } from 'zod';

/**
 * Radio bulletins of a unit's public site (bản tin phát thanh): a script composed from published
 * articles, read by Vietnamese text-to-speech into an Ogg or MP3 file for the commune
 * loudspeakers, downloadable and listed in the site's podcast feed.
 */

export const portalBulletinStatuses = ['draft', 'ready', 'failed'] as const;
export type PortalBulletinStatus = (typeof portalBulletinStatuses)[number];
export const portalBulletinStatusLabels: Record<PortalBulletinStatus, string> = {
  draft: 'Bản nháp',
  ready: 'Đã có âm thanh',
  failed: 'Lỗi tạo âm thanh',
};

export const portalBulletinFormats = ['ogg', 'mp3'] as const;
export type PortalBulletinFormat = (typeof portalBulletinFormats)[number];

/** The longest script read aloud (about 20 minutes of speech). */
export const PORTAL_BULLETIN_SCRIPT_MAX = 20_000;

const iso = z.string().describe('ISO 8601 date-time with time zone');
const title = z
  .string()
  .trim()
  .min(1, 'Tiêu đề bản tin không được để trống (title required)')
  .max(200, 'Tiêu đề bản tin tối đa 200 ký tự (title: at most 200 characters)');

export const portalBulletinSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  title: z.string(),
  articleIds: z.array(z.uuid()),
  script: z.string(),
  status: z.enum(portalBulletinStatuses),
  format: z.enum(portalBulletinFormats).nullable().describe('Audio format once produced'),
  audioBytes: z.number().int().nullable(),
  durationSeconds: z.number().int().nullable(),
  /** The public download (`/trang/{site}/phat-thanh/{id}.{ogg|mp3}`) once ready. */
  audioUrl: z.string().nullable(),
  error: z.string().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: iso,
  producedAt: iso.nullable(),
});
export type PortalBulletin = z.infer<typeof portalBulletinSchema>;

export const portalBulletinListSchema = z.object({ items: z.array(portalBulletinSchema) });
export type PortalBulletinList = z.infer<typeof portalBulletinListSchema>;

export const createPortalBulletinSchema = z.object({
  title,
  articleIds: z
    .array(z.uuid())
    .min(1, 'Hãy chọn ít nhất một bài viết (choose at least one article)')
    .max(10, 'Một bản tin có tối đa 10 bài viết (at most 10 articles)')
    .refine((ids) => new Set(ids).size === ids.length, 'Bài viết bị chọn trùng (duplicate articles)'),
  format: z.enum(portalBulletinFormats).default('ogg'),
});
export type CreatePortalBulletin = z.input<typeof createPortalBulletinSchema>;

export const updatePortalBulletinSchema = z.object({
  title: title.optional(),
  script: z
    .string()
    .trim()
    .min(1, 'Nội dung đọc không được để trống (script required)')
    .max(
      PORTAL_BULLETIN_SCRIPT_MAX,
      'Nội dung đọc tối đa 20.000 ký tự: hãy bớt bài hoặc rút gọn (script: at most 20,000 characters)',
    )
    .optional(),
  format: z.enum(portalBulletinFormats).optional(),
});
export type UpdatePortalBulletin = z.infer<typeof updatePortalBulletinSchema>;

export const ttsStatusSchema = z.object({
  available: z.boolean(),
  engines: z.object({
    espeak: z.string().nullable().describe('espeak-ng version with its Vietnamese voice; null when missing'),
    oggenc: z.string().nullable(),
    lame: z.string().nullable(),
  }),
  formats: z.array(z.enum(portalBulletinFormats)).describe('Formats that can be produced now'),
  message: z.string().describe('Vietnamese, for the UI'),
});
export type TtsStatus = z.infer<typeof ttsStatusSchema>;
