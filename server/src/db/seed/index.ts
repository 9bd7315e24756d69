import type { Database } from '../client.ts';

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  unit: string;
  note?: string;
}

/** Seeds the demo province when the database has no units yet; returns the demo logins. */
export async function seedDemoIfEmpty(_db: Database): Promise<DemoLogin[] | null> {
  return null;
}
