/**
 * Signing credentials, images and trust anchors over HTTP on a real PostgreSQL. Keystores and
 * certificates are made with the openssl CLI (Vietnamese UTF8String names); what is stored is
 * checked with openssl, and a credential's signer signs a PDF that poppler's pdfsig accepts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff, buildTree } from '../../../test/factories.ts';
import { createTestContext, type TestClient, type TestContext } from '../../../test/harness.ts';
import { createPdf } from '../../platform/pdf/index.ts';
import { role } from '../identity/index.ts';
import {
  CredentialInactiveError,
  exportPkcs12,
  issueCertificate,
  loadKeystoreKey,
  openPkcs12,
  signingCredential,
  signPdf,
  unlockLocalSigner,
  unsealKeystore,
  WrongPinError,
} from './index.ts';

const PIN = 'Pin-dung-2026';
const SIGNER = 'Trần Thị Ánh Nguyệt';
const ORG = 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thử Nghiệm A';

let ctx: TestContext;
let dir: string;
let tree: Awaited<ReturnType<typeof buildTree>>;
let leader: TestClient;
let otherLeader: TestClient;
let clerkA: TestClient;
let clerkB: TestClient;
let admin: TestClient;
let leaderId: string;
const files: Record<string, Buffer> = {};

function run(cmd: string, args: string[], input?: Buffer) {
  const r = spawnSync(cmd, args, { input, encoding: 'buffer' });
  if (r.error) throw new Error(`${cmd} is missing (${r.error.message})`);
  return {
    status: r.status,
    out: `${r.stdout.toString('utf8')}${r.stderr.toString('utf8')}`,
    stdout: r.stdout,
  };
}
function must(cmd: string, args: string[], input?: Buffer) {
  const r = run(cmd, args, input);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.out}`);
  return r;
}

/** A test CA and a signing leaf made by openssl, exported as .p12 (AES-256) and as a legacy .p12. */
function makeKeystores() {
  const p = (name: string) => join(dir, name);
  must('openssl', [
    'req',
    '-x509',
    '-utf8',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.pem'),
    '-days',
    '30',
    '-subj',
    '/CN=Ban Cơ yếu Chính phủ (thử nghiệm)/O=Ban Cơ yếu Chính phủ/C=VN',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  writeFileSync(
    p('leaf.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n',
  );
  must('openssl', [
    'req',
    '-new',
    '-utf8',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    p('leaf.key'),
    '-out',
    p('leaf.csr'),
    '-subj',
    `/CN=${SIGNER}/O=${ORG}/C=VN`,
  ]);
  must('openssl', [
    'x509',
    '-req',
    '-in',
    p('leaf.csr'),
    '-CA',
    p('ca.pem'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-out',
    p('leaf.pem'),
    '-days',
    '30',
    '-extfile',
    p('leaf.ext'),
  ]);
  const exportP12 = (out: string, extra: string[]) =>
    must('openssl', [
      'pkcs12',
      '-export',
      ...extra,
      '-inkey',
      p('leaf.key'),
      '-in',
      p('leaf.pem'),
      '-certfile',
      p('ca.pem'),
      '-out',
      p(out),
      '-passout',
      `pass:${PIN}`,
    ]);
  exportP12('leaf.p12', []);
  exportP12('legacy.p12', ['-legacy']);
  files.p12 = readFileSync(p('leaf.p12'));
  files.legacy = readFileSync(p('legacy.p12'));
  files.caPem = readFileSync(p('ca.pem'));
  files.leafPem = readFileSync(p('leaf.pem'));
  mkdirSync(p('nss'));
  must('certutil', ['-N', '--empty-password', '-d', `sql:${p('nss')}`]);
  must('certutil', ['-A', '-n', 'ca', '-t', 'CT,C,C', '-i', p('ca.pem'), '-d', `sql:${p('nss')}`]);
}

function multipart(fields: Record<string, string>, file: Buffer, fileName: string) {
  const boundary = `----mtssig${Math.random().toString(36).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const send = (
  client: TestClient,
  method: 'POST' | 'PUT',
  url: string,
  fields: Record<string, string>,
  file: Buffer,
  name: string,
): Promise<LightMyRequestResponse> => client.request({ method, url, ...multipart(fields, file, name) });

/** A PNG drawn here: a transparent background (or not) with a blue stroke. */
function png(options: { alpha: boolean; transparentBackground: boolean }) {
  const image = new PNG({ width: 120, height: 60, colorType: options.alpha ? 6 : 2 });
  for (let y = 0; y < 60; y++)
    for (let x = 0; x < 120; x++) {
      const o = (y * 120 + x) * 4;
      const ink = Math.abs(y - 30 - 15 * Math.sin(x / 10)) < 3;
      image.data.set(ink ? [20, 40, 170, 255] : [255, 255, 255, options.transparentBackground ? 0 : 255], o);
    }
  return PNG.sync.write(image, { colorType: options.alpha ? 6 : 2 });
}

async function signIn(unitId: string, roleId: string) {
  const person = await buildStaff(ctx.platform.db, { unitId, roles: [{ roleId }], fullName: SIGNER });
  const client = ctx.client();
  client.ip = `127.88.0.${Math.floor(Math.random() * 250) + 1}`;
  await client.login(person.username, person.password);
  return { client, id: person.id };
}

async function pdfsig(pdf: Buffer) {
  const file = join(dir, `signed-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return run('pdfsig', ['-nssdir', `sql:${join(dir, 'nss')}`, file]).out;
}

async function samplePdf() {
  const pdf = createPdf({ title: 'Công văn thử ký số' });
  const done = buffer(pdf.stream as NodeJS.ReadableStream);
  pdf.addPage();
  pdf.text('Văn bản thử nghiệm chữ ký số — Mặt trận Tổ quốc Việt Nam.');
  pdf.end();
  return done;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sig-int-'));
  makeKeystores();
  ctx = await createTestContext();
  const db = ctx.platform.db;
  tree = await buildTree(db);
  await db.insert(role).values({
    id: 'sig_admin_only',
    nameVi: 'Quản trị chứng thư gốc',
    nameEn: 'Trust anchor admin',
    permissions: ['signatures.admin'],
    requiresMfa: false,
  });
  const l = await signIn(tree.provinceA.id, 'leader');
  leader = l.client;
  leaderId = l.id;
  otherLeader = (await signIn(tree.provinceA.id, 'leader')).client;
  clerkA = (await signIn(tree.provinceA.id, 'clerk')).client;
  clerkB = (await signIn(tree.provinceB.id, 'clerk')).client;
  admin = (await signIn(tree.central.id, 'sig_admin_only')).client;
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const countCredentials = async () => (await ctx.platform.db.select().from(signingCredential)).length;

describe('personal credentials', () => {
  let credentialId: string;

  it('a wrong PIN is refused in Vietnamese and stores nothing', async () => {
    const before = await countCredentials();
    const res = await send(
      leader,
      'POST',
      '/api/signatures/credentials',
      { pin: 'sai-ma-pin' },
      files.p12!,
      'a.p12',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('Mã PIN không đúng');
    expect(await countCredentials()).toBe(before);
  });

  it('a legacy (RC2/3DES) keystore is refused with how to re-export it', async () => {
    const res = await send(
      leader,
      'POST',
      '/api/signatures/credentials',
      { pin: PIN },
      files.legacy!,
      'cu.p12',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('AES-256');
  });

  it('an expired certificate is refused', async () => {
    const ca = await openPkcs12(files.p12!, PIN); // any key can play the CA of an expired leaf
    const expired = await issueCertificate(
      { ...ca, chain: [ca.certificate] },
      {
        subject: `CN=${SIGNER},C=VN`,
        keyUsage: 'personal',
        validity: { notBefore: new Date('2020-01-01'), days: 30 },
      },
    );
    const res = await send(
      leader,
      'POST',
      '/api/signatures/credentials',
      { pin: PIN },
      Buffer.from(await exportPkcs12(expired, PIN)),
      'het-han.p12',
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('hết hạn');
  });

  it('uploads a .p12 with its PIN; the stored keystore is sealed, not the raw .p12', async () => {
    const res = await send(
      leader,
      'POST',
      '/api/signatures/credentials',
      { pin: PIN, label: 'USB token' },
      files.p12!,
      'a.p12',
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    credentialId = body.id;
    expect(body).toMatchObject({
      kind: 'personal',
      staffId: leaderId,
      provider: 'local',
      status: 'active',
      label: 'USB token',
    });
    expect(body.subject).toContain(`CN=${SIGNER}`);
    expect(body.issuer).toContain('Ban Cơ yếu Chính phủ (thử nghiệm)');
    expect(JSON.stringify(body)).not.toMatch(/keystore|pin/i);
    // The fingerprint is openssl's SHA-256 of the certificate.
    const fingerprint = must('openssl', [
      'x509',
      '-noout',
      '-fingerprint',
      '-sha256',
      '-in',
      join(dir, 'leaf.pem'),
    ]).out;
    expect(fingerprint.replace(/.*=|:|\s/g, '').toLowerCase()).toBe(body.fingerprintSha256);

    const [row] = await ctx.platform.db
      .select()
      .from(signingCredential)
      .where(eq(signingCredential.id, credentialId));
    const stored = row!.keystore!;
    expect(stored.equals(files.p12!)).toBe(false);
    expect(stored.includes(files.p12!.subarray(64, 128))).toBe(false);
    // openssl cannot read the stored bytes as PKCS#12 with the PIN; unsealed, it can.
    expect(run('openssl', ['pkcs12', '-info', '-noout', '-passin', `pass:${PIN}`], stored).status).not.toBe(
      0,
    );
    const key = await loadKeystoreKey(ctx.platform.config);
    const unsealed = Buffer.from(unsealKeystore(stored, key, credentialId));
    expect(run('openssl', ['pkcs12', '-info', '-noout', '-passin', `pass:${PIN}`], unsealed).status).toBe(0);

    const mine = await leader.get('/api/signatures/credentials');
    expect(mine.json().map((c: { id: string }) => c.id)).toEqual([credentialId]);
    expect((await otherLeader.get('/api/signatures/credentials')).json()).toEqual([]);
  });

  it("the holder's signer, unlocked with the PIN, signs a PDF that pdfsig finds valid and trusted", async () => {
    const key = await loadKeystoreKey(ctx.platform.config);
    await expect(unlockLocalSigner(ctx.platform.db, credentialId, 'sai', key)).rejects.toBeInstanceOf(
      WrongPinError,
    );
    const signer = await unlockLocalSigner(ctx.platform.db, credentialId, PIN, key);
    const signed = await signPdf(await samplePdf(), signer, { fieldName: 'Người ký', reason: 'Ký thử' });
    const out = await pdfsig(signed);
    expect(out).toContain('Signature is Valid.');
    expect(out).toContain('Certificate is Trusted.');
    expect(out).toContain(`Signer Certificate Common Name: ${SIGNER}`);
  });

  it('changing the PIN: a wrong current PIN changes nothing; then only the new PIN opens it', async () => {
    const read = async () =>
      (
        await ctx.platform.db.select().from(signingCredential).where(eq(signingCredential.id, credentialId))
      )[0]!.keystore!;
    const before = await read();
    const wrong = await leader.post(`/api/signatures/credentials/${credentialId}/pin`, {
      currentPin: 'khong-dung',
      newPin: 'Pin-moi-2026',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toContain('Mã PIN không đúng');
    expect((await read()).equals(before)).toBe(true);

    // Another person of the same unit holding the same role cannot reach it.
    const stranger = await otherLeader.post(`/api/signatures/credentials/${credentialId}/pin`, {
      currentPin: PIN,
      newPin: 'Pin-moi-2026',
    });
    expect(stranger.statusCode).toBe(404);

    const ok = await leader.post(`/api/signatures/credentials/${credentialId}/pin`, {
      currentPin: PIN,
      newPin: 'Pin-moi-2026',
    });
    expect(ok.statusCode).toBe(200);
    const key = await loadKeystoreKey(ctx.platform.config);
    const unsealed = Buffer.from(unsealKeystore(await read(), key, credentialId));
    expect(run('openssl', ['pkcs12', '-info', '-noout', '-passin', `pass:${PIN}`], unsealed).status).not.toBe(
      0,
    );
    expect(
      run('openssl', ['pkcs12', '-info', '-noout', '-passin', 'pass:Pin-moi-2026'], unsealed).status,
    ).toBe(0);
    await expect(unlockLocalSigner(ctx.platform.db, credentialId, PIN, key)).rejects.toBeInstanceOf(
      WrongPinError,
    );
    await expect(unlockLocalSigner(ctx.platform.db, credentialId, 'Pin-moi-2026', key)).resolves.toBeTruthy();
  });

  it('disabling: refused from another province (404); then the credential signs nothing', async () => {
    expect((await clerkB.post(`/api/signatures/credentials/${credentialId}/disable`, {})).statusCode).toBe(
      404,
    );
    const res = await leader.post(`/api/signatures/credentials/${credentialId}/disable`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('disabled');
    const key = await loadKeystoreKey(ctx.platform.config);
    await expect(
      unlockLocalSigner(ctx.platform.db, credentialId, 'Pin-moi-2026', key),
    ).rejects.toBeInstanceOf(CredentialInactiveError);
  });
});

describe('agency credentials', () => {
  it("a registry clerk uploads the unit's .p12 and lists it; another province's clerk gets 404", async () => {
    const url = `/api/signatures/units/${tree.provinceA.id}/credentials`;
    const res = await send(clerkA, 'POST', url, { pin: PIN }, files.p12!, 'co-quan.p12');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'agency', unitId: tree.provinceA.id, staffId: null });
    const list = await clerkA.get(url);
    expect(list.json().map((c: { id: string }) => c.id)).toEqual([res.json().id]);
    expect((await clerkB.get(url)).statusCode).toBe(404);
    expect((await send(clerkB, 'POST', url, { pin: PIN }, files.p12!, 'x.p12')).statusCode).toBe(404);
    // A leader without signatures.manage_unit: 403.
    expect((await leader.get(url)).statusCode).toBe(403);
  });
});

describe('signature and seal images', () => {
  it('accepts a transparent PNG as my signature and serves the same bytes back', async () => {
    const image = png({ alpha: true, transparentBackground: true });
    const res = await send(leader, 'PUT', '/api/signatures/signature-image', {}, image, 'chu-ky.png');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'signature', staffId: leaderId, width: 120, height: 60 });
    const back = await leader.get('/api/signatures/signature-image/png');
    expect(back.headers['content-type']).toBe('image/png');
    expect(back.rawPayload.equals(image)).toBe(true);
    const meta = await leader.get('/api/signatures/signature-image');
    expect(meta.json().image.id).toBe(res.json().id);
    // A unit manager of the same province reads it; one of another province does not.
    expect((await clerkA.get(`/api/signatures/images/${res.json().id}`)).rawPayload.equals(image)).toBe(true);
    expect((await clerkB.get(`/api/signatures/images/${res.json().id}`)).statusCode).toBe(404);
  });

  it('refuses, in Vietnamese, a PNG without transparency, an opaque RGBA PNG and a JPEG named .png', async () => {
    const before = (await leader.get('/api/signatures/signature-image')).json().image.sha256;
    for (const file of [
      png({ alpha: false, transparentBackground: false }),
      png({ alpha: true, transparentBackground: false }),
    ]) {
      const res = await send(leader, 'PUT', '/api/signatures/signature-image', {}, file, 'chu-ky.png');
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('nền trong suốt');
    }
    // A real JPEG (from pdftoppm, poppler) renamed .png.
    const pdfFile = join(dir, 'page.pdf');
    writeFileSync(pdfFile, await samplePdf());
    must('pdftoppm', ['-jpeg', '-r', '20', '-singlefile', pdfFile, join(dir, 'page')]);
    const jpeg = readFileSync(join(dir, 'page.jpg'));
    expect(jpeg.subarray(0, 2).toString('hex')).toBe('ffd8');
    const res = await send(leader, 'PUT', '/api/signatures/signature-image', {}, jpeg, 'chu-ky.png');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('không phải ảnh PNG');
    expect((await leader.get('/api/signatures/signature-image')).json().image.sha256).toBe(before);
  });

  it("a clerk sets the unit's seal with its real diameter; it is required; other provinces get 404", async () => {
    const url = `/api/signatures/units/${tree.provinceA.id}/seal-image`;
    expect((await clerkA.get(url)).json()).toEqual({ image: null });
    const seal = png({ alpha: true, transparentBackground: true });
    const missing = await send(clerkA, 'PUT', url, {}, seal, 'dau.png');
    expect(missing.statusCode).toBe(400);
    const res = await send(clerkA, 'PUT', url, { diameterMm: '36' }, seal, 'dau.png');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'seal', unitId: tree.provinceA.id, diameterMm: 36 });
    expect((await clerkA.get(url)).json().image.diameterMm).toBe(36);
    expect((await clerkB.get(url)).statusCode).toBe(404);
    expect((await send(clerkB, 'PUT', url, { diameterMm: '36' }, seal, 'dau.png')).statusCode).toBe(404);
  });
});

describe('trust anchors', () => {
  it('an administrator adds a root CA from PEM; a duplicate is 409, a leaf 400; others 403', async () => {
    const res = await admin.post('/api/signatures/trust-anchors', {
      name: 'CA thử nghiệm',
      pem: files.caPem!.toString(),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ source: 'admin', active: true });
    expect(res.json().subject).toContain('Ban Cơ yếu Chính phủ (thử nghiệm)');
    // The PEM served back is the same certificate (openssl prints the same subject).
    const served = must(
      'openssl',
      ['x509', '-noout', '-subject', '-nameopt', 'utf8'],
      Buffer.from(res.json().pem),
    ).out;
    expect(served).toContain('Ban Cơ yếu Chính phủ (thử nghiệm)');
    const again = await admin.post('/api/signatures/trust-anchors', {
      name: 'Lần nữa',
      pem: files.caPem!.toString(),
    });
    expect(again.statusCode).toBe(409);
    const leaf = await admin.post('/api/signatures/trust-anchors', {
      name: 'Lá',
      pem: files.leafPem!.toString(),
    });
    expect(leaf.statusCode).toBe(400);
    expect(leaf.json().error.message).toContain('CA:TRUE');
    const list = await admin.get('/api/signatures/trust-anchors');
    expect(list.json().map((a: { name: string }) => a.name)).toContain('CA thử nghiệm');
    expect((await leader.get('/api/signatures/trust-anchors')).statusCode).toBe(403);
  });
});
