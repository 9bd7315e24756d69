import { z } from 'zod';

/**
 * Page-view analytics of the public sites (thống kê truy cập), counted on the server: no cookie,
 * no script, no address or user agent stored. Unique visitors are estimated per day from a hash
 * that cannot be linked to another day; a period's visitors are the sum of its daily uniques.
 */

export const portalDeviceKinds = ['mobile', 'tablet', 'desktop'] as const;
export type PortalDeviceKind = (typeof portalDeviceKinds)[number];
export const portalDeviceLabels: Record<PortalDeviceKind, string> = {
  mobile: 'Điện thoại',
  tablet: 'Máy tính bảng',
  desktop: 'Máy tính',
};
/** How a visit with no referring site (typed address, bookmark, app, or the site itself) is shown. */
export const portalDirectReferrerLabel = 'Trực tiếp';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày theo dạng YYYY-MM-DD, ví dụ 2026-11-01 (date as YYYY-MM-DD)')
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
      new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    {
      message: 'Ngày không tồn tại (no such date)',
    },
  );

export const portalAnalyticsQuerySchema = z.object({
  from: day.optional().describe('First day (Asia/Ho_Chi_Minh); default 29 days before `to`'),
  to: day.optional().describe('Last day; default today'),
  include: z
    .enum(['children'])
    .optional()
    .describe('`children`: add the sites of the units below the site’s unit'),
});
export type PortalAnalyticsQuery = z.infer<typeof portalAnalyticsQuerySchema>;

const count = z.number().int().nonnegative();

export const portalAnalyticsSchema = z.object({
  site: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  /** The sites counted: the site alone, or with its units’ sites below (`include=children`). */
  siteCount: z.number().int().positive(),
  from: z.string(),
  to: z.string(),
  totals: z.object({ views: count, visitors: count }),
  /** The period of the same length just before. */
  previous: z.object({ from: z.string(), to: z.string(), views: count, visitors: count }),
  /** Ratio to the previous period (25.7 = 25.7×); null when the previous period had none. */
  growth: z.object({ views: z.number().nullable(), visitors: z.number().nullable() }),
  days: z.array(z.object({ day: z.string(), views: count, visitors: count })),
  topArticles: z.array(z.object({ articleId: z.uuid(), title: z.string(), path: z.string(), views: count })),
  /** Referring hosts; "" is a direct visit (label "Trực tiếp"). */
  referrers: z.array(z.object({ host: z.string(), label: z.string(), views: count })),
  devices: z.array(z.object({ device: z.enum(portalDeviceKinds), label: z.string(), views: count })),
});
export type PortalAnalytics = z.infer<typeof portalAnalyticsSchema>;
