import {
  type CreateRecipient,
  type DelegateBody,
  delegateBodyLabels,
  type PetitionRecipient,
  type RecipientKind,
  type recipientListQuerySchema,
  type UpdateRecipient,
} from '@mts/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors/index.ts';
import { type Actor, pathWithin, scopePaths, UUID_PATTERN } from '../../platform/policy/index.ts';
import { configuresRecipientsOf, recipientsVisibleTo } from './routing.policy.ts';

/**
 * Recipients of petitions, both first-class: agencies (cơ quan) and elected delegates (đại biểu
 * Quốc hội / HĐND, with their term and constituency), and the staff accounts that act for each.
 */

export const recipientNotFound = () =>
  notFound({ vi: 'Không tìm thấy cơ quan hoặc đại biểu nhận kiến nghị.', en: 'Recipient not found.' });

const outOfConfigureScope = () =>
  new AppError('FORBIDDEN', {
    message: {
      vi: 'Đơn vị đã chọn nằm ngoài phạm vi bạn được giao cấu hình: hãy chọn đơn vị của mình hoặc đơn vị cấp dưới.',
      en: 'The chosen unit is outside the units you may configure: choose your unit or one below it.',
    },
  });

/** How the public timeline and the scorecards name a recipient. */
export function recipientLabel(recipient: {
  kind: RecipientKind;
  name: string;
  delegateBody: DelegateBody | null;
}) {
  if (recipient.kind === 'agency' || !recipient.delegateBody) return recipient.name;
  if (/^đại biểu/iu.test(recipient.name)) return recipient.name;
  return `Đại biểu ${delegateBodyLabels[recipient.delegateBody]} ${recipient.name}`;
}

type RecipientRow = {
  id: string;
  kind: RecipientKind;
  name: string;
  level: PetitionRecipient['level'];
  unit_id: string;
  unit_name: string;
  unit_path: string;
  delegate_body: DelegateBody | null;
  term: string | null;
  constituency: string | null;
  email: string | null;
  is_active: boolean;
  member_count: number;
  created_at: Date;
};

const COLUMNS = sql`r.id, r.kind, r.name, r.level, r.unit_id, u.name AS unit_name, u.path::text AS unit_path,
  r.delegate_body, r.term, r.constituency, r.email, r.is_active, r.created_at,
  (SELECT count(*)::int FROM petition_recipient_member m WHERE m.recipient_id = r.id) AS member_count`;
const FROM = sql`petition_recipient r JOIN unit u ON u.id = r.unit_id`;

