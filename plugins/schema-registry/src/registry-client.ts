import { ConflictError, ConnectionError, MstreamError, NotFoundError, TimeoutError } from '@mstream/sdk';
import type { RegistryConfig } from './registry-config.js';

const MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json';

/** An error answer of the registry: HTTP status plus the registry's own `error_code` and message. */
export class RegistryHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Thin client for the Confluent Schema Registry REST API (also served by Karapace, Redpanda and
 * Apicurio's ccompat API). Network failures and 5xx become retriable `ConnectionError`s; 404 →
 * `NotFoundError`, 409 → `ConflictError`, other 4xx keep the registry's message.
 */
export class RegistryClient {
  private readonly base: string;
  private readonly auth?: string;

  constructor(readonly config: RegistryConfig) {
    this.base = config.url.replace(/\/+$/, '');
    if (config.username !== undefined) this.auth = `Basic ${Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64')}`;
  }

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, signal: AbortSignal, body?: unknown): Promise<T> {
    const timeout = AbortSignal.timeout(this.config.timeout_ms);
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers: { accept: MEDIA_TYPE, ...(body === undefined ? {} : { 'content-type': MEDIA_TYPE }), ...(this.auth ? { authorization: this.auth } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any([signal, timeout]),
      });
    } catch (error) {
      if (timeout.aborted && !signal.aborted) throw new TimeoutError(`schema registry did not answer ${method} ${path} within ${this.config.timeout_ms} ms`, { cause: error });
      throw new ConnectionError(`schema registry at ${this.base} is unreachable: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (response.ok) return parsed as T;
    const { error_code: errorCode, message } = (parsed ?? {}) as { error_code?: number; message?: string };
    const reason = message ?? (typeof parsed === 'string' && parsed ? parsed : response.statusText);
    if (response.status >= 500) throw new ConnectionError(`schema registry failed (${response.status}): ${reason}`, { pluginCode: String(errorCode ?? response.status) });
    if (response.status === 401 || response.status === 403) {
      throw new MstreamError('MS_ERR_CONNECTION', `schema registry refused the credentials (${response.status}): ${reason}`, { retriable: false, pluginCode: String(response.status) });
    }
    throw new RegistryHttpError(response.status, errorCode, reason);
  }
}

/** Maps a registry 4xx answer to the SDK's errors (404 → NotFound, 409 → Conflict). */
export function mapRegistryError(error: unknown, what: string): unknown {
  if (!(error instanceof RegistryHttpError)) return error;
  const options = { pluginCode: String(error.errorCode ?? error.status) };
  if (error.status === 404) return new NotFoundError(`${what} not found in the schema registry: ${error.message}`, options);
  if (error.status === 409) return new ConflictError(`schema registry refused ${what}: ${error.message}`, options);
  return new MstreamError('MS_ERR_BAD_REQUEST', `schema registry rejected ${what} (${error.status}): ${error.message}`, options);
}
