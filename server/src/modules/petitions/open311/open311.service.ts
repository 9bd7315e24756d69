import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { foldVietnamese } from '../similarity.ts';
import { attributesOf } from './attributes.ts';
import { activeSubject, jurisdictionOf, unknownService } from './lookups.ts';
import type { Params } from './params.ts';
import { list, type SparkValue } from './render.ts';
import { createRequestQueries } from './requests.ts';
import { createSubmissions } from './submission.ts';

export const SPECIFICATION_URL = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's behaviour last changed (discovery `changeset`). */
const CHANGESET = '2026-11-23T00:00:00+07:00';

/**
 * The Open311 GeoReport v2 service of the petitions: discovery and services here, the reading
 * side in requests.ts, the writing side (api_key holders) in submission.ts.
 */
export function createOpen311Service(deps: { db: Database; publicUrl: string }) {
  const { db } = deps;

  function discovery(): SparkValue {
    return {
      changeset: CHANGESET,
      contact:
        'Ban Thường trực Ủy ban MTTQ nơi bạn muốn kết nối (Mặt trận số). Tài liệu: README của mô-đun kiến nghị, mục "Open311 GeoReport v2".',
      key_service:
        'Khóa API (api_key) do cán bộ quản trị của Ủy ban MTTQ cấp trong Mặt trận số (quyền cấu hình kiến nghị); chỉ cần cho POST.',
      endpoints: list('endpoint', [
        {
          specification: SPECIFICATION_URL,
          url: `${deps.publicUrl}/open311/v2`,
          changeset: CHANGESET,
          type: 'production',
          formats: list('format', ['text/xml', 'application/json']),
        },
      ]),
    };
  }

  async function services(params: Params): Promise<SparkValue> {
    await jurisdictionOf(db, params);
    const result = await db.execute<{
      code: string;
      name_vi: string;
      name_en: string;
      group_vi: string;
      description: string;
    }>(sql`SELECT code, name_vi, name_en, group_vi, description FROM petition_subject
            WHERE is_active ORDER BY sort_order, code`);
    return list(
      'service',
      result.rows.map((s) => ({
        service_code: s.code,
        service_name: s.name_vi,
        description: s.description || null,
        metadata: attributesOf(s.code).length > 0,
        type: 'realtime',
        keywords: `${s.name_en}, ${foldVietnamese(s.name_vi)}`,
        group: s.group_vi,
      })),
    );
  }

  async function serviceDefinition(code: string, params: Params): Promise<SparkValue> {
    await jurisdictionOf(db, params);
    if (!(await activeSubject(db, code))) throw unknownService(code);
    return {
      service_code: code,
      attributes: list(
        'attribute',
        attributesOf(code).map((a, index) => ({
          variable: a.variable,
          code: a.code,
          datatype: a.datatype,
          required: a.required,
          datatype_description: a.datatypeDescription,
          order: index + 1,
          description: a.description,
          values: a.values
            ? list(
                'value',
                a.values.map((v) => ({ key: v.key, name: v.name })),
              )
            : undefined,
        })),
      ),
    };
  }

  return { discovery, services, serviceDefinition, ...createRequestQueries(db), ...createSubmissions(db) };
}

export type Open311Service = ReturnType<typeof createOpen311Service>;