function toRecipient(row: RecipientRow): PetitionRecipient {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    label: recipientLabel({ kind: row.kind, name: row.name, delegateBody: row.delegate_body }),
    level: row.level,
    unitId: row.unit_id,
    unitName: row.unit_name,
    delegateBody: row.delegate_body,
    term: row.term,
    constituency: row.constituency,
    email: row.email,
    isActive: row.is_active,
    memberCount: row.member_count,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function loadRecipient(db: Queryable, id: string): Promise<RecipientRow | null> {
  if (!UUID_PATTERN.test(id)) return null;
  const result = await db.execute<RecipientRow>(sql`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = ${id}`);
  return result.rows[0] ?? null;
}

export function createRecipientsService(deps: { db: Database }) {
  const { db } = deps;

  async function list(actor: Actor, query: z.infer<typeof recipientListQuerySchema>) {
    const where: SQL[] = [recipientsVisibleTo(actor, sql`u.path`)];
    if (!query.includeInactive) where.push(sql`r.is_active`);
    if (query.kind) where.push(sql`r.kind = ${query.kind}`);
    if (query.level) where.push(sql`r.level = ${query.level}`);
    if (query.q)
      where.push(sql`f_unaccent(r.name) LIKE ('%' || f_unaccent(${escapeLike(query.q)}) || '%') ESCAPE '\\'`);
    if (query.forPetitionId) {
      // Recipients serving the petition's area, above or below it (see servesArea).
      where.push(sql`EXISTS (SELECT 1 FROM petition p JOIN unit pu ON pu.id = p.unit_id
                             WHERE p.id = ${query.forPetitionId} AND (u.path @> pu.path OR u.path <@ pu.path))`);
    }
    const condition = sql.join(where, sql` AND `);
    const [rows, total] = await Promise.all([
      db.execute<RecipientRow>(sql`SELECT ${COLUMNS} FROM ${FROM} WHERE ${condition}
        ORDER BY CASE r.level WHEN 'central' THEN 0 WHEN 'province' THEN 1 ELSE 2 END, r.kind, r.name
        LIMIT ${query.limit} OFFSET ${query.offset}`),
      db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${FROM} WHERE ${condition}`),
    ]);
    return { items: rows.rows.map(toRecipient), total: total.rows[0]!.n };
  }

  async function get(actor: Actor, id: string) {
    if (!UUID_PATTERN.test(id)) throw recipientNotFound();
    const result = await db.execute<RecipientRow>(
      sql`SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = ${id} AND ${recipientsVisibleTo(actor, sql`u.path`)}`,
    );
    const row = result.rows[0];
    if (!row) throw recipientNotFound();
    return toRecipient(row);
  }

  async function unitPathOf(tx: Queryable, unitId: string) {
    const result = await tx.execute<{ path: string }>(
      sql`SELECT path::text AS path FROM unit WHERE id = ${unitId} AND status = 'active'`,
    );
    return result.rows[0]?.path ?? null;
  }

  async function create(actor: Actor, input: CreateRecipient, audit: AuditContext) {
    return db.transaction(async (tx) => {
      const path = await unitPathOf(tx, input.unitId);
      if (!path)
        throw badRequest({ vi: 'Không tìm thấy đơn vị đã chọn.', en: 'The chosen unit was not found.' }, [
          { path: 'body.unitId', message: 'Không tìm thấy đơn vị (unknown unit)' },
        ]);
      if (!configuresRecipientsOf(actor, path)) throw outOfConfigureScope();
      const isDelegate = input.kind === 'delegate';
      const inserted = await tx.execute<{ id: string }>(sql`
        INSERT INTO petition_recipient (kind, name, level, unit_id, delegate_body, term, constituency, email)
        VALUES (${input.kind}, ${input.name}, ${input.level}, ${input.unitId},
                ${isDelegate ? input.delegateBody! : null}, ${isDelegate ? (input.term ?? null) : null},
                ${isDelegate ? (input.constituency ?? null) : null}, ${input.email ?? null})
        RETURNING id`);
      const id = inserted.rows[0]!.id;
      const recipient = toRecipient((await loadRecipient(tx, id))!);
      await recordAudit(tx, audit, {
        action: 'petition_recipient.create',
        entityType: 'petition_recipient',
        entityId: id,
        unitId: input.unitId,
        after: recipient,
      });
      return recipient;
    });
  }

  /** The recipient, checked to lie in the actor's petitions.configure subtree (404 otherwise). */
  async function loadManaged(tx: Queryable, actor: Actor, id: string) {
    const row = await loadRecipient(tx, id);
    if (!row || !configuresRecipientsOf(actor, row.unit_path)) throw recipientNotFound();
    return row;
  }

  async function update(actor: Actor, id: string, input: UpdateRecipient, audit: AuditContext) {
    return db.transaction(async (tx) => {
      const before = await loadManaged(tx, actor, id);
      const isDelegate = before.kind === 'delegate';
      if (!isDelegate && (input.delegateBody || input.term || input.constituency))
        throw badRequest(
          {
            vi: 'Cơ quan không có cơ quan dân cử, nhiệm kỳ hay đơn vị bầu cử: các trường này chỉ dành cho đại biểu.',
            en: 'An agency has no elected body, term or constituency: those fields are for delegates.',
          },
          [{ path: 'body.delegateBody', message: 'Chỉ dành cho đại biểu (delegates only)' }],
        );
      const sets: SQL[] = [];
      if (input.name !== undefined) sets.push(sql`name = ${input.name}`);
      if (input.level !== undefined) sets.push(sql`level = ${input.level}`);
      if (input.delegateBody !== undefined) sets.push(sql`delegate_body = ${input.delegateBody}`);
      if (input.term !== undefined) sets.push(sql`term = ${input.term}`);
      if (input.constituency !== undefined) sets.push(sql`constituency = ${input.constituency}`);
      if (input.email !== undefined) sets.push(sql`email = ${input.email}`);
      if (input.isActive !== undefined) sets.push(sql`is_active = ${input.isActive}`);
      await tx.execute(sql`UPDATE petition_recipient SET ${sql.join(sets, sql`, `)} WHERE id = ${id}`);
      const after = toRecipient((await loadRecipient(tx, id))!);
      await recordAudit(tx, audit, {
        action: 'petition_recipient.update',
        entityType: 'petition_recipient',
        entityId: id,
        unitId: before.unit_id,
        before: toRecipient(before),
        after,
      });
      return after;
    });
  }

  /** Deletes a recipient nothing was ever forwarded or addressed to; otherwise 409 (retire it instead). */
  async function remove(actor: Actor, id: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const before = await loadManaged(tx, actor, id);
      const used = await tx.execute<{ used: boolean }>(sql`
        SELECT EXISTS (SELECT 1 FROM petition_forward WHERE recipient_id = ${id})
            OR EXISTS (SELECT 1 FROM petition WHERE addressed_to_id = ${id})
            OR EXISTS (SELECT 1 FROM petition_answer WHERE recipient_id = ${id}) AS used`);
      if (used.rows[0]!.used)
        throw conflict({
          vi: 'Đã có kiến nghị gửi đến cơ quan/đại biểu này nên không thể xóa: hãy chuyển sang "ngừng nhận" (isActive: false) để giữ lịch sử.',
          en: 'Petitions have been sent to this recipient, so it cannot be deleted: set isActive to false to retire it and keep the history.',
        });
      await tx.execute(sql`DELETE FROM petition_recipient_member WHERE recipient_id = ${id}`);
      await tx.execute(sql`DELETE FROM petition_recipient WHERE id = ${id}`);
      await recordAudit(tx, audit, {
        action: 'petition_recipient.delete',
        entityType: 'petition_recipient',
        entityId: id,
        unitId: before.unit_id,
        before: toRecipient(before),
      });
    });
  }

  async function members(actor: Actor, id: string) {
    await loadManaged(db, actor, id);
    const result = await db.execute<{
      staff_id: string;
      full_name: string;
      username: string;
      unit_id: string;
      unit_name: string;
    }>(sql`
      SELECT s.id AS staff_id, s.full_name, s.username, s.unit_id, u.name AS unit_name
        FROM petition_recipient_member m JOIN staff s ON s.id = m.staff_id JOIN unit u ON u.id = s.unit_id
       WHERE m.recipient_id = ${id} ORDER BY s.full_name, s.username`);
    return {
      items: result.rows.map((row) => ({
        staffId: row.staff_id,
        fullName: row.full_name,
        username: row.username,
        unitId: row.unit_id,
        unitName: row.unit_name,
      })),
    };
  }

  /**
   * Makes a staff member act for the recipient. The person must be active and belong to a unit
   * inside the actor's petitions.configure subtree: membership opens the petitions forwarded to
   * the recipient, so it is given only to people the administrator answers for.
   */
  async function addMember(actor: Actor, id: string, staffId: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const recipient = await loadManaged(tx, actor, id);
      const person = await tx.execute<{ status: string }>(sql`
        SELECT s.status FROM staff s JOIN unit u ON u.id = s.unit_id
         WHERE s.id = ${staffId} AND ${pathWithin(sql`u.path`, scopePaths(actor, 'petitions.configure'))}`);
      if (person.rows[0]?.status !== 'active')
        throw badRequest(
          {
            vi: 'Không tìm thấy cán bộ đang làm việc trong phạm vi bạn quản lý.',
            en: 'No active staff member with that id in the units you manage.',
          },
          [{ path: 'body.staffId', message: 'Không tìm thấy cán bộ (unknown staff member)' }],
        );
      const added = await tx.execute(sql`
        INSERT INTO petition_recipient_member (recipient_id, staff_id) VALUES (${id}, ${staffId})
        ON CONFLICT DO NOTHING`);
      if (added.rowCount)
        await recordAudit(tx, audit, {
          action: 'petition_recipient.member_add',
          entityType: 'petition_recipient',
          entityId: id,
          unitId: recipient.unit_id,
          after: { staffId },
        });
    });
    return members(actor, id);
  }

  async function removeMember(actor: Actor, id: string, staffId: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const recipient = await loadManaged(tx, actor, id);
      const removed = await tx.execute(
        sql`DELETE FROM petition_recipient_member WHERE recipient_id = ${id} AND staff_id = ${staffId}`,
      );
      if (!removed.rowCount)
        throw notFound({
          vi: 'Cán bộ này không thuộc danh sách người xử lý của cơ quan/đại biểu.',
          en: 'This staff member does not act for the recipient.',
        });
      await recordAudit(tx, audit, {
        action: 'petition_recipient.member_remove',
        entityType: 'petition_recipient',
        entityId: id,
        unitId: recipient.unit_id,
        before: { staffId },
      });
    });
    return members(actor, id);
  }

  return { list, get, create, update, remove, members, addMember, removeMember };
}

export type RecipientsService = ReturnType<typeof createRecipientsService>;
