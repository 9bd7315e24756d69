import { z } from 'zod';

/**
 * Public sites and propaganda (issue 7): request and response shapes of the staff editorial API
 * (/api/portal/…): sites, categories, tags, articles through their workflow, revisions and diffs.
 * Sections: vocabulary · sites · categories and tags · articles · workflow · revisions.
 */

const uuid = z.uuid();
const iso = z.string().describe('ISO 8601 date-time with time zone');

export const PORTAL_SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** A lowercase DNS host name with at least one dot ("mattran.lamdong.gov.vn"). */
export const PORTAL_HOST_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const slugSchema = (field: string) =>
  z
    .string()
    .trim()
    .min(1, `${field} không được để trống (empty slug)`)
    .max(80, `${field} tối đa 80 ký tự (at most 80 characters)`)
    .regex(
      PORTAL_SLUG_PATTERN,
      `${field} chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ "tin-hoat-dong" (lowercase ASCII words joined by hyphens)`,
    );

const text = (max: number, field: string) =>
  z.string().trim().max(max, `${field} tối đa ${max} ký tự (at most ${max} characters)`);

// ───────────────────────────── Vocabulary ─────────────────────────────

/** Mirrors ARTICLE_STATUSES in the server schema. */
export const portalArticleStatuses = [
  'draft',
  'review',
  'approved',
  'scheduled',
  'published',
  'unpublished',
] as const;
export type PortalArticleStatus = (typeof portalArticleStatuses)[number];
export const portalArticleStatusLabels: Record<PortalArticleStatus, string> = {
  draft: 'Bản nháp',
  review: 'Chờ duyệt',
  approved: 'Đã duyệt',
  scheduled: 'Hẹn giờ đăng',
  published: 'Đã đăng',
  unpublished: 'Đã gỡ',
};

export const menuItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('category'), categoryId: uuid, label: text(80, 'Nhãn menu').optional() }),
  z.object({
    kind: z.literal('page'),
    page: z.enum(['home', 'petitions', 'tracking', 'contact', 'search']),
    label: text(80, 'Nhãn menu').optional(),
  }),
  z.object({
    kind: z.literal('link'),
    href: z
      .string()
      .trim()
      .max(500, 'Liên kết tối đa 500 ký tự (at most 500 characters)')
      .regex(/^(https:\/\/|\/)/, 'Liên kết phải bắt đầu bằng https:// hoặc / (link must be https or a path)'),
    label: text(80, 'Nhãn menu').min(1, 'Liên kết cần có nhãn (label required)'),
  }),
]);
export type PortalMenuItem = z.infer<typeof menuItemSchema>;

export const siteContactSchema = z.object({
  address: text(300, 'Địa chỉ').optional(),
  phone: text(40, 'Điện thoại').optional(),
  email: z.email('Thư điện tử không hợp lệ (invalid email)').optional(),
  hours: text(200, 'Giờ làm việc').optional(),
  mapUrl: z
    .url({ protocol: /^https$/, error: 'Bản đồ phải là địa chỉ https (map must be https)' })
    .optional(),
});

// ───────────────────────────── Sites ─────────────────────────────

export const portalSiteSchema = z.object({
  id: uuid,
  unitId: uuid,
  unitName: z.string(),
  slug: z.string(),
  host: z.string().nullable(),
  name: z.string(),
  tagline: z.string(),
  emblemMediaId: uuid.nullable(),
  menu: z.array(menuItemSchema),
  contact: siteContactSchema,
  aggregateChildren: z.boolean(),
  isActive: z.boolean(),
  createdAt: iso,
  updatedAt: iso,
});
export type PortalSite = z.infer<typeof portalSiteSchema>;
export const portalSiteListSchema = z.array(portalSiteSchema);

const hostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(PORTAL_HOST_PATTERN, 'Tên miền không hợp lệ, ví dụ "mattran.lamdong.gov.vn" (invalid host name)');

export const createPortalSiteSchema = z.object({
  unitId: uuid,
  slug: slugSchema('Đường dẫn trang')
    .optional()
    .describe("Default: slugify of the unit's short name or name."),
  host: hostSchema.optional(),
  name: text(200, 'Tên trang').min(1, 'Tên trang không được để trống (empty name)').optional(),
  tagline: text(300, 'Khẩu hiệu').default(''),
  aggregateChildren: z.boolean().optional().describe('Default: true when the unit has units below it.'),
});
export type CreatePortalSite = z.infer<typeof createPortalSiteSchema>;

export const updatePortalSiteSchema = z.object({
  slug: slugSchema('Đường dẫn trang').optional(),
  host: hostSchema.nullable().optional(),
  name: text(200, 'Tên trang').min(1, 'Tên trang không được để trống (empty name)').optional(),
  tagline: text(300, 'Khẩu hiệu').optional(),
  menu: z.array(menuItemSchema).max(30, 'Menu tối đa 30 mục (at most 30 items)').optional(),
  contact: siteContactSchema.optional(),
  aggregateChildren: z.boolean().optional(),
  isActive: z.boolean().optional(),
  emblemMediaId: uuid.nullable().optional(),
});
export type UpdatePortalSite = z.infer<typeof updatePortalSiteSchema>;

// ───────────────────────────── Categories and tags ─────────────────────────────

export const portalCategorySchema = z.object({
  id: uuid,
  siteId: uuid,
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  sortOrder: z.number().int(),
});
export type PortalCategory = z.infer<typeof portalCategorySchema>;
export const portalCategoryListSchema = z.array(portalCategorySchema);

