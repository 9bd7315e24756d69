/**
 * The demo's signing set-up on the real demo seed: the CA's Vietnamese name as openssl prints it,
 * a leader's personal signature and the committee's agency signature on one PDF accepted by
 * pdfsig, sealed keystores that open only once unsealed, transparent images, idempotence.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { eq, sql } from 'drizzle-orm';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { seedDemoIfEmpty } from '../../db/seed/index.ts';
import { createPdf } from '../../platform/pdf/index.ts';
import {
  DEMO_SIGNING_PIN,
  type DemoSignatures,
  getSealImage,
  getSignatureImage,
  listTrustAnchors,
  loadKeystoreKey,
  seedDemoSignatures,
  signingCredential,
  signPdf,
  unlockLocalSigner,
  unsealKeystore,
} from './index.ts';

let ctx: TestContext;
let dir: string;
let demo: DemoSignatures;

function run(cmd: string, args: string[], input?: Buffer) {
  const r = spawnSync(cmd, args, { input, encoding: 'buffer' });
  if (r.error) throw new Error(`${cmd} is missing (${r.error.message})`);
  return { status: r.status, out: `${r.stdout.toString('utf8')}${r.stderr.toString('utf8')}` };
}

const config = () => ({ ...ctx.platform.config, SIGNATURE_DEMO_CA: true });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sig-demo-'));
  ctx = await createTestContext();
  await seedDemoIfEmpty(ctx.platform.db);
  const seeded = await seedDemoSignatures(ctx.platform.db, config());
  if (!seeded) throw new Error('the demo signatures were not seeded');
  demo = seeded;
}, 180_000);
afterAll(async () => {
  await ctx?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('demo signatures', () => {
  it('the demo CA is a trust anchor whose subject openssl prints in Vietnamese', async () => {
    const subject = run(
      'openssl',
      ['x509', '-inform', 'DER', '-noout', '-subject', '-nameopt', 'utf8'],
      demo.caCertificate,
    );
    expect(subject.status).toBe(0);
    expect(subject.out).toContain('CN=Ban Cơ yếu Chính phủ (demo)');
    const text = run('openssl', ['x509', '-inform', 'DER', '-noout', '-text'], demo.caCertificate).out;
    expect(text).toMatch(/CA:TRUE/);
    const anchors = await listTrustAnchors(ctx.platform.db);
    const anchor = anchors.find((a) => a.id === demo.trustAnchorId);
    expect(anchor?.source).toBe('demo');
    expect(anchor?.certificate.equals(demo.caCertificate)).toBe(true);
  });

  it('gives each demo leader a personal and their committee an agency credential', async () => {
    expect(demo.signers.map((s) => s.username).sort()).toEqual([
      'chutich.xa.anbinh',
      'lanhdao.hatinh',
      'lanhdao.lamdong',
    ]);
    for (const signer of demo.signers) {
      const rows = await ctx.platform.db
        .select()
        .from(signingCredential)
        .where(
          sql`${signingCredential.id} IN (${signer.personalCredentialId}, ${signer.agencyCredentialId})`,
        );
      const personal = rows.find((r) => r.kind === 'personal')!;
      const agency = rows.find((r) => r.kind === 'agency')!;
      expect(personal.staffId).toBe(signer.staffId);
      expect(agency.unitId).toBe(signer.committeeId);
      const committee = await ctx.platform.db.execute<{ name: string; kind: string }>(
        sql`SELECT name, kind FROM unit WHERE id = ${signer.committeeId}`,
      );
      expect(committee.rows[0]!.kind).toBe('committee');
      // openssl reads the agency certificate's subject: the committee's name, diacritics intact.
      const subject = run(
        'openssl',
        ['x509', '-inform', 'DER', '-noout', '-subject', '-nameopt', 'utf8'],
        agency.certificate,
      );
      expect(subject.out).toContain(`CN=${committee.rows[0]!.name}`);
      expect(agency.issuer).toContain('Ban Cơ yếu Chính phủ (demo)');
    }
  });

  it('the keystores at rest are sealed: openssl opens them with the demo PIN only once unsealed', async () => {
    const key = await loadKeystoreKey(ctx.platform.config);
    const [row] = await ctx.platform.db
      .select()
      .from(signingCredential)
      .where(eq(signingCredential.id, demo.signers[0]!.personalCredentialId));
    const stored = row!.keystore!;
    const args = ['pkcs12', '-info', '-noout', '-passin', `pass:${DEMO_SIGNING_PIN}`];
    expect(run('openssl', args, stored).status).not.toBe(0);
    expect(run('openssl', args, Buffer.from(unsealKeystore(stored, key, row!.id))).status).toBe(0);
  });

  it("lanhdao.lamdong signs, then the committee's agency key signs: pdfsig finds both valid and trusted", async () => {
    const leader = demo.signers.find((s) => s.username === 'lanhdao.lamdong')!;
    const key = await loadKeystoreKey(ctx.platform.config);
    const personal = await unlockLocalSigner(
      ctx.platform.db,
      leader.personalCredentialId,
      DEMO_SIGNING_PIN,
      key,
    );
    const agency = await unlockLocalSigner(ctx.platform.db, leader.agencyCredentialId, DEMO_SIGNING_PIN, key);
    const pdf = createPdf({ title: 'Công văn thử' });
    const done = buffer(pdf.stream as NodeJS.ReadableStream);
    pdf.addPage();
    pdf.text('Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng — văn bản thử ký số.');
    pdf.end();
    const first = await signPdf(await done, personal, { fieldName: 'Lãnh đạo ký' });
    const second = await signPdf(first, agency, { fieldName: 'Cơ quan ký' });
    expect(second.subarray(0, first.length).equals(first)).toBe(true);

    const caPem = join(dir, 'demo-ca.pem');
    const converted = spawnSync('openssl', ['x509', '-inform', 'DER', '-out', caPem], {
      input: demo.caCertificate,
    });
    expect(converted.status).toBe(0);
    const nss = join(dir, 'nss');
    mkdirSync(nss);
    expect(run('certutil', ['-N', '--empty-password', '-d', `sql:${nss}`]).status).toBe(0);
    expect(
      run('certutil', ['-A', '-n', 'demo', '-t', 'CT,C,C', '-i', caPem, '-d', `sql:${nss}`]).status,
    ).toBe(0);
    const file = join(dir, 'signed.pdf');
    writeFileSync(file, second);
    const out = run('pdfsig', ['-nssdir', `sql:${nss}`, file]).out;
    expect(out.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(out.match(/Certificate is Trusted\./g)).toHaveLength(2);
    expect(out).toContain('Signer Certificate Common Name: Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng');
    // Negative control: one flipped byte inside the signed range breaks the digest.
    const tampered = Buffer.from(second);
    tampered[200] = tampered[200]! ^ 0x01;
    writeFileSync(file, tampered);
    const broken = run('pdfsig', ['-nssdir', `sql:${nss}`, file]).out;
    expect(broken).not.toContain('Signature is Valid.');
    expect(broken).toContain('Digest Mismatch.');
  });

  it('draws transparent images: a blue signature per leader, a red seal at its real size per committee', async () => {
    for (const signer of demo.signers) {
      const signature = (await getSignatureImage(ctx.platform.db, signer.staffId))!;
      const seal = (await getSealImage(ctx.platform.db, signer.committeeId))!;
      for (const [image, colour] of [
        [signature, 'blue'],
        [seal, 'red'],
      ] as const) {
        const decoded = PNG.sync.read(image.png);
        let clear = 0;
        let ink = 0;
        let dominant = 0;
        for (let i = 0; i < decoded.data.length; i += 4) {
          const [r, , b, a] = decoded.data.subarray(i, i + 4);
          if (a === 0) clear++;
          if (a! > 200) {
            ink++;
            if (colour === 'blue' ? b! > r! + 80 : r! > b! + 80) dominant++;
          }
        }
        expect(clear).toBeGreaterThan(decoded.data.length / 8);
        expect(ink).toBeGreaterThan(100);
        expect(dominant).toBe(ink);
      }
      // 35 or 40 mm at 300 dpi, square.
      expect([35, 40]).toContain(seal.diameterMm);
      expect(seal.width).toBe(Math.round((seal.diameterMm! / 25.4) * 300));
      expect(seal.height).toBe(seal.width);
    }
  });

  it('is idempotent: a second run keeps the same CA, credentials and images', async () => {
    const count = async () =>
      (
        await ctx.platform.db.execute<{ n: number }>(
          sql`SELECT (SELECT count(*) FROM signing_credential) + (SELECT count(*) FROM signature_image) + (SELECT count(*) FROM trust_anchor) AS n`,
        )
      ).rows[0]!.n;
    const before = await count();
    const again = await seedDemoSignatures(ctx.platform.db, config());
    expect(again?.trustAnchorId).toBe(demo.trustAnchorId);
    expect(again?.signers.map((s) => s.personalCredentialId).sort()).toEqual(
      demo.signers.map((s) => s.personalCredentialId).sort(),
    );
    expect(await count()).toBe(before);
    expect(await seedDemoSignatures(ctx.platform.db, { ...config(), SIGNATURE_DEMO_CA: false })).toBeNull();
  });
});
