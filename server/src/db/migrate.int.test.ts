import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runMigrations } from './migrate.ts';

const adminUrl = inject('pgAdminUrl');
const database = `migrate_${randomBytes(5).toString('hex')}`;
const url = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

afterAll(() => admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)));

describe('migrations', () => {
  it('three instances starting together on an empty database migrate it once, without racing', async () => {
    await admin((c) => c.query(`CREATE DATABASE "${database}"`));
    await Promise.all([runMigrations(url), runMigrations(url), runMigrations(url)]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const applied = await client.query<{ hash: string }>('SELECT hash FROM drizzle.__drizzle_migrations');
    const hashes = applied.rows.map((r) => r.hash);
    expect(new Set(hashes).size).toBe(hashes.length);
    const levels = await client.query('SELECT id FROM unit_level ORDER BY rank');
    expect(levels.rows.map((r) => r.id)).toEqual(['central', 'province', 'commune', 'residential']);
    const folded = await client.query<{ v: string }>("SELECT f_unaccent('Quyết định Đảng ủy') AS v");
    expect(folded.rows[0]!.v).toBe('quyet dinh dang uy');
    await client.end();
  });
});
