import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';

/**
 * The demo's directive (chỉ đạo): the province's chair asks every commune committee of the province
 * to acknowledge and report the number of households reached, due in three days; a few communes
 * have already answered so the board shows every state. Returns the directive id (null when the
 * province has no commune).
 */
export async function seedDemoDirective(
  tx: Queryable,
  input: { senderUnitId: string; senderStaffId: string; now?: Date },
): Promise<string | null> {
  const now = input.now ?? new Date();
  const deadline = new Date(now.getTime() + 3 * 86_400_000);
  const inserted = await tx.execute<{ id: string }>(sql`
    INSERT INTO directive (sender_unit_id, sender_staff_id, title, body, deadline, action, figure_label,
                           urgent, selector, recipient_count, created_at)
    VALUES (${input.senderUnitId}, ${input.senderStaffId},
            'Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2025 ở khu dân cư',
            'Đề nghị Ủy ban MTTQ các xã, phường chỉ đạo Ban Công tác Mặt trận ở khu dân cư tổ chức Ngày hội; xác nhận đã nhận và báo cáo số hộ tham gia.',
            ${deadline.toISOString()}, 'figure', 'hộ', false,
            jsonb_build_object('level', 'commune', 'within', ${input.senderUnitId}::text), 0, ${now.toISOString()})
    RETURNING id`);
  const id = inserted.rows[0]!.id;
  const added = await tx.execute<{ n: number }>(sql`
    WITH added AS (
      INSERT INTO directive_recipient (directive_id, unit_id)
      SELECT ${id}, u.id FROM unit u JOIN unit s ON s.id = ${input.senderUnitId}
       WHERE u.level_id = 'commune' AND u.kind = 'committee' AND u.status = 'active' AND u.path <@ s.path
      RETURNING 1)
    SELECT count(*)::int AS n FROM added`);
  const count = added.rows[0]!.n;
  if (count === 0) {
    await tx.execute(sql`DELETE FROM directive WHERE id = ${id}`);
    return null;
  }
  await tx.execute(sql`UPDATE directive SET recipient_count = ${count} WHERE id = ${id}`);
  // Some answers already: every 7th commune reported a figure, every 5th acknowledged, every 3rd saw it.
  await tx.execute(sql`
    WITH ranked AS (
      SELECT r.unit_id, row_number() OVER (ORDER BY u.path) AS n
        FROM directive_recipient r JOIN unit u ON u.id = r.unit_id WHERE r.directive_id = ${id})
    UPDATE directive_recipient r
       SET status = CASE WHEN ranked.n % 7 = 0 THEN 'reported' WHEN ranked.n % 5 = 0 THEN 'acknowledged' ELSE 'seen' END,
           seen_at = ${now.toISOString()}::timestamptz,
           acknowledged_at = CASE WHEN ranked.n % 7 = 0 OR ranked.n % 5 = 0 THEN ${now.toISOString()}::timestamptz END,
           on_time = CASE WHEN ranked.n % 7 = 0 OR ranked.n % 5 = 0 THEN true END,
           reported_at = CASE WHEN ranked.n % 7 = 0 THEN ${now.toISOString()}::timestamptz END,
           report_figure = CASE WHEN ranked.n % 7 = 0 THEN 300 + ranked.n * 11 END
      FROM ranked
     WHERE r.directive_id = ${id} AND r.unit_id = ranked.unit_id
       AND (ranked.n % 7 = 0 OR ranked.n % 5 = 0 OR ranked.n % 3 = 0)`);
  return id;
}
