import type { KafkaRecord } from '@platformatic/kafka';
import type { ConsumedMessage } from './kafka-client.js';

/** A fetched record in the plugin's (kafkajs-shaped) form: decimal-string offset and timestamp, headers by name. */
export function toConsumedMessage(record: KafkaRecord, offset: bigint, firstTimestamp: bigint): ConsumedMessage {
  let headers: ConsumedMessage['headers'];
  for (const [name, value] of record.headers) {
    if (name === null) continue;
    const key = name.toString();
    const bytes = value ?? Buffer.alloc(0);
    headers ??= {};
    const seen = headers[key];
    // A repeated header keeps every value, as kafkajs gives it.
    headers[key] = seen === undefined ? bytes : Array.isArray(seen) ? [...seen, bytes] : [seen, bytes];
  }
  return {
    offset: offset.toString(),
    timestamp: (firstTimestamp + record.timestampDelta).toString(),
    key: record.key,
    value: record.value,
    headers,
  };
}
