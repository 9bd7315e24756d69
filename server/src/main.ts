import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { seedDemoIfEmpty } from './db/seed/index.ts';
import { startPlatform } from './platform/boot.ts';

const startedAt = performance.now();

async function main() {
  const config = loadConfig();
  const platform = await startPlatform(config);
  const app = await buildApp(platform, { logger: { level: config.LOG_LEVEL } });
  await platform.startJobs();
  const demoLogins = config.SEED_DEMO
    ? await seedDemoIfEmpty(platform.db, { secretKey: platform.config.SECRET_KEY })
    : null;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: draining requests');
    await app.close();
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
  console.log(`${lines.join('\n')}\n`);
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Mặt trận số failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
