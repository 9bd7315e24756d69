import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Any constant shared by every instance: two instances starting together migrate one at a time. */
const MIGRATION_LOCK_KEY = 724_011_001;

export async function runMigrations(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'mat-tran-so-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzle({ client }), { migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** True when every migration in the folder is recorded as applied (used by /readyz). */
export async function countPendingMigrations(pool: pg.Pool, expected: number): Promise<number> {
  const result = await pool
    .query<{ count: string }>('SELECT count(*)::text AS count FROM drizzle.__drizzle_migrations')
    .catch(() => ({ rows: [{ count: '0' }] }));
  return Math.max(0, expected - Number(result.rows[0]?.count ?? 0));
}
