import { BROKERS } from '../../test/kafka/kafka-helpers.js';
import { runFlood } from './flood-run.js';
import { n, type Mode, type Row } from './lib.js';

/** Well-formed JSON that breaks the schema below, each kind made unique by the event number. */
const BAD_KINDS: ((i: number) => unknown)[] = [
  (i) => ({ id: i }), // a required field missing
  (i) => ({ id: i, qty: 0 }), // below the minimum
  (i) => ({ id: i, qty: 'three' }), // the wrong type
  (i) => ({ id: `${i}`, qty: 1 }), // the wrong type of the id
  (i) => [i, 1], // not an object
  (i) => ({ id: i, qty: 1.5 }), // a number that is no integer
];

function config(job: string, from: string, to: string): string {
  return `[[services]]
provider = "kafka"
name = "kafka"
"bootstrap.servers" = "${BROKERS}"

[[connectors]]
name = "${job}"
source = { service_name = "kafka", resource = "${from}", input_encoding = "json", output_encoding = "json" }
sinks = [{ service_name = "kafka", resource = "${to}", output_encoding = "json", schema_id = "order" }]
schemas = [{ id = "order", encoding = "json", definition = { type = "object", required = ["id", "qty"], properties = { id = { type = "integer" }, qty = { type = "integer", minimum = 1 } } } }]
batch = { kind = "count", size = 200, max_wait_ms = 20 }
checkpoint = { enabled = true, interval_ms = 500 }
on_error = "dead_letter"
`;
}

/** Valid JSON that fails the sink's JSON Schema, one message in five. */
export async function schemaFlood(mode: Mode): Promise<Omit<Row, 'seconds'>> {
  const total = mode.quick ? 5000 : 25_000;
  const messages = Array.from({ length: total }, (_, i) => {
    const bad = i % 5 === 2;
    return { bad, value: Buffer.from(JSON.stringify(bad ? BAD_KINDS[(i / 5) % BAD_KINDS.length | 0]!(i) : { id: i, qty: 1 + (i % 7) })) };
  });
  return runFlood({
    name: 'schema-flood',
    scenario: 'schema-invalid flood',
    config,
    messages,
    reason: /does not match JSON Schema "order"/,
    reasonText: 'does not match JSON Schema',
    goodId: (v) => (JSON.parse(v) as { id: number }).id,
    setup: `Kafka → Kafka json with a JSON Schema on the sink, ${n(total)} messages of which ${n(total / 5)} schema-invalid (${BAD_KINDS.length} kinds), on_error = dead_letter`,
  });
}
