import type { TsaClient } from '../tsa/index.ts';
import type { SignatureAppearance, Stamp } from './appearance.ts';
import { buildCadesDetached, type Signer } from './cms.ts';
import { addSignaturePlaceholder, DEFAULT_CONTENTS_BYTES } from './incremental.ts';
import { TIMESTAMPED_CONTENTS_BYTES } from './timestamp.ts';

export interface SignPdfOptions {
  /** Name of the new signature field; must be unique in the document (default Signature1, 2…). */
  fieldName?: string;
  signingTime?: Date;
  reason?: string;
  location?: string;
  /** Zero-based page for an invisible widget (ignored when `appearance` is given). */
  page?: number;
  /** Visible signature: page, rectangle (PDF points, origin bottom-left), image and/or text. */
  appearance?: SignatureAppearance;
  /** Stamp annotations written in the same update, so this signature covers them. */
  stamps?: Stamp[];
  contentsBytes?: number;
  /** PAdES B-T: add a signature time-stamp from this TSA (a TSA failure throws; nothing is returned). */
  timestamp?: TsaClient;
}

/**
 * Signs a PDF (PAdES, ETSI.CAdES.detached) as an incremental update: the returned bytes start with
 * the input bytes unchanged, so earlier signatures stay valid.
 */
export async function signPdf(pdf: Buffer, signer: Signer, options: SignPdfOptions = {}): Promise<Buffer> {
  const placeholder = await addSignaturePlaceholder(pdf, {
    fieldName: options.fieldName,
    signingTime: options.signingTime ?? new Date(),
    reason: options.reason,
    location: options.location,
    page: options.page,
    appearance: options.appearance,
    stamps: options.stamps,
    contentsBytes:
      options.contentsBytes ?? (options.timestamp ? TIMESTAMPED_CONTENTS_BYTES : DEFAULT_CONTENTS_BYTES),
  });
  const [, len1, start2, len2] = placeholder.byteRange;
  const out = placeholder.pdf;
  const signed = Buffer.concat([out.subarray(0, len1), out.subarray(start2, start2 + len2)]);
  const cms = await buildCadesDetached(signed, signer, { timestamp: options.timestamp });
  const hex = cms.toString('hex').toUpperCase();
  if (hex.length > placeholder.contentsHexLength)
    throw new Error(`CMS (${cms.length} bytes) is larger than the reserved /Contents; raise contentsBytes`);
  out.write(hex, placeholder.contentsStart + 1, 'latin1');
  return out;
}
