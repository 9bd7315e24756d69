/**
 * A throwaway RFC 3161 time-stamping authority for tests: a loopback HTTP server that answers each
 * query by running `openssl ts -reply` with a TSA certificate (extendedKeyUsage critical
 * timeStamping) issued by a test CA with Vietnamese UTF8String names. Modes: 'ok' (default),
 * 'refuse' (openssl itself answers status rejection / badAlg: the config accepts no SHA-256
 * imprint), 'hang' (never answers), 'garbage' (HTTP 200 with bytes that are no TimeStampResp),
 * 'replay' (the previous granted answer again: a genuine token, but for another nonce and imprint).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';

export type TestTsaMode = 'ok' | 'refuse' | 'hang' | 'garbage' | 'replay';

export interface TestCa {
  certPem: string;
  keyPem: string;
}

export interface TestTsa {
  url: string;
  caCertPem: string;
  tsaCertPem: string;
  /** Where `caCertPem` / `tsaCertPem` are written, for `openssl ts -verify -CAfile` / `-untrusted`. */
  caFile: string;
  tsaCertFile: string;
  /** The answer to give from now on. */
  mode: TestTsaMode;
  /** Queries received so far. */
  readonly requests: number;
  /** The Authorization header of the last query, if any. */
  readonly lastAuthorization: string | undefined;
  close(): Promise<void>;
}

export const TEST_TSA_POLICY = '1.3.6.1.4.1.99999.1.1';
const CA_SUBJECT = '/CN=Ban Cơ yếu Chính phủ (thử nghiệm)/O=Ban Cơ yếu Chính phủ/C=VN';
const TSA_SUBJECT = '/CN=Dịch vụ cấp dấu thời gian (thử nghiệm)/O=Ban Cơ yếu Chính phủ/C=VN';

function openssl(cwd: string, args: string[]): string {
  return execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A self-signed test CA (RSA 2048) with a Vietnamese UTF8String name, made by the openssl CLI. */
export function createTestCa(subject = CA_SUBJECT): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'test-ca-'));
  try {
    openssl(dir, [
      'req',
      '-x509',
      '-utf8',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '30',
      '-subj',
      subject,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    return {
      certPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
      keyPem: readFileSync(join(dir, 'ca.key'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function config(dir: string, digests: string): string {
  return `[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = ${dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/ca.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = ${TEST_TSA_POLICY}
other_policies = ${TEST_TSA_POLICY.replace(/\.1$/, '.2')}
digests = ${digests}
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;
}

export async function startTestTsa(options: { ca?: TestCa } = {}): Promise<TestTsa> {
  const dir = mkdtempSync(join(tmpdir(), 'test-tsa-'));
  const ca = options.ca ?? createTestCa();
  writeFileSync(join(dir, 'ca.pem'), ca.certPem);
  writeFileSync(join(dir, 'ca.key'), ca.keyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'serial'), '01\n');
  writeFileSync(
    join(dir, 'tsa.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  openssl(dir, [
    'req',
    '-new',
    '-utf8',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'tsa.key',
    '-out',
    'tsa.csr',
    '-subj',
    TSA_SUBJECT,
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    'tsa.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'tsa.pem',
    '-days',
    '30',
    '-extfile',
    'tsa.ext',
  ]);
  writeFileSync(join(dir, 'ok.cnf'), config(dir, 'sha256, sha384, sha512'));
  writeFileSync(join(dir, 'refuse.cnf'), config(dir, 'sha512'));

  let requests = 0;
  let lastAuthorization: string | undefined;
  let lastAnswer: Buffer | undefined;
  let files = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const reply = (query: Buffer, cnf: string): Promise<Buffer> => {
    const n = ++files;
    const run = queue.then(
      () =>
        new Promise<Buffer>((resolve, reject) => {
          const q = join(dir, `q-${n}.tsq`);
          const r = join(dir, `r-${n}.tsr`);
          writeFileSync(q, query);
          execFile(
            'openssl',
            ['ts', '-reply', '-config', cnf, '-queryfile', q, '-out', r],
            (err, _o, stderr) => {
              if (err) reject(new Error(`openssl ts -reply failed: ${stderr}`));
              else resolve(readFileSync(r));
            },
          );
        }),
    );
    queue = run.catch(() => undefined); // serial file updates one at a time
    return run;
  };

  const tsa: TestTsa = {
    url: '',
    caCertPem: ca.certPem,
    tsaCertPem: readFileSync(join(dir, 'tsa.pem'), 'utf8'),
    caFile: join(dir, 'ca.pem'),
    tsaCertFile: join(dir, 'tsa.pem'),
    mode: 'ok',
    get requests() {
      return requests;
    },
    get lastAuthorization() {
      return lastAuthorization;
    },
    close: async () => {},
  };

  const server = createServer(async (req: IncomingMessage, res) => {
    requests += 1;
    lastAuthorization = req.headers.authorization;
    const query = await buffer(req);
    const mode = tsa.mode;
    if (mode === 'hang') return; // keep the socket open, answer nothing
    if (mode === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
      res.end(Buffer.from('<html>not a time stamp</html>'));
      return;
    }
    if (mode === 'replay' && lastAnswer) {
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
      res.end(lastAnswer);
      return;
    }
    try {
      const answer = await reply(query, join(dir, mode === 'refuse' ? 'refuse.cnf' : 'ok.cnf'));
      if (mode !== 'refuse') lastAnswer = answer;
      res.writeHead(200, { 'content-type': 'application/timestamp-reply' });
      res.end(answer);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end((e as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tsa.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  tsa.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      });
    });
  return tsa;
}
