/** Official document PDFs for signing (issue 4): the Decree 30 Appendix I layout and DOCX drafts. */
export {
  ConversionFailedError,
  ConverterUnavailableError,
  type ConvertOptions,
  convertDocxToPdf,
} from './docx.ts';
export {
  numberLine,
  type OfficialDocumentInput,
  type OfficialDocumentSlots,
  placeDateLine,
  placeOf,
  type RenderedDocument,
  renderOfficialDocument,
  type SecrecyMark,
  type SlotRect,
  type UrgencyMark,
} from './official.ts';
