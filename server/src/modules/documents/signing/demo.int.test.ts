import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../../../test/harness.ts';
import { DEMO_PASSWORD, seedDemoIfEmpty } from '../../../db/seed/index.ts';
import { staff } from '../../organisation/index.ts';
import { type CscSimulator, DEMO_SIGNING_PIN, seedDemoSignatures } from '../../signatures/index.ts';
import { document, documentFile } from '../documents.schema.ts';
import { seedDemoSigningDocument, startDemoRemoteSigning } from './demo.ts';
import type { RemoteProviderEntry } from './signatures-adapter.ts';

/**
 * What the product owner does after `npm start`: the demo leader signs the waiting decision with
 * the demo PIN, the demo registry clerk issues and seals it, the demo commune receives it verified.
 */
let ctx: TestContext;
let phone: CscSimulator | null = null;
const providers = new Map<string, RemoteProviderEntry>();

beforeAll(async () => {
  ctx = await createTestContext({}, { remoteProviders: providers });
  await seedDemoIfEmpty(ctx.platform.db);
  await seedDemoSignatures(ctx.platform.db, { ...ctx.platform.config, SIGNATURE_DEMO_CA: true });
  expect(await seedDemoSigningDocument(ctx.platform.db, ctx.platform.storage)).toBe(true);
}, 180_000);
afterAll(async () => {
  await ctx?.close();
  await phone?.close();
});

async function signedIn(username: string): Promise<TestClient> {
  const client = ctx.client();
  expect((await client.login(username, DEMO_PASSWORD)).mfa).toBe('none');
  return client;
}

describe('the demo document waiting for signatures', () => {
  it('is signed by lanhdao.lamdong, issued and sealed by vanthu.lamdong, received verified in An Bình', async () => {
    expect(await seedDemoSigningDocument(ctx.platform.db, ctx.platform.storage)).toBe(false); // once only
    const leader = await signedIn('lanhdao.lamdong');
    const waiting = (await leader.get('/api/documents?direction=outgoing&status=approved')).json()
      .items as Array<{ id: string; subject: string; unitId: string }>;
    const doc = waiting.find((d) => d.subject.startsWith('Quyết định thành lập Tổ công tác chuyển đổi số'))!;
    const [personal] = (await leader.get('/api/signatures/credentials')).json() as Array<{
      id: string;
      kind: string;
    }>;
    expect(personal!.kind).toBe('personal');
    const signed = await leader.post(`/api/documents/${doc.id}/sign`, {
      credentialId: personal!.id,
      pin: DEMO_SIGNING_PIN,
    });
    expect(signed.statusCode, signed.body).toBe(200);

    const clerk = await signedIn('vanthu.lamdong');
    const [agency] = (await clerk.get(`/api/signatures/units/${doc.unitId}/credentials`)).json() as Array<{
      id: string;
    }>;
    const issued = await clerk.post(`/api/documents/${doc.id}/issue`, {
      agency: { credentialId: agency!.id, pin: DEMO_SIGNING_PIN },
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json()).toMatchObject({ status: 'issued', signatureStatus: 'valid' });

    const [chairman] = await ctx.platform.db
      .select()
      .from(staff)
      .where(eq(staff.username, 'chutich.xa.anbinh'));
    const [copy] = await ctx.platform.db
      .select()
      .from(document)
      .where(and(eq(document.sourceDocumentId, doc.id), eq(document.unitId, chairman!.unitId)));
    expect(copy!.signatureStatus).toBe('valid');
  });

  it('offers remote signing on the simulated phone, whose key the demo CA certifies, across restarts', async () => {
    phone = await startDemoRemoteSigning(ctx.platform.db, ctx.platform.config, providers);
    await phone!.close();
    phone = await startDemoRemoteSigning(ctx.platform.db, ctx.platform.config, providers); // a restart
    const leader = await signedIn('lanhdao.lamdong');
    const remote = (
      (await leader.get('/api/signatures/credentials')).json() as Array<{ id: string; provider: string }>
    ).filter((c) => c.provider === 'remote');
    expect(remote).toHaveLength(1); // updated in place, not added again
    const [type] = await ctx.platform.db
      .select({ unitId: staff.unitId })
      .from(staff)
      .where(eq(staff.username, 'lanhdao.lamdong'));
    const [doc] = await ctx.platform.db
      .insert(document)
      .values({
        unitId: type!.unitId,
        direction: 'outgoing',
        status: 'approved',
        subject: 'Thông báo thử ký số từ xa',
      })
      .returning({ id: document.id });
    const [draft] = await ctx.platform.db
      .select()
      .from(documentFile)
      .where(eq(documentFile.role, 'draft'))
      .limit(1);
    await ctx.platform.db.insert(documentFile).values({ ...draft!, id: undefined, documentId: doc!.id });
    const started = await leader.post(`/api/documents/${doc!.id}/sign`, { credentialId: remote[0]!.id });
    expect(started.statusCode, started.body).toBe(200);
    let handle: string | undefined;
    for (let i = 0; i < 100 && !handle; i++) {
      handle = phone!.approvals().find((a) => a.state === 'pending')?.handle;
      if (!handle) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    phone!.approve(handle!);
    let state = 'pending';
    for (let i = 0; i < 100 && state === 'pending'; i++) {
      state = (
        (await leader.get(`/api/documents/${doc!.id}/signings`)).json() as Array<{ state: string }>
      )[0]!.state;
      if (state === 'pending') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(state).toBe('signed');
    const report = (await leader.get(`/api/documents/${doc!.id}/signature-report`)).json() as Array<{
      verdict: string;
    }>;
    expect(report.map((r) => r.verdict)).toEqual(['valid']);
  });
});
