import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { UUID_PATTERN } from '../../platform/policy/index.ts';
import type { TopicKind } from '../../platform/realtime/index.ts';

/** `user:<staffId>` — a person's own inbox (notifications, mentions): only that person listens. */
export const userTopicKind: TopicKind = {
  kind: 'user',
  canSubscribe: async (actor, id) => actor.staffId === id,
};

/**
 * `unit:<unitId>` — a unit's inbox (directives addressed to it, …). The people who listen: active
 * staff whose home unit it is (`staff.unit_id`), and anyone holding a role at that very unit
 * (`role_assignment.unit_id`), whichever unit they are acting for. Not the ancestors: a province
 * leader follows a directive's own topic, not the inbox of every commune below.
 */
export function unitTopicKind(db: Database): TopicKind {
  return {
    kind: 'unit',
    async canSubscribe(actor, id) {
      if (!UUID_PATTERN.test(id)) return false;
      const result = await db.execute<{ ok: boolean }>(sql`
        SELECT EXISTS (
          SELECT 1 FROM staff WHERE id = ${actor.staffId} AND status = 'active' AND unit_id = ${id}
          UNION ALL
          SELECT 1 FROM role_assignment WHERE staff_id = ${actor.staffId} AND unit_id = ${id}
        ) AS ok`);
      return result.rows[0]?.ok === true;
    },
  };
}

/** The topic names other modules publish on. */
export const userTopic = (staffId: string) => `user:${staffId}`;
export const unitTopic = (unitId: string) => `unit:${unitId}`;
