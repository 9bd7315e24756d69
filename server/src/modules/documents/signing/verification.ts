import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database, Queryable } from '../../../db/client.ts';
import type { Jobs } from '../../../platform/jobs/index.ts';
import type { Storage } from '../../../platform/storage/index.ts';
import { document, documentFile } from '../documents.schema.ts';
import type { SigningPorts } from './ports.ts';
import { type SignatureVerdict, signatureCheck } from './signing.schema.ts';

/** Checks the signatures of a document's PDFs after it arrives (internal copy, edXML, registration). */
export const VERIFY_QUEUE = 'documents.verify-signatures';

/** Roles whose PDFs carry the document's signatures. */
const SIGNED_ROLES = ['scan', 'issued', 'signed', 'signed_scan', 'attachment'] as const;

/** The verdict for a document from its files' verdicts: any bad signature decides; none found is absent. */
export function combineVerdicts(verdicts: SignatureVerdict[]): SignatureVerdict {
  if (verdicts.includes('invalid')) return 'invalid';
  if (verdicts.includes('indeterminate')) return 'indeterminate';
  return verdicts.includes('valid') ? 'valid' : 'absent';
}

export function createVerification(
  deps: { db: Database; storage: Storage; jobs: Jobs },
  ports: SigningPorts,
) {
  const { db, storage } = deps;

  /**
   * The check of one stored PDF against today's trust anchors: reused when already made (a file
   * delivered to thousands of units is verified once), otherwise verified now and recorded.
   */
  async function checkFile(q: Queryable, storageKey: string, pdf?: Buffer) {
    const trustVersion = await ports.trustVersion();
    const [known] = await q
      .select()
      .from(signatureCheck)
      .where(and(eq(signatureCheck.storageKey, storageKey), eq(signatureCheck.trustVersion, trustVersion)))
      .orderBy(desc(signatureCheck.checkedAt))
      .limit(1);
    if (known) return known;
    const bytes = pdf ?? (await storage.get(storageKey));
    const result = await ports.verifyPdf(bytes);
    const [row] = await q
      .insert(signatureCheck)
      .values({
        storageKey,
        verdict: result.verdict,
        signatureCount: result.count,
        report: result.report as object,
        trustVersion,
      })
      .returning();
    return row!;
  }

  /**
   * Verifies every PDF of a document and records the result on it. Without signed PDFs the status
   * stays as it was (an edXML envelope's own signature may have decided it).
   */
  async function verifyDocument(documentId: string) {
    const files = await db
      .select({ storageKey: documentFile.storageKey })
      .from(documentFile)
      .where(
        and(
          eq(documentFile.documentId, documentId),
          inArray(documentFile.role, [...SIGNED_ROLES]),
          eq(documentFile.contentType, 'application/pdf'),
        ),
      );
    const verdicts: SignatureVerdict[] = [];
    for (const file of new Set(files.map((f) => f.storageKey)))
      verdicts.push((await checkFile(db, file)).verdict);
    const verdict = combineVerdicts(verdicts);
    if (verdict === 'absent') {
      await db
        .update(document)
        .set({ signatureStatus: 'absent' })
        .where(and(eq(document.id, documentId), eq(document.signatureStatus, 'not_checked')));
      return verdict;
    }
    await db.update(document).set({ signatureStatus: verdict }).where(eq(document.id, documentId));
    return verdict;
  }

  deps.jobs.define<{ documentId: string }>(VERIFY_QUEUE, async ({ documentId }) => {
    await verifyDocument(documentId);
  });

  return {
    checkFile,
    verifyDocument,
    /** Queues the check after commit; singleton per document so a burst of events checks once. */
    queue: (documentId: string) =>
      deps.jobs.send(VERIFY_QUEUE, { documentId }, { singletonKey: `verify:${documentId}` }),
  };
}

export type Verification = ReturnType<typeof createVerification>;
