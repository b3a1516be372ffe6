import { MstreamError, type Transaction } from '@mstream/sdk';
import type { KafkaTransaction } from './clients/kafka-client.js';

/**
 * What a Kafka source's transaction carries to the Kafka sinks of the same job: the client's
 * transaction of the job's transactional producer, and the cluster it is on.
 */
export interface KafkaTransactionHandle {
  readonly kind: 'kafka-transaction';
  readonly cluster: string;
  readonly transactionalId: string;
  readonly tx: KafkaTransaction;
}

/** How long a transaction may stay open before the broker aborts it (kafkajs's default, applied to both clients). */
export const TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * The transactional.id of a job's producer: `mstream-<host id>-<job name>`. The host id is stable
 * across restarts on the same data folder (or MSTREAM_HOST_ID), so the restarted job's producer
 * fences the old one and finishes or aborts what it left open; two hosts get two ids.
 */
export function transactionalIdFor(hostId: string, jobName: string): string {
  return `mstream-${hostId}-${jobName}`;
}

export function wrapTransaction(handle: KafkaTransactionHandle): Transaction {
  return { handle };
}

/** The Kafka side of a transaction; throws when it was not made by a Kafka source. */
export function kafkaTransaction(transaction: Transaction): KafkaTransactionHandle {
  const handle = transaction?.handle as Partial<KafkaTransactionHandle> | undefined;
  if (handle?.kind !== 'kafka-transaction' || !handle.tx) {
    throw new MstreamError('MS_ERR_INTERNAL', 'a Kafka sink was given a transaction that no Kafka source began');
  }
  return handle as KafkaTransactionHandle;
}