export const createPortalCategorySchema = z.object({
  name: text(120, 'Tên chuyên mục').min(1, 'Tên chuyên mục không được để trống (empty name)'),
  slug: slugSchema('Đường dẫn chuyên mục').optional().describe('Default: slugify(name).'),
  description: text(1000, 'Mô tả').default(''),
  sortOrder: z.number().int().min(0).max(10_000).default(0),
});
export const updatePortalCategorySchema = z.object({
  name: text(120, 'Tên chuyên mục').min(1, 'Tên chuyên mục không được để trống (empty name)').optional(),
  slug: slugSchema('Đường dẫn chuyên mục').optional(),
  description: text(1000, 'Mô tả').optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});

export const portalTagSchema = z.object({
  id: uuid,
  siteId: uuid,
  slug: z.string(),
  name: z.string(),
  articleCount: z.number().int(),
});
export const portalTagListSchema = z.array(portalTagSchema);

// ───────────────────────────── Articles ─────────────────────────────

/** 500 kB of HTML at most (before sanitising). */
export const PORTAL_BODY_MAX = 500_000;

const tagNames = z
  .array(text(60, 'Thẻ').min(1, 'Thẻ không được để trống (empty tag)'))
  .max(20, 'Tối đa 20 thẻ mỗi bài (at most 20 tags)');

export const createPortalArticleSchema = z.object({
  siteId: uuid,
  title: text(300, 'Tiêu đề').min(1, 'Tiêu đề không được để trống (empty title)'),
  summary: text(1000, 'Tóm tắt').default(''),
  bodyHtml: z
    .string()
    .max(PORTAL_BODY_MAX, 'Nội dung bài viết tối đa 500 kB (body at most 500 kB)')
    .default(''),
  categoryId: uuid.nullable().optional(),
  tags: tagNames.default([]),
  coverMediaId: uuid.nullable().optional(),
  slug: slugSchema('Đường dẫn bài viết')
    .optional()
    .describe('Default: slugify(title), with -2, -3… when taken.'),
});
export type CreatePortalArticle = z.infer<typeof createPortalArticleSchema>;

export const updatePortalArticleSchema = z.object({
  title: text(300, 'Tiêu đề').min(1, 'Tiêu đề không được để trống (empty title)').optional(),
  summary: text(1000, 'Tóm tắt').optional(),
  bodyHtml: z
    .string()
    .max(PORTAL_BODY_MAX, 'Nội dung bài viết tối đa 500 kB (body at most 500 kB)')
    .optional(),
  categoryId: uuid.nullable().optional(),
  tags: tagNames.optional(),
  coverMediaId: uuid.nullable().optional(),
  slug: slugSchema('Đường dẫn bài viết').optional(),
  note: text(500, 'Ghi chú').default('').describe('What changed (kept with the revision).'),
});
export type UpdatePortalArticle = z.infer<typeof updatePortalArticleSchema>;

export const portalArticleListQuerySchema = z.object({
  siteId: uuid.optional(),
  status: z.enum(portalArticleStatuses).optional(),
  categoryId: uuid.optional(),
  q: text(200, 'Từ khóa').optional().describe('Words of title, summary or body, diacritics optional.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type PortalArticleListQuery = z.infer<typeof portalArticleListQuerySchema>;

export const portalArticleSummarySchema = z.object({
  id: uuid,
  siteId: uuid,
  siteName: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  status: z.enum(portalArticleStatuses),
  categoryId: uuid.nullable(),
  version: z.number().int(),
  authorName: z.string().nullable(),
  scheduledAt: iso.nullable(),
  publishedAt: iso.nullable(),
  updatedAt: iso,
});
export const portalArticleListSchema = z.object({
  items: z.array(portalArticleSummarySchema),
  total: z.number().int(),
});

export const portalArticleHistoryEntrySchema = z.object({
  action: z.string(),
  actorLabel: z.string(),
  at: iso,
});

export const portalArticleSchema = portalArticleSummarySchema.extend({
  bodyHtml: z.string(),
  coverMediaId: uuid.nullable(),
  category: portalCategorySchema.pick({ id: true, slug: true, name: true }).nullable(),
  tags: z.array(z.object({ id: uuid, slug: z.string(), name: z.string() })),
  authorId: uuid.nullable(),
  approvedBy: uuid.nullable(),
  approverName: z.string().nullable(),
  publishedBy: uuid.nullable(),
  createdAt: iso,
  history: z.array(portalArticleHistoryEntrySchema),
});
export type PortalArticle = z.infer<typeof portalArticleSchema>;

// ───────────────────────────── Workflow ─────────────────────────────

const reason = text(1000, 'Lý do').min(1, 'Hãy ghi lý do (reason required)');
export const returnPortalArticleSchema = z.object({ reason });
export const unpublishPortalArticleSchema = z.object({ reason });
export const publishPortalArticleSchema = z.object({
  at: z.iso
    .datetime({ offset: true, error: 'Thời điểm đăng phải là thời điểm ISO 8601 (at: ISO 8601)' })
    .optional()
    .describe('Schedule publication at this time (at least a minute ahead); now when omitted.'),
});

// ───────────────────────────── Revisions ─────────────────────────────

export const portalRevisionSchema = z.object({
  version: z.number().int(),
  editorId: uuid.nullable(),
  editorName: z.string().nullable(),
  note: z.string(),
  createdAt: iso,
});
export const portalRevisionListSchema = z.array(portalRevisionSchema);

export const portalRevisionDiffQuerySchema = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});

const diffPart = z.object({
  value: z.string(),
  added: z.boolean().optional(),
  removed: z.boolean().optional(),
});
export const portalRevisionDiffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  title: z.array(diffPart),
  summary: z.array(diffPart),
  body: z.array(diffPart),
});
export type PortalRevisionDiff = z.infer<typeof portalRevisionDiffSchema>;
