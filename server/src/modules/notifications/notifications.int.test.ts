import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import { notification } from '../documents/documents.schema.ts';
import { startSmtpSink, textOf } from '../identity/test-support/smtp-sink.ts';
import {
  createDelivery,
  createNotifier,
  type Delivery,
  type NoticeInput,
  type Notifier,
  notificationDelivery,
  pushSubscription,
} from './index.ts';
import {
  browserKeys,
  decryptPushBody,
  startFakePushService,
  verifyVapid,
} from './test-support/fake-push-service.ts';

let ctx: TestContext;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let push: Awaited<ReturnType<typeof startFakePushService>>;
let tree: Awaited<ReturnType<typeof buildTree>>;
let notifier: Notifier;
let delivery: Delivery;
const PUBLIC_URL = 'https://mattranso.test';
const SUBJECT = 'mailto:thongbao@mattranso.test';

beforeAll(async () => {
  smtp = await startSmtpSink();
  push = await startFakePushService();
  ctx = await createTestContext({
    SMTP_URL: smtp.url,
    PUBLIC_URL,
    COOKIE_SECURE: 'false',
    VAPID_SUBJECT: SUBJECT,
  });
  // Deliveries due at commit are announced through realtime: listen before the first one.
  await ctx.platform.realtime.ready();
  tree = await buildTree(ctx.platform.db);
  notifier = createNotifier(ctx.platform);
  delivery = createDelivery(ctx.platform);
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
  await push.close();
});

/** A commune staff member, signed in. */
async function person() {
  const p = await buildStaff(ctx.platform.db, { unitId: tree.communeA.id, roles: [{ roleId: 'clerk' }] });
  const client = ctx.client();
  await client.login(p.username, p.password);
  return { ...p, client };
}

