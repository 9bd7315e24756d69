import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import {
  document,
  documentRegister,
  documentType,
  registerCounter,
  registerNumber,
} from './documents.schema.ts';
import { currentCounter } from './numbering.ts';
import { samplePdf } from './test-support/sample-files.ts';
import { buildDocumentsWorld, uploadOk, vnDate } from './test-support/world.ts';

let ctx: TestContext;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
let typeQD: string;
const year = Number(vnDate().slice(0, 4));
beforeAll(async () => {
  ctx = await createTestContext();
  world = await buildDocumentsWorld(ctx);
  const [qd] = await ctx.platform.db.select().from(documentType).where(eq(documentType.code, 'QĐ'));
  typeQD = qd!.id;
});
afterAll(() => ctx.close());

/** Signed outgoing documents ready to be issued (the steps before are covered elsewhere). */
async function signedDocuments(unitId: string, n: number) {
  const rows = await ctx.platform.db
    .insert(document)
    .values(
      Array.from({ length: n }, (_, i) => ({
        unitId,
        direction: 'outgoing' as const,
        status: 'signed',
        typeId: typeQD,
        typeName: 'Quyết định',
        subject: `Quyết định số thứ tự ${i + 1}`,
      })),
    )
    .returning({ id: document.id });
  return rows.map((r) => r.id);
}

async function numbersOf(registerId: string) {
  return ctx.platform.db
    .select()
    .from(registerNumber)
    .where(and(eq(registerNumber.registerId, registerId), eq(registerNumber.year, year)))
    .orderBy(registerNumber.number);
}

