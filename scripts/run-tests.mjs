#!/usr/bin/env node
// Runs every *.test.ts with node's test runner against the TypeScript sources (tsx + the
// `mstream-source` export condition). Test files that need real servers say so with a line
// `// @requires-services kafka mongo pubsub`; those services are started first (idempotent).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const roots = ['sdk/src', 'host/src', 'host/test', 'plugins', 'test', 'examples'];
const filter = process.argv.slice(2);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

let files = roots.flatMap((r) => walk(path.join(root, r), [])).sort();
if (filter.length) files = files.filter((f) => filter.some((needle) => f.includes(needle)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

const needed = new Set();
for (const file of files) {
  const match = /@requires-services\s+([a-z ,]+)/.exec(readFileSync(file, 'utf8'));
  if (match) for (const s of match[1].split(/[\s,]+/).filter(Boolean)) needed.add(s);
}
if (needed.size && process.env.MSTREAM_SKIP_SERVICES !== '1') {
  console.log(`starting test services: ${[...needed].join(' ')}`);
  const up = spawnSync('bash', [path.join(root, 'scripts/services/up.sh'), ...needed], { stdio: 'inherit' });
  if (up.status !== 0) {
    console.error('could not start the test services (see above)');
    process.exit(up.status ?? 1);
  }
}

// A failing test that leaves a host or client open must still fail, not hang the run: each file
// exits once its tests are done, and a test stuck for 5 minutes fails.
const args = ['--conditions=mstream-source', '--import', 'tsx', '--test', '--test-force-exit', '--test-timeout=300000', '--test-reporter=spec', ...files.map((f) => path.relative(root, f))];
const env = { ...process.env, METADATA_SERVER_DETECTION: 'none', MSTREAM_LOG_LEVEL: process.env.MSTREAM_LOG_LEVEL ?? 'warn' };
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
let status = result.status ?? 1;

// The Kafka plugin has two clients (service key `client`): the files whose path names kafka run
// a second time with the non-default one (MSTREAM_TEST_KAFKA_CLIENT, read by the test helpers),
// unless the caller already chose a client or set MSTREAM_TEST_KAFKA_SECOND_PASS=0. Only files
// that pass the choice on to their services (clientKey, clientTomlLine or the variable itself):
// the others would run the same thing twice.
const choosesClient = /\bclientKey\(|\bclientTomlLine\(|MSTREAM_TEST_KAFKA_CLIENT/;
const kafkaFiles = files.filter((f) => path.relative(root, f).includes('kafka') && choosesClient.test(readFileSync(f, 'utf8')));
if (kafkaFiles.length > 0 && !process.env.MSTREAM_TEST_KAFKA_CLIENT && process.env.MSTREAM_TEST_KAFKA_SECOND_PASS !== '0') {
  console.log(`\nsecond pass: ${kafkaFiles.length} Kafka test file(s) with client = "platformatic"`);
  const again = spawnSync(process.execPath, [...args.slice(0, args.length - files.length), ...kafkaFiles.map((f) => path.relative(root, f))], {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, MSTREAM_TEST_KAFKA_CLIENT: 'platformatic' },
  });
  if (status === 0) status = again.status ?? 1;
}
process.exit(status);
