import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { seedDemoIfEmpty } from './db/seed/index.ts';
import {
  type RemoteProviderEntry,
  seedDemoSigningDocument,
  startDemoRemoteSigning,
} from './modules/documents/index.ts';
import { startEmailIntake } from './modules/petitions/index.ts';
import { DEMO_SIGNING_PIN, seedDemoSignatures } from './modules/signatures/index.ts';
import { startPlatform } from './platform/boot.ts';

const startedAt = performance.now();

async function main() {
  const config = loadConfig();
  const platform = await startPlatform(config);
  // Live: the demo's remote signing simulator joins it once the demo CA exists (below).
  const remoteProviders = new Map<string, RemoteProviderEntry>();
  const app = await buildApp(platform, { logger: { level: config.LOG_LEVEL }, remoteProviders });
  await platform.startJobs();
  const demoLogins = config.SEED_DEMO
    ? await seedDemoIfEmpty(platform.db, { secretKey: platform.config.SECRET_KEY })
    : null;
  // The demo CA, certificates (PIN 123456) and images of the demo leaders; idempotent.
  const demoSigning = config.SEED_DEMO ? await seedDemoSignatures(platform.db, platform.config) : null;
  // An approved decision for lanhdao.lamdong to sign and vanthu.lamdong to issue and seal.
  if (demoSigning) await seedDemoSigningDocument(platform.db, platform.storage);
  // Remote signing in the demo: the CSC API simulator, its "phone" page approving requests.
  const phone = demoSigning ? await startDemoRemoteSigning(platform.db, config, remoteProviders) : null;
  // E-mail intake (issue 6): mail to PETITIONS_INBOUND_ADDRESS becomes draft petitions.
  const emailIntake =
    config.PETITIONS_INBOUND_SMTP_PORT === undefined
      ? null
      : await startEmailIntake(platform, { log: (line) => app.log.info(`[email-intake] ${line}`) });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    await app.close();
    await phone?.close();
    await emailIntake?.close();
    await platform.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const lines = [
    '',
    `  Mặt trận số is ready in ${seconds} s — ${config.PUBLIC_URL}/app/`,
    `  API docs: ${config.PUBLIC_URL}/api/docs`,
    `  Database: ${platform.embedded ? `embedded PostgreSQL in ${config.DATA_DIR}/pg` : 'DATABASE_URL'}`,
  ];
  if (demoLogins?.length) {
    lines.push('', '  Demo logins (tài khoản demo):');
    for (const login of demoLogins) {
      lines.push(
        `    ${login.username.padEnd(22)} ${login.password.padEnd(14)} ${login.role} — ${login.unit}${login.note ? ` (${login.note})` : ''}`,
      );
    }
  }
  if (demoSigning) lines.push(`  Mã PIN ký số demo (demo signing PIN): ${DEMO_SIGNING_PIN}`);
  if (phone) lines.push(`  Điện thoại mô phỏng ký số từ xa (remote signing phone): ${phone.phoneUrl}`);
  if (emailIntake)
    lines.push(
      `  Hộp thư kiến nghị (petitions SMTP intake): port ${emailIntake.port} for ${config.PETITIONS_INBOUND_ADDRESS}`,
    );
  console.log(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Mặt trận số failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
