import type {
  CreatePortalBulletin,
  PortalBulletin,
  PortalBulletinFormat,
  UpdatePortalBulletin,
} from '@mts/contracts';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../../db/client.ts';
import { type AuditContext, recordAudit } from '../../../platform/audit/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../../platform/errors/index.ts';
import { type Actor, isInScope, UUID_PATTERN } from '../../../platform/policy/index.ts';
import type { Storage } from '../../../platform/storage/index.ts';
import { portalBulletin } from '../reach.schema.ts';
import { composeScript } from './script.ts';
import { synthesise, TTS_MISSING_MESSAGE, TtsUnavailableError, ttsStatus } from './tts.ts';

type BulletinRow = typeof portalBulletin.$inferSelect;

const siteNotFound = () =>
  notFound({
    vi: 'Không tìm thấy trang thông tin trong phạm vi của bạn.',
    en: 'Site not found within your scope.',
  });
const bulletinNotFound = () =>
  notFound({ vi: 'Không tìm thấy bản tin phát thanh.', en: 'Bulletin not found.' });
const notEditable = () =>
  conflict({
    vi: 'Bản tin đã có âm thanh nên không sửa hoặc xóa được: hãy tạo bản tin mới.',
    en: 'The bulletin already has its audio: create a new one instead.',
  });
const ttsMissing = () =>
  new AppError('SERVICE_UNAVAILABLE', {
    message: {
      vi: TTS_MISSING_MESSAGE,
      en: 'The Vietnamese text-to-speech engine (espeak-ng, with oggenc or lame) is not installed on the server.',
    },
  });

/** The public address of the audio (site-relative links are built by the public routes). */
export const audioPath = (siteSlug: string, row: Pick<BulletinRow, 'id' | 'audioFormat'>) =>
  `/trang/${siteSlug}/phat-thanh/${row.id}.${row.audioFormat}`;

export function toBulletin(row: BulletinRow, siteSlug: string): PortalBulletin {
  return {
    id: row.id,
    siteId: row.siteId,
    title: row.title,
    articleIds: row.articleIds,
    script: row.script,
    status: row.status,
    format: row.audioFormat,
    audioBytes: row.audioBytes,
    durationSeconds: row.durationSeconds,
    audioUrl: row.status === 'ready' && row.audioKey ? audioPath(siteSlug, row) : null,
    error: row.error,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    producedAt: row.producedAt?.toISOString() ?? null,
  };
}

interface SiteRef {
  id: string;
  unitId: string;
  unitPath: string;
  unitName: string;
}

// The editorial area's scope helpers are not exported through the module's index: a local twin.
async function siteRef(db: Queryable, siteId: string): Promise<SiteRef | null> {
  if (!UUID_PATTERN.test(siteId)) return null;
  const result = await db.execute<{ id: string; unit_id: string; path: string; name: string }>(sql`
    SELECT s.id, s.unit_id, u.path::text AS path, u.name FROM portal_site s JOIN unit u ON u.id = s.unit_id
     WHERE s.id = ${siteId}`);
  const row = result.rows[0];
  return row ? { id: row.id, unitId: row.unit_id, unitPath: row.path, unitName: row.name } : null;
}

const canOnSite = (actor: Actor, permission: 'portal.read' | 'portal.publish', site: SiteRef) =>
  isInScope(actor, permission, site.unitPath);

async function slugOf(db: Queryable, siteId: string): Promise<string> {
  const result = await db.execute<{ slug: string }>(sql`SELECT slug FROM portal_site WHERE id = ${siteId}`);
  return result.rows[0]?.slug ?? '';
}

export interface BulletinsDeps {
  db: Database;
  storage: Storage;
  /** PATH the TTS tools are looked up in. */
  ttsPath: string;
}

