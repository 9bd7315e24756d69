import type {
  CreateDirective,
  Directive,
  DirectiveCounts,
  RecipientRow,
  RecipientSelector,
  RecipientStatus,
} from '@mts/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors/index.ts';
import type { PlatformDeps } from '../../platform/http/index.ts';
import { type Actor, isInScope, pathWithin, scopePaths, UUID_PATTERN } from '../../platform/policy/index.ts';
import { publish } from '../../platform/realtime/index.ts';
import type { DirectiveAttachment } from './directives.schema.ts';

export const directiveTopic = (id: string) => `directive:${id}`;

const notFoundDirective = () => notFound({ vi: 'Không tìm thấy chỉ đạo.', en: 'Directive not found.' });
const outOfScope = () =>
  new AppError('FORBIDDEN', {
    message: {
      vi: 'Có đơn vị nhận ngoài phạm vi được giao chỉ đạo.',
      en: 'Some recipient units are outside the units you may direct.',
    },
  });
const cancelledDirective = () =>
  conflict({ vi: 'Chỉ đạo đã bị thu hồi.', en: 'The directive has been cancelled.' });

type DirectiveRow = {
  id: string;
  sender_unit_id: string;
  sender_unit_name: string;
  sender_unit_path: string;
  sender_staff_id: string;
  sender_name: string;
  title: string;
  body: string;
  deadline: Date;
  action: Directive['action'];
  figure_label: string | null;
  urgent: boolean;
  selector: Record<string, unknown>;
  remind_before_minutes: number[];
  recipient_count: number;
  created_at: Date;
  cancelled_at: Date | null;
};

