import { ConnectionError, DataError, isMstreamError, MstreamError, TimeoutError } from '@mstream/sdk';

/** Broker error types that mean "this message can never be written as it is". */
const DATA_ERROR_TYPES = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
  'INVALID_REQUIRED_ACKS',
]);

/** Commit failures that only mean the group moved on; the new owner re-delivers (at-least-once). */
const REBALANCE_TYPES = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID']);

interface KafkaJsErrorLike {
  name?: string;
  message?: string;
  type?: string;
  /** @platformatic/kafka's broker error name (its ProtocolError). */
  apiId?: string;
  retriable?: boolean;
  cause?: unknown;
  originalError?: unknown;
  errors?: unknown[];
}

/**
 * Broker answers to a transactional producer meaning another producer with the same
 * transactional.id has initialised since (a restarted host fenced this one), or the coordinator
 * aborted the transaction for outliving its timeout.
 */
const FENCED_TYPES = new Set(['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH']);

/** Every error in a kafkajs or @platformatic/kafka error chain (retries wrap the original, aggregates hold several). */
function chain(error: unknown): KafkaJsErrorLike[] {
  const out: KafkaJsErrorLike[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 20) {
    const next = queue.shift();
    if (!next || typeof next !== 'object') continue;
    const e = next as KafkaJsErrorLike;
    out.push(e);
    queue.push(e.cause, e.originalError, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return out;
}

/** The first broker error type (`MESSAGE_TOO_LARGE`, …) in the chain, if any. */
export function kafkaErrorType(error: unknown): string | undefined {
  const found = chain(error).find((e) => typeof e.type === 'string' || typeof e.apiId === 'string');
  return found?.type ?? found?.apiId;
}

/** True when a commit failed only because the group rebalanced. */
export function isRebalanceError(error: unknown): boolean {
  const type = kafkaErrorType(error);
  return type !== undefined && REBALANCE_TYPES.has(type);
}

/** True when a transactional producer was fenced (see FENCED_TYPES). */
export function isFencedError(error: unknown): boolean {
  const type = kafkaErrorType(error);
  if (type !== undefined && FENCED_TYPES.has(type)) return true;
  // kafkajs 2.2.4 does not know PRODUCER_FENCED (90), which newer brokers may send.
  return chain(error).some((e) => e.type === 'KAFKAJS_UNKNOWN_ERROR_CODE' && /\bcode 90\b/.test(String(e.message)));
}

/**
 * A failure of a transactional producer: fencing is final (`MS_ERR_CONFLICT`, not retriable: the
 * job stops rather than fence the process that took over); the rest as {@link toMstreamError}.
 */
export function toTransactionError(error: unknown, what: string, transactionalId: string): MstreamError {
  if (isMstreamError(error)) return error as MstreamError;
  if (isFencedError(error)) {
    return new MstreamError(
      'MS_ERR_CONFLICT',
      `${what}: the transactional producer "${transactionalId}" was fenced (${kafkaErrorType(error)}): another process started this job with the same transactional.id ` +
        `(this host restarted, or a second host has the same host id), or a transaction outlived transaction.timeout.ms and the broker aborted it. ` +
        'This process stops the job; start it again to resume from the committed offsets.',
      { cause: error, pluginCode: kafkaErrorType(error), retriable: false },
    );
  }
  return toMstreamError(error, what);
}

/**
 * Turns a kafkajs failure into an mstream error: message-level broker rejections become
 * `DataError` (dead-lettered), timeouts `TimeoutError`, and everything else `ConnectionError`
 * (retried by the host with backoff) — a broker that is down, restarting or electing leaders heals.
 */
export function toMstreamError(error: unknown, what: string): MstreamError {
  if (isMstreamError(error)) return error as MstreamError;
  const type = kafkaErrorType(error);
  const message = `${what}: ${(error as Error)?.message ?? String(error)}`;
  if (type && DATA_ERROR_TYPES.has(type)) return new DataError(message, { cause: error, pluginCode: type });
  if (chain(error).some((e) => e.name === 'KafkaJSRequestTimeoutError' || (e as { code?: unknown }).code === 'PLT_KFK_TIMEOUT' || e.constructor?.name === 'TimeoutError')) return new TimeoutError(message, { cause: error, pluginCode: type });
  return new ConnectionError(message, { cause: error, pluginCode: type ?? (error as Error)?.name });
}
