/**
 * Public site pages (issue 7): the article page's throughput and latency on this machine, side by
 * side in the same run with nginx serving the same rendered page as a static file (the limit on
 * this machine); latency at half the server's maximum rate; page weight (HTML + CSS, gzipped) and
 * Lighthouse mobile scores (performance, accessibility) of the article and home pages in Debian's
 * Chromium. Targets: ≥ 0.5× nginx's rate, p99 < 25 ms at half the maximum rate, ≤ 60 KB gzipped,
 * Lighthouse ≥ 95.
 *
 * The real server (`node --import tsx server/src/main.ts`, NODE_ENV=production, the demo seed) in
 * its own process; nginx (Debian's nginx-light) in its own; autocannon in this one — all three
 * share the 2 cores, as they take turns. Each request comes from the next of 65,536 addresses in
 * X-Forwarded-For (TRUST_PROXY=true, as behind the reverse proxy), so the per-address rate limit
 * is not what is measured.
 * Run: `npm run bench:portal` (BENCH_SECONDS per run, default 15; BENCH_CONNECTIONS, default 32;
 * CHROMIUM_PATH, default /usr/bin/chromium; BENCH_LIGHTHOUSE=0 to skip Lighthouse).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { freePort } from '../server/src/db/embedded.ts';
import { describeMachine, loadAverage, percentile } from './machine.ts';
import { benchDatabase, startServer } from './support.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let addressCounter = 0;
const nextAddress = () => {
  const n = addressCounter++ % 65_536;
  return `10.88.${n >> 8}.${n & 255}`;
};

interface Run {
  rps: number;
  times: number[];
  non200: number;
  errors: number;
}

/** autocannon on one URL; every response time kept; `rate` caps the overall requests per second. */
async function load(url: string, options: { rate?: number; connections?: number } = {}): Promise<Run> {
  const times: number[] = [];
  let non200 = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections ?? CONNECTIONS,
        duration: SECONDS,
        timeout: 30,
        ...(options.rate ? { overallRate: options.rate } : {}),
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              headers: { ...request.headers, 'x-forwarded-for': nextAddress() },
            }),
          },
        ],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      times.push(responseTime);
      if (status !== 200) non200++;
    });
  });
  times.sort((a, b) => a - b);
  return { rps: times.length / result.duration, times, non200, errors: result.errors };
}

const line = (label: string, run: Run) => {
  const f = (p: number) => `${percentile(run.times, p).toFixed(1)} ms`;
  return `${label.padEnd(46)} ${run.rps.toFixed(0).padStart(6)} req/s  n=${run.times.length}  p50 ${f(50)}  p95 ${f(95)}  p99 ${f(99)}  max ${f(100)}  non-200 ${run.non200}  errors ${run.errors}  load ${loadAverage()}`;
};

