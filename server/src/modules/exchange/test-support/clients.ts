import type { Permission } from '@mts/contracts';
import { buildStaff } from '../../../../test/factories.ts';
import type { TestClient, TestContext } from '../../../../test/harness.ts';
import { role } from '../../identity/index.ts';

let ipCounter = 0;
/** A client with its own address, so per-address rate limits of one test never reach another. */
export function freshClient(ctx: TestContext): TestClient {
  ipCounter += 1;
  const client = ctx.client();
  client.ip = `10.${(process.pid % 200) + 50}.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
  return client;
}

/**
 * An integration's API token, made the way an administrator makes one: a person holding
 * `tokens.manage` and the token's permissions signs in and creates it through /api/tokens.
 */
export async function apiTokenFor(ctx: TestContext, unitId: string, permissions: Permission[]) {
  const roleId = `exchange_admin_${permissions.join('_').replaceAll('.', '_')}`;
  await ctx.platform.db
    .insert(role)
    .values({
      id: roleId,
      nameVi: roleId,
      nameEn: roleId,
      permissions: ['tokens.manage', ...permissions],
      requiresMfa: false,
    })
    .onConflictDoNothing();
  const admin = await buildStaff(ctx.platform.db, { unitId, roles: [{ roleId }] });
  const client = freshClient(ctx);
  await client.login(admin.username, admin.password);
  const created = await client.post('/api/tokens', {
    name: 'Trục liên thông văn bản (LGSP)',
    unitId,
    permissions,
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  if (created.statusCode !== 201) throw new Error(`token: ${created.statusCode} ${created.body}`);
  const integration = freshClient(ctx);
  integration.bearer = (created.json() as { token: string }).token;
  return integration;
}
