import { ConfigValidationError, ConnectionError, type ServiceDefinition } from '@mstream/sdk';

/** Service config as validated by the schema below. */
export interface HttpConfig {
  host?: string;
  max_retries: number;
  base_backoff_ms: number;
  connection_timeout_sec: number;
  timeout_sec: number;
  tcp_keepalive_sec: number;
  headers: Record<string, string>;
}

/** The shared handle: the validated config plus the parsed base URL. */
export interface HttpService {
  readonly config: HttpConfig;
  readonly base?: URL;
}

/** The `http` service: a remote HTTP endpoint (sink, middleware) and/or settings for a listener (source). */
export const httpService: ServiceDefinition<HttpConfig, HttpService> = {
  provider: 'http',
  displayName: 'HTTP',
  description: 'POSTs events to an HTTP endpoint, transforms them through one, or receives them on a local listener.',
  configSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      host: { type: 'string', pattern: '^https?://', description: 'Base URL, e.g. https://api.example.com/v1. Resources are joined below it. Required by the sink and middleware.', 'x-order': 1 },
      max_retries: { type: 'integer', minimum: 1, maximum: 100, default: 5, description: 'Total attempts per request (1 = no retry).' },
      base_backoff_ms: { type: 'integer', minimum: 0, default: 1000, description: 'First retry delay; doubles per attempt, ±20% jitter.' },
      connection_timeout_sec: { type: 'number', exclusiveMinimum: 0, default: 10, description: 'Time allowed until response headers arrive on a new request.', 'x-advanced': true },
      timeout_sec: { type: 'number', exclusiveMinimum: 0, default: 30, description: 'Time allowed for a whole request, body included.' },
      tcp_keepalive_sec: { type: 'number', minimum: 0, default: 300, description: 'Accepted for compatibility; connections are kept alive by Node\'s fetch pool.', 'x-advanced': true },
      headers: {
        type: 'object',
        default: {},
        additionalProperties: { type: 'string', 'x-secret': true },
        // The whole map is secret: it typically carries Authorization / X-Api-Key values.
        'x-secret': true,
        description: 'Extra request headers (e.g. Authorization). Masked as **** in API responses.',
      },
    },
  },
  connect(config) {
    let base: URL | undefined;
    if (config.host !== undefined) {
      try {
        base = new URL(config.host);
      } catch {
        throw new ConfigValidationError([{ path: 'host', message: `"${config.host}" is not a valid URL` }]);
      }
    }
    for (const name of Object.keys(config.headers)) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new ConfigValidationError([{ path: `headers.${name}`, message: 'not a valid HTTP header name' }]);
    }
    return { config, base };
  },
  async check({ config, base }, signal) {
    if (!base) return;
    try {
      // Any HTTP answer proves the endpoint is reachable; only network failures count.
      const res = await fetch(base, { method: 'HEAD', signal: AbortSignal.any([signal, AbortSignal.timeout(config.connection_timeout_sec * 1000)]) });
      await res.body?.cancel();
    } catch (error) {
      throw new ConnectionError(`cannot reach ${base.origin}: ${(error as Error).message}`, { cause: error });
    }
  },
};
