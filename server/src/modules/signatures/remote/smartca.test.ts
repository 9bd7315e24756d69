/**
 * The SmartCA-style provider against a fake SmartCA gateway (node:http on loopback, in this file) that
 * speaks exactly the wire format documented in smartca.ts and signs with a real RSA key. Signed PDFs are
 * checked only by independent tools: pdfsig (the fake CA in a throwaway NSS db) and `openssl cms -verify`.
 */
import { spawnSync } from 'node:child_process';
import { constants as cryptoConstants, KeyObject, privateEncrypt } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdf } from '../../../platform/pdf/index.ts';
import { signPdf } from '../pades/index.ts';
import { createCertificateAuthority, issueCertificate, type KeyedCertificate, toPem } from '../pki/index.ts';
import { type SignedPdfChecks, signedPdfChecks } from '../test-support/signed-pdf-checks.ts';
import {
  type RemoteAccount,
  RemoteCredentialNotFoundError,
  RemoteProviderError,
  RemoteProviderUnreachableError,
  RemoteSigningExpiredError,
  RemoteSigningRefusedError,
  remoteSigner,
  type SignatureRequest,
} from './index.ts';
import { createSmartCaProvider } from './smartca.ts';

const TOOLS: Record<string, string> = {
  openssl: 'openssl',
  pdfsig: 'poppler-utils',
  certutil: 'libnss3-tools',
};
/** DER prefix of DigestInfo { sha256, NULL } before the 32-byte digest (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');
const SP_ID = 'mttq-lamdong.apps.smartcaapi.test';
const SP_PASSWORD = 'bi-mat-sp';
const CITIZEN_ID = '068190004321';

// ---------------------------------------------------------------- fake SmartCA gateway

interface Recorded {
  path: string;
  body: Record<string, unknown>;
}
type Outcome =
  | { kind: 'approve'; afterMs: number }
  | { kind: 'refuse'; afterMs: number; reason: string }
  | { kind: 'expire'; afterMs: number };
interface Transaction {
  id: string;
  userId: string;
  serial: string;
  files: { docId: string; hash: Buffer }[];
  createdAt: number;
  outcome: Outcome;
}

interface FakeSmartCa {
  url: string;
  requests: Recorded[];
  /** What the next transaction's signer does on the phone. */
  next: Outcome;
  close(): Promise<void>;
}

