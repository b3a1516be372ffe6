import { BSON } from 'mongodb';
import { BROKERS } from '../../test/kafka/kafka-helpers.js';
import { runFlood } from './flood-run.js';
import { n, type Mode, type Row } from './lib.js';

const encode = (i: number) => Buffer.from(BSON.serialize({ id: i, name: `order ${i}` }));

/** Bytes that are not a BSON document, each made unique by the event number. */
const BAD_KINDS: ((i: number) => Buffer)[] = [
  (i) => encode(i).subarray(0, -3), // cut short: the length prefix promises more
  (i) => { const b = Buffer.from(encode(i)); b.writeInt32LE(b.length + 7, 0); return b; }, // a length prefix longer than the bytes
  (i) => Buffer.concat([encode(i), Buffer.from([0x01, 0x02])]), // bytes after the document
  (i) => { const b = Buffer.from(encode(i)); b[b.length - 1] = 0x07; return b; }, // no terminating zero
  (i) => { const b = Buffer.from(encode(i)); b[4] = 0x7f; return b; }, // an unknown element type
  (i) => Buffer.from(`not bson ${i} at all, just text`), // text
];

function config(job: string, from: string, to: string): string {
  return `[[services]]
provider = "kafka"
name = "kafka"
"bootstrap.servers" = "${BROKERS}"

[[connectors]]
name = "${job}"
source = { service_name = "kafka", resource = "${from}", input_encoding = "bson", output_encoding = "json" }
sinks = [{ service_name = "kafka", resource = "${to}", output_encoding = "json" }]
batch = { kind = "count", size = 200, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 500 }
on_error = "dead_letter"
`;
}

/** BSON input with bytes that are not a BSON document, one message in five. */
export async function bsonFlood(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const total = mode.quick ? 5000 : 25_000;
  const messages = Array.from({ length: total }, (_, i) => {
    const bad = i % 5 === 3;
    return { bad, value: bad ? BAD_KINDS[(i / 5) % BAD_KINDS.length | 0]!(i) : encode(i) };
  });
  return runFlood({
    name: 'bson-flood',
    scenario: 'undecodable BSON flood',
    config,
    messages,
    reason: /payload is not a valid BSON document/,
    reasonText: 'not a valid BSON document',
    goodId: (v) => (JSON.parse(v) as { id: number }).id,
    setup: `Kafka bson → Kafka json, ${n(total)} messages of which ${n(total / 5)} not BSON documents (${BAD_KINDS.length} kinds), on_error = dead_letter`,
  });
}
