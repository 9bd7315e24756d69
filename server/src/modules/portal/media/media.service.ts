import type { EmbedPortalMedia, PortalMedia, PortalMediaListQuery, UpdatePortalMedia } from '@mts/contracts';
import { and, count, desc, eq, like, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { type AuditContext, recordAudit } from '../../../platform/audit/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../../platform/errors/index.ts';
import type { UploadedFile } from '../../../platform/http/index.ts';
import { type Actor, isInScope } from '../../../platform/policy/index.ts';
import { attachmentType, type Storage } from '../../../platform/storage/index.ts';
import { foldVietnamese } from '../../../platform/text/index.ts';
import { portalArticle, portalMedia, portalSite } from '../portal.schema.ts';
import { parseVideoEmbed } from './embeds.ts';
import { inspectImage, notAnImageMessage, processImage } from './images.ts';
import { imageUrl } from './render.ts';

type MediaRow = typeof portalMedia.$inferSelect;

/** Attachments recognised by content (platform/storage): what editors attach to an article. */
const ATTACHMENT_TYPES = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);

const siteNotFound = () =>
  notFound({
    vi: 'Không tìm thấy trang thông tin trong phạm vi của bạn.',
    en: 'Site not found within your scope.',
  });
const mediaNotFound = () =>
  notFound({ vi: 'Không tìm thấy tệp trong thư viện.', en: 'Media item not found.' });

/** The public address of an attachment (a readable name in the URL; the row's name is what is sent). */
export const fileUrl = (row: { id: string; fileName: string }) =>
  `/tep/${row.id}/${encodeURIComponent(row.fileName || 'tep')}`;

/** The largest JPEG rendition up to 960 px: the default `url` of an image. */
function mainWidth(row: MediaRow) {
  const widths = row.variants.map((v) => v.width).sort((a, b) => a - b);
  return widths.filter((w) => w <= 960).at(-1) ?? widths[0];
}

