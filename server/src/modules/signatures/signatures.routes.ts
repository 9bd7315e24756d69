import {
  addTrustAnchorSchema,
  changePinSchema,
  idParamsSchema,
  pinSchema,
  sealDiameterSchema,
  signatureImageSchema,
  signatureImageSlotSchema,
  signingCredentialSchema,
  trustAnchorSchema,
} from '@mts/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditContextOf } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import { actorOf, requires } from '../../platform/policy/index.ts';
import type { CredentialsService } from './credentials.service.ts';
import { ImageRejectedError, MAX_IMAGE_BYTES } from './images.check.ts';
import type { ImagesService } from './images.service.ts';
import type { TrustService } from './trust.service.ts';

const tags = ['signatures'];
const PNG_TYPE = 'image/png';
const MAX_KEYSTORE_BYTES = 256 * 1024;

const notMultipart = () =>
  new AppError('UNSUPPORTED_MEDIA_TYPE', {
    message: {
      vi: 'Hãy gửi tệp bằng biểu mẫu tải lên (multipart/form-data).',
      en: 'Upload the file as multipart/form-data.',
    },
  });

/** The one file of a multipart request and its text fields (in any order), within `maxBytes`. */
async function multipartUpload(
  request: FastifyRequest,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<{ bytes: Buffer; fields: Record<string, string> }> {
  if (!request.isMultipart()) throw notMultipart();
  const fields: Record<string, string> = {};
  let bytes: Buffer | undefined;
  for await (const part of request.parts({ limits: { fileSize: maxBytes } })) {
    if (part.type === 'file') {
      try {
        bytes = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
        throw error;
      }
    } else fields[part.fieldname] = String(part.value);
  }
  if (!bytes)
    throw new AppError('BAD_REQUEST', {
      message: { vi: 'Chưa chọn tệp để tải lên.', en: 'No file was uploaded.' },
    });
  return { bytes, fields };
}

const keystoreTooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', {
    message: {
      vi: 'Tệp chứng thư số (.p12) quá lớn (tối đa 256 KB).',
      en: 'The certificate file (.p12) is too large (at most 256 KB).',
    },
  });

/** The PIN field of a keystore upload, checked with the shared schema (Vietnamese message). */
function pinField(fields: Record<string, string>) {
  const parsed = pinSchema.safeParse(fields.pin ?? '');
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', {
      issues: parsed.error.issues.map((issue) => ({ path: 'pin', message: issue.message })),
    });
  return parsed.data;
}

function diameterField(fields: Record<string, string>) {
  const parsed = sealDiameterSchema.safeParse(fields.diameterMm ?? '');
  if (!parsed.success || fields.diameterMm === undefined)
    throw new AppError('VALIDATION_FAILED', {
      issues: [
        {
          path: 'diameterMm',
          message:
            parsed.error?.issues[0]?.message ??
            'Cần đường kính thật của con dấu (mm) (the seal diameter in mm is required)',
        },
      ],
    });
  return parsed.data;
}

const keystoreUpload = {
  consumes: ['multipart/form-data'],
  description:
    'multipart/form-data: `file` — the PKCS#12 keystore (.p12/.pfx, AES-256 as OpenSSL 3 exports it), `pin` — its PIN (checked by opening the file; never stored), optional `label`.',
};

