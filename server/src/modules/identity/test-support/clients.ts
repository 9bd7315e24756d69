import type { Permission } from '@mts/contracts';
import { eq } from 'drizzle-orm';
import { buildStaff } from '../../../../test/factories.ts';
import type { TestClient, TestContext } from '../../../../test/harness.ts';
import { auditLog } from '../../../platform/audit/index.ts';
import { role } from '../identity.schema.ts';

let ipCounter = 0;
/** A client with its own address, so per-address rate limits of one test never reach another. */
export function freshClient(ctx: TestContext): TestClient {
  ipCounter += 1;
  const client = ctx.client();
  client.ip = `10.${process.pid % 250}.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
  return client;
}

/** A role holding exactly these permissions (and, optionally, demanding two-factor sign-in). */
export async function ensureRole(
  ctx: TestContext,
  id: string,
  permissions: Permission[],
  options: { requiresMfa?: boolean } = {},
) {
  await ctx.platform.db
    .insert(role)
    .values({ id, nameVi: id, nameEn: id, permissions, requiresMfa: options.requiresMfa ?? false })
    .onConflictDoNothing();
  return id;
}

/** A staff member signed in with their password (no second factor). */
export async function signedInStaff(
  ctx: TestContext,
  input: { unitId: string; roles?: Array<{ roleId: string; unitId?: string }>; email?: string | null },
) {
  const person = await buildStaff(ctx.platform.db, input);
  const client = freshClient(ctx);
  await client.login(person.username, person.password);
  return { person, client };
}

/** Audit actions recorded about an entity, oldest first. */
export async function auditActionsFor(ctx: TestContext, entityId: string) {
  const rows = await ctx.platform.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.entityId, entityId))
    .orderBy(auditLog.id);
  return rows.map((r) => r.action);
}