export function createBulletinsService({ db, storage, ttsPath }: BulletinsDeps) {
  async function load(tx: Queryable, id: string, lock = false) {
    const query = (tx as Database).select().from(portalBulletin).where(eq(portalBulletin.id, id));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw bulletinNotFound();
    return row;
  }

  async function view(tx: Queryable, row: BulletinRow) {
    return toBulletin(row, await slugOf(tx, row.siteId));
  }

  /** Published articles of the site or of sites of units below it, in the order chosen. */
  async function publishedArticles(tx: Queryable, unitPath: string, ids: string[]) {
    const result = await tx.execute<{ id: string; title: string; summary: string; body_html: string }>(sql`
      SELECT a.id, a.title, a.summary, a.body_html FROM portal_article a
        JOIN portal_site s ON s.id = a.site_id JOIN unit u ON u.id = s.unit_id
       WHERE a.id IN (${sql.join(
         ids.map((id) => sql`${id}::uuid`),
         sql`, `,
       )}) AND a.status = 'published' AND u.path <@ ${unitPath}::ltree`);
    const byId = new Map(result.rows.map((r) => [r.id, r]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length) {
      throw badRequest({
        vi: `Có ${missing.length} bài viết chưa đăng hoặc không thuộc trang này hay các trang cấp dưới: hãy chọn bài đã đăng.`,
        en: `${missing.length} article(s) are not published on this site or the sites below it.`,
      });
    }
    return ids.map((id) => byId.get(id)!);
  }

  return {
    status: () => ttsStatus(ttsPath),

    async list(actor: Actor, siteId: string) {
      const site = await siteRef(db, siteId);
      if (!site || !canOnSite(actor, 'portal.read', site)) throw siteNotFound();
      const rows = await db
        .select()
        .from(portalBulletin)
        .where(eq(portalBulletin.siteId, siteId))
        .orderBy(desc(portalBulletin.createdAt))
        .limit(200);
      const slug = await slugOf(db, siteId);
      return { items: rows.map((row) => toBulletin(row, slug)) };
    },

    async create(actor: Actor, audit: AuditContext, siteId: string, input: CreatePortalBulletin) {
      const site = await siteRef(db, siteId);
      if (!site || !canOnSite(actor, 'portal.publish', site)) throw siteNotFound();
      return db.transaction(async (tx) => {
        const articles = await publishedArticles(tx, site.unitPath, input.articleIds);
        const script = composeScript({
          unitName: site.unitName,
          articles: articles.map((a) => ({
            title: a.title,
            summary: a.summary,
            bodyHtml: a.body_html,
          })),
          at: new Date(),
        });
        const [row] = await tx
          .insert(portalBulletin)
          .values({
            siteId,
            title: input.title,
            articleIds: input.articleIds,
            script,
            audioFormat: input.format ?? 'ogg',
            createdBy: actor.staffId ?? null,
          })
          .returning();
        await recordAudit(tx, audit, {
          action: 'portal.bulletin.create',
          entityType: 'portal_bulletin',
          entityId: row!.id,
          unitId: site.unitId,
          after: { title: row!.title, articleIds: row!.articleIds, format: row!.audioFormat },
        });
        return view(tx, row!);
      });
    },

    get: async (id: string) => view(db, await load(db, id)),

    async update(audit: AuditContext, id: string, patch: UpdatePortalBulletin) {
      return db.transaction(async (tx) => {
        const before = await load(tx, id, true);
        if (before.status === 'ready') throw notEditable();
        const [row] = await tx
          .update(portalBulletin)
          .set({
            ...(patch.title !== undefined ? { title: patch.title } : {}),
            ...(patch.script !== undefined ? { script: patch.script } : {}),
            ...(patch.format !== undefined ? { audioFormat: patch.format } : {}),
          })
          .where(eq(portalBulletin.id, id))
          .returning();
        await recordAudit(tx, audit, {
          action: 'portal.bulletin.update',
          entityType: 'portal_bulletin',
          entityId: id,
          before: { title: before.title, format: before.audioFormat, scriptLength: before.script.length },
          after: { title: row!.title, format: row!.audioFormat, scriptLength: row!.script.length },
        });
        return view(tx, row!);
      });
    },

    /**
     * Reads the script aloud and stores the audio: ready, or failed with the tool's error. The
     * tools run outside any transaction; the result is kept only if the script did not change
     * meanwhile. No engine → 503 and nothing changes.
     */
    async produce(audit: AuditContext, id: string) {
      const before = await load(db, id);
      if (before.status === 'ready') throw notEditable();
      const format: PortalBulletinFormat = before.audioFormat ?? 'ogg';
      const status = await ttsStatus(ttsPath);
      if (!status.formats.includes(format)) throw ttsMissing();
      const started = Date.now();
      let outcome: Partial<BulletinRow>;
      try {
        const spoken = await synthesise(before.script, format, ttsPath);
        const stored = await storage.put(spoken.audio);
        outcome = {
          status: 'ready',
          audioKey: stored.key,
          audioBytes: stored.size,
          durationSeconds: Math.max(1, Math.round(spoken.durationSeconds)),
          error: null,
          producedAt: new Date(),
        };
      } catch (error) {
        if (error instanceof TtsUnavailableError) throw ttsMissing();
        outcome = { status: 'failed', error: String((error as Error).message ?? error).slice(0, 1000) };
      }
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(portalBulletin)
          .set(outcome)
          .where(
            and(
              eq(portalBulletin.id, id),
              inArray(portalBulletin.status, ['draft', 'failed']),
              eq(portalBulletin.script, before.script),
              eq(portalBulletin.audioFormat, format),
            ),
          )
          .returning();
        if (!row) {
          throw conflict({
            vi: 'Bản tin vừa được người khác sửa hoặc tạo âm thanh: hãy tải lại rồi thử lại.',
            en: 'The bulletin changed meanwhile: reload and try again.',
          });
        }
        await recordAudit(tx, audit, {
          action: row.status === 'ready' ? 'portal.bulletin.produce' : 'portal.bulletin.produce-failed',
          entityType: 'portal_bulletin',
          entityId: id,
          after: {
            format,
            audioBytes: row.audioBytes,
            durationSeconds: row.durationSeconds,
            error: row.error,
            elapsedMs: Date.now() - started,
          },
        });
        return view(tx, row);
      });
    },

    /** A draft (or failed) bulletin only: a ready one may already be on the air and in feeds. */
    async remove(audit: AuditContext, id: string) {
      await db.transaction(async (tx) => {
        const before = await load(tx, id, true);
        if (before.status === 'ready') throw notEditable();
        await tx.delete(portalBulletin).where(eq(portalBulletin.id, id));
        await recordAudit(tx, audit, {
          action: 'portal.bulletin.delete',
          entityType: 'portal_bulletin',
          entityId: id,
          before: { title: before.title, status: before.status },
        });
      });
    },
  };
}

export type BulletinsService = ReturnType<typeof createBulletinsService>;
