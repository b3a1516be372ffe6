import { ConnectionError, definePlugin, type ConnectorInit, type Sink, type Source, type StreamEvent, type Transaction, type TransactionalSink, type TransactionalSource } from '@mstream/sdk';
import { kafkaService, type KafkaHandle } from '../../plugins/kafka/src/kafka-service.js';
import { kafkaSink } from '../../plugins/kafka/src/kafka-sink.js';
import { kafkaSource } from '../../plugins/kafka/src/kafka-source.js';
import type { KafkaSinkOptions } from '../../plugins/kafka/src/sink-options.js';
import type { KafkaSourceOptions } from '../../plugins/kafka/src/source-options.js';

/**
 * Failures to inject, counted over the whole process (each fires once): after the Nth
 * `writeInTransaction` of a sink has really written, and after the Nth `commitTransaction` has
 * really committed (a commit whose answer was lost).
 */
export const faults = { failWriteAfter: 0, failCommitAfter: 0, writes: 0, commits: 0, injected: [] as string[] };

export function resetFaults(setting: { failWriteAfter?: number; failCommitAfter?: number }): void {
  Object.assign(faults, { failWriteAfter: 0, failCommitAfter: 0, writes: 0, commits: 0, injected: [] }, setting);
}

class FlakySource implements TransactionalSource {
  constructor(private readonly inner: TransactionalSource) {}
  open = (position: Uint8Array | undefined, signal: AbortSignal) => this.inner.open(position, signal);
  read = (max: number, signal: AbortSignal) => this.inner.read(max, signal);
  ack = (positions: Uint8Array[]) => this.inner.ack(positions);
  close = () => this.inner.close();
  beginTransaction = (signal: AbortSignal) => this.inner.beginTransaction(signal);
  abortTransaction = (transaction: Transaction | undefined, signal: AbortSignal) => this.inner.abortTransaction(transaction, signal);
  async commitTransaction(transaction: Transaction, positions: Uint8Array[], signal: AbortSignal): Promise<void> {
    await this.inner.commitTransaction(transaction, positions, signal);
    if (++faults.commits === faults.failCommitAfter) {
      faults.injected.push(`commit ${faults.commits}`);
      throw new ConnectionError('injected: the commit went through but its answer was lost');
    }
  }
}

class FlakySink implements TransactionalSink {
  constructor(private readonly inner: TransactionalSink) {}
  open = (signal: AbortSignal) => this.inner.open?.(signal) ?? Promise.resolve();
  write = (events: StreamEvent[], signal: AbortSignal) => this.inner.write(events, signal);
  close = () => this.inner.close();
  async writeInTransaction(events: StreamEvent[], transaction: Transaction, signal: AbortSignal): Promise<void> {
    await this.inner.writeInTransaction(events, transaction, signal);
    if (++faults.writes === faults.failWriteAfter) {
      faults.injected.push(`write ${faults.writes}`);
      throw new ConnectionError('injected: the broker went away after this batch was produced in the transaction');
    }
  }
}

/**
 * The Kafka plugin under another provider name (`kafka-flaky`), its source and sink wrapped to
 * fail once where `faults` says, after the real work: what a broker that fails half-way does.
 */
export const flakyKafkaPlugin = definePlugin({
  id: 'kafka-flaky',
  version: '0.0.0',
  sdk: '^0.1.0',
  register(points) {
    points.service({ ...kafkaService, provider: 'kafka-flaky' });
    points.source<KafkaHandle, KafkaSourceOptions>({
      ...kafkaSource,
      provider: 'kafka-flaky',
      async create(init: ConnectorInit<KafkaHandle, KafkaSourceOptions>): Promise<Source> {
        return new FlakySource((await kafkaSource.create(init)) as TransactionalSource);
      },
    });
    points.sink<KafkaHandle, KafkaSinkOptions>({
      ...kafkaSink,
      provider: 'kafka-flaky',
      async create(init: ConnectorInit<KafkaHandle, KafkaSinkOptions>): Promise<Sink> {
        return new FlakySink((await kafkaSink.create(init)) as TransactionalSink);
      },
    });
  },
});
