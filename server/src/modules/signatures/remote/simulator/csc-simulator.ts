/**
 * A local remote-signing service speaking the CSC API v2 wire format (the subset `CscProvider` uses),
 * with real keys, for tests and the demo. Each `credentials/authorize` waits for approval on a simulated
 * "phone": `GET /simulator` (a small Vietnamese page with Đồng ý / Từ chối buttons),
 * `POST /simulator/requests/:handle/approve|refuse`, or `autoApproveAfterMs`. Pending requests
 * expire after `requestValidityMs` (default 120 s). Every CSC request is recorded in `requests`.
 */
import { constants as cryptoConstants, KeyObject, privateEncrypt, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeyedCertificate } from '../../pki/index.ts';
import { signDigestP256 } from './ecdsa-digest.ts';

const OID = {
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  prime256v1: '1.2.840.10045.3.1.7',
} as const;
/** DER DigestInfo prefix for SHA-256 (RFC 8017 §9.2 note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');
const MULTISIGN = 10;

export interface SimulatedCredential {
  credentialID: string;
  description?: string;
  /** A disabled key is listed but cannot be authorised. */
  disabled?: boolean;
  /** Certificate, its chain (leaf first, as pki returns it) and private key (extractable). */
  key: KeyedCertificate;
}

export interface SimulatedUser {
  /** The login (`auth/login` HTTP Basic user name), e.g. a citizen id number. */
  userId: string;
  password: string;
  /** Shown on the simulated phone. */
  displayName?: string;
  credentials: SimulatedCredential[];
}

export interface CscSimulatorOptions {
  users: SimulatedUser[];
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Approve every request automatically after this many ms (demo). Default: wait for the phone. */
  autoApproveAfterMs?: number;
  /** How long a request waits on the phone, default 120 000 ms. */
  requestValidityMs?: number;
  /** Lifetime of an issued SAD, default 300 000 ms. */
  sadValidityMs?: number;
  name?: string;
}

export interface RecordedCscRequest {
  /** The CSC method, e.g. `credentials/authorize`. */
  method: string;
  authorization?: string;
  body: Record<string, unknown>;
  status: number;
  /** What the simulator answered (JSON). */
  response: unknown;
}

export interface SimulatedApproval {
  handle: string;
  userId: string;
  credentialID: string;
  description?: string;
  /** Base64 hashes as sent. */
  hashes: string[];
  createdAt: Date;
  expiresAt: Date;
  state: 'pending' | 'approved' | 'refused' | 'expired';
  refusal?: string;
}

export interface CscSimulator {
  /** `http://host:port` — the `baseUrl` for `CscProvider`. */
  readonly url: string;
  /** The simulated phone page. */
  readonly phoneUrl: string;
  /** Every CSC call received, in order. */
  readonly requests: RecordedCscRequest[];
  approvals(): SimulatedApproval[];
  approve(handle: string): void;
  refuse(handle: string, reason?: string): void;
  close(): Promise<void>;
}

interface Approval extends SimulatedApproval {
  numSignatures: number;
  timer?: NodeJS.Timeout;
  sadIssued?: boolean;
}

interface Sad {
  userId: string;
  credentialID: string;
  hashes: Set<string>;
  remaining: number;
  expiresAt: number;
}

class CscError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}
const invalid = (description: string) => new CscError(400, 'invalid_request', description);

