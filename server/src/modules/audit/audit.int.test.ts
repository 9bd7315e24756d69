import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import {
  type AuditContext,
  auditLog,
  recordAudit,
  systemAuditContext,
  verifyAuditChain,
} from '../../platform/audit/index.ts';
import { unit } from '../organisation/index.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

let ctx: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
beforeAll(async () => {
  ctx = await createTestContext();
  tree = await buildTree(ctx.platform.db);
});
afterAll(() => ctx.close());

let ipCounter = 0;
/** Signs in as a new staff member holding `roleId` at `unitId`, from an address of their own. */
async function signInAs(roleId: string, unitId: string) {
  const person = await buildStaff(ctx.platform.db, { unitId, roles: [{ roleId }] });
  const client = ctx.client();
  ipCounter += 1;
  client.ip = `127.0.1.${ipCounter}`;
  await client.login(person.username, person.password);
  return { client, person };
}

/** Writes an audited event in its own transaction; `entityType` keeps each test's entries apart. */
async function audit(event: Parameters<typeof recordAudit>[2], context: AuditContext = systemAuditContext) {
  await ctx.platform.db.transaction((tx) => recordAudit(tx, context, event));
}

const uniqueType = () => `test_${randomBytes(4).toString('hex')}`;

/** Runs `npm run audit:verify` as an operator would, against the test database. */
function runVerifyCli(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/audit-verify.ts'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: ctx.dataDir, LOG_LEVEL: 'silent' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('writing the audit log', () => {
  it('commits an entry with its change, and leaves none when the transaction fails', async () => {
    const db = ctx.platform.db;
    const insertUnitWithAudit = (name: string, fail: boolean) =>
      db.transaction(async (tx) => {
        const [created] = await tx
          .insert(unit)
          .values({ parentId: tree.provinceA.id, name, levelId: 'commune', kind: 'committee' })
          .returning();
        await recordAudit(tx, systemAuditContext, {
          action: 'unit.create',
          entityType: 'unit',
          entityId: created!.id,
          unitId: created!.id,
          after: { name },
        });
        if (fail) throw new Error('a later step of the change failed');
        return created!.id;
      });

    const kept = await insertUnitWithAudit('Xã Được Ghi', false);
    const keptEntries = await db.select().from(auditLog).where(eq(auditLog.entityId, kept));
    expect(keptEntries.map((e) => e.action)).toEqual(['unit.create']);

    await expect(insertUnitWithAudit('Xã Bị Hủy', true)).rejects.toThrow(/later step/);
    const orphan = await db.execute(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE after->>'name' = 'Xã Bị Hủy'`,
    );
    expect(orphan.rows[0]).toEqual({ n: 0 });
    const units = await db.select().from(unit).where(eq(unit.name, 'Xã Bị Hủy'));
    expect(units).toHaveLength(0);
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const db = ctx.platform.db;
    await audit({ action: 'test.append_only', entityType: uniqueType() });
    const [last] = await db.select({ id: auditLog.id }).from(auditLog).orderBy(sql`id DESC`).limit(1);
    // drizzle wraps driver errors; the trigger's message is on the cause.
    const refusal = (statement: Promise<unknown>) =>
      statement.then(
        () => 'accepted',
        (error: Error & { cause?: Error }) => (error.cause ?? error).message,
      );
    expect(
      await refusal(db.execute(sql`UPDATE audit_log SET action = 'forged' WHERE id = ${last!.id}`)),
    ).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`DELETE FROM audit_log WHERE id = ${last!.id}`))).toMatch(
      /append-only/,
    );
    expect(await refusal(db.execute(sql`TRUNCATE audit_log`))).toMatch(/append-only/);
    const [still] = await db.select().from(auditLog).where(eq(auditLog.id, last!.id));
    expect(still!.action).toBe('test.append_only');
  });

  it('keeps the chain valid through a burst of 50 concurrent audited writes', async () => {
    const db = ctx.platform.db;
    const type = uniqueType();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db.transaction(async (tx) => {
          await tx.execute(sql`SELECT pg_sleep(0.001 * ${i % 5})`);
          await recordAudit(tx, systemAuditContext, { action: 'test.burst', entityType: type, after: { i } });
        }),
      ),
    );
    const written = await db.select().from(auditLog).where(eq(auditLog.entityType, type));
    expect(new Set(written.map((e) => (e.after as { i: number }).i)).size).toBe(50);
    const report = await verifyAuditChain(db);
    const [{ total } = { total: -1 }] = (
      await db.execute<{ total: number }>(sql`SELECT count(*)::int AS total FROM audit_log`)
    ).rows;
    expect(report).toEqual({ checked: total, firstBrokenId: null, reason: null });
  });
});

describe('GET /api/audit', () => {
  it('shows a provincial auditor the entries of their province only; the centre sees all', async () => {
    const type = uniqueType();
    await audit({
      action: 'test.scope',
      entityType: type,
      entityId: 'province-a',
      unitId: tree.provinceA.id,
    });
    await audit({ action: 'test.scope', entityType: type, entityId: 'commune-a', unitId: tree.communeA.id });
    await audit({
      action: 'test.scope',
      entityType: type,
      entityId: 'province-b',
      unitId: tree.provinceB.id,
    });
    await audit({ action: 'test.scope', entityType: type, entityId: 'commune-b', unitId: tree.communeB.id });
    await audit({ action: 'test.scope', entityType: type, entityId: 'no-unit' });

    const entityIds = async (client: Awaited<ReturnType<typeof signInAs>>['client']) => {
      const response = await client.get(`/api/audit?entityType=${type}`);
      expect(response.statusCode).toBe(200);
      return response
        .json()
        .items.map((e: { entityId: string }) => e.entityId)
        .sort();
    };
    const provincial = await signInAs('auditor', tree.provinceA.id);
    expect(await entityIds(provincial.client)).toEqual(['commune-a', 'province-a']);
    const central = await signInAs('auditor', tree.central.id);
    expect(await entityIds(central.client)).toEqual([
      'commune-a',
      'commune-b',
      'no-unit',
      'province-a',
      'province-b',
    ]);
    // Naming a unit outside one's province does not widen the scope.
    const foreign = await provincial.client.get(`/api/audit?entityType=${type}&unitId=${tree.provinceB.id}`);
    expect(foreign.json().items).toEqual([]);

    const clerk = await signInAs('clerk', tree.provinceA.id);
    expect((await clerk.client.get('/api/audit')).statusCode).toBe(403);
  });

  it('filters by action prefix, entity, actor, unit and date, and describes each entry', async () => {
    const type = uniqueType();
    const { client, person } = await signInAs('auditor', tree.central.id);
    const actorContext: AuditContext = {
      actorId: person.id,
      actorLabel: `${person.fullName} (${person.username})`,
      requestId: 'req-1',
      ip: '203.0.113.7',
    };
    await audit(
      {
        action: 'doc.issue',
        entityType: type,
        entityId: 'd1',
        unitId: tree.communeA.id,
        after: { so: '12/UBMTTQ' },
      },
      actorContext,
    );
    await audit({ action: 'doc_x.issue', entityType: type, entityId: 'd2', unitId: tree.provinceA.id });
    await audit({
      action: 'unit.rename',
      entityType: type,
      entityId: 'u1',
      unitId: tree.provinceB.id,
      before: { name: 'A' },
      after: { name: 'B' },
    });

    const ids = async (query: string) => {
      const response = await client.get(`/api/audit?entityType=${type}&${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response
        .json()
        .items.map((e: { entityId: string }) => e.entityId)
        .sort();
    };
    expect(await ids('action=doc.')).toEqual(['d1']);
    expect(await ids('action=doc_')).toEqual(['d2']); // _ and % are literal, not wildcards
    expect(await ids('action=doc')).toEqual(['d1', 'd2']);
    expect(await ids('entityId=u1')).toEqual(['u1']);
    expect(await ids(`actorId=${person.id}`)).toEqual(['d1']);
    expect(await ids(`unitId=${tree.provinceA.id}`)).toEqual(['d1', 'd2']);
    expect(await ids(`unitId=${tree.communeA.id}`)).toEqual(['d1']);

    const vietnamToday = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const dayOffset = (days: number) =>
      new Date(Date.parse(`${vietnamToday}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    expect(await ids(`from=${vietnamToday}&to=${vietnamToday}`)).toEqual(['d1', 'd2', 'u1']);
    expect(await ids(`from=${dayOffset(1)}`)).toEqual([]);
    expect(await ids(`to=${dayOffset(-1)}`)).toEqual([]);
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    expect(await ids(`from=${encodeURIComponent(hourAgo)}`)).toEqual(['d1', 'd2', 'u1']);
    expect(await ids(`to=${encodeURIComponent(hourAgo)}`)).toEqual([]);

    const [entry] = (await client.get(`/api/audit?entityType=${type}&entityId=d1`)).json().items;
    expect(entry).toMatchObject({
      action: 'doc.issue',
      actorId: person.id,
      actorLabel: actorContext.actorLabel,
      unit: { id: tree.communeA.id, name: tree.communeA.name },
      after: { so: '12/UBMTTQ' },
      before: null,
      requestId: 'req-1',
      ip: '203.0.113.7',
    });
    expect(Date.parse(entry.at)).toBeGreaterThan(Date.now() - 60_000);

    const invalid = await client.get('/api/audit?from=31/12/2026');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.issues[0].path).toBe('querystring.from');
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const type = uniqueType();
    for (let i = 1; i <= 5; i++)
      await audit({ action: 'test.page', entityType: type, entityId: `e${i}`, unitId: tree.communeA.id });
    const { client } = await signInAs('auditor', tree.provinceA.id);
    const seen: string[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const query: string = `/api/audit?entityType=${type}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await client.get(query)).json() as {
        items: Array<{ entityId: string }>;
        nextCursor: number | null;
      };
      seen.push(...page.items.map((e) => e.entityId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(seen).toEqual(['e5', 'e4', 'e3', 'e2', 'e1']);
    expect(pages).toBe(3);
  });
});

describe('GET /api/audit/export', () => {
  it('streams a CSV Excel opens in Vietnamese, neutralises formulas, and records the export', async () => {
    const type = uniqueType();
    await audit(
      {
        action: 'staff.update',
        entityType: type,
        entityId: 's1',
        unitId: tree.communeA.id,
        after: { note: 'Dòng 1, "trích dẫn"\nDòng 2' },
      },
      { actorId: null, actorLabel: '=HYPERLINK("http://evil.example","Bấm vào")', requestId: null, ip: null },
    );
    await audit({ action: 'staff.update', entityType: type, entityId: 's2', unitId: tree.communeB.id });
    const { client, person } = await signInAs('auditor', tree.provinceA.id);

    const response = await client.get(`/api/audit/export?format=csv&entityType=${type}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="nhat-ky-he-thong-.*\.csv"$/,
    );
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows: string[][] = parse(response.rawPayload.toString('utf8').slice(1));
    expect(rows[0]).toEqual([
      'Mã',
      'Thời điểm (giờ Việt Nam)',
      'Người thực hiện',
      'Mã người thực hiện',
      'Thao tác',
      'Loại đối tượng',
      'Mã đối tượng',
      'Đơn vị',
      'Trước',
      'Sau',
      'Địa chỉ IP',
      'Mã yêu cầu',
    ]);
    expect(rows).toHaveLength(2); // the other province's entry is not exported
    const line = rows[1]!;
    expect(line[1]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(line[2]).toBe('\'=HYPERLINK("http://evil.example","Bấm vào")');
    expect(line[6]).toBe('s1');
    expect(line[7]).toBe(tree.communeA.name);
    expect(JSON.parse(line[9]!)).toEqual({ note: 'Dòng 1, "trích dẫn"\nDòng 2' });

    const exports = (await client.get(`/api/audit?action=audit.export&actorId=${person.id}`)).json().items;
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({
      entityType: 'audit_log',
      unit: { id: tree.provinceA.id },
      after: { format: 'csv', filter: { entityType: type } },
    });
  });

  it('streams an XLSX workbook with dates in Vietnam time', async () => {
    const type = uniqueType();
    for (let i = 1; i <= 3; i++)
      await audit({ action: 'test.xlsx', entityType: type, entityId: `x${i}`, unitId: tree.provinceA.id });
    const { client } = await signInAs('auditor', tree.provinceA.id);
    const before = Date.now();
    const response = await client.get(`/api/audit/export?format=xlsx&entityType=${type}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Nhật ký hệ thống');
    expect(sheet.getRow(1).getCell(3).value).toBe('Người thực hiện');
    expect(sheet.rowCount).toBe(4);
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(7).value)).toEqual(['x3', 'x2', 'x1']);
    const shown = sheet.getRow(2).getCell(2).value as Date;
    // Excel has no time zones: the cell holds the wall-clock time in Vietnam.
    expect(Math.abs(shown.getTime() - 7 * 3_600_000 - before)).toBeLessThan(60_000);
  });
});

describe('verifying the chain (kept last: it tampers with the log)', () => {
  it('finds a changed entry exactly, through the API and `npm run audit:verify`', async () => {
    const type = uniqueType();
    for (let i = 1; i <= 4; i++)
      await audit({
        action: 'test.chain',
        entityType: type,
        entityId: `c${i}`,
        unitId: tree.provinceA.id,
        after: { amount: i },
      });
    const { client } = await signInAs('auditor', tree.provinceA.id);

    const intact = await client.get('/api/audit/verify');
    expect(intact.statusCode).toBe(200);
    expect(intact.json()).toMatchObject({ firstBrokenId: null, reason: null });
    expect(intact.json().checked).toBeGreaterThan(4);
    const cleanRun = await runVerifyCli(ctx.databaseUrl);
    expect(cleanRun.code, cleanRun.output).toBe(0);
    expect(cleanRun.output).toMatch(/Audit chain intact/);

    const [target] = await ctx.platform.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(eq(auditLog.entityId, 'c2'));
    // A superuser can switch the guard off: that is exactly what the chain exists to expose.
    const superuser = new pg.Client({ connectionString: ctx.databaseUrl });
    await superuser.connect();
    await superuser.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await superuser.query(`UPDATE audit_log SET after = '{"amount": 2000000}' WHERE id = $1`, [target!.id]);
    await superuser.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    await superuser.end();

    const report = await verifyAuditChain(ctx.platform.db);
    expect(report.firstBrokenId).toBe(target!.id);
    expect(report.reason).toMatch(/content does not match/);
    expect((await client.get('/api/audit/verify')).json()).toEqual(report);

    const tamperedRun = await runVerifyCli(ctx.databaseUrl);
    expect(tamperedRun.code, tamperedRun.output).toBe(2);
    expect(tamperedRun.output).toContain(`BROKEN at entry ${target!.id}`);
  });
});

describe('the audit:verify command', () => {
  it('exits 1 with a readable message when it cannot reach the database', async () => {
    const run = await runVerifyCli('postgres://nobody:wrong@127.0.0.1:1/none');
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/audit:verify failed/);
  });
});
