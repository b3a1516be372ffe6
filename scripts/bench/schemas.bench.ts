// Schema work inside the pipeline: a job doing JSON → Avro (logical types) → no-op sink, and one
// validating JSON against a JSON Schema, next to the bare libraries doing the same per event.
import { readFile } from 'node:fs/promises';
import datagenPlugin from '../../plugins/datagen/src/index.js';
import { generateDocument } from '../../plugins/datagen/src/document-factory.js';
import { parseAvroSchema } from '../../host/src/codecs/avro-schema.js';
import { createDataAjv } from '../../host/src/runtime/resolve-schemas.js';
import type { BenchModule } from './bench-types.js';
import { startBenchHost } from './bench-host.js';
import { fmt, measure } from './measure.js';
import { noopPlugin } from './noop-plugin.js';

export const DOC_SCHEMA = {
  type: 'object',
  required: ['_id', 'email', 'name', 'country', 'amount', 'created_at', 'active', 'age', 'tags', 'price'],
  properties: {
    _id: { type: 'string', pattern: '^[0-9a-f]{24}$' }, email: { type: 'string', format: 'email' }, name: { type: 'string', maxLength: 20 },
    country: { enum: ['PT', 'DE', 'US', 'JP'] }, amount: { type: 'number', minimum: 0, maximum: 1000 }, created_at: { type: 'string', format: 'date-time' },
    active: { type: 'boolean' }, age: { type: 'integer', minimum: 18, maximum: 90 }, tags: { type: 'array', items: { type: 'string', maxLength: 8 }, maxItems: 3 },
    price: { type: 'string', pattern: '^[1-9][0-9]{0,3}\\.[0-9]{2}$' },
  },
};
export const AVRO = {
  type: 'record', name: 'User', fields: [
    { name: '_id', type: { type: 'string', logicalType: 'objectid' } }, { name: 'email', type: 'string' }, { name: 'name', type: 'string' },
    { name: 'country', type: { type: 'enum', name: 'Country', symbols: ['PT', 'DE', 'US', 'JP'] } }, { name: 'amount', type: 'double' },
    { name: 'created_at', type: { type: 'long', logicalType: 'timestamp-millis' } }, { name: 'active', type: 'boolean' },
    { name: 'age', type: 'int' }, { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 8, scale: 2 } },
  ],
};
const POOL = 1000;
const SOURCE_OPTIONS = { rate: 0, pool_size: POOL, seed: 7, schema: DOC_SCHEMA };

async function bare(durationMs: number, perEvent: (doc: unknown) => void) {
  const docs = Array.from({ length: POOL }, (_, i) => JSON.parse(JSON.stringify(generateDocument(DOC_SCHEMA as never, 7, i))));
  return measure(durationMs, async (signal, progress) => {
    let i = 0;
    while (!signal.aborted) {
      for (let k = 0; k < 500; k++) perEvent(docs[i++ % POOL]);
      progress.events += 500;
      await new Promise((r) => setImmediate(r));
    }
  });
}

async function job(name: string, durationMs: number, steps: { source: Record<string, unknown>; sink: Record<string, unknown>; schemas?: unknown[] }) {
  const { host, stop } = await startBenchHost([datagenPlugin, noopPlugin()], {
    services: [{ provider: 'datagen', name: 'gen' }, { provider: 'noop', name: 'null' }],
    connectors: [{
      name,
      source: { service_name: 'gen', resource: 'users', output_encoding: 'json', options: SOURCE_OPTIONS, ...steps.source },
      sinks: [{ service_name: 'null', resource: 'x', output_encoding: 'json', ...steps.sink }],
      schemas: steps.schemas ?? [],
      batch: { size: 500, max_wait_ms: 5 },
    }],
  });
  const result = await measure(durationMs, async (signal, progress) => {
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        progress.events = host.jobs!.metrics(name)?.eventsProcessed ?? 0;
        if (signal.aborted) (clearInterval(tick), resolve());
      }, 50);
    });
  });
  const dead = host.jobs!.metrics(name)?.deadLetters ?? 0;
  await stop();
  if (dead) throw new Error(`${name}: ${dead} dead letters: the bench documents must all be valid`);
  return result;
}

