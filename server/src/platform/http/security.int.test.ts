import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('security headers', () => {
  it('are sent with every kind of answer: success, 401 from the policy, unknown route', async () => {
    const client = ctx.client();
    client.ip = '127.0.3.1';
    const answers = [
      await client.get('/healthz'),
      await client.get('/api/auth/me'),
      await client.get('/api/no-such-route'),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 401, 404]);
    for (const { headers } of answers) {
      const csp = String(headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
      expect(headers['x-frame-options']).toMatch(/^(DENY|SAMEORIGIN)$/);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('rate limits', () => {
  it('answer a flood of sign-ins from one address with 429, in Vietnamese, and spare other addresses', async () => {
    const flooder = ctx.client();
    flooder.ip = '127.0.3.2';
    // Different names each time: this is the per-address limit, not the per-name throttle.
    const attempt = (client: typeof flooder, i: number) =>
      client.post('/api/auth/login', { username: `khong.ton.tai.${i}`, password: 'sai-mat-khau' });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await attempt(flooder, i)).statusCode);
    expect(statuses).not.toContain(429);

    const limited = await attempt(flooder, 20);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const body = limited.json();
    expect(body).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: 'Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.',
        requestId: limited.headers['x-request-id'],
      },
    });

    flooder.language = 'en';
    expect((await attempt(flooder, 21)).json().error.message).toBe(
      'Too many requests. Please try again shortly.',
    );

    const neighbour = ctx.client();
    neighbour.ip = '127.0.3.3';
    expect((await attempt(neighbour, 22)).statusCode).not.toBe(429);
  });
});
