/**
 * `npm run seed --workspace server`: seeds the demo (central committee, Lâm Đồng after the 2025
 * merger, Hà Tĩnh, ~200 communes, ~300 staff) when the database has no units yet, and prints the
 * demo logins. Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (attaching to it if the
 * server runs). Exit code 0 when seeded or already populated, 1 on failure.
 */
import { ConfigError, loadConfig } from '../config.ts';
import { seedDemoIfEmpty } from '../db/seed/index.ts';
import { seedDemoSigningDocument } from '../modules/documents/index.ts';
import { seedDemoSignatures } from '../modules/signatures/index.ts';
import { startPlatform } from '../platform/boot.ts';

async function main(): Promise<number> {
  const platform = await startPlatform(loadConfig(), { attachToRunningEmbedded: true });
  try {
    const startedAt = performance.now();
    const logins = await seedDemoIfEmpty(platform.db, { secretKey: platform.config.SECRET_KEY });
    await seedDemoSignatures(platform.db, platform.config);
    await seedDemoSigningDocument(platform.db, platform.storage);
    if (!logins) {
      console.log(
        'Cơ sở dữ liệu đã có đơn vị: không gieo dữ liệu mẫu. (The database already has units: nothing seeded.)',
      );
      return 0;
    }
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    console.log(`Đã tạo dữ liệu mẫu trong ${seconds} s (demo data seeded). Tài khoản demo (demo logins):`);
    for (const login of logins)
      console.log(
        `  ${login.username.padEnd(22)} ${login.password.padEnd(14)} ${login.role} — ${login.unit}${login.note ? ` (${login.note})` : ''}`,
      );
    return 0;
  } finally {
    await platform.shutdown();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError
        ? error.message
        : `seed failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
