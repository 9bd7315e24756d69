/** Remote signing (issue 4): providers behind one interface, a CSC API v2 client, a local CSC simulator. */
export { CSC_OID, type CscInfo, CscProvider, type CscProviderOptions, createCscProvider } from './csc.ts';
export {
  RemoteAccountRejectedError,
  RemoteCredentialDisabledError,
  RemoteCredentialNotFoundError,
  RemoteProviderError,
  RemoteProviderUnreachableError,
  RemoteSigningExpiredError,
  RemoteSigningRefusedError,
} from './errors.ts';
export {
  type CredentialSummary,
  type RemoteAccount,
  type RemoteCredential,
  type RemoteKeyAlgorithm,
  type RemoteSignerOptions,
  type RemoteSigningProvider,
  remoteSigner,
  type SignatureRequest,
  type SignatureRequestState,
  waitForSignatures,
} from './provider.ts';
export {
  type CscSimulator,
  type CscSimulatorOptions,
  type RecordedCscRequest,
  type SimulatedApproval,
  type SimulatedCredential,
  type SimulatedUser,
  startCscSimulator,
} from './simulator/csc-simulator.ts';
export { createDemoCscUsers, DEMO_CSC_PASSWORD, type DemoCscAccounts } from './simulator/demo-users.ts';
export { createSmartCaProvider, SmartCaProvider, type SmartCaProviderOptions } from './smartca.ts';
