import { ConflictError, ConnectionError, DataError, isMstreamError, MstreamError, NotFoundError, TimeoutError } from '@mstream/sdk';

/** gRPC status codes the mapping below branches on (google-gax `Status`). */
export const GrpcStatus = {
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  FAILED_PRECONDITION: 9,
  UNAUTHENTICATED: 16,
} as const;

/** The gRPC status code of a google-gax error, if it has one. */
export function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** How a caller wants NOT_FOUND / ALREADY_EXISTS / INVALID_ARGUMENT reported; everything else is a retriable ConnectionError. */
export interface ErrorMapping {
  /** NOT_FOUND → NotFoundError (resource listers, schema stores) instead of a retriable ConnectionError (a topic may be created later). */
  notFound?: boolean;
  /** ALREADY_EXISTS → ConflictError. */
  conflict?: boolean;
  /** INVALID_ARGUMENT → DataError (a publish the server refused for its content). */
  invalidIsData?: boolean;
  /** INVALID_ARGUMENT → MS_ERR_BAD_REQUEST (a schema definition or id the server refused). */
  invalidIsBadRequest?: boolean;
}

/**
 * Turns a google-gax / grpc error into an mstream error. The default is a retriable
 * `ConnectionError`, because most Pub/Sub failures (UNAVAILABLE, RESOURCE_EXHAUSTED, an expired
 * token, a topic someone is about to create) heal; only what the caller says is final is not.
 */
export function toMstreamError(error: unknown, what: string, mapping: ErrorMapping = {}): MstreamError {
  if (isMstreamError(error)) return error as MstreamError;
  const code = grpcCode(error);
  const detail = (error as Error | null)?.message ?? String(error);
  const message = `pubsub: ${what}: ${detail}`;
  const options = { cause: error, pluginCode: code === undefined ? undefined : `grpc:${code}` };
  if (code === GrpcStatus.NOT_FOUND && mapping.notFound) return new NotFoundError(message, options);
  if (code === GrpcStatus.ALREADY_EXISTS && mapping.conflict) return new ConflictError(message, options);
  if (code === GrpcStatus.INVALID_ARGUMENT && mapping.invalidIsData) return new DataError(message, options);
  if (code === GrpcStatus.INVALID_ARGUMENT && mapping.invalidIsBadRequest) return new MstreamError('MS_ERR_BAD_REQUEST', message, options);
  if (code === GrpcStatus.DEADLINE_EXCEEDED) return new TimeoutError(message, options);
  return new ConnectionError(message, options);
}
