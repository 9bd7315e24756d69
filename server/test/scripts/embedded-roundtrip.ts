// Starts the embedded PostgreSQL in DATA_DIR as whoever runs this, queries it, stops it.
// Used by embedded.int.test.ts to prove the embedded database works for a normal user.
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';

const embedded = await startEmbeddedPostgres({ dataDir: process.env.DATA_DIR! });
const client = new pg.Client({ connectionString: embedded.url });
await client.connect();
const result = await client.query<{ user: string }>('SELECT current_user AS user');
await client.end();
await embedded.stop();
console.log(`ok ${result.rows[0]!.user} uid=${process.getuid?.()}`);
