import { BROKERS } from '../../test/kafka/kafka-helpers.js';
import { parseAvroSchema } from '../../host/src/codecs/avro-schema.js';
import { runFlood } from './flood-run.js';
import { n, type Mode, type Row } from './lib.js';

const SCHEMA = { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'long' }, { name: 'name', type: 'string' }] };
const order = parseAvroSchema(SCHEMA);
const encode = (i: number, name = `order ${i}`) => order.toBuffer({ id: BigInt(i), name });

/** Bytes the schema cannot decode, each made unique by the event number. */
const BAD_KINDS: ((i: number) => Buffer)[] = [
  (i) => encode(i).subarray(0, -2), // cut short
  (i) => Buffer.concat([encode(i), Buffer.from([0])]), // a byte after the record
  (i) => Buffer.concat([encode(i, '').subarray(0, -1), Buffer.from([0x80, 0x89, 0x7a])]), // a string longer than the payload
  (i) => Buffer.concat([encode(i, '').subarray(0, -1), Buffer.from([0x09, 0x41])]), // a negative string length
  (i) => Buffer.from(`not avro ${i} at all, just text`), // text
];

function config(job: string, from: string, to: string): string {
  return `[[services]]
provider = "kafka"
name = "kafka"
"bootstrap.servers" = "${BROKERS}"

[[connectors]]
name = "${job}"
source = { service_name = "kafka", resource = "${from}", input_encoding = "avro", output_encoding = "json", schema_id = "order" }
sinks = [{ service_name = "kafka", resource = "${to}", output_encoding = "json" }]
schemas = [{ id = "order", encoding = "avro", definition = ${JSON.stringify(JSON.stringify(SCHEMA))} }]
batch = { kind = "count", size = 200, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 500 }
on_error = "dead_letter"
`;
}

/** Avro input with undecodable bytes, one message in five. */
export async function avroFlood(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const total = mode.quick ? 5000 : 25_000;
  const messages = Array.from({ length: total }, (_, i) => {
    const bad = i % 5 === 2;
    return { bad, value: bad ? BAD_KINDS[(i / 5) % BAD_KINDS.length | 0]!(i) : encode(i) };
  });
  return runFlood({
    name: 'avro-flood',
    scenario: 'undecodable Avro flood',
    config,
    messages,
    reason: /payload does not match Avro schema "order"/,
    reasonText: 'does not match Avro schema',
    goodId: (v) => (JSON.parse(v) as { id: number }).id,
    setup: `Kafka avro → Kafka json, ${n(total)} messages of which ${n(total / 5)} undecodable (${BAD_KINDS.length} kinds), on_error = dead_letter`,
  });
}
