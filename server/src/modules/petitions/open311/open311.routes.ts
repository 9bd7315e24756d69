import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditContextOf } from '../../../platform/audit/index.ts';
import { publicAccess } from '../../../platform/policy/index.ts';
import type { Open311Service } from './open311.service.ts';
import { Params } from './params.ts';
import {
  FORMATS,
  type Format,
  formatOf,
  languageOf,
  list,
  notFoundError,
  send,
  sendErrors,
  toOpen311Error,
} from './render.ts';

const tags = ['open311'];
const open = { access: publicAccess };
/** Writes from one address: generous for a partner's server, a brake on floods. */
const writes = { access: publicAccess, rateLimit: { max: 120, timeWindow: '1 minute' } };

const noSuchResource = () =>
  notFoundError({
    vi: 'Không có tài nguyên này trên API Open311 GeoReport v2 (xem discovery.xml).',
    en: 'No such resource on this Open311 GeoReport v2 API (see discovery.xml).',
  });

/** `{id}.{format}` from the last path segment ("dat-dai.json"); 404 without a known format. */
function idAndFormat(request: FastifyRequest): { id: string; format: Format } {
  const file = (request.params as { file?: string }).file ?? '';
  const match = /^(.+)\.(xml|json)$/i.exec(file);
  if (!match) throw noSuchResource();
  return { id: match[1]!, format: match[2]!.toLowerCase() as Format };
}

const paramsOf = (request: FastifyRequest) => new Params(request.query, request.body);

/**
 * GeoReport v2 under /open311/v2 (see README.md, "Open311 GeoReport v2"): every route public —
 * the POST calls check their `api_key` themselves and answer 403 in the specification's format.
 * Every answer, errors included, is XML or JSON as the URL's extension asks.
 */
export function registerOpen311Routes(app: FastifyInstance, service: Open311Service) {
  app.setErrorHandler((error, request, reply) => {
    const failure = toOpen311Error(error);
    if (failure.status >= 500) request.log.error({ err: error }, 'open311 failure');
    return sendErrors(reply, formatOf(request), languageOf(request), failure);
  });
  app.setNotFoundHandler((request, reply) =>
    sendErrors(reply, formatOf(request), languageOf(request), noSuchResource()),
  );

  for (const format of FORMATS) {
    const suffix = format === 'xml' ? 'Xml' : 'Json';
    app.get(
      `/discovery.${format}`,
      {
        config: open,
        schema: { tags, operationId: `open311Discovery${suffix}`, summary: 'Service discovery' },
      },
      async (_request, reply) => send(reply, format, 'discovery', service.discovery()),
    );

    app.get(
      `/services.${format}`,
      {
        config: open,
        schema: { tags, operationId: `open311Services${suffix}`, summary: 'GET Service List' },
      },
      async (request, reply) => send(reply, format, 'services', await service.services(paramsOf(request))),
    );

    app.post(
      `/requests.${format}`,
      {
        config: writes,
        schema: {
          tags,
          operationId: `open311PostRequest${suffix}`,
          summary: 'POST Service Request (application/x-www-form-urlencoded, api_key required)',
        },
      },
      async (request, reply) => {
        const created = await service.submit(paramsOf(request), auditContextOf(request));
        return send(
          reply,
          format,
          'service_requests',
          list('request', [
            {
              service_request_id: created.serviceRequestId,
              service_notice: `Đã tiếp nhận kiến nghị, chuyển ${created.areaName} xem xét. Mã tra cứu: ${created.trackingCode} — người kiến nghị dùng mã này để theo dõi và đánh giá câu trả lời; chỉ gửi mã cho chính người kiến nghị.`,
            },
          ]),
        );
      },
    );

    app.get(
      `/requests.${format}`,
      {
        config: open,
        schema: {
          tags,
          operationId: `open311GetRequests${suffix}`,
          summary: 'GET Service Requests (filters, 90 days / 1,000 requests, page, extensions)',
        },
      },
      async (request, reply) =>
        send(reply, format, 'service_requests', await service.findRequests(paramsOf(request))),
    );

    app.get(
      `/servicerequestupdates.${format}`,
      {
        config: open,
        schema: {
          tags,
          operationId: `open311GetUpdates${suffix}`,
          summary: 'GET Service Request Updates (mySociety)',
        },
      },
      async (request, reply) =>
        send(reply, format, 'service_requests_updates', await service.findUpdates(paramsOf(request))),
    );

    app.post(
      `/servicerequestupdates.${format}`,
      {
        config: writes,
        schema: {
          tags,
          operationId: `open311PostUpdate${suffix}`,
          summary: 'POST Service Request Update (mySociety; api_key required)',
        },
      },
      async (request, reply) =>
        send(
          reply,
          format,
          'service_request_updates',
          await service.postUpdate(paramsOf(request), auditContextOf(request)),
        ),
    );
  }

  app.get(
    '/services/:file',
    {
      config: open,
      schema: { tags, operationId: 'open311ServiceDefinition', summary: 'GET Service Definition' },
    },
    async (request, reply) => {
      const { id, format } = idAndFormat(request);
      return send(
        reply,
        format,
        'service_definition',
        await service.serviceDefinition(id, paramsOf(request)),
      );
    },
  );

  app.get(
    '/requests/:file',
    { config: open, schema: { tags, operationId: 'open311GetRequest', summary: 'GET Service Request' } },
    async (request, reply) => {
      const { id, format } = idAndFormat(request);
      return send(reply, format, 'service_requests', await service.findRequest(id, paramsOf(request)));
    },
  );

  app.get(
    '/tokens/:file',
    {
      config: open,
      schema: { tags, operationId: 'open311GetToken', summary: 'GET service_request_id from a token' },
    },
    async (request, reply) => {
      const { id, format } = idAndFormat(request);
      return send(reply, format, 'service_requests', await service.findToken(id, paramsOf(request)));
    },
  );
}
