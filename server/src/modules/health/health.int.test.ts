import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('health, readiness and the API description', () => {
  it('answers /healthz and /readyz once migrations are applied', async () => {
    const client = ctx.client();
    expect((await client.get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await client.get('/readyz')).json()).toEqual({ status: 'ok' });
  });

  it('reports not ready, with the error shape, when the database is unreachable', async () => {
    const broken = await createTestContext();
    await broken.platform.pool.end();
    const response = await broken.client().get('/readyz');
    expect(response.statusCode).toBe(503);
    expect(response.json().error.code).toBe('SERVICE_UNAVAILABLE');
    await broken.close();
  });

  it('describes every API route in OpenAPI with an operation id', async () => {
    const response = await ctx.client().get('/api/docs/json');
    expect(response.statusCode).toBe(200);
    const document = response.json() as { paths: Record<string, Record<string, { operationId?: string }>> };
    const apiRoutes = ctx.app.routeAccess
      .list()
      .filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    expect(apiRoutes.length).toBeGreaterThan(20);
    const missing = apiRoutes.filter((route) => {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      return !operation?.operationId;
    });
    expect(missing.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });
});
