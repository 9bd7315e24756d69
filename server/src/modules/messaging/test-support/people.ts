import { randomBytes } from 'node:crypto';
import type { Permission } from '@mts/contracts';
import { buildStaff } from '../../../../test/factories.ts';
import type { TestClient, TestContext } from '../../../../test/harness.ts';
import { role } from '../../identity/index.ts';

let address = 0;

/** A signed-in staff member of `unitId` holding a role there with `permissions` (no second factor). */
export async function signedInStaff(
  ctx: TestContext,
  unitId: string,
  options: { permissions?: Permission[]; username?: string; fullName?: string } = {},
) {
  const db = ctx.platform.db;
  const roleId = `test_${randomBytes(4).toString('hex')}`;
  await db.insert(role).values({
    id: roleId,
    nameVi: roleId,
    nameEn: roleId,
    permissions: options.permissions ?? [],
    requiresMfa: false,
  });
  const person = await buildStaff(db, {
    unitId,
    roles: [{ roleId }],
    ...(options.username ? { username: options.username } : {}),
    ...(options.fullName ? { fullName: options.fullName } : {}),
  });
  const client: TestClient = ctx.client();
  address += 1;
  client.ip = `127.77.${Math.floor(address / 250)}.${(address % 250) + 1}`;
  await client.login(person.username, person.password);
  return { client, person };
}

/** A multipart/form-data body with one file, as the browser sends it. */
export function multipartFile(file: Buffer, fileName: string, declaredType = 'application/octet-stream') {
  const boundary = `----mtsmsg${Math.random().toString(36).slice(2)}`;
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${declaredType}\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
