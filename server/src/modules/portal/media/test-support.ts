import { randomBytes } from 'node:crypto';
import type { Database } from '../../../db/client.ts';
import { unit } from '../../organisation/index.ts';
import { portalMedia, portalSite } from '../portal.schema.ts';

/**
 * A library item owned by `unitId` (the `portal_media` resource kind, for the route matrix):
 * an embedded video of a new site of a new commune under that unit (a unit has one site at most).
 */
export async function buildPortalMedia(db: Database, unitId: string): Promise<string> {
  const tag = randomBytes(4).toString('hex');
  const [commune] = await db
    .insert(unit)
    .values({ parentId: unitId, name: `Ủy ban MTTQ xã ${tag}`, levelId: 'commune', kind: 'committee' })
    .returning({ id: unit.id });
  const [site] = await db
    .insert(portalSite)
    .values({ unitId: commune!.id, slug: `xa-${tag}`, name: `Trang xã ${tag}` })
    .returning({ id: portalSite.id });
  const [media] = await db
    .insert(portalMedia)
    .values({
      siteId: site!.id,
      kind: 'video',
      embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      caption: 'Video thử nghiệm',
    })
    .returning({ id: portalMedia.id });
  return media!.id;
}
