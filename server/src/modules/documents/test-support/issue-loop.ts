/**
 * Issues documents in a loop against a database, through the documents module's own service, until
 * it is killed. Used by the crash test (numbering.int.test.ts), which kills it with SIGKILL.
 *   tsx issue-loop.ts <databaseUrl> <json: { unitId, unitPath, staffId, typeId }>
 * Prints "pid <backend pid>" once, then "issued <n>" after each committed issue.
 */
import { randomUUID } from 'node:crypto';
import { createDatabase } from '../../../db/client.ts';
import { systemAuditContext } from '../../../platform/audit/index.ts';
import type { Actor } from '../../../platform/policy/index.ts';
import { document } from '../documents.schema.ts';
import { createOutgoingService } from '../outgoing.service.ts';

const [databaseUrl, json] = process.argv.slice(2);
const input = JSON.parse(json!) as { unitId: string; unitPath: string; staffId: string; typeId: string };
const { db, pool } = createDatabase(databaseUrl!, 1);
const outgoing = createOutgoingService({ db });
const actor: Actor = {
  staffId: input.staffId,
  username: 'issue-loop',
  fullName: 'Văn thư (tiến trình thử)',
  via: 'session',
  mfaSatisfied: true,
  activeUnitId: input.unitId,
  grants: [
    {
      roleId: 'clerk',
      unitId: input.unitId,
      unitPath: input.unitPath,
      permissions: new Set(['documents.issue']),
    },
  ],
};

const backend = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
process.stdout.write(`pid ${backend.rows[0]!.pid}\n`);
for (;;) {
  const id = randomUUID();
  await db.insert(document).values({
    id,
    unitId: input.unitId,
    direction: 'outgoing',
    status: 'signed',
    typeId: input.typeId,
    typeName: 'Quyết định',
    subject: 'Văn bản phát hành trong phép thử ngắt tiến trình',
    createdBy: input.staffId,
  });
  const { codeNumber } = await outgoing.issue(actor, id, systemAuditContext);
  process.stdout.write(`issued ${Number(codeNumber)}\n`);
}
