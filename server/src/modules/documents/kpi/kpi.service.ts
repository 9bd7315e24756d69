import type { DocumentKpi } from '@mts/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../../db/client.ts';
import { badRequest } from '../../../platform/errors/index.ts';
import type { Actor } from '../../../platform/policy/index.ts';
import { unitInScope } from '../registers.service.ts';
import { vietnamToday } from '../symbol.ts';

type Row = {
  unit_id: string | null;
  unit_name: string | null;
  month: string | null;
  is_total: number;
  incoming: number;
  incoming_digitised: number;
  incoming_searchable: number;
  outgoing: number;
  outgoing_electronic: number;
  outgoing_signed: number;
};

const share = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

const figures = (r: Row) => ({
  incoming: r.incoming,
  incomingDigitised: r.incoming_digitised,
  incomingSearchable: r.incoming_searchable,
  incomingDigitisedShare: share(r.incoming_digitised, r.incoming),
  incomingSearchableShare: share(r.incoming_searchable, r.incoming),
  outgoing: r.outgoing,
  outgoingElectronic: r.outgoing_electronic,
  outgoingDigitallySigned: r.outgoing_signed,
  outgoingElectronicShare: share(r.outgoing_electronic, r.outgoing),
});

const MAX_DAYS = 3 * 366;

/**
 * Digitisation KPIs for the scorecard, in one SQL statement per request.
 * - incoming: registered in the period (date of arrival in Vietnam; not returned, not merely
 *   arrived); digitised when it has a main file (a scan, or the file that came electronically);
 *   searchable when its text is known (OCR'd or extracted: `body_text`).
 * - outgoing: issued in the period (IssuedDate); electronic when issued through the system with
 *   an electronic file (signed copy or signed draft) and delivered electronically to at least
 *   one recipient (inside the product, or an edXML message delivered); digitally signed when the
 *   signature is valid (the signatures issue) — "signed on paper" documents count as not signed.
 * Rows: the unit's own documents and each direct child's subtree (groupBy=unit), or each month
 * of the period (groupBy=month); `total` covers the unit's whole subtree.
 */
