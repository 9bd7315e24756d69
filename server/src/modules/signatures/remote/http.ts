import { RemoteProviderError, RemoteProviderUnreachableError } from './errors.ts';

/**
 * One JSON POST to a remote signing service, as every provider makes it: a timeout, transport
 * failures as `RemoteProviderUnreachableError` (TIMEOUT or UNREACHABLE), a body that is not JSON as
 * `RemoteProviderError`. Returns the HTTP status and the parsed body (`{}` when empty).
 */
export async function postJson(
  provider: string,
  url: string,
  body: Record<string, unknown>,
  options: { timeoutMs: number; authorization?: string; what: string },
): Promise<{ status: number; ok: boolean; body: Record<string, unknown> }> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(options.authorization ? { authorization: options.authorization } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError')
      throw new RemoteProviderUnreachableError(
        provider,
        'TIMEOUT',
        `${options.what}: no answer in ${options.timeoutMs} ms`,
      );
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new RemoteProviderUnreachableError(
      provider,
      'UNREACHABLE',
      `${options.what}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    );
  }
  if (response.status === 204 || text === '') return { status: response.status, ok: response.ok, body: {} };
  try {
    return { status: response.status, ok: response.ok, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    throw new RemoteProviderError(
      provider,
      'invalid_response',
      `${options.what}: HTTP ${response.status}, not JSON`,
      response.status,
    );
  }
}
