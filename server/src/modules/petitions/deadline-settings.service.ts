import type { DeadlineRuleInput } from '@mts/contracts';
import { sql } from 'drizzle-orm';
import type { Database, Queryable } from '../../db/client.ts';
import { type AuditContext, recordAudit } from '../../platform/audit/index.ts';
import { AppError, conflict, notFound } from '../../platform/errors/index.ts';
import type { Actor } from '../../platform/policy/index.ts';
import { type Day, deadlineFor, vietnamDayOf } from './deadlines.ts';
import type { CompetenceLevel, PetitionChannel } from './petitions.schema.ts';
import { configuresNationalSettings } from './routing.policy.ts';

/**
 * The administration of deadline rules and public holidays (petitions.configure at the root of the
 * tree: they hold for every unit). Changing a rule never moves a deadline already set: each forward
 * keeps its deadline and the rule's description.
 */

const nationalOnly = () =>
  new AppError('FORBIDDEN', {
    message: {
      vi: 'Quy tắc thời hạn và ngày nghỉ lễ áp dụng trên toàn quốc: chỉ quản trị viên cấp Trung ương được thay đổi.',
      en: 'Deadline rules and holidays apply nationwide: only administrators at the central level may change them.',
    },
  });
const ruleNotFound = () =>
  notFound({ vi: 'Không tìm thấy quy tắc thời hạn.', en: 'Deadline rule not found.' });

type RuleRow = {
  id: string;
  name: string;
  level: CompetenceLevel | null;
  channel: PetitionChannel | null;
  forwarded_by: 'national_assembly' | 'peoples_council' | null;
  days: number;
  working_days: boolean;
  created_at: Date;
};

const toRule = (row: RuleRow) => ({
  id: row.id,
  name: row.name,
  level: row.level,
  channel: row.channel,
  forwardedBy: row.forwarded_by,
  days: row.days,
  workingDays: row.working_days,
  createdAt: new Date(row.created_at).toISOString(),
});

const RULE_COLUMNS = sql`id, name, level, channel, forwarded_by, days, working_days, created_at`;