export function createKpiService(deps: { db: Database }) {
  const { db } = deps;

  async function digitisation(
    actor: Actor,
    query: { unitId?: string; from?: string; to?: string; groupBy: 'unit' | 'month' },
  ): Promise<DocumentKpi> {
    const unitId = query.unitId ?? actor.activeUnitId;
    await unitInScope(db, actor, 'documents.read', unitId);
    const today = vietnamToday();
    const from = query.from ?? `${today.year}-01-01`;
    const to = query.to ?? today.date;
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0 || days > MAX_DAYS)
      throw badRequest(
        {
          vi: 'Khoảng thời gian không hợp lệ: "từ ngày" phải trước "đến ngày" và không quá 3 năm.',
          en: 'Invalid period: from must precede to, at most three years apart.',
        },
        [{ path: 'to', message: 'Khoảng thời gian không hợp lệ.' }],
      );

    // Each document's group: the root itself or its direct child (unit), or its month. The
    // documents are counted per group first, then joined to the groups (so empty groups show 0).
    const byUnit = query.groupBy === 'unit';
    const groups: SQL = byUnit
      ? sql`SELECT u.id AS unit_id, u.name AS unit_name, NULL::text AS month, u.path::text AS key,
                   u.path = root.path AS is_root
              FROM unit u, root
             WHERE u.path = root.path OR (u.path <@ root.path AND nlevel(u.path) = nlevel(root.path) + 1)`
      : sql`SELECT NULL::uuid AS unit_id, NULL::text AS unit_name, to_char(m, 'YYYY-MM') AS month,
                   to_char(m, 'YYYY-MM') AS key, false AS is_root
              FROM generate_series(date_trunc('month', ${from}::date), ${to}::date, interval '1 month') AS m`;
    const docKey: SQL = byUnit
      ? sql`subpath(u.path, 0, LEAST(nlevel(u.path), nlevel(root.path) + 1))::text`
      : sql`to_char(CASE WHEN d.direction = 'incoming'
                         THEN (coalesce(d.arrival_date, d.created_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                         ELSE d.issued_date END, 'YYYY-MM')`;

    const result = await db.execute<Row>(sql`
      WITH root AS (SELECT id, path FROM unit WHERE id = ${unitId}),
      docs AS (
        SELECT ${docKey} AS key, d.direction,
               (d.direction = 'incoming' AND EXISTS (
                  SELECT 1 FROM document_file f WHERE f.document_id = d.id AND f.role = 'scan')) AS digitised,
               (d.direction = 'incoming' AND coalesce(btrim(d.body_text), '') <> '') AS searchable,
               (d.direction = 'outgoing'
                 AND EXISTS (SELECT 1 FROM document_file f
                              WHERE f.document_id = d.id AND f.role IN ('signed_scan', 'draft'))
                 AND (EXISTS (SELECT 1 FROM document_recipient r
                               WHERE r.document_id = d.id AND r.recipient_unit_id IS NOT NULL)
                      OR EXISTS (SELECT 1 FROM document_exchange_message m
                                  WHERE m.document_id = d.id AND m.kind = 'document_out' AND m.delivery = 'delivered'))
               ) AS electronic,
               (d.direction = 'outgoing' AND d.signature_status = 'valid') AS signed
          FROM document d
          JOIN unit u ON u.id = d.unit_id
          CROSS JOIN root
         WHERE u.path <@ root.path
           AND (   (d.direction = 'incoming' AND d.status NOT IN ('arrived', 'returned')
                    AND (coalesce(d.arrival_date, d.created_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
                        BETWEEN ${from}::date AND ${to}::date)
                OR (d.direction = 'outgoing' AND d.status IN ('issued', 'archived', 'recalled')
                    AND d.issued_date BETWEEN ${from}::date AND ${to}::date))
      ),
      counted AS (
        SELECT key,
               count(*) FILTER (WHERE direction = 'incoming') AS incoming,
               count(*) FILTER (WHERE digitised) AS incoming_digitised,
               count(*) FILTER (WHERE searchable) AS incoming_searchable,
               count(*) FILTER (WHERE direction = 'outgoing') AS outgoing,
               count(*) FILTER (WHERE electronic) AS outgoing_electronic,
               count(*) FILTER (WHERE signed) AS outgoing_signed
          FROM docs GROUP BY key
      ),
      g AS (${groups})
      SELECT g.unit_id, g.unit_name, g.month, GROUPING(g.key) AS is_total,
             coalesce(sum(c.incoming), 0)::int AS incoming,
             coalesce(sum(c.incoming_digitised), 0)::int AS incoming_digitised,
             coalesce(sum(c.incoming_searchable), 0)::int AS incoming_searchable,
             coalesce(sum(c.outgoing), 0)::int AS outgoing,
             coalesce(sum(c.outgoing_electronic), 0)::int AS outgoing_electronic,
             coalesce(sum(c.outgoing_signed), 0)::int AS outgoing_signed
        FROM g LEFT JOIN counted c ON c.key = g.key
       GROUP BY GROUPING SETS ((g.unit_id, g.unit_name, g.month, g.key, g.is_root), ())
       ORDER BY is_total, g.is_root DESC, g.unit_name COLLATE vietnamese, g.month`);

    const rows = result.rows.filter((r) => Number(r.is_total) === 0);
    const total = result.rows.find((r) => Number(r.is_total) !== 0)!;
    return {
      unitId,
      from,
      to,
      groupBy: query.groupBy,
      rows: rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, month: r.month, ...figures(r) })),
      total: figures(total),
    };
  }

  return { digitisation };
}

export type KpiService = ReturnType<typeof createKpiService>;