type RecipientDbRow = {
  unit_id: string;
  unit_name: string;
  unit_code: string | null;
  status: RecipientStatus;
  seen_at: Date | null;
  acknowledged_at: Date | null;
  on_time: boolean | null;
  reported_at: Date | null;
  report_text: string | null;
  report_figure: string | null;
  attachments: DirectiveAttachment[];
  reminded_at: Date | null;
  escalated_at: Date | null;
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toDirective(row: DirectiveRow): Directive {
  return {
    id: row.id,
    senderUnitId: row.sender_unit_id,
    senderUnitName: row.sender_unit_name,
    senderStaffId: row.sender_staff_id,
    senderName: row.sender_name,
    title: row.title,
    body: row.body,
    deadline: iso(row.deadline)!,
    action: row.action,
    figureLabel: row.figure_label,
    urgent: row.urgent,
    selector: row.selector,
    remindBeforeMinutes: row.remind_before_minutes,
    recipientCount: row.recipient_count,
    createdAt: iso(row.created_at)!,
    cancelledAt: iso(row.cancelled_at),
  };
}

export function toRecipientRow(row: RecipientDbRow): RecipientRow {
  return {
    unitId: row.unit_id,
    unitName: row.unit_name,
    unitCode: row.unit_code,
    status: row.status,
    seenAt: iso(row.seen_at),
    acknowledgedAt: iso(row.acknowledged_at),
    onTime: row.on_time,
    reportedAt: iso(row.reported_at),
    reportText: row.report_text,
    reportFigure: row.report_figure === null ? null : Number(row.report_figure),
    attachments: row.attachments,
    remindedAt: iso(row.reminded_at),
    escalatedAt: iso(row.escalated_at),
  };
}

const DIRECTIVE_COLUMNS = sql`d.id, d.sender_unit_id, su.name AS sender_unit_name, su.path::text AS sender_unit_path,
  d.sender_staff_id, ss.full_name AS sender_name, d.title, d.body, d.deadline, d.action, d.figure_label, d.urgent,
  d.selector, d.remind_before_minutes, d.recipient_count, d.created_at, d.cancelled_at`;
const DIRECTIVE_FROM = sql`directive d JOIN unit su ON su.id = d.sender_unit_id JOIN staff ss ON ss.id = d.sender_staff_id`;
const RECIPIENT_COLUMNS = sql`r.unit_id, u.name AS unit_name, u.code AS unit_code, r.status, r.seen_at,
  r.acknowledged_at, r.on_time, r.reported_at, r.report_text, r.report_figure::text AS report_figure,
  r.attachments, r.reminded_at, r.escalated_at`;

/** The counts by status of one directive's board, plus those still owing an acknowledgement past the deadline. */
export async function boardCounts(db: Queryable, id: string): Promise<DirectiveCounts> {
  const result = await db.execute<DirectiveCounts>(sql`
    SELECT count(*) FILTER (WHERE r.status = 'sent')::int AS sent,
           count(*) FILTER (WHERE r.status = 'seen')::int AS seen,
           count(*) FILTER (WHERE r.status = 'acknowledged')::int AS acknowledged,
           count(*) FILTER (WHERE r.status = 'reported')::int AS reported,
           count(*) FILTER (WHERE r.status IN ('sent', 'seen') AND d.deadline < now())::int AS overdue,
           count(*)::int AS total
      FROM directive d JOIN directive_recipient r ON r.directive_id = d.id
     WHERE d.id = ${id}`);
  return result.rows[0]!;
}

/**
 * Recipient rows (alias `r`) the actor answers for: units where they hold 'directives.respond'
 * themselves, or whose department or standing board they hold it in. Not the whole subtree: a
 * province clerk does not acknowledge for the communes below.
 */
function answeredBy(actor: Actor): SQL {
  const units = `{${actor.grants
    .filter((grant) => grant.permissions.has('directives.respond'))
    .map((grant) => grant.unitId)
    .join(',')}}`;
  return sql`(r.unit_id = ANY(${units}::uuid[])
    OR EXISTS (SELECT 1 FROM unit g WHERE g.id = ANY(${units}::uuid[]) AND g.parent_id = r.unit_id
                 AND g.kind IN ('department', 'standing_board')))`;
}

/** The `WHERE` of the units a selector names, before scoping. Throws when a named root is outside the scope. */
async function selectorCondition(
  db: Queryable,
  selector: RecipientSelector,
  roots: string[],
): Promise<{ where: SQL; expected?: number }> {
  const pathOf = async (unitId: string) => {
    const result = await db.execute<{ path: string }>(
      sql`SELECT path::text AS path FROM unit WHERE id = ${unitId}`,
    );
    const path = result.rows[0]?.path;
    if (!path || !roots.some((root) => path === root || path.startsWith(`${root}.`))) throw outOfScope();
    return path;
  };
  if ('subtreeOf' in selector) {
    const path = await pathOf(selector.subtreeOf);
    return { where: sql`u.path <@ ${path}::ltree AND u.kind = 'committee'` };
  }
  if ('level' in selector) {
    const within = selector.within ? await pathOf(selector.within) : null;
    return {
      where: within
        ? sql`u.level_id = ${selector.level} AND u.kind = 'committee' AND u.path <@ ${within}::ltree`
        : sql`u.level_id = ${selector.level} AND u.kind = 'committee'`,
    };
  }
  return {
    where: sql`u.id = ANY(${`{${selector.unitIds.join(',')}}`}::uuid[])`,
    expected: selector.unitIds.length,
  };
}

export function createDirectivesService(
  deps: Pick<PlatformDeps, 'db'>,
  afterCreate: (id: string) => Promise<void>,
) {
  const db: Database = deps.db;

  async function loadDirective(tx: Queryable, id: string): Promise<DirectiveRow | null> {
    if (!UUID_PATTERN.test(id)) return null;
    const result = await tx.execute<DirectiveRow>(
      sql`SELECT ${DIRECTIVE_COLUMNS} FROM ${DIRECTIVE_FROM} WHERE d.id = ${id}`,
    );
    return result.rows[0] ?? null;
  }

  const followsBoard = (actor: Actor, row: DirectiveRow) =>
    isInScope(actor, 'directives.send', row.sender_unit_path);

  /** Sends a directive: the directive, every recipient row (one INSERT … SELECT) and the realtime notices, in one transaction. */
  async function create(actor: Actor, input: CreateDirective, audit: AuditContext, now = new Date()) {
    const roots = scopePaths(actor, 'directives.send');
    const deadline = new Date(input.deadline);
    if (deadline.getTime() <= now.getTime())
      throw badRequest({
        vi: 'Hạn xử lý đã qua: hãy chọn một thời điểm trong tương lai.',
        en: 'The deadline is in the past: choose a future time.',
      });
    const senderUnitId = input.senderUnitId ?? actor.activeUnitId;
    const id = await db.transaction(async (tx) => {
      const sender = await tx.execute<{ path: string }>(
        sql`SELECT path::text AS path FROM unit WHERE id = ${senderUnitId}`,
      );
      const senderPath = sender.rows[0]?.path;
      if (!senderPath || !isInScope(actor, 'directives.send', senderPath))
        throw new AppError('FORBIDDEN', {
          message: {
            vi: 'Bạn không có quyền gửi chỉ đạo thay mặt đơn vị này.',
            en: 'You may not send directives on behalf of this unit.',
          },
        });
      const { where, expected } = await selectorCondition(tx, input.recipients, roots);
      const inserted = await tx.execute<{ id: string }>(sql`
        INSERT INTO directive (sender_unit_id, sender_staff_id, title, body, deadline, action, figure_label,
                               urgent, selector, remind_before_minutes, recipient_count, created_at)
        VALUES (${senderUnitId}, ${actor.staffId}, ${input.title}, ${input.body}, ${deadline.toISOString()},
                ${input.action}, ${input.action === 'figure' ? input.figureLabel! : null}, ${input.urgent},
                ${JSON.stringify(input.recipients)}::jsonb,
                ${`{${(input.remindBeforeMinutes ?? [1440, 120]).join(',')}}`}::integer[], 0, ${now.toISOString()})
        RETURNING id`);
      const directiveId = inserted.rows[0]!.id;
      // Named units: every one must exist and lie in scope (the sender's own unit is allowed only here).
      if (expected !== undefined) {
        const found = await tx.execute<{ n: number }>(sql`
          SELECT count(*)::int AS n FROM unit u WHERE ${where} AND ${pathWithin(sql`u.path`, roots)}`);
        if (found.rows[0]!.n !== expected) throw outOfScope();
      }
      const recipients = await tx.execute<{ n: number }>(sql`
        WITH added AS (
          INSERT INTO directive_recipient (directive_id, unit_id)
          SELECT ${directiveId}, u.id FROM unit u
           WHERE ${where} AND ${pathWithin(sql`u.path`, roots)} AND u.status = 'active'
             ${expected === undefined ? sql`AND u.id <> ${senderUnitId}` : sql``}
          RETURNING 1)
        SELECT count(*)::int AS n FROM added`);
      const count = recipients.rows[0]!.n;
      if (count === 0)
        throw badRequest({
          vi: 'Chưa chọn đơn vị nhận: không có đơn vị nào phù hợp.',
          en: 'No recipient units: the selection matches no unit.',
        });
      await tx.execute(sql`UPDATE directive SET recipient_count = ${count} WHERE id = ${directiveId}`);
      // One message per recipient unit, in one statement, through the deployment's transport
      // (NOTIFY, or the outbox relayed to NATS); delivered on commit only.
      await tx.execute(sql`
        SELECT mts_realtime_publish('unit:' || r.unit_id,
                 jsonb_build_object('type', 'directive', 'id', ${directiveId}::uuid, 'title', ${input.title}::text,
                                    'deadline', ${deadline.toISOString()}::text, 'urgent', ${input.urgent}::boolean))
          FROM directive_recipient r WHERE r.directive_id = ${directiveId}`);
      await recordAudit(tx, audit, {
        action: 'directive.create',
        entityType: 'directive',
        entityId: directiveId,
        unitId: senderUnitId,
        after: {
          title: input.title,
          deadline: deadline.toISOString(),
          action: input.action,
          recipientCount: count,
        },
      });
      return directiveId;
    });
    await afterCreate(id).catch(() => undefined);
    return detail(actor, id);
  }

  /** The recipient rows the actor answers for (directives.respond in their subtree). */
  async function myRows(tx: Queryable, actor: Actor, id: string) {
    const result = await tx.execute<RecipientDbRow>(sql`
      SELECT ${RECIPIENT_COLUMNS} FROM directive_recipient r JOIN unit u ON u.id = r.unit_id
       WHERE r.directive_id = ${id} AND ${answeredBy(actor)}
       ORDER BY (r.unit_id = ${actor.activeUnitId}) DESC, u.path LIMIT 50`);
    return result.rows.map(toRecipientRow);
  }

  async function detail(actor: Actor, id: string) {
    const row = await loadDirective(db, id);
    if (!row) throw notFoundDirective();
    const sender = followsBoard(actor, row);
    const mine = await myRows(db, actor, id);
    if (!sender && mine.length === 0) throw notFoundDirective();
    return { directive: toDirective(row), counts: sender ? await boardCounts(db, id) : null, mine };
  }

  async function list(actor: Actor, query: { box: 'sent' | 'received'; limit: number; offset: number }) {
    if (query.box === 'sent') {
      const visible = sql`${pathWithin(sql`su.path`, scopePaths(actor, 'directives.send'))}`;
      const [rows, total] = await Promise.all([
        db.execute<DirectiveRow & { counts: DirectiveCounts }>(sql`
          SELECT ${DIRECTIVE_COLUMNS}, c.counts FROM ${DIRECTIVE_FROM}
            CROSS JOIN LATERAL (
              SELECT json_build_object(
                'sent', count(*) FILTER (WHERE r.status = 'sent'), 'seen', count(*) FILTER (WHERE r.status = 'seen'),
                'acknowledged', count(*) FILTER (WHERE r.status = 'acknowledged'),
                'reported', count(*) FILTER (WHERE r.status = 'reported'),
                'overdue', count(*) FILTER (WHERE r.status IN ('sent', 'seen') AND d.deadline < now()),
                'total', count(*)) AS counts
                FROM directive_recipient r WHERE r.directive_id = d.id) c
           WHERE ${visible} ORDER BY d.created_at DESC, d.id LIMIT ${query.limit} OFFSET ${query.offset}`),
        db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${DIRECTIVE_FROM} WHERE ${visible}`),
      ]);
      return {
        items: rows.rows.map((row) => ({
          ...withoutBody(toDirective(row)),
          counts: row.counts,
          myStatus: null,
        })),
        total: total.rows[0]!.n,
      };
    }
    const mine = sql`EXISTS (SELECT 1 FROM directive_recipient r JOIN unit u ON u.id = r.unit_id
      WHERE r.directive_id = d.id AND ${answeredBy(actor)})`;
    const [rows, total] = await Promise.all([
      db.execute<DirectiveRow & { my_status: RecipientStatus }>(sql`
        SELECT ${DIRECTIVE_COLUMNS},
               (SELECT r.status FROM directive_recipient r JOIN unit u ON u.id = r.unit_id
                 WHERE r.directive_id = d.id AND ${answeredBy(actor)}
                 ORDER BY (r.unit_id = ${actor.activeUnitId}) DESC, u.path LIMIT 1) AS my_status
          FROM ${DIRECTIVE_FROM}
         WHERE ${mine} ORDER BY d.created_at DESC, d.id LIMIT ${query.limit} OFFSET ${query.offset}`),
      db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM directive d WHERE ${mine}`),
    ]);
    return {
      items: rows.rows.map((row) => ({
        ...withoutBody(toDirective(row)),
        counts: null,
        myStatus: row.my_status,
      })),
      total: total.rows[0]!.n,
    };
  }

  /** The board for the sender side (the route's policy checked the sender unit is in scope). */
  async function board(
    id: string,
    query: { status?: RecipientStatus | 'overdue'; limit: number; offset: number },
  ) {
    const filter =
      query.status === 'overdue'
        ? sql`r.status IN ('sent', 'seen') AND d.deadline < now()`
        : query.status
          ? sql`r.status = ${query.status}`
          : sql`true`;
    const [counts, rows, total] = await Promise.all([
      boardCounts(db, id),
      db.execute<RecipientDbRow>(sql`
        SELECT ${RECIPIENT_COLUMNS} FROM directive_recipient r
          JOIN directive d ON d.id = r.directive_id JOIN unit u ON u.id = r.unit_id
         WHERE r.directive_id = ${id} AND ${filter}
         ORDER BY u.path LIMIT ${query.limit} OFFSET ${query.offset}`),
      db.execute<{ n: number }>(sql`
        SELECT count(*)::int AS n FROM directive_recipient r JOIN directive d ON d.id = r.directive_id
         WHERE r.directive_id = ${id} AND ${filter}`),
    ]);
    return { counts, rows: rows.rows.map(toRecipientRow), total: total.rows[0]!.n };
  }

  /** Every row of the board in tree order, for the export. */
  async function boardForExport(id: string) {
    const row = await loadDirective(db, id);
    if (!row) throw notFoundDirective();
    const rows = await db.execute<RecipientDbRow>(sql`
      SELECT ${RECIPIENT_COLUMNS} FROM directive_recipient r JOIN unit u ON u.id = r.unit_id
       WHERE r.directive_id = ${id} ORDER BY u.path`);
    return { directive: toDirective(row), rows: rows.rows.map(toRecipientRow) };
  }

  async function cancel(actor: Actor, id: string, audit: AuditContext) {
    await db.transaction(async (tx) => {
      const updated = await tx.execute<{ id: string }>(sql`
        UPDATE directive SET cancelled_at = now(), cancelled_by = ${actor.staffId}
         WHERE id = ${id} AND cancelled_at IS NULL RETURNING id`);
      if (updated.rows.length === 0) return; // already cancelled: nothing changes
      await publish(tx, directiveTopic(id), { type: 'cancelled' });
      await recordAudit(tx, audit, { action: 'directive.cancel', entityType: 'directive', entityId: id });
    });
    return detail(actor, id);
  }

  /**
   * Locks the recipient row the actor acts for: the named unit, else the active unit when it is a
   * recipient, else the only recipient in the actor's scope. 404 when the actor answers for none.
   */
  async function lockRecipient(tx: Queryable, actor: Actor, id: string, unitId?: string) {
    if (!UUID_PATTERN.test(id)) throw notFoundDirective();
    const result = await tx.execute<{
      unit_id: string;
      status: RecipientStatus;
      deadline: Date;
      action: Directive['action'];
      cancelled_at: Date | null;
      acknowledged_at: Date | null;
    }>(sql`
      SELECT r.unit_id, r.status, d.deadline, d.action, d.cancelled_at, r.acknowledged_at
        FROM directive_recipient r JOIN unit u ON u.id = r.unit_id JOIN directive d ON d.id = r.directive_id
       WHERE r.directive_id = ${id} AND ${answeredBy(actor)}
             ${unitId ? sql`AND r.unit_id = ${unitId}` : sql``}
       ORDER BY (r.unit_id = ${actor.activeUnitId}) DESC, u.path
       LIMIT 2 FOR UPDATE OF r`);
    const [first, second] = result.rows;
    if (!first) throw notFoundDirective();
    if (second && first.unit_id !== actor.activeUnitId)
      throw badRequest({
        vi: 'Bạn trả lời cho nhiều đơn vị nhận: hãy chọn đơn vị (unitId).',
        en: 'You answer for several recipient units: choose one (unitId).',
      });
    if (first.cancelled_at) throw cancelledDirective();
    return first;
  }

  async function recipientView(tx: Queryable, id: string, unitId: string) {
    const result = await tx.execute<RecipientDbRow>(sql`
      SELECT ${RECIPIENT_COLUMNS} FROM directive_recipient r JOIN unit u ON u.id = r.unit_id
       WHERE r.directive_id = ${id} AND r.unit_id = ${unitId}`);
    return toRecipientRow(result.rows[0]!);
  }

  /** The first view of a recipient unit's staff marks the row seen; later views change nothing. */
  async function markSeen(actor: Actor, id: string, unitId?: string) {
    return db.transaction(async (tx) => {
      const row = await lockRecipient(tx, actor, id, unitId);
      if (row.status === 'sent') {
        await tx.execute(sql`
          UPDATE directive_recipient SET status = 'seen', seen_at = now(), seen_by = ${actor.staffId}
           WHERE directive_id = ${id} AND unit_id = ${row.unit_id}`);
        await publish(tx, directiveTopic(id), { type: 'board', unitId: row.unit_id, status: 'seen' });
      }
      return recipientView(tx, id, row.unit_id);
    });
  }

  /** Acknowledges receipt (on time when no later than the deadline); acknowledging twice changes nothing. */
  async function acknowledge(actor: Actor, id: string, unitId: string | undefined, audit: AuditContext) {
    return db.transaction(async (tx) => {
      const row = await lockRecipient(tx, actor, id, unitId);
      if (row.status === 'sent' || row.status === 'seen') {
        await tx.execute(sql`
          UPDATE directive_recipient
             SET status = 'acknowledged', acknowledged_at = now(), acknowledged_by = ${actor.staffId},
                 on_time = now() <= ${new Date(row.deadline).toISOString()}::timestamptz,
                 seen_at = coalesce(seen_at, now()), seen_by = coalesce(seen_by, ${actor.staffId}::uuid)
           WHERE directive_id = ${id} AND unit_id = ${row.unit_id}`);
        await publish(tx, directiveTopic(id), { type: 'board', unitId: row.unit_id, status: 'acknowledged' });
        await recordAudit(tx, audit, {
          action: 'directive.acknowledge',
          entityType: 'directive',
          entityId: id,
          unitId: row.unit_id,
        });
      }
      return recipientView(tx, id, row.unit_id);
    });
  }

  /**
   * Reports back: text (with optional attachments already stored) for action 'report', a figure
   * for action 'figure'. Reporting acknowledges too when that was not done yet. Once only.
   */
  async function report(
    actor: Actor,
    id: string,
    input: { unitId?: string; text?: string; figure?: number; attachments: DirectiveAttachment[] },
    audit: AuditContext,
  ) {
    return db.transaction(async (tx) => {
      const row = await lockRecipient(tx, actor, id, input.unitId);
      if (row.action === 'acknowledge')
        throw badRequest({
          vi: 'Chỉ đạo này chỉ yêu cầu xác nhận, không yêu cầu báo cáo.',
          en: 'This directive asks for an acknowledgement only, not a report.',
        });
      if (row.action === 'figure' && input.figure === undefined)
        throw badRequest({
          vi: 'Chỉ đạo này yêu cầu báo cáo bằng số liệu: hãy nhập số liệu.',
          en: 'This directive asks for a figure: enter the figure.',
        });
      if (row.action === 'report' && input.figure !== undefined)
        throw badRequest({
          vi: 'Chỉ đạo này yêu cầu báo cáo bằng văn bản, không phải số liệu.',
          en: 'This directive asks for a written report, not a figure.',
        });
      if (row.action === 'report' && !input.text && input.attachments.length === 0)
        throw badRequest({
          vi: 'Báo cáo cần nội dung hoặc tệp đính kèm.',
          en: 'A report needs text or an attachment.',
        });
      if (row.status === 'reported')
        throw conflict({ vi: 'Đơn vị đã báo cáo chỉ đạo này.', en: 'The unit has already reported.' });
      const deadline = new Date(row.deadline).toISOString();
      await tx.execute(sql`
        UPDATE directive_recipient
           SET status = 'reported', reported_at = now(), reported_by = ${actor.staffId},
               report_text = ${input.text || null}, report_figure = ${input.figure ?? null},
               attachments = ${JSON.stringify(input.attachments)}::jsonb,
               acknowledged_at = coalesce(acknowledged_at, now()),
               acknowledged_by = coalesce(acknowledged_by, ${actor.staffId}::uuid),
               on_time = coalesce(on_time, now() <= ${deadline}::timestamptz),
               seen_at = coalesce(seen_at, now()), seen_by = coalesce(seen_by, ${actor.staffId}::uuid)
         WHERE directive_id = ${id} AND unit_id = ${row.unit_id}`);
      await publish(tx, directiveTopic(id), { type: 'board', unitId: row.unit_id, status: 'reported' });
      await recordAudit(tx, audit, {
        action: 'directive.report',
        entityType: 'directive',
        entityId: id,
        unitId: row.unit_id,
        after: { figure: input.figure ?? null, attachments: input.attachments.length },
      });
      return recipientView(tx, id, row.unit_id);
    });
  }

  /**
   * A file attached to a report, for the sender side (directives.send over the sender unit) or for
   * those answering for the reporting unit; 404 otherwise.
   */
  async function attachment(actor: Actor, id: string, key: string) {
    if (!UUID_PATTERN.test(id)) throw notFoundDirective();
    const result = await db.execute<{ attachment: DirectiveAttachment }>(sql`
      SELECT a AS attachment
        FROM directive d JOIN unit su ON su.id = d.sender_unit_id
        JOIN directive_recipient r ON r.directive_id = d.id JOIN unit u ON u.id = r.unit_id
        CROSS JOIN LATERAL jsonb_array_elements(r.attachments) a
       WHERE d.id = ${id} AND a->>'key' = ${key}
         AND (${pathWithin(sql`su.path`, scopePaths(actor, 'directives.send'))}
              OR ${answeredBy(actor)})
       LIMIT 1`);
    const found = result.rows[0]?.attachment;
    if (!found) throw notFound({ vi: 'Không tìm thấy tệp đính kèm.', en: 'Attachment not found.' });
    return found;
  }

  /** The board topic: the sender side in scope, or staff of (or answering for) a recipient unit. */
  async function canFollow(actor: Actor, id: string) {
    if (!UUID_PATTERN.test(id)) return false;
    const result = await db.execute<{ ok: boolean }>(sql`
      SELECT EXISTS (SELECT 1 FROM directive d JOIN unit su ON su.id = d.sender_unit_id
                      WHERE d.id = ${id} AND ${pathWithin(sql`su.path`, scopePaths(actor, 'directives.send'))})
          OR EXISTS (SELECT 1 FROM directive_recipient r JOIN unit u ON u.id = r.unit_id
                      WHERE r.directive_id = ${id}
                        AND (${answeredBy(actor)}
                             OR r.unit_id = (SELECT unit_id FROM staff WHERE id = ${actor.staffId}))) AS ok`);
    return result.rows[0]?.ok === true;
  }

  return {
    create,
    detail,
    list,
    board,
    boardForExport,
    cancel,
    markSeen,
    acknowledge,
    report,
    attachment,
    canFollow,
  };
}

function withoutBody(d: Directive) {
  const { body: _body, selector: _selector, ...rest } = d;
  return rest;
}

export type DirectivesService = ReturnType<typeof createDirectivesService>;