/** The Kafka pass-through job rate from docs/benchmarks.md, when that section exists. */
async function kafkaRate(): Promise<number | undefined> {
  const text = await readFile(new URL('../../docs/benchmarks.md', import.meta.url), 'utf8').catch(() => '');
  const row = /\| mstream[^|\n]*\|[^|\n]*\|[^|\n]*\|\s*([\d,]+)\s*\|/.exec(text.slice(text.indexOf('## Kafka')));
  return row ? Number(row[1].replace(/,/g, '')) : undefined;
}

const bench: BenchModule = async (ctx) => {
  const avro = parseAvroSchema(AVRO);
  const validate = createDataAjv().compile(DOC_SCHEMA);
  const row = (name: string, m: Awaited<ReturnType<typeof bare>>, vs?: number) => ({
    case: name, 'events/s': fmt.rate(m.eventsPerSecond), 'µs/event': fmt.micros(m.eventsPerSecond), 'peak RSS MiB': fmt.mib(m.peakRssMiB), 'job / bare': vs ? fmt.ratio(m.eventsPerSecond, vs) : '',
  });
  ctx.log('bare avsc toBuffer + fromBuffer');
  const bareAvro = await bare(ctx.durationMs, (doc) => avro.fromBuffer(avro.toBuffer(doc)));
  ctx.log('bare ajv validate');
  const bareAjv = await bare(ctx.durationMs, (doc) => {
    if (!validate(doc)) throw new Error('invalid bench document');
  });
  ctx.log('job without schema');
  const plain = await job('bench-plain', ctx.durationMs, { source: {}, sink: {} });
  ctx.log('job json → avro → json');
  const avroJob = await job('bench-avro', ctx.durationMs, { source: { output_encoding: 'avro', schema_id: 'user' }, sink: {}, schemas: [{ id: 'user', definition: AVRO }] });
  ctx.log('job with JSON Schema validation');
  const ajvJob = await job('bench-json-schema', ctx.durationMs, { source: { schema_id: 'doc' }, sink: {}, schemas: [{ id: 'doc', encoding: 'json', definition: DOC_SCHEMA }] });
  const kafka = await kafkaRate();
  const rows = [
    row('bare avsc toBuffer + fromBuffer (logical types)', bareAvro),
    row('mstream job: JSON → Avro (source) → JSON (sink), batch 500', avroJob, bareAvro.eventsPerSecond),
    row('bare ajv validate', bareAjv),
    row('mstream job: JSON validated by JSON Schema, batch 500', ajvJob, bareAjv.eventsPerSecond),
    row('mstream job: JSON pass-through, no schema (reference)', plain),
  ];
  return {
    area: 'schemas',
    title: 'Schema encoding and validation in the pipeline',
    rows,
    notes: [
      'Documents: 1,000 pre-generated 10-field users (ObjectId hex, email, name, enum, double, date-time, boolean, int, string array, decimal string), ~260 bytes of JSON. The Avro schema uses the host\'s logical types (objectid, timestamp-millis, decimal). The bare rows run avsc `toBuffer`+`fromBuffer` (with the same logical types) or ajv `validate` on already-parsed documents in a tight loop; the job rows run a real in-process host: datagen pool → source conversion (JSON parse, then Avro encode or JSON Schema validate) → no-op sink (Avro decode → flat JSON for the Avro job), checkpoints and metrics included.',
      `The job rows include JSON parse and stringify per event, which the bare rows do not, so "job / bare" is the share of the library cost in the whole per-event cost. For scale: the Kafka → Kafka pass-through job in this file runs at ${kafka ? `${fmt.rate(kafka)} events/s` : '(no Kafka section yet)'}; if the schema job rates are well above it, Avro encoding/decoding and validation are not what limits a Kafka → Kafka job.`,
      'Single process on a 2-core machine shared with the test JVMs: ±20 % between runs.',
    ],
  };
};

export default bench;
