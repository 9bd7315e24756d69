import type { Queryable } from '../../../db/client.ts';
import type { PageRect } from './slot.ts';

/**
 * What document signing needs from the signatures capability, as one narrow interface: the
 * documents module never reads keystores or images itself. `index.ts` of the documents module
 * wires it to the signatures module; tests may wire it the same way.
 */
export interface SigningPorts {
  /** A signing credential with its owner (a person for personal ones, a unit for agency ones). */
  credential(q: Queryable, id: string): Promise<SigningCredential | null>;
  /** The person's or agency's signer: a local keystore opened with the PIN, or a remote provider. */
  signer(
    q: Queryable,
    credentialId: string,
    unlock: { pin?: string; onPending?: (pending: { requestId: string; expiresAt: Date }) => Promise<void> },
  ): Promise<PdfSigner>;
  /** The blue signature image of a person (transparent PNG), if they have one. */
  signatureImage(q: Queryable, staffId: string): Promise<Buffer | null>;
  /** The unit's red seal image (transparent PNG) with its real diameter, if it has one. */
  sealImage(q: Queryable, unitId: string): Promise<{ png: Buffer; diameterMm: number } | null>;
  /** Signs a PDF as an incremental update with an optional visible appearance and text stamps. */
  signPdf(pdf: Buffer, signer: PdfSigner, options: SignOptions): Promise<Buffer>;
  /** Verifies every signature of a PDF against the configured trust anchors. */
  verifyPdf(
    pdf: Buffer,
  ): Promise<{ verdict: 'valid' | 'invalid' | 'indeterminate' | 'absent'; count: number; report: unknown }>;
  /** The verification report as a person reads it, in Vietnamese and English. */
  describe(report: unknown): { vi: string; en: string };
  /** Identifies the trust anchors in force, so checks made against older ones are redone. */
  trustVersion(): Promise<string>;
  /**
   * The issued original made long-term verifiable when a timestamp authority is configured:
   * validation data (the trust anchors) in a DSS, then a document timestamp (PAdES B-LTA). Without
   * a TSA the PDF comes back unchanged.
   */
  archive(pdf: Buffer): Promise<Buffer>;
  /** A DOCX draft as PDF (LibreOffice headless). */
  convertDocx(docx: Buffer): Promise<Buffer>;
}

export interface SigningCredential {
  id: string;
  kind: 'personal' | 'agency';
  staffId: string | null;
  unitId: string | null;
  provider: 'local' | 'remote';
  status: string;
  subject: string;
  notAfter: Date;
}

/** Opaque to documents: whatever the signatures capability signs with. */
export type PdfSigner = object;

export interface TextStamp {
  page: number;
  rect: PageRect['rect'];
  lines: string[];
  fontSize: number;
  align?: 'left' | 'center';
  italic?: boolean;
}

export interface SignOptions {
  fieldName: string;
  reason: string;
  location?: string;
  signingTime?: Date;
  appearance?: {
    page: number;
    rect: PageRect['rect'];
    image?: Buffer;
    text?: { lines: string[]; fontSize: number };
  };
  stamps?: TextStamp[];
}
