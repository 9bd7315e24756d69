/** XML-DSig for edXML messages: signing our envelopes and verifying received ones. */
export {
  acceptedCanonicalizations,
  acceptedDigests,
  acceptedSignatureMethods,
  C14N,
  ECDSA_SHA256,
  RSA_SHA256,
} from './algorithms.ts';
export {
  createEdxmlSigner,
  type EdxmlSigner,
  edxmlSignerFromFiles,
  SIGNATURE_PLACEHOLDER,
  signEdxml,
} from './signer.ts';
export { type EdxmlSignatureInfo, TRUST_NOT_CHECKED, verifyEdxmlSignature } from './verify.ts';