describe('gap-free numbering', () => {
  it('gives 50 concurrent issuers the numbers 01 to 50, each once', async () => {
    const ids = await signedDocuments(world.province.id, 50);
    const started = performance.now();
    const answers = await Promise.all(ids.map((id) => world.clerk.client.post(`/api/documents/${id}/issue`)));
    const seconds = (performance.now() - started) / 1000;
    console.info(
      `50 concurrent issues over HTTP: ${seconds.toFixed(2)} s, ${(50 / seconds).toFixed(0)} issues/s`,
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(200));
    const numbers = answers.map((a) => Number(a.json().codeNumber)).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const symbols = new Set(answers.map((a) => `${a.json().codeNumber}/${a.json().codeNotation}`));
    expect(symbols.size).toBe(50);
    expect(symbols).toContain('01/QĐ-MTTQ-BTT');
    const registerId = answers[0]!.json().registerId;
    expect(await currentCounter(ctx.platform.db, registerId, year)).toBe(50);
    const recorded = await numbersOf(registerId);
    expect(recorded.map((r) => [r.number, r.status])).toEqual(
      Array.from({ length: 50 }, (_, i) => [i + 1, 'issued']),
    );
  });

  it('gives 50 concurrent registrations of incoming documents the số đến 01 to 50', async () => {
    const uploads: string[] = [];
    for (let i = 0; i < 50; i++)
      uploads.push(await uploadOk(world.clerk.client, world.province.id, samplePdf(1)));
    const answers = await Promise.all(
      uploads.map((uploadId, i) =>
        world.clerk.client.post('/api/documents/incoming', {
          unitId: world.province.id,
          codeNumber: String(i + 1),
          codeNotation: 'UBND-VP',
          issuedDate: vnDate(-1),
          organName: 'Ủy ban nhân dân xã An Bình',
          subject: `Công văn đến thứ ${i + 1}`,
          uploadIds: [uploadId],
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(201));
    const numbers = answers.map((a) => a.json().arrivalNumber as number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('starts every calendar year from 01, whatever last year reached', async () => {
    const [register] = await ctx.platform.db
      .insert(documentRegister)
      .values({ unitId: world.department.id, kind: 'outgoing', name: 'Sổ văn bản đi', isDefault: true })
      .returning();
    await ctx.platform.db
      .insert(registerCounter)
      .values({ registerId: register!.id, year: year - 1, lastNumber: 1234 });
    const [id] = await signedDocuments(world.department.id, 1);
    const answer = await world.clerk.client.post(`/api/documents/${id}/issue`);
    expect(`${answer.json().codeNumber}/${answer.json().codeNotation}`).toBe('01/QĐ-MTTQ-BTG');
    expect(await currentCounter(ctx.platform.db, register!.id, year - 1)).toBe(1234);
  });

  it('records reserved and cancelled numbers and never gives them out again', async () => {
    const [register] = await ctx.platform.db
      .select()
      .from(documentRegister)
      .where(and(eq(documentRegister.unitId, world.province.id), eq(documentRegister.kind, 'outgoing')));
    const reserved = await world.clerk.client.post(`/api/document-registers/${register!.id}/reservations`, {
      count: 2,
      note: 'Giữ số cho văn bản giấy ký tại hội nghị',
    });
    expect(reserved.json()).toEqual({ year, numbers: [51, 52] });
    const cancel = await world.clerk.client.post(`/api/document-registers/${register!.id}/cancellations`, {
      year,
      number: 52,
      note: 'Hội nghị hoãn',
    });
    expect(cancel.json()).toEqual({ year, number: 52, status: 'cancelled' });
    const issuedOne = await world.clerk.client.post(`/api/document-registers/${register!.id}/cancellations`, {
      year,
      number: 3,
      note: 'Nhầm',
    });
    expect(issuedOne.statusCode).toBe(409);
    expect(issuedOne.json().error.message).toBe(
      'Số 03 đã cấp cho một văn bản; không thể hủy số, hãy thu hồi văn bản.',
    );
    const never = await world.clerk.client.post(`/api/document-registers/${register!.id}/cancellations`, {
      year,
      number: 99,
      note: 'Nhầm',
    });
    expect(never.statusCode).toBe(400);
    expect(never.json().error.message).toBe(`Số 99 năm ${year} chưa được cấp trong sổ này.`);

    const [next] = await signedDocuments(world.province.id, 1);
    const issued = await world.clerk.client.post(`/api/documents/${next}/issue`);
    expect(issued.json().codeNumber).toBe('53');
    const list = (
      await world.clerk.client.get(`/api/document-registers/${register!.id}/numbers?year=${year}`)
    ).json();
    expect(
      list
        .slice(50)
        .map((n: { codeNumber: string; status: string; note: string | null }) => [
          n.codeNumber,
          n.status,
          n.note,
        ]),
    ).toEqual([
      ['51', 'reserved', 'Giữ số cho văn bản giấy ký tại hội nghị'],
      ['52', 'cancelled', 'Giữ số cho văn bản giấy ký tại hội nghị — Hủy: Hội nghị hoãn'],
      ['53', 'issued', null],
    ]);
  });

  it('leaves neither gap nor duplicate when the issuing process is killed with SIGKILL mid-way', async () => {
    const db = ctx.platform.db;
    const unit = (
      await db.execute<{ path: string }>(
        sql`SELECT path::text AS path FROM unit WHERE id = ${world.neighbour.id}`,
      )
    ).rows[0]!;
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support/issue-loop.ts');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        script,
        ctx.databaseUrl,
        JSON.stringify({
          unitId: world.neighbour.id,
          unitPath: unit.path,
          staffId: world.neighbourClerk.staff.id,
          typeId: typeQD,
        }),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      errors += chunk;
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    const printed = () => [...output.matchAll(/^issued (\d+)$/gm)].map((m) => Number(m[1]));
    await expect.poll(() => printed().length, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(25);
    const backendPid = Number(/^pid (\d+)$/m.exec(output)![1]);
    // Kill while its connection is inside an issuing transaction (or as close to it as can be seen).
    let stateAtKill = '';
    for (let i = 0; i < 200; i++) {
      const state =
        (
          await db.execute<{ state: string }>(
            sql`SELECT state FROM pg_stat_activity WHERE pid = ${backendPid}`,
          )
        ).rows[0]?.state ?? '';
      if (state === 'idle in transaction' || state === 'active') {
        stateAtKill = state;
        break;
      }
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    console.info(
      `killed the issuer after ${printed().length} issues; its connection was '${stateAtKill || 'unknown'}' just before`,
    );
    // PostgreSQL rolls the open transaction back once it sees the connection gone.
    await expect
      .poll(
        async () =>
          (await db.execute(sql`SELECT 1 FROM pg_stat_activity WHERE pid = ${backendPid}`)).rows.length,
        { timeout: 15_000 },
      )
      .toBe(0);
    expect(errors).toBe('');

    const [register] = await db
      .select()
      .from(documentRegister)
      .where(and(eq(documentRegister.unitId, world.neighbour.id), eq(documentRegister.kind, 'outgoing')));
    const counter = await currentCounter(db, register!.id, year);
    const recorded = await numbersOf(register!.id);
    const issuedDocs = await db
      .select({ codeNumber: document.codeNumber })
      .from(document)
      .where(
        and(
          eq(document.registerId, register!.id),
          eq(document.registerYear, year),
          eq(document.status, 'issued'),
        ),
      );
    const docNumbers = issuedDocs.map((d) => Number(d.codeNumber)).sort((a, b) => a - b);
    const expected = Array.from({ length: counter }, (_, i) => i + 1);
    expect(counter).toBeGreaterThanOrEqual(printed().length); // the last commit may not have been printed
    expect(recorded.map((r) => r.number)).toEqual(expected);
    expect(recorded.every((r) => r.status === 'issued' && r.documentId)).toBe(true);
    expect(docNumbers).toEqual(expected);
    // The document being issued when the process died is still signed, unnumbered: it can be issued again.
    const leftovers = await db
      .select({ id: document.id, codeNumber: document.codeNumber })
      .from(document)
      .where(and(eq(document.unitId, world.neighbour.id), eq(document.status, 'signed')));
    expect(leftovers.every((d) => d.codeNumber === null)).toBe(true);
  });
});
