import { randomBytes } from 'node:crypto';
import type { Database } from '../../../db/client.ts';
import { unit } from '../../organisation/index.ts';
import { portalSite } from '../portal.schema.ts';
import { portalBulletin } from '../reach.schema.ts';

/**
 * A draft bulletin owned by `unitId` (the `portal_bulletin` resource kind, for the route
 * matrix): on a new site of a new commune under that unit (a unit has one site at most).
 */
export async function buildPortalBulletin(db: Database, unitId: string): Promise<string> {
  const tag = randomBytes(4).toString('hex');
  const [commune] = await db
    .insert(unit)
    .values({ parentId: unitId, name: `Ủy ban MTTQ xã ${tag}`, levelId: 'commune', kind: 'committee' })
    .returning({ id: unit.id });
  const [site] = await db
    .insert(portalSite)
    .values({ unitId: commune!.id, slug: `xa-${tag}`, name: `Trang xã ${tag}` })
    .returning({ id: portalSite.id });
  const [bulletin] = await db
    .insert(portalBulletin)
    .values({ siteId: site!.id, title: 'Bản tin thử nghiệm', articleIds: [], script: 'Xin chào bà con.' })
    .returning({ id: portalBulletin.id });
  return bulletin!.id;
}
