import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { parseAnchorPem, upsertTrustAnchor, type VerificationReport } from '../../signatures/index.ts';
import { startTestTsa, type TestTsa } from '../../signatures/test-support/tsa.ts';
import {
  AGENCY_PIN,
  approvedDraft,
  fileOf,
  LEADER_PIN,
  localSigners,
  pdfTools,
} from '../test-support/signing.ts';
import { buildDocumentsWorld } from '../test-support/world.ts';

/**
 * With a timestamp authority configured (SIGNATURE_TSA_URL), signatures carry an RFC 3161
 * signature timestamp (PAdES B-T) and the issued original gets validation data and a document
 * timestamp (B-LTA). The TSA is `openssl ts -reply` behind a loopback server; the timestamps are
 * checked by our verifier and the file by qpdf and pdfsig.
 */
let ctx: TestContext;
let tsa: TestTsa;
let world: Awaited<ReturnType<typeof buildDocumentsWorld>>;
let signers: Awaited<ReturnType<typeof localSigners>>;
const tools = pdfTools();

beforeAll(async () => {
  tsa = await startTestTsa();
  ctx = await createTestContext({ SIGNATURE_TSA_URL: tsa.url });
  world = await buildDocumentsWorld(ctx);
  signers = await localSigners(ctx, world);
  const tsaRoot = parseAnchorPem(tsa.caCertPem)[0]!;
  await upsertTrustAnchor(ctx.platform.db, {
    name: 'CA của TSA thử nghiệm',
    certificate: tsaRoot,
    source: 'admin',
  });
  tools.trust(signers.ca);
}, 120_000);

afterAll(async () => {
  await ctx?.close();
  await tsa?.close();
  tools.cleanup();
});

describe('long-term signatures when a timestamp authority is configured', () => {
  it('timestamps both signatures and closes the issued original with a document timestamp', async () => {
    const { id } = await approvedDraft(ctx, world);
    const signed = await world.leader.client.post(`/api/documents/${id}/sign`, {
      credentialId: signers.leaderCredential,
      pin: LEADER_PIN,
    });
    expect(signed.statusCode, signed.body).toBe(200);
    const issued = await world.clerk.client.post(`/api/documents/${id}/issue`, {
      agency: { credentialId: signers.agencyCredential, pin: AGENCY_PIN },
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(tsa.requests).toBe(3); // two signature timestamps, one document timestamp
    const pdf = (await fileOf(ctx, id, 'issued'))!;
    const file = tools.save('ltv.pdf', pdf);
    expect(tools.run('qpdf', ['--check', file]).status).toBe(0);
    expect(tools.pdfsig(file).match(/Signature is Valid\./g)).toHaveLength(2);
    // The catalog carries the validation data (DSS with certificates), as qpdf reads the file.
    const json = JSON.parse(tools.run('qpdf', ['--json=1', '--json-key=objects', file]).stdout) as {
      objects: Record<string, Record<string, unknown>>;
    };
    const root = json.objects[json.objects.trailer!['/Root'] as string]!;
    const dss = json.objects[root['/DSS'] as string]!;
    expect((dss['/Certs'] as unknown[]).length).toBeGreaterThanOrEqual(1);
    const report = await world.clerk.client.get(`/api/documents/${id}/signature-report`);
    const issuedReport = (report.json() as Array<{ role: string; report: VerificationReport }>).find(
      (f) => f.role === 'issued',
    )!.report;
    expect(issuedReport.signatures.map((s) => s.kind)).toEqual([
      'signature',
      'signature',
      'document-timestamp',
    ]);
    for (const signature of issuedReport.signatures.slice(0, 2)) {
      expect(signature.timestamp).toMatchObject({ tokenValid: true, imprintMatches: true });
      expect(signature.certificateValidity.timeSource).toBe('timestamp');
    }
    expect(issuedReport.signatures[2]!.integrity.intact).toBe(true);
  });

  it('a TSA that refuses stops the signature with a clear error and the document stays approved', async () => {
    const { id } = await approvedDraft(ctx, world);
    tsa.mode = 'refuse';
    try {
      const refused = await world.leader.client.post(`/api/documents/${id}/sign`, {
        credentialId: signers.leaderCredential,
        pin: LEADER_PIN,
      });
      expect(refused.statusCode).toBe(503);
      expect(refused.json().error.message).toMatch(/dấu thời gian|TSA/i);
    } finally {
      tsa.mode = 'ok';
    }
    expect((await world.leader.client.get(`/api/documents/${id}`)).json().status).toBe('approved');
    expect(await fileOf(ctx, id, 'signed')).toBeNull();
  });
});
