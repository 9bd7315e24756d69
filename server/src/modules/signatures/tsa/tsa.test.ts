/**
 * The RFC 3161 client against `openssl ts -reply` behind a loopback HTTP server; every token it
 * returns is checked by `openssl ts -verify` against the test CA, never by our own parser.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTsa, TEST_TSA_POLICY, type TestTsa } from '../test-support/tsa.ts';
import { createTsaClient, TimestampError } from './index.ts';

let dir: string;
let tsa: TestTsa;
let n = 0;

function openssl(args: string[]) {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.error) throw new Error(`openssl is missing: apt-get install openssl (${r.error.message})`);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
function file(data: Buffer | string): string {
  const path = join(dir, `f-${++n}`);
  writeFileSync(path, data);
  return path;
}
function verify(token: Buffer, by: string[]) {
  return openssl(['ts', '-verify', ...by, '-in', file(token), '-token_in', '-CAfile', tsa.caFile]);
}
async function failure(p: Promise<unknown>): Promise<TimestampError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TimestampError) return e;
    throw e;
  }
  throw new Error('expected a TimestampError');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tsa-client-'));
  tsa = await startTestTsa();
}, 60_000);
afterAll(async () => {
  await tsa?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('createTsaClient', () => {
  it('time-stamps data: openssl verifies the token against the data and its SHA-256', async () => {
    tsa.mode = 'ok';
    const data = Buffer.from('Công văn số 123/MTTQ-BTT — dữ liệu cần gắn dấu thời gian');
    const token = await createTsaClient({ url: tsa.url }).timestamp(data);
    const r = verify(token, ['-data', file(data)]);
    expect(r.out).toContain('Verification: OK');
    expect(verify(token, ['-digest', createHash('sha256').update(data).digest('hex')]).status).toBe(0);
    expect(verify(token, ['-data', file(Buffer.concat([data, Buffer.from('!')]))]).status).not.toBe(0);
    // The token names the TSA certificate (certReq): the TSA's Vietnamese name is inside, as UTF-8.
    const text = openssl(['ts', '-reply', '-in', file(token), '-token_in', '-text']).out;
    expect(text).toContain(`Policy OID: ${TEST_TSA_POLICY}`);
    expect(text).toMatch(/Nonce: 0x[0-9A-F]+/);
    const subject = openssl([
      'x509',
      '-in',
      tsa.tsaCertFile,
      '-noout',
      '-subject',
      '-ext',
      'extendedKeyUsage',
      '-nameopt',
      'utf8',
    ]).out;
    expect(subject).toContain('Dịch vụ cấp dấu thời gian (thử nghiệm)');
    expect(subject).toMatch(/Extended Key Usage: critical\s+Time Stamping/);
  });

  it('accepts a SHA-256 digest instead of the data; sends the policy and Basic credentials', async () => {
    const digest = createHash('sha256').update('chỉ gửi mã băm').digest();
    const other = TEST_TSA_POLICY.replace(/\.1$/, '.2');
    const token = await createTsaClient({
      url: tsa.url,
      policyOid: other,
      username: 'văn-thư',
      password: 'mật khẩu',
    }).timestamp({ sha256: digest });
    expect(verify(token, ['-digest', digest.toString('hex')]).status).toBe(0);
    expect(openssl(['ts', '-reply', '-in', file(token), '-token_in', '-text']).out).toContain(
      `Policy OID: ${other}`,
    );
    expect(tsa.lastAuthorization).toBe(`Basic ${Buffer.from('văn-thư:mật khẩu').toString('base64')}`);
  });

  it('refusal (openssl answers status rejection / badAlg) → TSA_REFUSED with the TSA text', async () => {
    tsa.mode = 'refuse';
    const err = await failure(createTsaClient({ url: tsa.url }).timestamp(Buffer.from('x'))).finally(() => {
      tsa.mode = 'ok';
    });
    expect(err.details).toMatchObject({ reason: 'TSA_REFUSED', status: 2, failInfo: [0] });
    expect(err.text?.vi).toContain('từ chối');
    expect(err.text?.en).toContain('Message digest algorithm is not supported');
  });

  it('a replayed answer (genuine token, other nonce and imprint) → TSA_BAD_RESPONSE', async () => {
    tsa.mode = 'ok';
    const client = createTsaClient({ url: tsa.url });
    await client.timestamp(Buffer.from('first'));
    tsa.mode = 'replay';
    const err = await failure(client.timestamp(Buffer.from('second'))).finally(() => {
      tsa.mode = 'ok';
    });
    expect(err.details).toMatchObject({ reason: 'TSA_BAD_RESPONSE' });
    expect(String(err.details?.problem)).toMatch(/imprint|nonce/);
  });

  it('garbage → TSA_BAD_RESPONSE; HTTP 500 → TSA_BAD_RESPONSE', async () => {
    tsa.mode = 'garbage';
    const garbage = await failure(createTsaClient({ url: tsa.url }).timestamp(Buffer.from('x'))).finally(
      () => {
        tsa.mode = 'ok';
      },
    );
    expect(garbage.details?.reason).toBe('TSA_BAD_RESPONSE');
    const server = createServer((_req, res) => res.writeHead(500).end('lỗi'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const http = await failure(createTsaClient({ url }).timestamp(Buffer.from('x')));
    await new Promise((r) => server.close(r));
    expect(http.details).toMatchObject({ reason: 'TSA_BAD_RESPONSE', problem: 'HTTP 500' });
  });

  it('a TSA that never answers → TSA_TIMEOUT after timeoutMs', async () => {
    tsa.mode = 'hang';
    const started = Date.now();
    const err = await failure(
      createTsaClient({ url: tsa.url, timeoutMs: 500 }).timestamp(Buffer.from('x')),
    ).finally(() => {
      tsa.mode = 'ok';
    });
    expect(err.details?.reason).toBe('TSA_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(err.status).toBe(503);
    expect(err.text?.vi).toContain('không trả lời');
  });

  it('nobody listening → TSA_UNREACHABLE', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r));
    const err = await failure(
      createTsaClient({ url: `http://127.0.0.1:${port}/` }).timestamp(Buffer.from('x')),
    );
    expect(err.details).toMatchObject({ reason: 'TSA_UNREACHABLE', cause: 'ECONNREFUSED' });
    expect(err.text?.vi).toContain('Không kết nối được');
  });
});
