/**
 * Stable error codes. Branch on these, never on messages or `instanceof` across packages
 * (two copies of the SDK would each have their own classes).
 * @public
 */
export const ERROR_CODES = {
  MS_ERR_CONFIG_INVALID: { status: 400, retriable: false, summary: 'Configuration is invalid; `issues` lists every problem.' },
  MS_ERR_BAD_REQUEST: { status: 400, retriable: false, summary: 'The request is malformed or misses a required field.' },
  MS_ERR_UNAUTHORIZED: { status: 401, retriable: false, summary: 'A valid API token is required.' },
  MS_ERR_FORBIDDEN: { status: 403, retriable: false, summary: 'The request is refused: the token lacks the role, or its Origin or Host is not allowed.' },
  MS_ERR_NOT_FOUND: { status: 404, retriable: false, summary: 'The named job, service, resource or schema does not exist.' },
  MS_ERR_ROUTE_NOT_FOUND: { status: 404, retriable: false, summary: 'No API route matches the method and path.' },
  MS_ERR_CONFLICT: { status: 409, retriable: false, summary: 'The object exists already or is in use.' },
  MS_ERR_PAYLOAD_TOO_LARGE: { status: 413, retriable: false, summary: 'The request body exceeds the size limit.' },
  MS_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, retriable: false, summary: 'A request body must be sent as application/json.' },
  MS_ERR_TOO_MANY_REQUESTS: { status: 429, retriable: true, summary: 'Too many failed sign-ins from this address; wait as Retry-After says.' },
  MS_ERR_UNSUPPORTED: { status: 400, retriable: false, summary: 'The provider does not support this operation.' },
  MS_ERR_DATA: { status: 422, retriable: false, summary: 'An event cannot be decoded, validated or written; it goes to the dead-letter store.' },
  MS_ERR_CONNECTION: { status: 503, retriable: true, summary: 'A remote system is unreachable or failing; the host retries with backoff.' },
  MS_ERR_UNAVAILABLE: { status: 503, retriable: true, summary: 'The host is starting or shutting down, or a system store is unreachable; retry shortly.' },
  MS_ERR_TIMEOUT: { status: 504, retriable: true, summary: 'An operation took too long; the host retries with backoff.' },
  MS_ERR_PLUGIN_INVALID: { status: 400, retriable: false, summary: 'A plugin package or its manifest is malformed.' },
  MS_ERR_PLUGIN_VERSION_MISMATCH: { status: 400, retriable: false, summary: 'A plugin was built for an SDK range that excludes the host SDK.' },
  MS_ERR_INTERNAL: { status: 500, retriable: false, summary: 'A bug: please report it with the log line that carries the same message.' },
} as const;

/** A stable error code. @public */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Options common to every mstream error. @public */
export interface MstreamErrorOptions {
  /** The underlying error, kept for logs (never sent to API clients). */
  cause?: unknown;
  /** Override the code's default retriability. */
  retriable?: boolean;
  /** A provider-specific code (e.g. a Kafka error name) for diagnostics. */
  pluginCode?: string;
  /** Extra structured details safe to show to users (never secrets). */
  details?: Record<string, unknown>;
}

/**
 * The one base error of mstream. Everything a plugin throws should be one of these (or will
 * be wrapped into `MS_ERR_INTERNAL` / `MS_ERR_CONNECTION` by the host). The host fills in
 * `plugin` and `operation` so a message says which plugin failed doing what.
 * @public
 */
export class MstreamError extends Error {
  /** Marks the object for {@link isMstreamError}, which works across SDK copies. */
  readonly $$mstreamError = true;
  readonly code: ErrorCode;
  readonly status: number;
  readonly retriable: boolean;
  pluginCode?: string;
  details?: Record<string, unknown>;
  /** Set by the host: the plugin id that threw. */
  plugin?: string;
  /** Set by the host: what the plugin was doing (`sink.write`, `source.open`, …). */
  operation?: string;

  constructor(code: ErrorCode, message: string, options: MstreamErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MstreamError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.retriable = options.retriable ?? ERROR_CODES[code].retriable;
    this.pluginCode = options.pluginCode;
    this.details = options.details;
  }
}

/** Shape of any mstream error, from any copy of the SDK. @public */
export interface MstreamErrorLike {
  $$mstreamError: true;
  code: ErrorCode;
  status: number;
  retriable: boolean;
  message: string;
  details?: Record<string, unknown>;
  plugin?: string;
  operation?: string;
}

/** True for an error thrown by any copy of the SDK; duck-typed, never `instanceof`. @public */
export function isMstreamError(error: unknown): error is MstreamErrorLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { $$mstreamError?: unknown }).$$mstreamError === true &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/** Configuration is invalid; `issues` holds every problem found. @public */
export class ConfigValidationError extends MstreamError {
  readonly issues: Array<{ path: string; message: string }>;
  constructor(issues: Array<{ path: string; message: string }>, options: MstreamErrorOptions = {}) {
    super('MS_ERR_CONFIG_INVALID', issues.map((i) => `${i.path}: ${i.message}`).join('; '), {
      ...options,
      details: { ...options.details, issues },
    });
    this.issues = issues;
  }
}

/** The named object does not exist. @public */
export class NotFoundError extends MstreamError {
  constructor(message: string, options?: MstreamErrorOptions) {
    super('MS_ERR_NOT_FOUND', message, options);
  }
}

/** The object exists already (e.g. a remote schema with the same name) or is in use. @public */
export class ConflictError extends MstreamError {
  constructor(message: string, options?: MstreamErrorOptions) {
    super('MS_ERR_CONFLICT', message, options);
  }
}

/** The provider cannot do this (e.g. list resources of an HTTP service). @public */
export class UnsupportedOperationError extends MstreamError {
  constructor(message: string, options?: MstreamErrorOptions) {
    super('MS_ERR_UNSUPPORTED', message, options);
  }
}

/**
 * A remote system is unreachable or failing in a way that may heal (network error, broker
 * unavailable, 5xx). The host retries with exponential backoff and shows the error in the
 * job's state meanwhile.
 * @public
 */
export class ConnectionError extends MstreamError {
  constructor(message: string, options?: MstreamErrorOptions) {
    super('MS_ERR_CONNECTION', message, options);
  }
}

/**
 * This event cannot be processed: undecodable, schema-invalid, rejected by a middleware or
 * by the target (e.g. HTTP 400). Never retried; the job's error policy decides (dead-letter by
 * default). Throw it for one event: when a batch call throws it, the host retries the events
 * one by one to find which one is bad.
 * @public
 */
export class DataError extends MstreamError {
  constructor(message: string, options?: MstreamErrorOptions) {
    super('MS_ERR_DATA', message, options);
  }
}

/** An operation exceeded its deadline; retriable. @public */
export class TimeoutError extends MstreamError {
  constructor(message: string, options?: MstreamErrorOptions) {
    super('MS_ERR_TIMEOUT', message, options);
  }
}
