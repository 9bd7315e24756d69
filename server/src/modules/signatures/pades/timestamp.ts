/**
 * PAdES B-LTA document time-stamps: an incremental update with a /Type /DocTimeStamp signature
 * dictionary (/SubFilter /ETSI.RFC3161) whose /Contents is an RFC 3161 TimeStampToken over the
 * bytes covered by its /ByteRange (ETSI EN 319 142-1 §5.4).
 */
import type { TsaClient } from '../tsa/index.ts';
import { addSignaturePlaceholder } from './incremental.ts';

/** /Contents reserved when a signature carries a time-stamp token (CMS + token with the TSA chain). */
export const TIMESTAMPED_CONTENTS_BYTES = 32_768;
/** /Contents reserved for a document time-stamp token alone. */
export const DOCUMENT_TIMESTAMP_CONTENTS_BYTES = 16_384;

export interface DocumentTimestampOptions {
  /** Name of the new (invisible) field (default Signature1, 2…, like signatures). */
  fieldName?: string;
  contentsBytes?: number;
}

/**
 * Appends a document time-stamp as a new revision; the input bytes stay a byte-exact prefix.
 * A TSA failure throws and returns nothing.
 */
export async function addDocumentTimestamp(
  pdf: Buffer,
  tsa: TsaClient,
  options: DocumentTimestampOptions = {},
): Promise<Buffer> {
  const placeholder = await addSignaturePlaceholder(pdf, {
    kind: 'documentTimestamp',
    fieldName: options.fieldName,
    signingTime: new Date(),
    contentsBytes: options.contentsBytes ?? DOCUMENT_TIMESTAMP_CONTENTS_BYTES,
  });
  const [, len1, start2, len2] = placeholder.byteRange;
  const out = placeholder.pdf;
  const covered = Buffer.concat([out.subarray(0, len1), out.subarray(start2, start2 + len2)]);
  const token = await tsa.timestamp(covered);
  const hex = token.toString('hex').toUpperCase();
  if (hex.length > placeholder.contentsHexLength)
    throw new Error(`Time-stamp token (${token.length} bytes) is larger than the reserved /Contents`);
  out.write(hex, placeholder.contentsStart + 1, 'latin1');
  return out;
}
