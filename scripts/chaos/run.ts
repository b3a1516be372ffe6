/**
 * `npm run chaos [-- --quick]`: chaos scenarios with real processes and real servers (issue 16,
 * item 4). The host runs as the CLI child process, exactly as a user starts it, and is killed
 * with SIGKILL and restarted. Each scenario prints one row; together they rewrite the section
 * between `<!-- chaos:begin -->` and `<!-- chaos:end -->` in docs/reliability.md.
 * Exit code 1 when any scenario failed. Servers: Kafka on 127.0.0.1:9092 (KAFKA_BROKERS).
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { killDatagenToFile } from './kill-datagen.js';
import { killKafkaToKafka } from './kill-kafka.js';
import { killMongoToFile } from './kill-mongodb.js';
import { killPubSubToFile } from './kill-pubsub.js';
import { killHttpToFile } from './kill-http.js';
import { malformedFlood } from './flood.js';
import { schemaFlood } from './flood-schema.js';
import { avroFlood } from './flood-avro.js';
import { bsonFlood } from './flood-bson.js';
import { storeCrashLoop } from './store-crash.js';
import { twoHostsTakeover } from './two-hosts.js';
import { overload } from './overload.js';
import { httpSinkOutage, kafkaBrokerOutage } from './outage.js';
import { mongoOutage } from './outage-mongodb.js';
import { pubsubOutage } from './outage-pubsub.js';
import { ChaosFailure, root, type Mode, type Row } from './lib.js';

// fullOnly: left out of quick mode (CI) — it stops a shared server, or is a known gap being worked on.
type Scenario = { name: string; run: (mode: Mode) => Promise<Omit<Row, 'seconds'>>; fullOnly?: boolean };

const SCENARIOS: Scenario[] = [
  { name: 'kill -9: datagen → file', run: killDatagenToFile },
  { name: 'kill -9: Kafka → Kafka at_least_once', run: killKafkaToKafka('at_least_once') },
  { name: 'kill -9: Kafka → Kafka exactly_once', run: killKafkaToKafka('exactly_once') },
  { name: 'kill -9: MongoDB change stream → file', run: killMongoToFile },
  { name: 'kill -9: Pub/Sub → file', run: killPubSubToFile },
  { name: 'kill -9: HTTP listener → file', run: killHttpToFile },
  { name: 'malformed flood: Kafka', run: malformedFlood },
  { name: 'schema-invalid flood: Kafka', run: schemaFlood },
  { name: 'undecodable Avro flood: Kafka', run: avroFlood },
  { name: 'undecodable BSON flood: Kafka', run: bsonFlood },
  { name: 'store crash safety', run: storeCrashLoop },
  { name: 'two hosts: lease takeover and Kafka rebalance', run: twoHostsTakeover },
  { name: 'overload: slow sink', run: overload },
  { name: 'outage: HTTP sink target', run: httpSinkOutage },
  { name: 'outage: MongoDB', run: mongoOutage },
  { name: 'outage: Pub/Sub', run: pubsubOutage },
  { name: 'outage: Kafka broker (kafkajs)', run: kafkaBrokerOutage('kafkajs') },
  { name: 'outage: Kafka broker (platformatic)', run: kafkaBrokerOutage('platformatic'), fullOnly: true },
  { name: 'outage: Kafka broker (kafkajs, tasks = 2)', run: kafkaBrokerOutage('kafkajs', 2), fullOnly: true },
];

const BEGIN = '<!-- chaos:begin -->';
const END = '<!-- chaos:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const mode: Mode = { quick: args.includes('--quick') };
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const noDocs = args.includes('--no-docs');
  const started = Date.now();
  const rows: Row[] = [];
  console.log(`mstream chaos, ${mode.quick ? 'quick' : 'full'} mode`);
  for (const scenario of SCENARIOS) {
    if (only && !scenario.name.includes(only)) continue;
    if (mode.quick && scenario.fullOnly && !only) continue;
    const t0 = Date.now();
    let row: Row;
    try {
      row = { ...(await scenario.run(mode)), seconds: Math.round((Date.now() - t0) / 1000) };
    } catch (error) {
      const reason = error instanceof ChaosFailure ? error.message : `${(error as Error).stack ?? error}`;
      row = { scenario: scenario.name, setup: '', figures: '', ok: false, reason, seconds: Math.round((Date.now() - t0) / 1000) };
    }
    rows.push(row);
    console.log(`${row.ok ? 'PASS' : 'FAIL'}  ${row.scenario} | ${row.setup} | ${row.figures} | ${row.seconds} s${row.ok ? '' : `\n      reason: ${row.reason}`}`);
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const failed = rows.filter((r) => !r.ok).length;
  console.log(`${failed === 0 ? 'all passed' : `${failed} failed`} in ${seconds} s`);

  if (!noDocs && !only) {
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const machine = `${cpu.trim()}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()}`;
    const lines = [
      BEGIN,
      `Last run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, **${mode.quick ? 'quick' : 'full'} mode** (\`npm run chaos${mode.quick ? ' -- --quick' : ''}\`), ${seconds} s, on ${machine}.`,
      '',
      '| result | scenario | setup | figures | time |',
      '|---|---|---|---|---|',
      ...rows.map((r) => `| ${r.ok ? 'pass' : '**FAIL**'} | ${cell(r.scenario)} | ${cell(r.setup)} | ${cell(r.ok ? r.figures : `${r.figures} — ${r.reason.split('\n')[0]}`)} | ${r.seconds} s |`),
      END,
    ];
    const doc = path.join(root, 'docs/reliability.md');
    const text = await readFile(doc, 'utf8');
    const from = text.indexOf(BEGIN);
    const to = text.indexOf(END);
    const next = from >= 0 && to > from ? text.slice(0, from) + lines.join('\n') + text.slice(to + END.length) : `${text.trimEnd()}\n\n## Chaos results\n\n${lines.join('\n')}\n`;
    await writeFile(doc, next);
    console.log(`rewrote the chaos section of docs/reliability.md`);
  }
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error('FAIL', error);
  process.exit(1);
});