async function startFakeSmartCa(
  users: Map<string, { key: KeyedCertificate; ca: KeyedCertificate }[]>,
): Promise<FakeSmartCa> {
  const transactions = new Map<string, Transaction>();
  const requests: Recorded[] = [];
  let counter = 0;
  const state: Pick<FakeSmartCa, 'next'> = { next: { kind: 'approve', afterMs: 0 } };
  const serialOf = (k: KeyedCertificate) => k.certificate.serialNumber.toLowerCase();
  const b64 = (c: { rawData: ArrayBuffer }) => Buffer.from(c.rawData).toString('base64');

  const server: Server = createServer(async (req, res) => {
    const text = (await buffer(req)).toString('utf8');
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const path = (req.url ?? '').replace(/^\/sca\/sp769\/v1\//, '');
    requests.push({ path, body });
    const send = (http: number, envelope: Record<string, unknown>) => {
      res.writeHead(http, { 'content-type': 'application/json' });
      res.end(JSON.stringify(envelope));
    };
    const spOk = body.sp_id === SP_ID && body.sp_password === SP_PASSWORD;
    if (path === 'credentials/get_certificate') {
      if (!spOk) return send(401, { status_code: 401, message: 'Invalid sp_id or sp_password', data: null });
      const list = (users.get(String(body.user_id)) ?? []).filter(
        (c) => !body.serial_number || serialOf(c.key) === String(body.serial_number).toLowerCase(),
      );
      return send(200, {
        status_code: 200,
        message: 'SUCCESS',
        data: {
          user_certificates: list.map((c) => ({
            service_type: 'ESEAL',
            service_name: 'SmartCA cá nhân',
            cert_id: `cert-${serialOf(c.key)}`,
            cert_status: 'Đang hoạt động',
            serial_number: serialOf(c.key),
            cert_subject: c.key.certificate.subject,
            cert_valid_from: c.key.certificate.notBefore.toISOString(),
            cert_valid_to: c.key.certificate.notAfter.toISOString(),
            cert_data: b64(c.key.certificate),
            chain_data: { ca_cert: b64(c.ca.certificate), root_cert: null },
          })),
        },
      });
    }
    if (path === 'signatures/sign') {
      if (!spOk) return send(401, { status_code: 401, message: 'Invalid sp_id or sp_password', data: null });
      const owned = (users.get(String(body.user_id)) ?? []).some(
        (c) => serialOf(c.key) === body.serial_number,
      );
      if (!owned) return send(200, { status_code: 404, message: 'Certificate not found', data: null });
      const files = (body.sign_files as Record<string, string>[]).map((f) => ({
        docId: f.doc_id ?? '',
        hash: Buffer.from(f.data_to_be_signed ?? '', 'hex'),
      }));
      if (files.some((f) => f.hash.length !== 32))
        return send(200, {
          status_code: 400,
          message: 'data_to_be_signed is not a SHA-256 hash',
          data: null,
        });
      const id = `smartca-tx-${++counter}`;
      transactions.set(id, {
        id,
        userId: String(body.user_id),
        serial: String(body.serial_number),
        files,
        createdAt: Date.now(),
        outcome: state.next,
      });
      return send(200, {
        status_code: 200,
        message: 'SUCCESS',
        data: { transaction_id: id, tran_code: `TC${counter}`, expired_in: 180 },
      });
    }
    const status = path.match(/^signatures\/sign\/([^/]+)\/status$/);
    const tx = status ? transactions.get(decodeURIComponent(status[1] ?? '')) : undefined;
    if (!tx) return send(404, { status_code: 404, message: 'Transaction not found', data: null });
    const waiting = Date.now() - tx.createdAt < tx.outcome.afterMs;
    if (waiting)
      return send(200, {
        status_code: 200,
        message: 'WAITING',
        data: { transaction_id: tx.id, tran_status: 'WAITING', signatures: null },
      });
    if (tx.outcome.kind === 'expire')
      return send(200, {
        status_code: 200,
        message: 'EXPIRED',
        data: { transaction_id: tx.id, tran_status: 'EXPIRED', signatures: null },
      });
    if (tx.outcome.kind === 'refuse')
      return send(200, {
        status_code: 200,
        message: 'REJECTED',
        data: { transaction_id: tx.id, tran_status: 'REJECTED', reason: tx.outcome.reason, signatures: null },
      });
    const signer = (users.get(tx.userId) ?? []).find((c) => serialOf(c.key) === tx.serial);
    if (!signer) return send(500, { status_code: 500, message: 'no key', data: null });
    const key = KeyObject.from(signer.key.privateKey);
    // The fake signer answers in reverse order: the provider must match signatures by doc_id.
    const signatures = tx.files
      .map((f) => ({
        doc_id: f.docId,
        signature_value: privateEncrypt(
          { key, padding: cryptoConstants.RSA_PKCS1_PADDING },
          Buffer.concat([SHA256_DIGEST_INFO, f.hash]),
        ).toString('base64'),
        timestamp_signature: null,
      }))
      .reverse();
    return send(200, {
      status_code: 200,
      message: 'SUCCESS',
      data: { transaction_id: tx.id, tran_status: 'SUCCESS', signatures },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/sca/sp769/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

// ---------------------------------------------------------------- helpers (independent checks)

let dir: string;
let nssDir: string;
let caFile: string;
let fake: FakeSmartCa;
let signerKey: KeyedCertificate;
const account: RemoteAccount = { userId: CITIZEN_ID };

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
  const pdf = createPdf({ title: 'Công văn thử ký SmartCA' });
  const done = buffer(pdf.stream as NodeJS.ReadableStream);
  pdf.addPage();
  pdf.text('Văn bản thử nghiệm ký số từ xa qua VNPT SmartCA — Mặt trận Tổ quốc Việt Nam.');
  pdf.end();
  return done;
}
let checks: SignedPdfChecks;
const pdfsig = (pdf: Buffer) => checks.pdfsig(pdf);
const opensslVerify = (pdf: Buffer) => checks.opensslVerify(pdf);
async function rejection(promise: Promise<unknown>): Promise<Error & { details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
const provider = (options: { spPassword?: string; baseUrl?: string } = {}) =>
  createSmartCaProvider({
    baseUrl: options.baseUrl ?? fake.url,
    spId: SP_ID,
    spPassword: options.spPassword ?? SP_PASSWORD,
    timeoutMs: 2_000,
    pollIntervalMs: 50,
  });

beforeAll(async () => {
  for (const [tool, pkg] of Object.entries(TOOLS))
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is missing: apt-get install ${pkg}`);
  dir = mkdtempSync(join(tmpdir(), 'smartca-'));
  nssDir = join(dir, 'nss');
  mkdirSync(nssDir);
  const ca = await createCertificateAuthority({
    subject:
      'CN=VNPT Certification Authority (mô phỏng SmartCA),O=Tập đoàn Bưu chính Viễn thông Việt Nam,C=VN',
    validityYears: 5,
  });
  signerKey = await issueCertificate(ca, {
    subject: 'CN=Lê Thị Thu Hà,T=Trưởng ban Tuyên giáo,O=Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng,C=VN',
    keyUsage: 'personal',
  });
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, toPem(ca.certificate));
  must('certutil', ['-N', '--empty-password', '-d', `sql:${nssDir}`]);
  must('certutil', ['-A', '-n', 'ca', '-t', 'CT,C,C', '-i', caFile, '-d', `sql:${nssDir}`]);
  checks = signedPdfChecks({ dir, nssDir, caFile });
  fake = await startFakeSmartCa(new Map([[CITIZEN_ID, [{ key: signerKey, ca }]]]));
}, 60_000);
afterAll(async () => {
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- tests

describe('SmartCA-style provider against a fake SmartCA gateway', () => {
  it('lists the citizen’s certificates; id = serial number as openssl reads it, Vietnamese subject', async () => {
    const list = await provider().listCredentials(account);
    expect(list).toHaveLength(1);
    const serial = must('openssl', ['x509', '-noout', '-serial'], Buffer.from(toPem(signerKey.certificate)));
    expect(BigInt(`0x${list[0]?.id}`)).toBe(BigInt(`0x${serial.trim().replace(/^serial=/, '')}`));
    expect(list[0]?.subject).toContain('Lê Thị Thu Hà');
    expect(list[0]?.status).toBe('enabled');
    expect(list[0]?.algorithm).toBe('RSA');
    expect(await provider().listCredentials({ userId: '000000000000' })).toEqual([]);
  });

  it('approved in the app after a delay → PDF valid and trusted (pdfsig, openssl cms); documented field names on the wire', async () => {
    const serial = signerKey.certificate.serialNumber.toLowerCase();
    const p = provider();
    fake.next = { kind: 'approve', afterMs: 300 };
    const from = fake.requests.length;
    const pending: SignatureRequest[] = [];
    const signer = await remoteSigner(p, account, serial, {
      description: 'Ký Công văn số 15/CV-MTTQ',
      pollIntervalMs: p.pollIntervalMs,
      onPending: (info) => pending.push(info),
    });
    const started = Date.now();
    const signed = await signPdf(await samplePdf(), signer, {
      fieldName: 'Trưởng ban',
      reason: 'Ban hành văn bản',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.requestId).toMatch(/^smartca-tx-\d+$/);
    expect(pending[0]?.expiresAt.getTime()).toBeGreaterThan(started + 170_000); // expired_in: 180

    const out = pdfsig(signed);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    expect(out).toContain('Signer Certificate Common Name: Lê Thị Thu Hà');
    expect(opensslVerify(signed)).toBe(0);

    const wire = fake.requests.slice(from);
    const paths = wire.map((r) => r.path);
    expect(paths[0]).toBe('credentials/get_certificate');
    expect(paths).toContain('signatures/sign');
    const statuses = wire.filter((r) => r.path === `signatures/sign/${pending[0]?.requestId}/status`);
    expect(statuses.length).toBeGreaterThan(1); // polled while waiting
    expect(statuses.every((s) => Object.keys(s.body).length === 0)).toBe(true);
    expect(wire[0]?.body).toEqual({
      sp_id: SP_ID,
      sp_password: SP_PASSWORD,
      user_id: CITIZEN_ID,
      serial_number: serial,
    });
    const sign = wire.find((r) => r.path === 'signatures/sign')?.body ?? {};
    expect(Object.keys(sign).sort()).toEqual(
      [
        'serial_number',
        'sign_files',
        'sp_id',
        'sp_password',
        'transaction_desc',
        'transaction_id',
        'user_id',
      ].sort(),
    );
    expect(sign).toMatchObject({
      sp_id: SP_ID,
      sp_password: SP_PASSWORD,
      user_id: CITIZEN_ID,
      serial_number: serial,
      transaction_desc: 'Ký Công văn số 15/CV-MTTQ',
    });
    expect(String(sign.transaction_id)).toMatch(/^[0-9a-f-]{36}$/);
    const files = sign.sign_files as Record<string, unknown>[];
    expect(files).toHaveLength(1);
    expect(Object.keys(files[0] ?? {}).sort()).toEqual([
      'data_to_be_signed',
      'doc_id',
      'file_type',
      'sign_type',
    ]);
    expect(files[0]).toMatchObject({
      file_type: 'pdf',
      sign_type: 'hash',
      doc_id: `${sign.transaction_id}-0`,
    });
    expect(String(files[0]?.data_to_be_signed)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('several hashes in one transaction come back matched by doc_id (the fake answers in reverse order)', async () => {
    const serial = signerKey.certificate.serialNumber.toLowerCase();
    const p = provider();
    fake.next = { kind: 'approve', afterMs: 0 };
    const hashes = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    const request = await p.requestSignature(account, serial, hashes, { description: 'Hai văn bản' });
    const state = await p.pollSignature(request.requestId);
    if (state.state !== 'signed') throw new Error(`expected signed, got ${state.state}`);
    const pem = join(dir, 'signer.pem');
    writeFileSync(pem, toPem(signerKey.certificate));
    state.signatures.forEach((signature, i) => {
      const recovered = must(
        'openssl',
        ['pkeyutl', '-verifyrecover', '-certin', '-inkey', pem, '-pkeyopt', 'rsa_padding_mode:pkcs1'],
        signature,
      );
      expect(
        Buffer.from(recovered, 'latin1')
          .subarray(-32)
          .equals(hashes[i] ?? Buffer.alloc(0)),
      ).toBe(true);
    });
  });

  it('refused in the app → RemoteSigningRefusedError with the reason, and no PDF', async () => {
    const p = provider();
    fake.next = { kind: 'refuse', afterMs: 150, reason: 'Sai trích yếu văn bản' };
    const signer = await remoteSigner(p, account, signerKey.certificate.serialNumber, { pollIntervalMs: 50 });
    let output: Buffer | undefined;
    const error = await rejection(
      (async () => {
        output = await signPdf(await samplePdf(), signer, { fieldName: 'Trưởng ban' });
      })(),
    );
    expect(error).toBeInstanceOf(RemoteSigningRefusedError);
    expect(error.details?.refusal).toBe('Sai trích yếu văn bản');
    expect(output).toBeUndefined();
  });

  it('countdown ran out in the app → RemoteSigningExpiredError', async () => {
    const p = provider();
    fake.next = { kind: 'expire', afterMs: 200 };
    const signer = await remoteSigner(p, account, signerKey.certificate.serialNumber, { pollIntervalMs: 50 });
    const error = await rejection(signPdf(await samplePdf(), signer, { fieldName: 'Trưởng ban' }));
    expect(error).toBeInstanceOf(RemoteSigningExpiredError);
    expect(error.details?.reason).toBe('REMOTE_SIGNING_EXPIRED');
  });

  it('unknown serial → not found; wrong sp_password → provider error with its message; service down → unreachable', async () => {
    expect(await rejection(provider().getCredential(account, 'deadbeef'))).toBeInstanceOf(
      RemoteCredentialNotFoundError,
    );
    const wrong = await rejection(provider({ spPassword: 'sai' }).getCredential(account, 'deadbeef'));
    expect(wrong).toBeInstanceOf(RemoteProviderError);
    expect(wrong.message).toContain('Invalid sp_id or sp_password');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = await rejection(
      provider({ baseUrl: `http://127.0.0.1:${port}/sca` }).listCredentials(account),
    );
    expect(down).toBeInstanceOf(RemoteProviderUnreachableError);
    expect(down.details?.reason).toBe('PROVIDER_UNREACHABLE');
  });
});
