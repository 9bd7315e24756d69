import { z } from 'zod';

/**
 * The media library of a unit's public site (thư viện ảnh, video, tệp): images uploaded and
 * resized to responsive renditions, videos embedded from YouTube or Facebook by URL, attachments
 * (PDF, DOCX, XLSX). Editors search it and reuse its items in articles.
 */

export const portalMediaKinds = ['image', 'video', 'file'] as const;
export type PortalMediaKind = (typeof portalMediaKinds)[number];
export const portalMediaKindLabels: Record<PortalMediaKind, string> = {
  image: 'Ảnh',
  video: 'Video',
  file: 'Tệp đính kèm',
};

const iso = z.string().describe('ISO 8601 date-time with time zone');
const altText = z.string().trim().max(300, 'Văn bản thay thế tối đa 300 ký tự (alt: at most 300 characters)');
const captionText = z
  .string()
  .trim()
  .max(1000, 'Chú thích tối đa 1.000 ký tự (caption: at most 1,000 characters)');

export const portalMediaSchema = z.object({
  id: z.uuid(),
  siteId: z.uuid(),
  kind: z.enum(portalMediaKinds),
  fileName: z.string(),
  contentType: z.string().nullable(),
  size: z.number().int().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  /** The renditions of an image (served at `/anh/{id}/{width}.{avif|webp|jpg}`). */
  variants: z.array(z.object({ width: z.number().int(), height: z.number().int(), avif: z.boolean() })),
  /** Where the public sees it: a JPEG rendition, the attachment's download, or the video player. */
  url: z.string(),
  /** A small preview for the library (the smallest JPEG rendition); null for videos and files. */
  thumbnailUrl: z.string().nullable(),
  embedUrl: z.string().nullable(),
  alt: z.string(),
  caption: z.string(),
  uploadedBy: z.uuid().nullable(),
  createdAt: iso,
});
export type PortalMedia = z.infer<typeof portalMediaSchema>;

export const portalMediaSiteParamsSchema = z.object({ siteId: z.uuid() });

/** Upload (multipart, one file): alt text and caption ride in the query string. */
export const uploadPortalMediaQuerySchema = z.object({
  alt: altText.optional(),
  caption: captionText.optional(),
});

export const embedPortalMediaSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, 'Hãy nhập địa chỉ video YouTube hoặc Facebook (url: required)')
    .max(2000, 'Địa chỉ video quá dài (url: at most 2,000 characters)'),
  alt: altText.optional(),
  caption: captionText.optional(),
});
export type EmbedPortalMedia = z.infer<typeof embedPortalMediaSchema>;

export const updatePortalMediaSchema = z
  .object({ alt: altText.optional(), caption: captionText.optional() })
  .refine((body) => body.alt !== undefined || body.caption !== undefined, {
    message: 'Hãy gửi alt hoặc caption để sửa (send alt or caption)',
  });
export type UpdatePortalMedia = z.infer<typeof updatePortalMediaSchema>;

export const portalMediaListQuerySchema = z.object({
  /** Words of the name, alt text or caption; diacritics optional ("hoi nghi" finds "Hội nghị"). */
  q: z.string().trim().max(200).optional(),
  kind: z.enum(portalMediaKinds).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type PortalMediaListQuery = z.infer<typeof portalMediaListQuerySchema>;

export const portalMediaListSchema = z.object({
  items: z.array(portalMediaSchema),
  total: z.number().int(),
});
export type PortalMediaList = z.infer<typeof portalMediaListSchema>;
