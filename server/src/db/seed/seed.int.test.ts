import { sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { verifyAuditChain } from '../../platform/audit/index.ts';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, type DemoLogin, seedDemoIfEmpty } from './index.ts';

let ctx: TestContext;
let logins: DemoLogin[] | null;
beforeAll(async () => {
  ctx = await createTestContext();
  const startedAt = performance.now();
  logins = await seedDemoIfEmpty(ctx.platform.db, { secretKey: ctx.platform.config.SECRET_KEY });
  console.info(`demo seed: ${((performance.now() - startedAt) / 1000).toFixed(2)} s`);
});
afterAll(() => ctx.close());

const count = async (query: ReturnType<typeof sql>) =>
  (await ctx.platform.db.execute<{ n: number }>(query)).rows[0]!.n;

let address = 0;
async function signIn(username: string) {
  const client = ctx.client();
  address += 1;
  client.ip = `127.44.0.${address}`;
  const result = await client.login(username, DEMO_PASSWORD);
  return { client, mfa: result.mfa };
}

describe('demo seed', () => {
  it('returns the documented demo logins, with the TOTP seed for MFA-bound roles', () => {
    expect(logins?.map((l) => [l.username, l.role])).toEqual([
      ['admin', 'system_admin'],
      ['lanhdao.lamdong', 'leader'],
      ['vanthu.lamdong', 'clerk'],
      ['quantri.lamdong', 'unit_admin'],
      ['chutich.xa.anbinh', 'leader'],
      ['canbo.xa.anbinh', 'clerk'],
      ['lanhdao.hatinh', 'leader'],
      ['vanthu.hatinh', 'clerk'],
    ]);
    expect(logins?.every((l) => l.password === DEMO_PASSWORD)).toBe(true);
    expect(logins?.find((l) => l.username === 'admin')?.note).toContain(DEMO_TOTP_SECRET);
  });

  it('builds a realistic tree: two provinces of about 100 communes, each with its bodies', async () => {
    const db = ctx.platform.db;
    const perProvince = await db.execute<{ name: string; communes: number }>(sql`
      SELECT p.name, count(c.id)::int AS communes FROM unit p
        JOIN unit c ON c.parent_id = p.id AND c.level_id = 'commune' AND c.status = 'active'
       WHERE p.level_id = 'province' AND p.status = 'active' GROUP BY p.name ORDER BY p.name`);
    expect(perProvince.rows).toEqual([
      { name: 'Ủy ban MTTQ Việt Nam tỉnh Hà Tĩnh', communes: 101 },
      { name: 'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng', communes: 100 },
    ]);
    const withoutBodies = await count(sql`
      SELECT count(*)::int AS n FROM unit c WHERE c.level_id = 'commune' AND c.kind = 'committee' AND c.status = 'active'
         AND (SELECT count(*) FROM unit b WHERE b.parent_id = c.id AND b.status = 'active'
               AND b.kind IN ('standing_board', 'member_organisation')) <> 6`);
    expect(withoutBodies).toBe(0);
    const areas = await count(sql`
      SELECT min(n)::int AS n FROM (SELECT count(*) AS n FROM unit c JOIN unit a ON a.parent_id = c.id
       AND a.kind = 'residential_committee' AND a.status = 'active'
       WHERE c.kind = 'committee' AND c.level_id = 'commune' AND c.status = 'active' GROUP BY c.id) x`);
    expect(areas).toBeGreaterThanOrEqual(2);
    const people = await count(sql`SELECT count(*)::int AS n FROM staff`);
    expect(people).toBeGreaterThan(280);
    expect(people).toBeLessThan(340);
  });

  it('records the 2025 merger through the reorganisation service, with history', async () => {
    const { client } = await signIn('lanhdao.lamdong');
    const me = (await client.get('/api/auth/me')).json();
    const province = (await client.get(`/api/units/${me.activeUnit.id}`)).json();
    expect(province).toMatchObject({
      name: 'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng',
      effectiveFrom: '2025-07-01',
    });
    expect(province.predecessors.map((p: { unit: { name: string } }) => p.unit.name)).toEqual(
      expect.arrayContaining([
        'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng',
        'Ủy ban MTTQ Việt Nam tỉnh Đắk Nông',
        'Ủy ban MTTQ Việt Nam tỉnh Bình Thuận',
      ]),
    );
    const communes = await client.get('/api/units?levelId=commune&kind=committee&pageSize=200');
    expect(communes.json().total).toBe(100);
    const former = await client.get(`/api/units?status=merged&q=${encodeURIComponent('tinh binh thuan')}`);
    const binhThuan = former.json().items.find((u: { name: string }) => u.name.endsWith('tỉnh Bình Thuận'));
    const nameThen = await client.get(`/api/units/${binhThuan.id}/name-at?date=2024-12-31`);
    expect(nameThen.json().display.vi).toBe(
      'Ủy ban MTTQ Việt Nam tỉnh Bình Thuận (nay là Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng)',
    );
    const search = await client.get(`/api/units?q=${encodeURIComponent('xa an binh')}&kind=committee`);
    expect(search.json().items.map((u: { name: string }) => u.name)).toEqual([
      'Ủy ban MTTQ Việt Nam xã An Bình',
    ]);
  });

  it('lets the demo accounts sign in with their roles; the admin with the documented TOTP', async () => {
    const clerk = await signIn('canbo.xa.anbinh');
    expect(clerk.mfa).toBe('none');
    const own = await clerk.client.get('/api/units?kind=committee');
    expect(own.json().items.map((u: { name: string }) => u.name)).toEqual([
      'Ủy ban MTTQ Việt Nam xã An Bình',
    ]);

    const admin = await signIn('admin');
    expect(admin.mfa).toBe('verify');
    const code = new TOTP({ secret: Secret.fromBase32(DEMO_TOTP_SECRET) }).generate();
    const verified = await admin.client.post('/api/auth/mfa/totp', { code });
    expect(verified.statusCode).toBe(200);
    const tree = await admin.client.get('/api/units/tree?depth=1');
    expect(tree.json().roots[0].children.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['Ủy ban MTTQ Việt Nam tỉnh Hà Tĩnh', 'Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng']),
    );
  });

  it('runs only on an empty database and keeps the audit chain intact', async () => {
    const before = await count(sql`SELECT count(*)::int AS n FROM unit`);
    expect(await seedDemoIfEmpty(ctx.platform.db)).toBeNull();
    expect(await count(sql`SELECT count(*)::int AS n FROM unit`)).toBe(before);
    expect((await verifyAuditChain(ctx.platform.db)).firstBrokenId).toBeNull();
  });
});