export function registerSignatureRoutes(
  scope: FastifyInstance,
  deps: { credentials: CredentialsService; images: ImagesService; trust: TrustService },
) {
  const app = scope.withTypeProvider<ZodTypeProvider>();
  const { credentials, images, trust } = deps;

  // --- Signing credentials --------------------------------------------------------------------

  app.get(
    '/signatures/credentials',
    {
      config: { access: requires('signatures.manage_own') },
      schema: {
        operationId: 'listMySigningCredentials',
        tags,
        response: { 200: z.array(signingCredentialSchema) },
      },
    },
    async (request) => credentials.listMine(actorOf(request)),
  );

  app.post(
    '/signatures/credentials',
    {
      config: { access: requires('signatures.manage_own') },
      schema: {
        operationId: 'uploadMySigningCredential',
        tags,
        ...keystoreUpload,
        response: { 201: signingCredentialSchema },
      },
    },
    async (request, reply) => {
      const { bytes, fields } = await multipartUpload(request, MAX_KEYSTORE_BYTES, keystoreTooLarge);
      const created = await credentials.uploadMine(
        actorOf(request),
        { p12: bytes, pin: pinField(fields), label: fields.label },
        auditContextOf(request),
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/signatures/units/:id/credentials',
    {
      config: { access: requires('signatures.manage_unit', 'unit', 'id') },
      schema: {
        operationId: 'listUnitSigningCredentials',
        tags,
        params: idParamsSchema,
        response: { 200: z.array(signingCredentialSchema) },
      },
    },
    async (request) => credentials.listForUnit(request.params.id),
  );

  app.post(
    '/signatures/units/:id/credentials',
    {
      config: { access: requires('signatures.manage_unit', 'unit', 'id') },
      schema: {
        operationId: 'uploadUnitSigningCredential',
        tags,
        params: idParamsSchema,
        ...keystoreUpload,
        response: { 201: signingCredentialSchema },
      },
    },
    async (request, reply) => {
      const { bytes, fields } = await multipartUpload(request, MAX_KEYSTORE_BYTES, keystoreTooLarge);
      const created = await credentials.uploadForUnit(
        actorOf(request),
        request.params.id,
        { p12: bytes, pin: pinField(fields), label: fields.label },
        auditContextOf(request),
      );
      return reply.code(201).send(created);
    },
  );

  app.post(
    '/signatures/credentials/:id/pin',
    {
      config: { access: requires('signatures.manage_own', 'signing_credential', 'id') },
      schema: {
        operationId: 'changeSigningCredentialPin',
        tags,
        description:
          "Re-encrypts the keystore under a new PIN; the holder's, or a unit manager's for agency keys.",
        params: idParamsSchema,
        body: changePinSchema,
        response: { 200: signingCredentialSchema },
      },
    },
    async (request) =>
      credentials.changePin(actorOf(request), request.params.id, request.body, auditContextOf(request)),
  );

  app.post(
    '/signatures/credentials/:id/disable',
    {
      config: { access: requires('signatures.manage_own', 'signing_credential', 'id') },
      schema: {
        operationId: 'disableSigningCredential',
        tags,
        params: idParamsSchema,
        body: z.object({}).optional(),
        response: { 200: signingCredentialSchema },
      },
    },
    async (request) => credentials.disable(actorOf(request), request.params.id, auditContextOf(request)),
  );

  // --- Signature and seal images --------------------------------------------------------------

  const imageTooLarge = () => new ImageRejectedError('too_large');
  const sendPng = (reply: FastifyReply, png: Buffer) =>
    reply.header('cache-control', 'private, no-store').header('content-type', PNG_TYPE).send(png);

  app.get(
    '/signatures/signature-image',
    {
      config: { access: requires('signatures.manage_own') },
      schema: { operationId: 'getMySignatureImage', tags, response: { 200: signatureImageSlotSchema } },
    },
    async (request) => images.mine(actorOf(request)),
  );

  app.get(
    '/signatures/signature-image/png',
    {
      config: { access: requires('signatures.manage_own') },
      schema: { operationId: 'getMySignatureImagePng', tags, produces: [PNG_TYPE] },
    },
    async (request, reply) => sendPng(reply, await images.minePng(actorOf(request))),
  );

  app.put(
    '/signatures/signature-image',
    {
      config: { access: requires('signatures.manage_own') },
      schema: {
        operationId: 'setMySignatureImage',
        tags,
        consumes: ['multipart/form-data'],
        description:
          'multipart/form-data with one PNG file (transparent background, blue ink); checked by content.',
        response: { 200: signatureImageSchema },
      },
    },
    async (request) => {
      const { bytes } = await multipartUpload(request, MAX_IMAGE_BYTES, imageTooLarge);
      return images.setMine(actorOf(request), bytes, auditContextOf(request));
    },
  );

  app.get(
    '/signatures/units/:id/seal-image',
    {
      config: { access: requires('signatures.manage_unit', 'unit', 'id') },
      schema: {
        operationId: 'getUnitSealImage',
        tags,
        params: idParamsSchema,
        response: { 200: signatureImageSlotSchema },
      },
    },
    async (request) => images.ofUnit(request.params.id),
  );

  app.put(
    '/signatures/units/:id/seal-image',
    {
      config: { access: requires('signatures.manage_unit', 'unit', 'id') },
      schema: {
        operationId: 'setUnitSealImage',
        tags,
        params: idParamsSchema,
        consumes: ['multipart/form-data'],
        description:
          'multipart/form-data: `file` — the seal as a transparent PNG (red), `diameterMm` — its real diameter in millimetres.',
        response: { 200: signatureImageSchema },
      },
    },
    async (request) => {
      const { bytes, fields } = await multipartUpload(request, MAX_IMAGE_BYTES, imageTooLarge);
      return images.setSeal(
        actorOf(request),
        request.params.id,
        diameterField(fields),
        bytes,
        auditContextOf(request),
      );
    },
  );

  app.get(
    '/signatures/images/:id',
    {
      config: { access: requires('signatures.manage_unit', 'signature_image', 'id') },
      schema: { operationId: 'getSignatureImagePng', tags, params: idParamsSchema, produces: [PNG_TYPE] },
    },
    async (request, reply) => sendPng(reply, await images.png(request.params.id)),
  );

  // --- Trust anchors --------------------------------------------------------------------------

  app.get(
    '/signatures/trust-anchors',
    {
      config: { access: requires('signatures.admin') },
      schema: { operationId: 'listTrustAnchors', tags, response: { 200: z.array(trustAnchorSchema) } },
    },
    async () => trust.list(),
  );

  app.post(
    '/signatures/trust-anchors',
    {
      config: { access: requires('signatures.admin') },
      schema: {
        operationId: 'addTrustAnchor',
        tags,
        body: addTrustAnchorSchema,
        response: { 201: trustAnchorSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await trust.add(actorOf(request), request.body, auditContextOf(request))),
  );
}
