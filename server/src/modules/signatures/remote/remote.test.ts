/**
 * Remote signing through the CSC API v2 wire format, against the local simulator on real loopback
 * HTTP. Signed PDFs are checked only by independent tools: poppler's pdfsig (the simulator's CA in a
 * throwaway NSS db) and `openssl cms -verify`; certificates by `openssl x509`. Missing tools fail.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdf } from '../../../platform/pdf/index.ts';
import { signPdf } from '../pades/index.ts';
import { toPem } from '../pki/index.ts';
import { type SignedPdfChecks, signedPdfChecks } from '../test-support/signed-pdf-checks.ts';
import {
  type CscSimulator,
  createCscProvider,
  createDemoCscUsers,
  type DemoCscAccounts,
  type RemoteAccount,
  RemoteAccountRejectedError,
  RemoteCredentialDisabledError,
  RemoteCredentialNotFoundError,
  RemoteProviderUnreachableError,
  RemoteSigningExpiredError,
  type RemoteSigningProvider,
  RemoteSigningRefusedError,
  remoteSigner,
  type SignatureRequest,
  startCscSimulator,
} from './index.ts';

const TOOLS: Record<string, string> = {
  openssl: 'openssl',
  pdfsig: 'poppler-utils',
  certutil: 'libnss3-tools',
};
const RSA_OID = '1.2.840.113549.1.1.11';
const ECDSA_OID = '1.2.840.10045.4.3.2';
const SHA256_OID = '2.16.840.1.101.3.4.2.1';

let dir: string;
let nssDir: string;
let caFile: string;
let demo: DemoCscAccounts;
let sim: CscSimulator;
let ky: RemoteAccount;
let nhung: RemoteAccount;
const cleanups: (() => Promise<void> | void)[] = [];

function run(cmd: string, args: string[], input?: Buffer) {
  const r = spawnSync(cmd, args, { input });
  if (r.error)
    throw new Error(`${cmd} is missing: apt-get install ${TOOLS[cmd] ?? cmd} (${r.error.message})`);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
function must(cmd: string, args: string[], input?: Buffer) {
  const r = run(cmd, args, input);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}

async function samplePdf(): Promise<Buffer> {
  const pdf = createPdf({ title: 'Công văn thử ký số từ xa' });
  const done = buffer(pdf.stream as NodeJS.ReadableStream);
  pdf.addPage();
  pdf.text('Văn bản thử nghiệm ký số từ xa (CSC) — Mặt trận Tổ quốc Việt Nam.');
  pdf.end();
  return done;
}

let checks: SignedPdfChecks;
const pdfsig = (pdf: Buffer) => checks.pdfsig(pdf);
const opensslVerify = (pdf: Buffer) => checks.opensslVerify(pdf);

/** Plays the signer: waits until a request is pending on the simulated phone, then answers it. */
async function onPhone(
  simulator: CscSimulator,
  answer: 'approve' | 'refuse',
  afterMs: number,
  reason?: string,
): Promise<string> {
  for (;;) {
    const pending = simulator.approvals().find((a) => a.state === 'pending');
    if (pending) {
      await new Promise((r) => setTimeout(r, afterMs));
      if (answer === 'approve') simulator.approve(pending.handle);
      else simulator.refuse(pending.handle, reason);
      return pending.handle;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs `promise` and returns what it rejected with (fails if it resolved). */
async function rejection(promise: Promise<unknown>): Promise<Error & { details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  for (const [tool, pkg] of Object.entries(TOOLS))
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is missing: apt-get install ${pkg}`);
  dir = mkdtempSync(join(tmpdir(), 'remote-sign-'));
  nssDir = join(dir, 'nss');
  mkdirSync(nssDir);
  demo = await createDemoCscUsers();
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, toPem(demo.ca.certificate));
  must('certutil', ['-N', '--empty-password', '-d', `sql:${nssDir}`]);
  must('certutil', ['-A', '-n', 'ca', '-t', 'CT,C,C', '-i', caFile, '-d', `sql:${nssDir}`]);
  checks = signedPdfChecks({ dir, nssDir, caFile });
  sim = await startCscSimulator({ users: demo.users });
  const [first, second] = demo.users;
  ky = { userId: first?.userId ?? '', password: first?.password };
  nhung = { userId: second?.userId ?? '', password: second?.password };
}, 60_000);
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('CSC remote signing against the simulator', () => {
  it('lists the account’s credentials; the certificate read back by openssl has the Vietnamese name', async () => {
    const provider = createCscProvider({ baseUrl: sim.url });
    const list = await provider.listCredentials(ky);
    expect(list.map((c) => c.id)).toEqual(['nvky-rsa', 'nvky-ecdsa', 'mttq-lamdong-seal', 'nvky-cu']);
    expect(list.find((c) => c.id === 'nvky-cu')?.status).toBe('disabled');
    expect(list.find((c) => c.id === 'nvky-ecdsa')?.algorithm).toBe('ECDSA');
    const summary = list.find((c) => c.id === 'nvky-rsa');
    expect(summary?.validTo.getTime()).toBeGreaterThan(Date.now());

    const credential = await provider.getCredential(ky, 'nvky-rsa');
    const subject = must(
      'openssl',
      ['x509', '-inform', 'DER', '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus'],
      credential.certificate,
    );
    expect(subject).toContain('CN=Nguyễn Văn Ký');
    expect(subject).toContain('O=Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng');
    expect(summary?.subject).toContain('Nguyễn Văn Ký');
    // The chain returned by credentials/info verifies up to the CA with openssl.
    const leaf = join(dir, 'leaf.der');
    writeFileSync(leaf, credential.certificate);
    expect(credential.chain).toHaveLength(1);
    must('openssl', ['x509', '-inform', 'DER', '-in', leaf, '-out', `${leaf}.pem`]);
    expect(must('openssl', ['verify', '-CAfile', caFile, `${leaf}.pem`])).toContain(': OK');
    expect(
      Buffer.compare(credential.chain[0] ?? Buffer.alloc(0), Buffer.from(demo.ca.certificate.rawData)),
    ).toBe(0);
  });

  it('RSA: approved on the phone after a delay → onPending with a future expiry, PDF valid and trusted (pdfsig, openssl cms)', async () => {
    const provider = createCscProvider({ baseUrl: sim.url });
    const from = sim.requests.length;
    const pending: SignatureRequest[] = [];
    const signer = await remoteSigner(provider, ky, 'nvky-rsa', {
      description: 'Ký Công văn số 12/CV-MTTQ',
      pollIntervalMs: 50,
      onPending: (info) => pending.push(info),
    });
    const phone = onPhone(sim, 'approve', 300);
    const started = Date.now();
    const signed = await signPdf(await samplePdf(), signer, {
      fieldName: 'Chủ tịch',
      reason: 'Ban hành văn bản',
    });
    await phone;
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.expiresAt.getTime()).toBeGreaterThan(started + 60_000);

    const out = pdfsig(signed);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    expect(out).toContain('Signer Certificate Common Name: Nguyễn Văn Ký');
    expect(out).toContain('- Total document signed');
    expect(opensslVerify(signed)).toBe(0);

    // The wire, as the simulator received it: CSC v2 method names and field names.
    const wire = sim.requests.slice(from);
    expect(wire.map((r) => r.method).filter((m, i, all) => all.indexOf(m) === i)).toEqual([
      'auth/login',
      'credentials/info',
      'credentials/authorize',
      'credentials/authorizeCheck',
      'signatures/signHash',
    ]);
    expect(wire[0]?.authorization).toBe(
      `Basic ${Buffer.from(`${ky.userId}:${ky.password}`).toString('base64')}`,
    );
    const info = wire.find((r) => r.method === 'credentials/info');
    expect(info?.body).toMatchObject({ credentialID: 'nvky-rsa', certificates: 'chain' });
    expect(info?.authorization).toMatch(/^Bearer \S+$/);
    const authorize = wire.find((r) => r.method === 'credentials/authorize');
    expect(authorize?.status).toBe(202);
    expect(authorize?.body).toMatchObject({
      credentialID: 'nvky-rsa',
      numSignatures: 1,
      hashAlgorithmOID: SHA256_OID,
      description: 'Ký Công văn số 12/CV-MTTQ',
    });
    const hashes = authorize?.body.hashes as string[];
    expect(hashes).toHaveLength(1);
    expect(Buffer.from(hashes[0] ?? '', 'base64')).toHaveLength(32);
    const checks = wire.filter((r) => r.method === 'credentials/authorizeCheck');
    expect(checks.length).toBeGreaterThan(1); // polled while pending
    expect(checks.map((c) => c.status)).toContain(202);
    expect(checks.at(-1)?.status).toBe(200);
    expect(Object.keys(checks[0]?.body ?? {})).toEqual(['handle']);
    const signHash = wire.find((r) => r.method === 'signatures/signHash');
    expect(signHash?.body).toMatchObject({
      credentialID: 'nvky-rsa',
      hashes,
      signAlgo: RSA_OID,
      hashAlgorithmOID: SHA256_OID,
    });
    expect(typeof signHash?.body.SAD).toBe('string');
  });

  it('ECDSA: approved with the phone page’s button (HTTP form post) → valid and trusted', async () => {
    const provider = createCscProvider({ baseUrl: sim.url });
    const from = sim.requests.length;
    const signer = await remoteSigner(provider, nhung, 'tthnhung-ecdsa', {
      description: 'Ký Báo cáo số 7/BC-MTTQ',
      pollIntervalMs: 50,
    });
    const phone = (async () => {
      for (;;) {
        const page = await (await fetch(sim.phoneUrl)).text();
        const action = page.match(/action="(\/simulator\/requests\/[^"]+\/approve)"/)?.[1];
        if (action) {
          expect(page).toContain('Trần Thị Hồng Nhung');
          expect(page).toContain('Ký Báo cáo số 7/BC-MTTQ');
          expect(page).toContain('Đồng ý ký');
          const answer = await fetch(sim.url + action, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: '',
            redirect: 'manual',
          });
          expect(answer.status).toBe(303);
          return;
        }
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
    const signed = await signPdf(await samplePdf(), signer, { fieldName: 'Phó Chủ tịch' });
    await phone;
    const out = pdfsig(signed);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    expect(out).toContain('Signer Certificate Common Name: Trần Thị Hồng Nhung');
    expect(out).toMatch(/Signature Type: ETSI\.CAdES\.detached/);
    expect(opensslVerify(signed)).toBe(0);
    expect(sim.requests.slice(from).find((r) => r.method === 'signatures/signHash')?.body.signAlgo).toBe(
      ECDSA_OID,
    );
  });

  it('refused on the phone → RemoteSigningRefusedError with the reason, and no PDF', async () => {
    const provider = createCscProvider({ baseUrl: sim.url });
    const signer = await remoteSigner(provider, ky, 'nvky-rsa', { pollIntervalMs: 50 });
    const from = sim.requests.length;
    let output: Buffer | undefined;
    const phone = onPhone(sim, 'refuse', 100, 'Sai số hiệu văn bản');
    const error = await rejection(
      (async () => {
        output = await signPdf(await samplePdf(), signer);
      })(),
    );
    await phone;
    expect(error).toBeInstanceOf(RemoteSigningRefusedError);
    expect(error.message).toContain('refused');
    expect(error.details?.refusal).toBe('Sai số hiệu văn bản');
    expect(output).toBeUndefined();
    const wire = sim.requests.slice(from);
    expect(wire.at(-1)).toMatchObject({
      method: 'credentials/authorizeCheck',
      status: 400,
      response: { error: 'access_denied', error_description: 'Sai số hiệu văn bản' },
    });
    expect(wire.some((r) => r.method === 'signatures/signHash')).toBe(false);
  });

  it('nobody answers before the countdown ends → RemoteSigningExpiredError', async () => {
    const short = await startCscSimulator({ users: demo.users, requestValidityMs: 500 });
    cleanups.push(() => short.close());
    const provider = createCscProvider({ baseUrl: short.url });
    const pending: SignatureRequest[] = [];
    const signer = await remoteSigner(provider, ky, 'nvky-rsa', {
      pollIntervalMs: 50,
      onPending: (info) => pending.push(info),
    });
    const started = Date.now();
    const error = await rejection(signPdf(await samplePdf(), signer));
    expect(error).toBeInstanceOf(RemoteSigningExpiredError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(pending[0]?.expiresAt.getTime()).toBeGreaterThan(started);
    expect(pending[0]?.expiresAt.getTime()).toBeLessThanOrEqual(started + 1_000);
    const last = short.requests.at(-1);
    expect(last?.method).toBe('credentials/authorizeCheck');
    expect(last?.status).toBe(400);
    expect(last?.response).toMatchObject({ error: 'expired_token' });
    expect(short.approvals()[0]?.state).toBe('expired');
  });

  it('autoApproveAfterMs (the demo) signs without anyone on the phone', async () => {
    const auto = await startCscSimulator({ users: demo.users, autoApproveAfterMs: 150 });
    cleanups.push(() => auto.close());
    const signer = await remoteSigner(createCscProvider({ baseUrl: auto.url }), ky, 'mttq-lamdong-seal', {
      pollIntervalMs: 50,
    });
    const signed = await signPdf(await samplePdf(), signer);
    const out = pdfsig(signed);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Signer Certificate Common Name: Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng');
  });

  it('service down (connection refused) → RemoteProviderUnreachableError, quickly', async () => {
    const closed = createHttpServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const started = Date.now();
    const error = await rejection(
      createCscProvider({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 2_000 }).listCredentials(ky),
    );
    expect(error).toBeInstanceOf(RemoteProviderUnreachableError);
    expect(error.details?.reason).toBe('PROVIDER_UNREACHABLE');
    expect(error.message).toContain('cannot be reached');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('service hanging (accepts, never answers) → timeout error within the configured time', async () => {
    const sockets: Socket[] = [];
    const hanging: Server = createTcpServer((s) => sockets.push(s));
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          hanging.close(() => r());
        }),
    );
    const port = (hanging.address() as { port: number }).port;
    const started = Date.now();
    const error = await rejection(
      createCscProvider({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 400 }).getCredential(
        ky,
        'nvky-rsa',
      ),
    );
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(RemoteProviderUnreachableError);
    expect(error.details?.reason).toBe('PROVIDER_TIMEOUT');
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(2_500);
    expect(sockets.length).toBeGreaterThan(0);
  });

  it('service goes away while the request waits on the phone → unreachable, no PDF', async () => {
    const brief = await startCscSimulator({ users: demo.users });
    const signer = await remoteSigner(
      createCscProvider({ baseUrl: brief.url, timeoutMs: 500 }),
      ky,
      'nvky-rsa',
      {
        pollIntervalMs: 50,
        onPending: () => void brief.close(),
      },
    );
    const error = await rejection(signPdf(await samplePdf(), signer));
    expect(error).toBeInstanceOf(RemoteProviderUnreachableError);
  });

  it('unknown credential → not found; disabled → disabled; wrong password → rejected account', async () => {
    const provider = createCscProvider({ baseUrl: sim.url });
    const notFound = await rejection(remoteSigner(provider, ky, 'khong-ton-tai'));
    expect(notFound).toBeInstanceOf(RemoteCredentialNotFoundError);
    expect(notFound.message).toContain('khong-ton-tai');
    expect(sim.requests.at(-1)).toMatchObject({
      method: 'credentials/info',
      status: 400,
      body: { credentialID: 'khong-ton-tai' },
    });
    // Another user's credential is not found either.
    expect(await rejection(provider.getCredential(nhung, 'nvky-rsa'))).toBeInstanceOf(
      RemoteCredentialNotFoundError,
    );
    expect(await rejection(provider.getCredential(ky, 'nvky-cu'))).toBeInstanceOf(
      RemoteCredentialDisabledError,
    );
    const hash = createHash('sha256').update('x').digest();
    expect(
      await rejection(provider.requestSignature(ky, 'nvky-cu', [hash], { description: 'thử' })),
    ).toBeInstanceOf(RemoteCredentialDisabledError);
    expect(
      await rejection(provider.listCredentials({ userId: ky.userId, password: 'sai-mat-khau' })),
    ).toBeInstanceOf(RemoteAccountRejectedError);
  });

  it('the simulator keeps to CSC: errors as { error, error_description }; a SAD signs only its own hashes, once', async () => {
    const post = async (method: string, body: unknown, authorization?: string) => {
      const r = await fetch(`${sim.url}/csc/v2/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    };
    const info = await post('info', { lang: 'vi-VN' });
    expect(info.body).toMatchObject({
      specs: expect.stringMatching(/^2\./),
      methods: expect.arrayContaining(['signatures/signHash']),
    });
    const login = await post(
      'auth/login',
      {},
      `Basic ${Buffer.from(`${ky.userId}:${ky.password}`).toString('base64')}`,
    );
    const bearer = `Bearer ${login.body.access_token}`;
    expect(await post('credentials/list', {})).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'Malformed authorization header' },
    });
    const authorized = createHash('sha256').update('văn bản A').digest('base64');
    const other = createHash('sha256').update('văn bản B').digest('base64');
    const auth = await post(
      'credentials/authorize',
      { credentialID: 'nvky-rsa', numSignatures: 1, hashes: [authorized], hashAlgorithmOID: SHA256_OID },
      bearer,
    );
    expect(auth.status).toBe(202);
    sim.approve(String(auth.body.handle));
    const check = await post('credentials/authorizeCheck', { handle: auth.body.handle }, bearer);
    expect(check.status).toBe(200);
    const sign = (hashes: string[]) =>
      post(
        'signatures/signHash',
        { credentialID: 'nvky-rsa', SAD: check.body.SAD, hashes, signAlgo: RSA_OID },
        bearer,
      );
    expect(await sign([other])).toEqual({
      status: 400,
      body: { error: 'invalid_request', error_description: 'Hash is not authorized by the SAD' },
    });
    const ok = await sign([authorized]);
    expect(ok.status).toBe(200);
    // The signature is PKCS#1 v1.5 over that digest: openssl recovers the DigestInfo with the certificate's key.
    const cert = join(dir, 'nvky-rsa.pem');
    writeFileSync(cert, toPem(demo.users[0]?.credentials[0]?.key.certificate as never));
    const sig = join(dir, 'raw.sig');
    const recovered = join(dir, 'recovered.bin');
    writeFileSync(sig, Buffer.from(String((ok.body.signatures as string[])[0]), 'base64'));
    must('openssl', ['pkeyutl', '-verifyrecover', '-certin', '-inkey', cert, '-in', sig, '-out', recovered]);
    // DigestInfo { sha256, OCTET STRING hash } (RFC 8017 §9.2)
    expect(readFileSync(recovered).toString('hex')).toBe(
      `3031300d060960864801650304020105000420${Buffer.from(authorized, 'base64').toString('hex')}`,
    );
    expect((await sign([authorized])).body.error_description).toBe('Invalid parameter SAD');
  });

  it('cancelled by the caller (signal) while waiting → rejects with the abort reason, polling stops', async () => {
    const provider = createCscProvider({ baseUrl: sim.url });
    const controller = new AbortController();
    const signer = await remoteSigner(provider, ky, 'nvky-rsa', {
      pollIntervalMs: 50,
      signal: controller.signal,
      onPending: () => setTimeout(() => controller.abort(new Error('Người dùng đã hủy')), 120),
    });
    const error = await rejection(signPdf(await samplePdf(), signer));
    expect(error.message).toBe('Người dùng đã hủy');
    const count = sim.requests.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.requests.length).toBe(count);
  });
});

describe('remoteSigner with any provider', () => {
  it('a provider that stays "pending" past its expiry (plus grace) is reported as expired', async () => {
    const expiresAt = new Date(Date.now() + 100);
    let polls = 0;
    const stuck: RemoteSigningProvider = {
      id: 'stuck',
      displayName: 'Nhà cung cấp thử',
      listCredentials: async () => [],
      getCredential: async () => ({
        certificate: Buffer.from(demo.ca.certificate.rawData),
        chain: [],
        algorithm: 'RSA',
      }),
      requestSignature: async () => ({ requestId: 'r1', expiresAt }),
      pollSignature: async () => {
        polls++;
        return { state: 'pending', expiresAt };
      },
    };
    const signer = await remoteSigner(stuck, ky, 'x', { pollIntervalMs: 20, graceMs: 100 });
    const started = Date.now();
    const error = await rejection(signer.sign(new Uint8Array([0x31, 0x00])));
    expect(error).toBeInstanceOf(RemoteSigningExpiredError);
    expect(error.message).toContain('Nhà cung cấp thử');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(polls).toBeGreaterThan(2);
  });
});
