import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../platform/errors/index.ts';
import { loginThrottle } from './identity.schema.ts';
import { sha256Hex } from './tokens.ts';

/** Failed sign-ins allowed per login name in a window, whichever addresses they come from. */
export const THROTTLE_MAX_FAILURES = 10;
export const THROTTLE_WINDOW_MINUTES = 15;

const keyOf = (login: string) => sha256Hex(`login:${login.trim().toLowerCase()}`);
const windowStart = sql`now() - make_interval(mins => ${THROTTLE_WINDOW_MINUTES})`;

/**
 * Per-name throttle, complementing the per-IP rate limit and the per-account lockout: it applies
 * to names that do not exist too (so it reveals nothing) and is shared by every instance.
 */
export const loginThrottleOf = (db: Queryable) => ({
  async assertAllowed(login: string) {
    const [row] = await db
      .select({ failures: loginThrottle.failures })
      .from(loginThrottle)
      .where(
        sql`${loginThrottle.key} = ${keyOf(login)} AND ${loginThrottle.windowStartedAt} > ${windowStart}`,
      );
    if (row && row.failures >= THROTTLE_MAX_FAILURES) {
      throw new AppError('RATE_LIMITED', {
        message: {
          vi: `Đăng nhập sai quá nhiều lần với tên đăng nhập này. Vui lòng thử lại sau ${THROTTLE_WINDOW_MINUTES} phút.`,
          en: `Too many failed sign-ins for this username. Try again in ${THROTTLE_WINDOW_MINUTES} minutes.`,
        },
      });
    }
  },

  async recordFailure(login: string) {
    await db.execute(sql`
      INSERT INTO ${loginThrottle} (key, window_started_at, failures) VALUES (${keyOf(login)}, now(), 1)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN ${loginThrottle.windowStartedAt} > ${windowStart} THEN ${loginThrottle.failures} + 1 ELSE 1 END,
        window_started_at = CASE WHEN ${loginThrottle.windowStartedAt} > ${windowStart}
                                 THEN ${loginThrottle.windowStartedAt} ELSE now() END`);
    // Windows that ended long ago are kept from piling up (names sprayed by an attacker).
    await db.execute(
      sql`DELETE FROM ${loginThrottle} WHERE ${loginThrottle.windowStartedAt} < now() - interval '1 day'`,
    );
  },
});
