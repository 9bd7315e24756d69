import { createRequire } from 'node:module';

/**
 * The npm `open311` client (codeforamerica/node-open311 0.0.12), a client none of us wrote, used
 * as a black box: its own URLs, query strings, form encoding and parsing (see client-shims/README.md
 * for the two XML parsers it depends on). Its callbacks are wrapped in promises here, nothing more.
 */
type Callback = (error: unknown, data: unknown) => void;

interface Open311Instance {
  serviceDiscovery(options: Record<string, unknown>, callback: Callback): void;
  serviceList(callback: Callback): void;
  serviceDefinition(serviceCode: string, callback: Callback): void;
  submitRequest(data: Record<string, unknown>, callback: Callback): void;
  token(token: string, callback: Callback): void;
  serviceRequests(idOrParams: unknown, paramsOrCallback: unknown, callback?: Callback): void;
  endpoint?: string;
  format?: string;
}

const require = createRequire(import.meta.url);
const Open311 = require('open311') as new (options: Record<string, unknown>) => Open311Instance;

export class ClientError extends Error {
  constructor(
    readonly status: unknown,
    readonly body: unknown,
  ) {
    super(`open311 client error: ${String(status)} ${String(body)}`);
  }
}

function call<T>(run: (callback: Callback) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    run((error, data) => (error ? reject(new ClientError(error, data)) : resolve(data as T)));
  });
}

export interface ClientOptions {
  endpoint?: string;
  discovery?: string;
  jurisdiction?: string;
  apiKey?: string;
  format: 'xml' | 'json';
}

export function open311Client(options: ClientOptions) {
  const client = new Open311({ ...options });
  return {
    raw: client,
    discover: (cache = false) =>
      call<Record<string, unknown>>((cb) => client.serviceDiscovery({ cache }, cb)),
    services: () => call<Array<Record<string, unknown>>>((cb) => client.serviceList(cb)),
    serviceDefinition: (code: string) =>
      call<Record<string, unknown>>((cb) => client.serviceDefinition(code, cb)),
    submit: (data: Record<string, unknown>) =>
      call<Array<Record<string, unknown>>>((cb) => client.submitRequest(data, cb)),
    token: (token: string) => call<Array<Record<string, unknown>>>((cb) => client.token(token, cb)),
    requests: (params: Record<string, unknown> = {}) =>
      call<Array<Record<string, unknown>>>((cb) => client.serviceRequests(params, cb)),
    requestsById: (ids: string[]) =>
      call<Array<Record<string, unknown>>>((cb) => client.serviceRequests(ids, {}, cb)),
    request: (id: string) => call<Array<Record<string, unknown>>>((cb) => client.serviceRequests(id, {}, cb)),
  };
}