export function toPortalMedia(row: MediaRow): PortalMedia {
  const smallest = row.variants.reduce<number | undefined>(
    (min, v) => Math.min(min ?? v.width, v.width),
    undefined,
  );
  const main = mainWidth(row);
  const url =
    row.kind === 'image' && main
      ? imageUrl(row.id, main, 'jpg')
      : row.kind === 'file'
        ? fileUrl(row)
        : (row.embedUrl ?? '');
  return {
    id: row.id,
    siteId: row.siteId,
    kind: row.kind,
    fileName: row.fileName,
    contentType: row.contentType,
    size: row.size,
    width: row.width,
    height: row.height,
    variants: row.variants.map((v) => ({ width: v.width, height: v.height, avif: Boolean(v.avif) })),
    url,
    thumbnailUrl: row.kind === 'image' && smallest ? imageUrl(row.id, smallest, 'jpg') : null,
    embedUrl: row.embedUrl,
    alt: row.alt,
    caption: row.caption,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A file name as shown and sent back in Content-Disposition: no path, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).at(-1) ?? '';
  return base
    .replace(/[\p{Cc}"]/gu, '')
    .trim()
    .slice(0, 200);
}

const foldedOf = (row: { fileName: string; alt: string; caption: string }) =>
  foldVietnamese(`${row.fileName} ${row.alt} ${row.caption}`);

export function createMediaService(deps: { db: Database; storage: Storage }) {
  const { db, storage } = deps;

  /** The site when its unit lies in the actor's scope for `permission`; 404 otherwise. */
  async function siteInScope(actor: Actor, siteId: string, permission: 'portal.read' | 'portal.write') {
    const found = await db.execute<{ id: string; unit_id: string; path: string }>(sql`
      SELECT s.id, s.unit_id, u.path::text AS path FROM portal_site s JOIN unit u ON u.id = s.unit_id
       WHERE s.id = ${siteId}`);
    const site = found.rows[0];
    if (!site || !isInScope(actor, permission, site.path)) throw siteNotFound();
    return { id: site.id, unitId: site.unit_id };
  }

  async function insert(audit: AuditContext, unitId: string, values: typeof portalMedia.$inferInsert) {
    return db.transaction(async (tx) => {
      const [row] = await tx
        .insert(portalMedia)
        .values({ ...values, folded: foldedOf({ fileName: '', alt: '', caption: '', ...values }) })
        .returning();
      await recordAudit(tx, audit, {
        action: 'portal.media.create',
        entityType: 'portal_media',
        entityId: row!.id,
        unitId,
        after: { kind: row!.kind, fileName: row!.fileName, size: row!.size, embedUrl: row!.embedUrl },
      });
      return toPortalMedia(row!);
    });
  }

  return {
    /**
     * An upload: an image (by content: sharp reads it) is resized into renditions, a PDF, DOCX or
     * XLSX is kept as an attachment, anything else is refused (415) before anything is recorded.
     */
    async upload(
      actor: Actor,
      audit: AuditContext,
      siteId: string,
      file: UploadedFile,
      fields: { alt?: string; caption?: string },
    ): Promise<PortalMedia> {
      const site = await siteInScope(actor, siteId, 'portal.write');
      const fileName = cleanFileName(file.fileName);
      const common = {
        siteId,
        fileName,
        alt: fields.alt ?? '',
        caption: fields.caption ?? '',
        uploadedBy: actor.staffId,
      };
      const image = await inspectImage(file.bytes);
      if (image) {
        const processed = await processImage(storage, file.bytes, image);
        return insert(audit, site.unitId, {
          ...common,
          kind: 'image',
          storageKey: processed.original.key,
          contentType: processed.contentType,
          size: file.bytes.length,
          width: processed.width,
          height: processed.height,
          variants: processed.variants,
        });
      }
      const type = attachmentType(file.bytes);
      if (type?.startsWith('image/'))
        // JPEG or PNG by its first bytes, yet unreadable: a damaged photo, not a wrong file.
        throw badRequest({
          vi: 'Ảnh bị hỏng hoặc không đầy đủ, không đọc được. Hãy lưu lại ảnh rồi tải lên lần nữa.',
          en: 'The image is damaged or truncated and cannot be read. Save it again and re-upload it.',
        });
      if (!type || !ATTACHMENT_TYPES.has(type))
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
          message: {
            vi: `${notAnImageMessage.vi}, cũng không phải tệp đính kèm PDF, DOCX hay XLSX.`,
            en: `${notAnImageMessage.en}, nor a PDF, DOCX or XLSX attachment.`,
          },
        });
      const stored = await storage.put(file.bytes);
      return insert(audit, site.unitId, {
        ...common,
        kind: 'file',
        storageKey: stored.key,
        contentType: type,
        size: stored.size,
      });
    },

    /** A YouTube or Facebook video embedded by its URL (400 for anything else). */
    async embed(
      actor: Actor,
      audit: AuditContext,
      siteId: string,
      body: EmbedPortalMedia,
    ): Promise<PortalMedia> {
      const site = await siteInScope(actor, siteId, 'portal.write');
      const video = parseVideoEmbed(body.url);
      if (!video)
        throw badRequest(
          {
            vi: 'Địa chỉ video không hợp lệ: chỉ nhận YouTube hoặc Facebook',
            en: 'Invalid video address: only YouTube or Facebook videos are accepted',
          },
          [{ path: 'url', message: 'Địa chỉ video không hợp lệ: chỉ nhận YouTube hoặc Facebook' }],
        );
      return insert(audit, site.unitId, {
        siteId,
        kind: 'video',
        fileName: body.url.trim().slice(0, 200),
        embedUrl: video.embedUrl,
        alt: body.alt ?? '',
        caption: body.caption ?? '',
        uploadedBy: actor.staffId,
      });
    },

    /** The site's library, newest first; `q` matches words of name, alt and caption, diacritics optional. */
    async list(actor: Actor, siteId: string, query: PortalMediaListQuery) {
      await siteInScope(actor, siteId, 'portal.read');
      const filters: SQL[] = [eq(portalMedia.siteId, siteId)];
      if (query.kind) filters.push(eq(portalMedia.kind, query.kind));
      // Folded words hold letters and digits only: no LIKE wildcard can get in.
      for (const word of foldVietnamese(query.q ?? '')
        .split(' ')
        .filter(Boolean)
        .slice(0, 10))
        filters.push(like(portalMedia.folded, `%${word}%`));
      const where = and(...filters);
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(portalMedia)
          .where(where)
          .orderBy(desc(portalMedia.createdAt), desc(portalMedia.id))
          .limit(query.limit)
          .offset(query.offset),
        db.select({ n: count() }).from(portalMedia).where(where),
      ]);
      return { items: rows.map(toPortalMedia), total: total?.n ?? 0 };
    },

    /** New alt text or caption (the route's resource check has placed the item in scope). */
    async update(id: string, body: UpdatePortalMedia): Promise<PortalMedia> {
      return db.transaction(async (tx) => {
        const [current] = await tx.select().from(portalMedia).where(eq(portalMedia.id, id)).for('update');
        if (!current) throw mediaNotFound();
        const next = { alt: body.alt ?? current.alt, caption: body.caption ?? current.caption };
        const [row] = await tx
          .update(portalMedia)
          .set({ ...next, folded: foldedOf({ fileName: current.fileName, ...next }) })
          .where(eq(portalMedia.id, id))
          .returning();
        return toPortalMedia(row!);
      });
    },

    /**
     * Removes an item from the library, refused (409) while it is an article's cover or the
     * site's emblem. The stored files stay: they are content-addressed and may be shared.
     */
    async remove(audit: AuditContext, id: string): Promise<void> {
      await db.transaction(async (tx) => {
        const [row] = await tx.select().from(portalMedia).where(eq(portalMedia.id, id)).for('update');
        if (!row) throw mediaNotFound();
        const covers = await tx
          .select({ title: portalArticle.title })
          .from(portalArticle)
          .where(eq(portalArticle.coverMediaId, id))
          .limit(3);
        if (covers.length > 0)
          throw conflict(
            {
              vi: `Ảnh đang là ảnh đại diện của bài viết "${covers[0]!.title}". Hãy đổi ảnh đại diện của bài trước khi xóa.`,
              en: `The image is the cover of the article "${covers[0]!.title}". Change the cover before deleting it.`,
            },
            { articles: covers.map((c) => c.title) },
          );
        const [site] = await tx
          .select({ unitId: portalSite.unitId, emblem: portalSite.emblemMediaId })
          .from(portalSite)
          .where(eq(portalSite.id, row.siteId))
          .for('update');
        if (site?.emblem === id)
          throw conflict({
            vi: 'Ảnh đang là biểu trưng của trang. Hãy chọn biểu trưng khác trước khi xóa.',
            en: "The image is the site's emblem. Choose another emblem before deleting it.",
          });
        await tx.delete(portalMedia).where(eq(portalMedia.id, id));
        await recordAudit(tx, audit, {
          action: 'portal.media.delete',
          entityType: 'portal_media',
          entityId: id,
          unitId: site?.unitId ?? null,
          before: {
            kind: row.kind,
            fileName: row.fileName,
            storageKey: row.storageKey,
            embedUrl: row.embedUrl,
          },
        });
      });
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