/** A default rule (naming nothing) must remain, so every forward gets a deadline. */
async function assertDefaultRemains(tx: Queryable) {
  const result = await tx.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM petition_deadline_rule
     WHERE level IS NULL AND channel IS NULL AND forwarded_by IS NULL`);
  if (result.rows[0]!.n === 0)
    throw conflict({
      vi: 'Phải giữ ít nhất một quy tắc mặc định (không chọn cấp, kênh hay cơ quan chuyển) để kiến nghị nào cũng có thời hạn.',
      en: 'At least one default rule (no level, channel or forwarding body) must remain so every petition gets a deadline.',
    });
}

export function createDeadlineSettingsService(deps: { db: Database }) {
  const { db } = deps;

  async function listRules() {
    const result = await db.execute<RuleRow>(sql`
      SELECT ${RULE_COLUMNS} FROM petition_deadline_rule
       ORDER BY (level IS NOT NULL)::int + (channel IS NOT NULL)::int + (forwarded_by IS NOT NULL)::int DESC,
                level NULLS LAST, forwarded_by NULLS LAST, channel NULLS LAST, name`);
    return { items: result.rows.map(toRule) };
  }

  async function createRule(actor: Actor, input: DeadlineRuleInput, audit: AuditContext) {
    if (!configuresNationalSettings(actor)) throw nationalOnly();
    return db.transaction(async (tx) => {
      const result = await tx.execute<RuleRow>(sql`
        INSERT INTO petition_deadline_rule (name, level, channel, forwarded_by, days, working_days)
        VALUES (${input.name}, ${input.level}, ${input.channel}, ${input.forwardedBy}, ${input.days}, ${input.workingDays})
        RETURNING ${RULE_COLUMNS}`);
      const rule = toRule(result.rows[0]!);
      await recordAudit(tx, audit, {
        action: 'petition_deadline_rule.create',
        entityType: 'petition_deadline_rule',
        entityId: rule.id,
        unitId: actor.activeUnitId,
        after: rule,
      });
      return rule;
    });
  }

  async function updateRule(actor: Actor, id: string, input: DeadlineRuleInput, audit: AuditContext) {
    if (!configuresNationalSettings(actor)) throw nationalOnly();
    return db.transaction(async (tx) => {
      const before = await tx.execute<RuleRow>(
        sql`SELECT ${RULE_COLUMNS} FROM petition_deadline_rule WHERE id = ${id} FOR UPDATE`,
      );
      if (!before.rows[0]) throw ruleNotFound();
      const result = await tx.execute<RuleRow>(sql`
        UPDATE petition_deadline_rule SET name = ${input.name}, level = ${input.level}, channel = ${input.channel},
               forwarded_by = ${input.forwardedBy}, days = ${input.days}, working_days = ${input.workingDays}
         WHERE id = ${id} RETURNING ${RULE_COLUMNS}`);
      await assertDefaultRemains(tx);
      const rule = toRule(result.rows[0]!);
      await recordAudit(tx, audit, {
        action: 'petition_deadline_rule.update',
        entityType: 'petition_deadline_rule',
        entityId: id,
        unitId: actor.activeUnitId,
        before: toRule(before.rows[0]),
        after: rule,
      });
      return rule;
    });
  }

  async function deleteRule(actor: Actor, id: string, audit: AuditContext) {
    if (!configuresNationalSettings(actor)) throw nationalOnly();
    await db.transaction(async (tx) => {
      const result = await tx.execute<RuleRow>(
        sql`DELETE FROM petition_deadline_rule WHERE id = ${id} RETURNING ${RULE_COLUMNS}`,
      );
      if (!result.rows[0]) throw ruleNotFound();
      await assertDefaultRemains(tx);
      await recordAudit(tx, audit, {
        action: 'petition_deadline_rule.delete',
        entityType: 'petition_deadline_rule',
        entityId: id,
        unitId: actor.activeUnitId,
        before: toRule(result.rows[0]),
      });
    });
  }

  async function listHolidays(year?: number) {
    const thisYear = Number(vietnamDayOf(new Date()).slice(0, 4));
    const from = `${year ?? thisYear}-01-01`;
    const to = `${year ?? thisYear + 1}-12-31`;
    const result = await db.execute<{ day: string; name: string }>(sql`
      SELECT day::text AS day, name FROM petition_holiday WHERE day BETWEEN ${from} AND ${to} ORDER BY day`);
    return { items: result.rows };
  }

  /** Adds a holiday or renames it (idempotent by day). */
  async function putHoliday(actor: Actor, day: Day, name: string, audit: AuditContext) {
    if (!configuresNationalSettings(actor)) throw nationalOnly();
    return db.transaction(async (tx) => {
      const before = await tx.execute<{ name: string }>(
        sql`SELECT name FROM petition_holiday WHERE day = ${day}`,
      );
      await tx.execute(sql`
        INSERT INTO petition_holiday (day, name) VALUES (${day}, ${name})
        ON CONFLICT (day) DO UPDATE SET name = excluded.name`);
      await recordAudit(tx, audit, {
        action: before.rows[0] ? 'petition_holiday.update' : 'petition_holiday.create',
        entityType: 'petition_holiday',
        entityId: null,
        unitId: actor.activeUnitId,
        before: before.rows[0] ? { day, name: before.rows[0].name } : undefined,
        after: { day, name },
      });
      return { day, name };
    });
  }

  async function deleteHoliday(actor: Actor, day: Day, audit: AuditContext) {
    if (!configuresNationalSettings(actor)) throw nationalOnly();
    await db.transaction(async (tx) => {
      const result = await tx.execute<{ name: string }>(
        sql`DELETE FROM petition_holiday WHERE day = ${day} RETURNING name`,
      );
      if (!result.rows[0])
        throw notFound({
          vi: 'Ngày này không có trong danh sách ngày nghỉ lễ.',
          en: 'This day is not a holiday.',
        });
      await recordAudit(tx, audit, {
        action: 'petition_holiday.delete',
        entityType: 'petition_holiday',
        entityId: null,
        unitId: actor.activeUnitId,
        before: { day, name: result.rows[0].name },
      });
    });
  }

  async function preview(query: {
    level: CompetenceLevel;
    channel: PetitionChannel;
    forwardedBy?: 'national_assembly' | 'peoples_council';
    at?: string;
  }) {
    const computed = await deadlineFor(db, {
      level: query.level,
      channel: query.channel,
      forwardedBy: query.forwardedBy ?? null,
      at: query.at ? new Date(query.at) : new Date(),
    });
    return {
      deadlineAt: computed.deadlineAt.toISOString(),
      lastDay: computed.lastDay,
      ruleId: computed.rule.id,
      rule: computed.description,
    };
  }

  return { listRules, createRule, updateRule, deleteRule, listHolidays, putHoliday, deleteHoliday, preview };
}

export type DeadlineSettingsService = ReturnType<typeof createDeadlineSettingsService>;