/** nginx serving `dir` on a free port, as a foreground process of its own (config in `dir`). */
async function startNginx(dir: string) {
  const port = await freePort();
  const config = `worker_processes auto;
daemon off;
pid ${dir}/nginx.pid;
error_log stderr error;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp;
  proxy_temp_path ${dir}/tmp;
  fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp;
  scgi_temp_path ${dir}/tmp;
  types { text/html html; }
  sendfile on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
    location / { try_files $uri /article.html; }
  }
}
`;
  await writeFile(path.join(dir, 'nginx.conf'), config);
  const child = spawn('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error('nginx exited during start (is nginx-light installed?)');
    if (
      await fetch(`${url}/article.html`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 100) throw new Error('nginx not ready after 10 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    async stop() {
      child.kill('SIGQUIT');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** Lighthouse's mobile audit (its default: emulated phone, throttled 4G) in Debian's Chromium. */
async function lighthouseScores(url: string) {
  const { launch } = await import('chrome-launcher');
  const { default: lighthouse } = await import('lighthouse');
  const chrome = await launch({
    chromePath: CHROMIUM,
    chromeFlags: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    });
    const categories = result?.lhr.categories ?? {};
    const score = (key: string) => Math.round((categories[key]?.score ?? 0) * 100);
    const audits = result?.lhr.audits ?? {};
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      seo: score('seo'),
      fcp: audits['first-contentful-paint']?.displayValue ?? '?',
      lcp: audits['largest-contentful-paint']?.displayValue ?? '?',
      cls: audits['cumulative-layout-shift']?.displayValue ?? '?',
      tbt: audits['total-blocking-time']?.displayValue ?? '?',
    };
  } finally {
    chrome.kill();
  }
}

const database = await benchDatabase();
const work = await mkdtemp(path.join(tmpdir(), 'mts-bench-portal-'));
const server = await startServer({
  DATABASE_URL: database.url,
  SEED_DEMO: 'true',
  // The demo seed keeps signing credentials, sealed under this key in production.
  SIGNATURE_KEYSTORE_KEY: randomBytes(32).toString('base64'),
  TRUST_PROXY: 'true',
  JOBS_ENABLED: 'false',
});
try {
  console.log(`machine: ${describeMachine()}`);
  console.log(`load average at start: ${loadAverage()}`);

  // The demo province's site: its home and its newest article.
  const home = await fetch(`${server.url}/trang/lam-dong`);
  if (!home.ok) throw new Error(`the demo province site answered ${home.status}`);
  const homeHtml = await home.text();
  const articlePath = homeHtml.match(/href="(\/trang\/lam-dong\/bai-viet\/[a-z0-9-]+)"/)?.[1];
  if (!articlePath) throw new Error('no article link on the demo province home');
  const articleUrl = `${server.url}${articlePath}`;
  const articleHtml = await (await fetch(articleUrl)).text();
  const cssPath = articleHtml.match(/<link rel="stylesheet" href="([^"]+)"/)?.[1];
  const css = cssPath ? await (await fetch(`${server.url}${cssPath}`)).text() : '';

  console.log('\npage weight (HTML + CSS; images excluded; target ≤ 60 KB gzipped):');
  for (const [label, html] of [
    ['article', articleHtml],
    ['home', homeHtml],
  ] as const) {
    const gzHtml = gzipSync(html).length;
    const gzCss = gzipSync(css).length;
    console.log(
      `  ${label.padEnd(8)} HTML ${(html.length / 1024).toFixed(1)} KiB (${(gzHtml / 1024).toFixed(1)} KiB gz) + CSS ${(css.length / 1024).toFixed(1)} KiB (${(gzCss / 1024).toFixed(1)} KiB gz) = ${((gzHtml + gzCss) / 1024).toFixed(1)} KiB gz; scripts: ${(html.match(/<script(?![^>]*application\/ld\+json)/g) ?? []).length} executable`,
    );
  }

  // The same bytes as a static file for nginx.
  await mkdir(path.join(work, 'www'));
  await mkdir(path.join(work, 'tmp'));
  // nginx's workers (www-data when started as root) must read the page: mkdtemp makes it 0700.
  await chmod(work, 0o755);
  await writeFile(path.join(work, 'www', 'article.html'), articleHtml);
  const nginx = await startNginx(work);

  console.log(
    `\narticle page ${articlePath} (${(articleHtml.length / 1024).toFixed(1)} KiB), ${CONNECTIONS} connections, ${SECONDS} s each:`,
  );
  await load(articleUrl, { connections: 4 }); // warm up: JIT, the micro-cache, PostgreSQL buffers
  const ours1 = await load(articleUrl);
  console.log(line('Mặt trận số (Node, micro-cache)', ours1));
  const static1 = await load(`${nginx.url}/article.html`);
  console.log(line('nginx, the same page as a static file', static1));
  const ours2 = await load(articleUrl);
  console.log(line('Mặt trận số again', ours2));
  const static2 = await load(`${nginx.url}/article.html`);
  console.log(line('nginx again', static2));
  await nginx.stop();
  const best = Math.max(ours1.rps, ours2.rps);
  const nginxBest = Math.max(static1.rps, static2.rps);
  console.log(`ratio (best of two): ${(best / nginxBest).toFixed(2)}× nginx (target ≥ 0.5×)`);

  const half = Math.round(best / 2);
  const atHalf = await load(articleUrl, { rate: half });
  console.log(line(`at half the maximum rate (${half} req/s)`, atHalf));
  console.log(`p99 at half rate: ${percentile(atHalf.times, 99).toFixed(1)} ms (target < 25 ms)`);

  if (process.env.BENCH_LIGHTHOUSE !== '0') {
    console.log('\nLighthouse (mobile, default throttling), Debian Chromium:');
    for (const [label, url] of [
      ['article', articleUrl],
      ['home', `${server.url}/trang/lam-dong`],
    ] as const) {
      const s = await lighthouseScores(url);
      console.log(
        `  ${label.padEnd(8)} performance ${s.performance}  accessibility ${s.accessibility}  best practices ${s.bestPractices}  SEO ${s.seo}  (FCP ${s.fcp}, LCP ${s.lcp}, TBT ${s.tbt}, CLS ${s.cls})`,
      );
    }
  }
} finally {
  await server.stop();
  await database.drop();
  await rm(work, { recursive: true, force: true });
}
