/**
 * `npm run audit:verify [-- --json]`: walks the whole audit chain and reports the first entry whose
 * content or link was changed. Exit code 0 when intact, 2 when tampered with, 1 when it cannot run.
 * Uses DATABASE_URL, or the embedded PostgreSQL in DATA_DIR (attaching to it if the server runs).
 */
import { ConfigError, loadConfig } from '../config.ts';
import { verifyAuditChain } from '../platform/audit/index.ts';
import { startPlatform } from '../platform/boot.ts';

async function main(): Promise<number> {
  const asJson = process.argv.includes('--json');
  const platform = await startPlatform(loadConfig(), { attachToRunningEmbedded: true });
  try {
    const report = await verifyAuditChain(platform.db);
    const intact = report.firstBrokenId === null;
    if (asJson) console.log(JSON.stringify(report));
    else if (intact) {
      console.log(`Audit chain intact: ${report.checked} entries checked.`);
      console.log(`Chuỗi nhật ký toàn vẹn: đã kiểm tra ${report.checked} bản ghi.`);
    } else {
      console.log(
        `Audit chain BROKEN at entry ${report.firstBrokenId}: ${report.reason} (${report.checked} entries before it are intact).`,
      );
      console.log(`Chuỗi nhật ký bị thay đổi tại bản ghi số ${report.firstBrokenId}.`);
    }
    return intact ? 0 : 2;
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
        : `audit:verify failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
