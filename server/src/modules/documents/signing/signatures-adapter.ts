import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Queryable } from '../../../db/client.ts';
import { AppError } from '../../../platform/errors/index.ts';
import {
  addDocumentTimestamp,
  addValidationData,
  convertDocxToPdf,
  createCscProvider,
  createSmartCaProvider,
  createTsaClient,
  describeReport,
  getSealImage,
  getSignatureImage,
  getSigningCredential,
  listTrustAnchors,
  type RemoteSigningProvider,
  remoteSigner,
  type Signer,
  signPdf,
  type TsaClient,
  unlockLocalSigner,
  type VerificationReport,
  verifyPdf,
} from '../../signatures/index.ts';
import type { PdfSigner, SigningPorts } from './ports.ts';

export interface SigningPortOptions {
  db: Queryable;
  /** The server key that seals keystores at rest (signatures module). */
  keystoreKey: () => Promise<Uint8Array>;
  /** Remote signing services by provider id (CSC API, SmartCA-style, the demo simulator). */
  remoteProviders: ReadonlyMap<string, RemoteProviderEntry>;
  /** RFC 3161 timestamp authority: signatures become PAdES B-T when one is configured. */
  tsa?: TsaClient;
}

const remoteUnavailable = (provider: string) =>
  new AppError('SERVICE_UNAVAILABLE', {
    message: {
      vi: `Dịch vụ ký số từ xa "${provider}" chưa được cấu hình trên máy chủ. Hãy báo quản trị hệ thống.`,
      en: `The remote signing service "${provider}" is not configured on this server. Tell the administrator.`,
    },
  });

const common = {
  id: z.string().min(1),
  displayName: z.string().min(1),
  baseUrl: z.url(),
  timeoutMs: z.number().int().positive().optional(),
};
const providerSchema = z.array(
  z.discriminatedUnion('kind', [
    z.object({
      ...common,
      /** Cloud Signature Consortium API v2 (the default). */
      kind: z.literal('csc').default('csc'),
      accessToken: z.string().optional(),
      /** For services that log each account in (CSC auth/login), the password of the platform's accounts. */
      accountPassword: z.string().optional(),
    }),
    z.object({
      ...common,
      /** VNPT SmartCA-style: certificates by citizen id, sign a hash, poll the transaction. */
      kind: z.literal('smartca'),
      spId: z.string().optional(),
      spPassword: z.string().optional(),
    }),
  ]),
);

export interface RemoteProviderEntry {
  provider: RemoteSigningProvider;
  accountPassword?: string;
}

/** SIGNATURE_REMOTE_PROVIDERS (JSON) as CSC API providers by id; a readable error names what is wrong. */
export function remoteProvidersFrom(json: string | undefined): Map<string, RemoteProviderEntry> {
  if (!json) return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`SIGNATURE_REMOTE_PROVIDERS is not JSON: ${(error as Error).message}`);
  }
  const result = providerSchema.safeParse(parsed);
  if (!result.success) throw new Error(`SIGNATURE_REMOTE_PROVIDERS: ${z.prettifyError(result.error)}`);
  return new Map(
    result.data.map((p): [string, RemoteProviderEntry] =>
      p.kind === 'smartca'
        ? [p.id, { provider: createSmartCaProvider(p) }]
        : [p.id, { provider: createCscProvider(p), accountPassword: p.accountPassword }],
    ),
  );
}

/** SIGNATURE_TSA_URL as an RFC 3161 client, or none. */
export const tsaFrom = (url: string | undefined) => (url ? createTsaClient({ url }) : undefined);

/** The documents module's signing ports, served by the signatures capability. */
export function createSigningPorts(options: SigningPortOptions): SigningPorts {
  const { db } = options;

  async function anchors() {
    const list = await listTrustAnchors(db);
    return list.map((a) => ({ name: a.name, certificate: a.certificate }));
  }

  return {
    async credential(q, id) {
      const row = await getSigningCredential(q, id);
      return row
        ? {
            id: row.id,
            kind: row.kind,
            staffId: row.staffId,
            unitId: row.unitId,
            provider: row.provider,
            status: row.status,
            subject: row.subject,
            notAfter: row.notAfter,
          }
        : null;
    },

    async signer(q, credentialId, unlock): Promise<PdfSigner> {
      const row = await getSigningCredential(q, credentialId);
      if (row?.provider === 'remote') {
        const entry = options.remoteProviders.get(row.remoteProvider ?? '');
        if (!entry) throw remoteUnavailable(row.remoteProvider ?? '');
        const account = { userId: row.remoteAccount ?? '', password: entry.accountPassword };
        return remoteSigner(entry.provider, account, row.remoteCredentialId!, {
          description: 'Ký số văn bản trên Mặt trận số',
          onPending: (request) => void unlock.onPending?.(request),
        });
      }
      return unlockLocalSigner(q, credentialId, unlock.pin ?? '', await options.keystoreKey());
    },

    async signatureImage(q, staffId) {
      return (await getSignatureImage(q, staffId))?.png ?? null;
    },

    async sealImage(q, unitId) {
      const seal = await getSealImage(q, unitId);
      return seal ? { png: seal.png, diameterMm: seal.diameterMm ?? 36 } : null;
    },

    signPdf(pdf, signer, sign) {
      return signPdf(pdf, signer as Signer, {
        fieldName: sign.fieldName,
        reason: sign.reason,
        location: sign.location,
        signingTime: sign.signingTime,
        appearance: sign.appearance,
        stamps: sign.stamps?.map((s) => ({
          page: s.page,
          rect: s.rect,
          text: {
            lines: s.lines,
            fontSize: s.fontSize,
            align: s.align ?? 'left',
            style: s.italic ? ('italic' as const) : ('regular' as const),
          },
        })),
        timestamp: options.tsa,
      });
    },

    async verifyPdf(pdf) {
      const report = await verifyPdf(pdf, { trustAnchors: await anchors() });
      const count = report.signatures.length;
      return { verdict: count === 0 ? 'absent' : report.verdict, count, report };
    },

    describe(report) {
      return {
        vi: describeReport(report as VerificationReport, 'vi'),
        en: describeReport(report as VerificationReport, 'en'),
      };
    },

    async trustVersion() {
      const list = await listTrustAnchors(db);
      const hash = createHash('sha256');
      for (const fingerprint of list.map((a) => a.fingerprintSha256).sort()) hash.update(fingerprint);
      return hash.digest('hex').slice(0, 16);
    },

    async archive(pdf) {
      if (!options.tsa) return pdf;
      const anchors = await listTrustAnchors(db);
      const withData = await addValidationData(pdf, { certificates: anchors.map((a) => a.certificate) });
      return addDocumentTimestamp(withData, options.tsa);
    },

    convertDocx: (docx) => convertDocxToPdf(docx),
  };
}
