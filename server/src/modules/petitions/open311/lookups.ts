import { sql } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { UUID_PATTERN } from '../../../platform/policy/index.ts';
import { type ApiKeyHolder, findApiKey } from './keys.ts';
import type { Params } from './params.ts';
import { forbiddenError, notFoundError } from './render.ts';

/** A jurisdiction (jurisdiction_id): a Front committee, named by its identifier code or its id. */
export interface Jurisdiction {
  id: string;
  path: string;
  name: string;
  shortName: string | null;
  levelId: string;
  code: string | null;
  status: string;
}

export const unknownJurisdiction = (id: string) =>
  notFoundError({
    vi: `Không tìm thấy jurisdiction_id "${id}": dùng mã định danh của một Ủy ban MTTQ (ví dụ 000.00.00.A00).`,
    en: `jurisdiction_id "${id}" was not found: use the identifier code of a Front committee (e.g. 000.00.00.A00).`,
  });
export const unknownService = (code: string) =>
  notFoundError({
    vi: `Không có lĩnh vực (service_code) "${code}". Xem danh sách tại services.xml.`,
    en: `service_code "${code}" was not found. See services.xml for the list.`,
  });
const invalidKey = () =>
  forbiddenError({
    vi: 'api_key không hợp lệ hoặc đã bị thu hồi: không thể gửi kiến nghị.',
    en: "Invalid api_key received -- can't proceed with create_request.",
  });
const missingKey = () =>
  forbiddenError({
    vi: 'Thiếu api_key: cần khóa API do Ủy ban MTTQ cấp để gửi kiến nghị.',
    en: 'api_key is missing: a key issued by the Front committee is required to submit.',
  });

/** Whether the unit at `path` lies in the subtree rooted at `root` (ltree paths as text). */
export const within = (path: string, root: string) => path === root || path.startsWith(`${root}.`);

export async function findJurisdiction(db: Queryable, id: string): Promise<Jurisdiction | null> {
  const where = UUID_PATTERN.test(id) ? sql`u.id = ${id}` : sql`u.code = ${id}`;
  const result = await db.execute<{
    id: string;
    path: string;
    name: string;
    short_name: string | null;
    level_id: string;
    code: string | null;
    status: string;
  }>(sql`SELECT u.id, u.path::text AS path, u.name, u.short_name, u.level_id, u.code, u.status
           FROM unit u WHERE ${where} AND u.kind IN ('committee', 'residential_committee')`);
  const row = result.rows[0];
  return row
    ? {
        id: row.id,
        path: row.path,
        name: row.name,
        shortName: row.short_name,
        levelId: row.level_id,
        code: row.code,
        status: row.status,
      }
    : null;
}

/** The jurisdiction a call names (404 when unknown), or null when it names none. */
export async function jurisdictionOf(db: Queryable, params: Params): Promise<Jurisdiction | null> {
  const id = params.text('jurisdiction_id');
  if (id === undefined) return null;
  const found = await findJurisdiction(db, id);
  if (!found) throw unknownJurisdiction(id);
  return found;
}

export async function activeSubject(db: Queryable, code: string) {
  const result = await db.execute<{ code: string; name_vi: string }>(
    sql`SELECT code, name_vi FROM petition_subject WHERE code = ${code} AND is_active`,
  );
  return result.rows[0] ?? null;
}

/** The api_key of a write (403 in the specification's format when missing, unknown or revoked). */
export async function requireKey(db: Queryable, params: Params): Promise<ApiKeyHolder> {
  const key = params.text('api_key');
  if (key === undefined) throw missingKey();
  const holder = await findApiKey(db, key);
  if (!holder) throw invalidKey();
  return holder;
}

/** The public, coarse name of a unit's area: "Ủy ban MTTQ xã An Bình" → "xã An Bình". */
export function placeOf(unitName: string): string {
  const place = unitName.replace(
    /^(Ủy ban (Mặt trận Tổ quốc|MTTQ)( Việt Nam)?|Ban Công tác Mặt trận( khu dân cư)?)\s+/iu,
    '',
  );
  return place || unitName;
}