/** Quiet hours around the current time in Vietnam (UTC+7). */
function quietHoursAroundNow() {
  const local = new Date(Date.now() + 7 * 3600_000);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const hhmm = (m: number) => {
    const x = (m + 1440) % 1440;
    return `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
  };
  return { start: hhmm(minute - 60), end: hhmm(minute + 60) };
}

async function setPreferences(client: TestClient, prefs: Record<string, unknown>) {
  const response = await client.put('/api/notifications/preferences', {
    emailMode: 'digest',
    pushEnabled: true,
    categories: {},
    quietHours: null,
    ...prefs,
  });
  expect(response.statusCode, response.body).toBe(200);
}

async function notify(notice: Omit<NoticeInput, 'unitId'>) {
  await ctx.platform.db.transaction((tx) => notifier.notify(tx, { unitId: tree.communeA.id, ...notice }));
}

const deliveriesOf = (staffId: string) =>
  ctx.platform.db.select().from(notificationDelivery).where(eq(notificationDelivery.staffId, staffId));

describe('e-mail', () => {
  it('mails an urgent notice at once, even in quiet hours and in digest mode', async () => {
    const p = await person();
    await setPreferences(p.client, {
      emailMode: 'digest',
      pushEnabled: false,
      quietHours: quietHoursAroundNow(),
    });
    await notify({
      staffIds: [p.id],
      kind: 'directive.new',
      title: 'Chỉ đạo khẩn: kiểm tra khu dân cư',
      body: 'Báo cáo trước 17:00',
      link: '/directives/123',
      urgent: true,
    });
    const mail = await smtp.waitFor(p.email!);
    expect(mail.raw).toMatch(/Subject: .*KH/);
    const text = textOf(mail.raw);
    expect(text).toContain('Chỉ đạo khẩn: kiểm tra khu dân cư');
    expect(text).toContain(`${PUBLIC_URL}/app/directives/123`);
    // No digest entry for it: urgent notices bypass the digest.
    const rows = await deliveriesOf(p.id);
    expect(rows.map((r) => r.channel)).toEqual(['email']);
  });

  it('puts a non-urgent notice in the daily digest, once, and mails nothing at once', async () => {
    const p = await person();
    await setPreferences(p.client, { emailMode: 'digest', pushEnabled: false });
    await notify({
      staffIds: [p.id],
      kind: 'directive.new',
      title: 'Hướng dẫn tổ chức ngày hội đại đoàn kết',
    });
    await notify({ staffIds: [p.id], kind: 'message_mention', title: 'Chị Lan nhắc đến bạn' });
    await delivery.deliverDue();
    let rows = await deliveriesOf(p.id);
    expect(rows.map((r) => [r.channel, r.sentAt])).toEqual([
      ['digest', null],
      ['digest', null],
    ]);

    expect(await delivery.sendDigests()).toBe(1);
    const text = textOf((await smtp.waitFor(p.email!)).raw);
    expect(text).toContain('Hướng dẫn tổ chức ngày hội đại đoàn kết');
    expect(text).toContain('Chị Lan nhắc đến bạn');
    rows = await deliveriesOf(p.id);
    expect(rows.every((r) => r.sentAt !== null)).toBe(true);
    // The next digest has nothing left for anyone.
    expect(await delivery.sendDigests()).toBe(0);
  });

  it('sends nothing beyond the bell when the person turned e-mail and push off', async () => {
    const p = await person();
    await setPreferences(p.client, { emailMode: 'off', pushEnabled: false });
    const q = await person();
    // Immediate e-mail and push in general, but not for directives.
    await setPreferences(q.client, {
      emailMode: 'immediate',
      categories: { directive: { email: false, push: false } },
    });
    await notify({
      staffIds: [p.id, q.id],
      kind: 'directive.new',
      title: 'Thông báo họp giao ban',
      link: '/directives/9',
      urgent: true,
    });
    expect(await deliveriesOf(p.id)).toEqual([]);
    expect(await deliveriesOf(q.id)).toEqual([]);
    // The bell still shows it, with its link.
    const list = await p.client.get('/api/notifications');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toContainEqual(
      expect.objectContaining({
        kind: 'directive.new',
        title: 'Thông báo họp giao ban',
        link: '/directives/9',
        isUrgent: true,
      }),
    );
  });
});

describe('realtime', () => {
  it('tells the people’s open tabs on commit, and nobody when the change rolls back', async () => {
    const p = await person();
    const q = await person();
    const heard: Array<{ who: string; data: Record<string, unknown> }> = [];
    const stops = [p, q].map((x) =>
      ctx.platform.realtime.subscribe(`user:${x.id}`, (data) => heard.push({ who: x.id, data })),
    );
    await ctx.platform.realtime.ready();
    await expect(
      ctx.platform.db.transaction(async (tx) => {
        await notifier.notify(tx, {
          staffIds: [p.id],
          unitId: tree.communeA.id,
          kind: 'other',
          title: 'Hủy bỏ',
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await notify({ staffIds: [p.id, q.id], kind: 'directive.new', title: 'Chỉ đạo mới', urgent: true });
    await expect.poll(() => heard.length).toBe(2);
    for (const x of [p, q])
      expect(heard.find((h) => h.who === x.id)?.data).toMatchObject({
        type: 'notification',
        kind: 'directive.new',
        title: 'Chỉ đạo mới',
        urgent: true,
      });
    expect(heard.some((h) => h.data.title === 'Hủy bỏ')).toBe(false);
    for (const stop of stops) stop();
  });
});

describe('Web Push', () => {
  async function subscribe(client: TestClient, path: string) {
    const keys = browserKeys();
    const response = await client.post('/api/notifications/push-subscriptions', {
      endpoint: `${push.origin}${path}`,
      keys: keys.json,
    });
    expect(response.statusCode, response.body).toBe(201);
    return keys;
  }

  it('waits for the end of quiet hours, then pushes an encrypted, VAPID-signed message', async () => {
    const p = await person();
    const quiet = quietHoursAroundNow();
    await setPreferences(p.client, { emailMode: 'off', quietHours: quiet });
    const path = `/quiet-${p.id}`;
    const keys = await subscribe(p.client, path);
    await notify({
      staffIds: [p.id],
      kind: 'directive.reminder',
      title: 'Nhắc hạn báo cáo',
      body: 'Còn 2 ngày',
    });

    await delivery.deliverDue();
    const [row] = await deliveriesOf(p.id);
    expect(row).toMatchObject({ channel: 'push', sentAt: null });
    expect(row!.dueAt.getTime()).toBeGreaterThan(Date.now());
    expect(push.received.some((r) => r.path === path)).toBe(false);

    // At the end of quiet hours it goes.
    expect(await delivery.deliverDue(row!.dueAt)).toBeGreaterThanOrEqual(1);
    const request = await push.waitFor(path);
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(request.headers.ttl)).toBeGreaterThan(0);
    const vapid = verifyVapid(request.headers.authorization);
    expect(vapid.valid).toBe(true);
    expect(vapid.header.alg).toBe('ES256');
    const publicKey = (await p.client.get('/api/notifications/vapid-public-key')).json().publicKey;
    expect(vapid.k).toBe(publicKey);
    expect(vapid.claims.aud).toBe(push.origin);
    expect(vapid.claims.sub).toBe(SUBJECT);
    expect(vapid.claims.exp * 1000).toBeGreaterThan(Date.now());
    expect(vapid.claims.exp * 1000).toBeLessThanOrEqual(Date.now() + 24 * 3600_000);
    const payload = JSON.parse(decryptPushBody(request.body, keys));
    expect(payload).toMatchObject({ title: 'Nhắc hạn báo cáo', body: 'Còn 2 ngày', urgent: false });
    expect((await deliveriesOf(p.id))[0]!.sentAt).not.toBeNull();
  });

  it('pushes an urgent notice at once and forgets a subscription the push service says is gone', async () => {
    const p = await person();
    await setPreferences(p.client, { emailMode: 'off', quietHours: quietHoursAroundNow() });
    const live = `/live-${p.id}`;
    const gone = `/gone-${p.id}`;
    const keys = await subscribe(p.client, live);
    await subscribe(p.client, gone);
    await notify({ staffIds: [p.id], kind: 'directive.new', title: 'Hỏa tốc: ứng phó bão', urgent: true });

    const request = await push.waitFor(live);
    expect(JSON.parse(decryptPushBody(request.body, keys)).title).toBe('Hỏa tốc: ứng phó bão');
    await push.waitFor(gone);
    await expect
      .poll(async () =>
        (
          await ctx.platform.db
            .select({ endpoint: pushSubscription.endpoint })
            .from(pushSubscription)
            .where(eq(pushSubscription.staffId, p.id))
        ).map((s) => s.endpoint),
      )
      .toEqual([`${push.origin}${live}`]);
  });

  it('unsubscribes a browser', async () => {
    const p = await person();
    await subscribe(p.client, `/bye-${p.id}`);
    const response = await p.client.delete(
      `/api/notifications/push-subscriptions?endpoint=${encodeURIComponent(`${push.origin}/bye-${p.id}`)}`,
    );
    expect(response.statusCode).toBe(200);
    const left = await ctx.platform.db
      .select()
      .from(pushSubscription)
      .where(eq(pushSubscription.staffId, p.id));
    expect(left).toEqual([]);
  });
});

describe('bad input', () => {
  it('refuses invalid preferences and non-https push endpoints, in Vietnamese', async () => {
    const p = await person();
    const badTime = await p.client.put('/api/notifications/preferences', {
      emailMode: 'digest',
      pushEnabled: true,
      categories: {},
      quietHours: { start: '25:00', end: '06:00' },
    });
    expect(badTime.statusCode).toBe(400);
    expect(JSON.stringify(badTime.json().error.issues)).toContain('Giờ phải có dạng HH:MM');
    const badMode = await p.client.put('/api/notifications/preferences', {
      emailMode: 'sometimes',
      pushEnabled: true,
      categories: {},
      quietHours: null,
    });
    expect(badMode.statusCode).toBe(400);
    expect(badMode.json().error.message).toContain('không hợp lệ');
    const same = await p.client.put('/api/notifications/preferences', {
      emailMode: 'digest',
      pushEnabled: true,
      categories: {},
      quietHours: { start: '22:00', end: '22:00' },
    });
    expect(same.statusCode).toBe(400);
    expect(JSON.stringify(same.json().error.issues)).toContain('phải khác nhau');
    // Nothing was saved.
    expect((await p.client.get('/api/notifications/preferences')).json()).toMatchObject({
      emailMode: 'digest',
      quietHours: null,
    });

    const plain = await p.client.post('/api/notifications/push-subscriptions', {
      endpoint: 'http://push.example.com/abc',
      keys: browserKeys().json,
    });
    expect(plain.statusCode).toBe(400);
    expect(plain.json().error.message).toBe('Địa chỉ nhận thông báo đẩy phải dùng https.');
  });

  it('keeps notifications, preferences and subscriptions private to each person', async () => {
    const anonymous = ctx.client();
    expect((await anonymous.get('/api/notifications/preferences')).statusCode).toBe(401);
    const p = await person();
    const q = await person();
    await setPreferences(p.client, { emailMode: 'immediate' });
    expect((await q.client.get('/api/notifications/preferences')).json().emailMode).toBe('digest');
    await notify({ staffIds: [p.id], kind: 'other', title: 'Chỉ cho một người' });
    const seen = await q.client.get('/api/notifications');
    expect(seen.json().some((n: { title: string }) => n.title === 'Chỉ cho một người')).toBe(false);
    const mine = await ctx.platform.db
      .select()
      .from(notification)
      .where(and(eq(notification.staffId, p.id), eq(notification.title, 'Chỉ cho một người')));
    expect(mine).toHaveLength(1);
  });
});
