import { readdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { role } from '../identity/index.ts';

/** Polls until `check` returns a value (the pg-boss worker delivers within a few seconds). */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

let ipCounter = 0;
async function outboxReader(ctx: TestContext, unitId: string) {
  await ctx.platform.db
    .insert(role)
    .values({
      id: 'outbox_reader',
      nameVi: 'Đọc hộp thư',
      nameEn: 'Outbox reader',
      permissions: ['mail.outbox.read'],
    })
    .onConflictDoNothing();
  const person = await buildStaff(ctx.platform.db, { unitId, roles: [{ roleId: 'outbox_reader' }] });
  const client = ctx.client();
  ipCounter += 1;
  client.ip = `127.0.2.${ipCounter}`;
  await client.login(person.username, person.password);
  return client;
}

describe('without SMTP: the demo outbox', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('writes queued mail to the outbox and lists it to readers whose scope covers its unit', async () => {
    const tree = await buildTree(ctx.platform.db);
    const mailer = ctx.platform.mailer;
    await mailer.send({
      to: 'can.bo.a@mattranso.test',
      subject: 'Đặt lại mật khẩu — Mặt trận số',
      text: 'Xin chào, đường dẫn đặt lại mật khẩu: https://mattranso.test/reset/abc',
      html: '<p>Xin chào</p>',
      unitId: tree.communeA.id,
    });
    await mailer.send({
      to: 'can.bo.b@mattranso.test',
      subject: 'Thư tỉnh B',
      text: 'B',
      unitId: tree.provinceB.id,
    });
    await mailer.send({ to: 'quan.tri@mattranso.test', subject: 'Thư hệ thống', text: 'không đơn vị' });

    const central = await outboxReader(ctx, tree.central.id);
    const listed = await eventually(async () => {
      const body = (await central.get('/api/mail/outbox')).json();
      return body.messages?.length === 3 ? body : undefined;
    }, 'three messages in the outbox');
    expect(listed.enabled).toBe(true);
    const message = listed.messages.find((m: { to: string }) => m.to === 'can.bo.a@mattranso.test');
    expect(message).toMatchObject({
      subject: 'Đặt lại mật khẩu — Mặt trận số',
      text: 'Xin chào, đường dẫn đặt lại mật khẩu: https://mattranso.test/reset/abc',
      html: '<p>Xin chào</p>',
      from: 'Mặt trận số <no-reply@mattranso.local>',
    });
    expect(message).not.toHaveProperty('unitId');

    const provincial = await outboxReader(ctx, tree.provinceA.id);
    const own = (await provincial.get('/api/mail/outbox')).json();
    expect(own.messages.map((m: { subject: string }) => m.subject)).toEqual([
      'Đặt lại mật khẩu — Mặt trận số',
    ]);

    const files = await readdir(path.join(ctx.dataDir, 'outbox'));
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(3);
  });
});

describe('with SMTP configured', () => {
  const received: Array<{ from: string; to: string[]; raw: string }> = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        raw += chunk;
      });
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  let ctx: TestContext;
  beforeAll(async () => {
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    ctx = await createTestContext({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await ctx.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('delivers a queued message through the background job to the SMTP server', async () => {
    await ctx.platform.mailer.send({
      to: 'cu.tri@mattranso.test',
      subject: 'Thông báo tiếp nhận kiến nghị',
      text: 'Ma tiep nhan: KN-2026-000123',
    });
    const delivered = await eventually(async () => received[0], 'the SMTP server to receive the message');
    expect(delivered.to).toEqual(['cu.tri@mattranso.test']);
    expect(delivered.from).toBe('no-reply@mattranso.local');
    expect(delivered.raw).toMatch(/^To: cu\.tri@mattranso\.test$/m);
    expect(delivered.raw).toContain('Ma tiep nhan: KN-2026-000123');

    const tree = await buildTree(ctx.platform.db);
    const reader = await outboxReader(ctx, tree.central.id);
    const outbox = await reader.get('/api/mail/outbox');
    expect(outbox.statusCode).toBe(200);
    expect(outbox.json()).toEqual({ enabled: false });
    await expect(readdir(path.join(ctx.dataDir, 'outbox'))).rejects.toThrow(/ENOENT/);
  });
});