function token(): string {
  return randomBytes(24).toString('base64url');
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function generalizedTime(d: Date): string {
  return `${d.toISOString().slice(0, 19).replace(/[-T:]/g, '')}Z`;
}

function isEc(c: SimulatedCredential): boolean {
  return c.key.privateKey.algorithm.name === 'ECDSA';
}

function credentialInfo(c: SimulatedCredential, body: Record<string, unknown>): Record<string, unknown> {
  const which = body.certificates ?? 'single';
  if (which !== 'none' && which !== 'single' && which !== 'chain')
    throw invalid('Invalid parameter certificates');
  const cert = c.key.certificate;
  const ec = isEc(c);
  const certificates =
    which === 'none'
      ? undefined
      : (which === 'chain' ? c.key.chain : [cert]).map((x) => Buffer.from(x.rawData).toString('base64'));
  const expired = cert.notAfter.getTime() < Date.now();
  return {
    ...(c.description ? { description: c.description } : {}),
    key: {
      status: c.disabled ? 'disabled' : 'enabled',
      algo: ec ? [OID.ecPublicKey, OID.ecdsaWithSHA256] : [OID.rsaEncryption, OID.sha256WithRSAEncryption],
      len: ec ? 256 : 2048,
      ...(ec ? { curve: OID.prime256v1 } : {}),
    },
    cert: {
      status: expired ? 'expired' : 'valid',
      ...(certificates ? { certificates } : {}),
      ...(body.certInfo === true
        ? {
            issuerDN: cert.issuer,
            serialNumber: cert.serialNumber.toUpperCase(),
            subjectDN: cert.subject,
            validFrom: generalizedTime(cert.notBefore),
            validTo: generalizedTime(cert.notAfter),
          }
        : {}),
    },
    ...(body.authInfo === true ? { auth: { mode: 'explicit', objects: [] } } : {}),
    SCAL: '2',
    multisign: MULTISIGN,
    lang: 'vi-VN',
  };
}

function decodeHashes(value: unknown, name = 'hashes'): string[] {
  if (!Array.isArray(value)) throw invalid(`Missing (or invalid type) array parameter ${name}`);
  if (value.length === 0) throw invalid('Empty hash array');
  for (const h of value) {
    if (typeof h !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(h))
      throw invalid('Invalid Base64 hash string parameter');
    if (Buffer.from(h, 'base64').length !== 32) throw invalid('Invalid digest value length');
  }
  return value as string[];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw invalid('Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function signHash(c: SimulatedCredential, hash: Buffer): Buffer {
  const key = KeyObject.from(c.key.privateKey);
  if (isEc(c)) return signDigestP256(hash, String(key.export({ format: 'jwk' }).d));
  return privateEncrypt(
    { key, padding: cryptoConstants.RSA_PKCS1_PADDING },
    Buffer.concat([SHA256_DIGEST_INFO, hash]),
  );
}

function phonePage(name: string, approvals: Approval[], users: SimulatedUser[]): string {
  const rows = approvals
    .map((a) => {
      const who = users.find((u) => u.userId === a.userId);
      const left = Math.max(0, Math.round((a.expiresAt.getTime() - Date.now()) / 1000));
      const state =
        a.state === 'pending'
          ? `Chờ xác nhận — còn ${left} giây`
          : ({ approved: 'Đã đồng ý', refused: 'Đã từ chối', expired: 'Đã hết hạn' } as const)[a.state];
      const buttons =
        a.state === 'pending'
          ? `<form method="post" action="/simulator/requests/${a.handle}/approve"><button>Đồng ý ký</button></form>
             <form method="post" action="/simulator/requests/${a.handle}/refuse"><input name="reason" placeholder="Lý do từ chối"><button>Từ chối</button></form>`
          : '';
      return `<li><p><strong>${escapeHtml(who?.displayName ?? a.userId)}</strong> — chứng thư ${escapeHtml(a.credentialID)}</p>
        <p>${escapeHtml(a.description ?? '')}</p><p>Mã băm (SHA-256): <code>${a.hashes.map(escapeHtml).join(', ')}</code></p>
        <p>${state}</p>${buttons}</li>`;
    })
    .join('\n');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>Điện thoại mô phỏng — ${escapeHtml(name)}</title></head><body>
<h1>Ứng dụng ký số trên điện thoại (mô phỏng)</h1>
<p>Yêu cầu ký số đang chờ xác nhận / Signing requests awaiting approval.</p>
<ul>${rows || '<li>Không có yêu cầu nào.</li>'}</ul></body></html>`;
}

export async function startCscSimulator(options: CscSimulatorOptions): Promise<CscSimulator> {
  const name = options.name ?? 'Dịch vụ ký số từ xa mô phỏng (CSC v2)';
  const validity = options.requestValidityMs ?? 120_000;
  const sadValidity = options.sadValidityMs ?? 300_000;
  const tokens = new Map<string, { userId: string; expiresAt: number }>();
  const approvals = new Map<string, Approval>();
  const sads = new Map<string, Sad>();
  const requests: RecordedCscRequest[] = [];

  const userOf = (id: string) => options.users.find((u) => u.userId === id);

  function refreshState(a: Approval): void {
    if (a.state === 'pending' && a.expiresAt.getTime() <= Date.now()) {
      a.state = 'expired';
      clearTimeout(a.timer);
    }
  }
  function decide(handle: string, state: 'approved' | 'refused', reason?: string): Approval {
    const a = approvals.get(handle);
    if (!a) throw new CscError(404, 'invalid_request', 'Invalid parameter handle');
    refreshState(a);
    if (a.state !== 'pending') throw new CscError(409, 'invalid_request', `Request is already ${a.state}`);
    a.state = state;
    a.refusal = reason || undefined;
    clearTimeout(a.timer);
    return a;
  }

  function bearerUser(authorization: string | undefined): SimulatedUser {
    const m = authorization?.match(/^Bearer (\S+)$/);
    if (!m) throw new CscError(400, 'invalid_request', 'Malformed authorization header');
    const t = tokens.get(m[1] ?? '');
    const user = t && t.expiresAt > Date.now() ? userOf(t.userId) : undefined;
    if (!user) throw new CscError(401, 'invalid_token', 'The access token is invalid or expired');
    return user;
  }
  function credentialOf(user: SimulatedUser, id: unknown): SimulatedCredential {
    if (typeof id !== 'string') throw invalid('Missing (or invalid type) string parameter credentialID');
    const c = user.credentials.find((x) => x.credentialID === id);
    if (!c) throw invalid('Invalid parameter credentialID');
    return c;
  }

  const methods: Record<
    string,
    (body: Record<string, unknown>, authorization?: string) => { status?: number; body?: unknown }
  > = {
    info: () => ({
      body: {
        specs: '2.0.0.2',
        name,
        logo: '',
        region: 'VN',
        lang: 'vi-VN',
        description: 'Máy chủ ký số từ xa mô phỏng cho thử nghiệm và trình diễn',
        authType: ['basic'],
        methods: [
          'auth/login',
          'credentials/list',
          'credentials/info',
          'credentials/authorize',
          'credentials/authorizeCheck',
          'signatures/signHash',
        ],
      },
    }),
    'auth/login': (_body, authorization) => {
      const m = authorization?.match(/^Basic (\S+)$/);
      if (!m) throw new CscError(400, 'invalid_request', 'Malformed authorization header');
      const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw invalid('Malformed username-password');
      const user = userOf(decoded.slice(0, colon));
      if (!user || user.password !== decoded.slice(colon + 1))
        throw new CscError(400, 'authentication_error', 'An error occurred during authentication process');
      const t = token();
      tokens.set(t, { userId: user.userId, expiresAt: Date.now() + 3_600_000 });
      return { body: { access_token: t, expires_in: 3600 } };
    },
    'credentials/list': (body, authorization) => {
      const user = bearerUser(authorization);
      if (body.userID != null) throw invalid('userID parameter MUST be null');
      const ids = user.credentials.map((c) => c.credentialID);
      return {
        body: {
          credentialIDs: ids,
          ...(body.credentialInfo === true
            ? {
                credentialInfos: user.credentials.map((c) => ({
                  credentialID: c.credentialID,
                  ...credentialInfo(c, body),
                })),
              }
            : {}),
        },
      };
    },
    'credentials/info': (body, authorization) => {
      const user = bearerUser(authorization);
      return { body: credentialInfo(credentialOf(user, body.credentialID), body) };
    },
    'credentials/authorize': (body, authorization) => {
      const user = bearerUser(authorization);
      const c = credentialOf(user, body.credentialID);
      if (c.disabled) throw invalid('The credential identified by credentialID is disabled');
      const n = body.numSignatures;
      if (typeof n !== 'number' || !Number.isInteger(n))
        throw invalid('Missing (or invalid type) integer parameter numSignatures');
      if (n < 1) throw invalid('Invalid value for parameter numSignatures');
      if (n > MULTISIGN) throw invalid('Numbers of signatures is too high');
      const hashes = decodeHashes(body.hashes); // SCAL 2: the hashes are bound to the authorisation
      if (hashes.length !== n) throw invalid('Invalid value for parameter numSignatures');
      if (body.hashAlgorithmOID !== OID.sha256) throw invalid('Invalid parameter hashAlgorithmOID');
      const now = Date.now();
      const a: Approval = {
        handle: token(),
        userId: user.userId,
        credentialID: c.credentialID,
        description: typeof body.description === 'string' ? body.description : undefined,
        hashes,
        numSignatures: n,
        createdAt: new Date(now),
        expiresAt: new Date(now + validity),
        state: 'pending',
      };
      if (options.autoApproveAfterMs !== undefined)
        a.timer = setTimeout(() => {
          refreshState(a);
          if (a.state === 'pending') a.state = 'approved';
        }, options.autoApproveAfterMs);
      approvals.set(a.handle, a);
      return { status: 202, body: { handle: a.handle, expiresIn: validity / 1000 } };
    },
    'credentials/authorizeCheck': (body, authorization) => {
      const user = bearerUser(authorization);
      const a = typeof body.handle === 'string' ? approvals.get(body.handle) : undefined;
      if (!a || a.userId !== user.userId) throw invalid('Invalid parameter handle');
      refreshState(a);
      switch (a.state) {
        case 'pending':
          return {
            status: 202,
            body: { handle: a.handle, expiresIn: (a.expiresAt.getTime() - Date.now()) / 1000 },
          };
        case 'refused':
          throw new CscError(400, 'access_denied', a.refusal ?? 'The signer refused the request');
        case 'expired':
          throw new CscError(400, 'expired_token', 'The request was not approved in time');
        case 'approved': {
          if (a.sadIssued) throw invalid('Invalid parameter handle');
          a.sadIssued = true;
          const sad = token();
          sads.set(sad, {
            userId: a.userId,
            credentialID: a.credentialID,
            hashes: new Set(a.hashes),
            remaining: a.numSignatures,
            expiresAt: Date.now() + sadValidity,
          });
          return { body: { SAD: sad, expiresIn: sadValidity / 1000 } };
        }
      }
    },
    'signatures/signHash': (body, authorization) => {
      const user = bearerUser(authorization);
      if (typeof body.SAD !== 'string') throw invalid('Missing (or invalid type) string parameter SAD');
      const c = credentialOf(user, body.credentialID);
      const hashes = decodeHashes(body.hashes);
      if (typeof body.signAlgo !== 'string')
        throw invalid('Missing (or invalid type) string parameter signAlgo');
      const ec = isEc(c);
      const algoOk = ec
        ? body.signAlgo === OID.ecdsaWithSHA256
        : body.signAlgo === OID.sha256WithRSAEncryption || body.signAlgo === OID.rsaEncryption;
      if (!algoOk) throw invalid('Invalid parameter signAlgo');
      if (body.hashAlgorithmOID !== undefined && body.hashAlgorithmOID !== OID.sha256)
        throw invalid('Invalid parameter hashAlgorithmOID');
      if (body.signAlgo === OID.rsaEncryption && body.hashAlgorithmOID === undefined)
        throw invalid('Missing (or invalid type) string parameter hashAlgorithmOID');
      if (body.operationMode !== undefined && body.operationMode !== 'S')
        throw invalid('Invalid parameter operationMode');
      const sad = sads.get(body.SAD);
      if (!sad || sad.userId !== user.userId || sad.credentialID !== c.credentialID)
        throw invalid('Invalid parameter SAD');
      if (sad.expiresAt <= Date.now()) throw invalid('SAD expired');
      if (hashes.some((h) => !sad.hashes.has(h))) throw invalid('Hash is not authorized by the SAD');
      if (hashes.length > sad.remaining) throw invalid('Numbers of signatures is too high');
      if (c.key.certificate.notAfter.getTime() < Date.now()) throw invalid('Signing certificate is expired');
      sad.remaining -= hashes.length;
      for (const h of hashes) sad.hashes.delete(h);
      if (sad.remaining === 0) sads.delete(body.SAD);
      return {
        body: { signatures: hashes.map((h) => signHash(c, Buffer.from(h, 'base64')).toString('base64')) },
      };
    },
  };

  function send(res: ServerResponse, status: number, body: unknown): void {
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname;
    if (req.method === 'GET' && (path === '/simulator' || path === '/simulator/')) {
      for (const a of approvals.values()) refreshState(a);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(phonePage(name, [...approvals.values()].reverse(), options.users));
      return;
    }
    if (req.method === 'GET' && path === '/simulator/requests') {
      for (const a of approvals.values()) refreshState(a);
      send(res, 200, { requests: [...approvals.values()].map(publicApproval) });
      return;
    }
    const phone = path.match(/^\/simulator\/requests\/([^/]+)\/(approve|refuse)$/);
    if (req.method === 'POST' && phone) {
      const raw = await readBody(req);
      const isForm = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
      const reason = isForm
        ? (new URLSearchParams(raw).get('reason') ?? undefined)
        : raw
          ? ((JSON.parse(raw) as { reason?: string }).reason ?? undefined)
          : undefined;
      try {
        const a = decide(
          decodeURIComponent(phone[1] ?? ''),
          phone[2] === 'approve' ? 'approved' : 'refused',
          reason,
        );
        if (isForm) {
          res.writeHead(303, { location: '/simulator' });
          res.end();
        } else send(res, 200, publicApproval(a));
      } catch (error) {
        if (!(error instanceof CscError)) throw error;
        send(res, error.status, { error: error.error, error_description: error.description });
      }
      return;
    }
    const csc = path.match(/^\/csc\/v2\/(.+)$/);
    const method = csc?.[1] ?? '';
    const run = methods[method];
    if (req.method !== 'POST' || !run) {
      send(res, 404, { error: 'invalid_request', error_description: `Unknown method ${req.method} ${path}` });
      return;
    }
    let body: Record<string, unknown> = {};
    let status = 200;
    let out: unknown;
    try {
      const raw = await readBody(req);
      if (raw) {
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          throw invalid('Request body is not JSON');
        }
      }
      const result = run(body, req.headers.authorization);
      status = result.status ?? 200;
      out = result.body;
    } catch (error) {
      if (!(error instanceof CscError)) throw error;
      status = error.status;
      out = { error: error.error, error_description: error.description };
    }
    requests.push({ method, authorization: req.headers.authorization, body, status, response: out });
    send(res, status, out);
  }

  function publicApproval(a: Approval): SimulatedApproval {
    const { timer: _timer, numSignatures: _n, sadIssued: _issued, ...rest } = a;
    return { ...rest, hashes: [...rest.hashes] };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: 'server_error', error_description: String(error) });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    phoneUrl: `${url}/simulator`,
    requests,
    approvals: () =>
      [...approvals.values()].map((a) => {
        refreshState(a);
        return publicApproval(a);
      }),
    approve: (handle) => void decide(handle, 'approved'),
    refuse: (handle, reason) => void decide(handle, 'refused', reason),
    close: () =>
      new Promise<void>((resolve) => {
        for (const a of approvals.values()) clearTimeout(a.timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
