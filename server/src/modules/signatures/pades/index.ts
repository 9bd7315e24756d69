/** PAdES signing core (issue 4): incremental-update PDF signatures with a pkijs-built CAdES CMS. */

export {
  type AppearanceText,
  drawAppearancePdf,
  importFormXObject,
  type PdfRect,
  type SignatureAppearance,
  type Stamp,
} from './appearance.ts';
export {
  buildCadesDetached,
  type CadesOptions,
  type ExternalSigner,
  type KeySigner,
  parseCertificate,
  type Signer,
} from './cms.ts';
export { addValidationData, type ValidationData } from './dss.ts';
export {
  addSignaturePlaceholder,
  DEFAULT_CONTENTS_BYTES,
  type Placeholder,
  type PlaceholderOptions,
} from './incremental.ts';
export { type SignPdfOptions, signPdf } from './sign.ts';
export {
  addDocumentTimestamp,
  DOCUMENT_TIMESTAMP_CONTENTS_BYTES,
  type DocumentTimestampOptions,
  TIMESTAMPED_CONTENTS_BYTES,
} from './timestamp.ts';
