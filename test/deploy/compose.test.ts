// docker-compose.yml checked as a file (no Docker here): every service, port, volume and health
// check that docs/deploy.md's table and the file's own header name is there, ports are published
// on 127.0.0.1 only, and the mstream service is the Dockerfile's image with a token, its data
// volume, its health check and time to drain.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../plugins/cli-helpers.js';
import { parseDockerfile, parseStages } from './dockerfile.js';

interface ComposeService {
  image?: string;
  build?: string | { context: string };
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
}
interface Compose { services: Record<string, ComposeService>; volumes?: Record<string, unknown> }

const text = readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
const compose = parseYaml(text) as Compose;
const healthText = (s: ComposeService) => [s.healthcheck?.test ?? []].flat().join(' ');

/** The rows of the table under "## Docker Compose" in docs/deploy.md, as backticked words per cell. */
function documentedRows(): Array<{ service: string; image: string[]; port: string[]; volume: string[]; health: string[] }> {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs/deploy.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Docker Compose'), doc.indexOf('\n## ', doc.indexOf('## Docker Compose') + 1));
  const ticks = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  return section.split('\n').filter((l) => /^\| `/.test(l)).map((line) => {
    const [service, image, port, volume, health] = line.split('|').slice(1, -1).map(ticks);
    return { service: service[0], image, port, volume, health };
  });
}

describe('docker-compose.yml', () => {
  it('has every service, port, volume and health check docs/deploy.md lists', () => {
    const rows = documentedRows();
    assert.deepEqual(rows.map((r) => r.service).sort(), Object.keys(compose.services).sort(), 'the table lists exactly the services');
    for (const row of rows) {
      const service = compose.services[row.service];
      const image = service.image ?? '';
      assert.ok(row.image.some((w) => w === image || (service.build && w === './Dockerfile')), `${row.service}: image ${image}`);
      // The first address in the port cell is the published one.
      const [host, port] = row.port[0].split(/:(?=\d+$)/);
      assert.ok(service.ports?.some((p) => p.startsWith(`${host}:${port}:`)), `${row.service}: publishes ${row.port[0]} (${service.ports})`);
      if (row.volume.length) assert.ok(service.volumes?.includes(`${row.volume[0]}:${row.volume[1]}`), `${row.service}: volume ${row.volume.join(' → ')}`);
      else assert.ok(!service.volumes?.some((v) => !v.startsWith('.')), `${row.service}: no named volume`);
      assert.ok(row.health.some((w) => healthText(service).includes(w)), `${row.service}: health check with ${row.health}: ${healthText(service)}`);
    }
  });

  it('publishes only on 127.0.0.1, as its header says; every named volume is declared and used', () => {
    const header = text.slice(0, text.indexOf('\nname:'));
    const published = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    for (const port of published) assert.match(port, /^127\.0\.0\.1:\d+:\d+$/);
    for (const [, address] of header.matchAll(/^#\s+\S+\s+(127\.0\.0\.1:\d+)/gm)) {
      assert.ok(published.some((p) => p.startsWith(`${address}:`)), `the header's ${address} is published`);
    }
    const used = new Set(Object.values(compose.services).flatMap((s) => s.volumes ?? []).map((v) => v.split(':')[0]).filter((v) => !v.startsWith('.')));
    assert.deepEqual([...used].sort(), Object.keys(compose.volumes ?? {}).sort());
    for (const [name, service] of Object.entries(compose.services)) assert.ok(service.healthcheck, `${name} has a health check`);
  });

  it('runs mstream from the Dockerfile with a token, its data volume, its health check and time to drain', () => {
    const runtime = parseStages(parseDockerfile(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'))).at(-1)!;
    const args = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
    const mstream = compose.services.mstream;
    assert.equal(mstream.build, '.');
    // From the shell or .env, never written in the file; the entry point refuses an empty one.
    assert.match(mstream.environment?.MSTREAM_API_TOKEN ?? '', /^\$\{MSTREAM_API_TOKEN(:?[-?][^}]*)?\}$/);
    assert.ok(mstream.ports?.includes(`127.0.0.1:${args('EXPOSE')[0]}:${args('EXPOSE')[0]}`), 'the Dockerfile\'s EXPOSE');
    const dataVolume = JSON.parse(args('VOLUME')[0])[0] as string;
    assert.ok(mstream.volumes?.some((v) => v.endsWith(`:${dataVolume}`) && !v.startsWith('.')), `a named volume on ${dataVolume}`);
    // The config it names is mounted from the repository.
    const config = mstream.environment?.MSTREAM_CONFIG;
    const mount = mstream.volumes?.find((v) => v.split(':')[1] === config);
    assert.ok(mount, `MSTREAM_CONFIG ${config} is mounted`);
    assert.ok(existsSync(path.join(REPO_ROOT, mount.split(':')[0])), `${mount} exists in the repository`);
    // The health check is the image's script, where the Dockerfile puts it.
    const script = healthText(mstream).split(' ').find((w) => w.endsWith('healthcheck.mjs'));
    assert.ok(script && args('HEALTHCHECK')[0].includes(script), `the image's HEALTHCHECK script (${script})`);
    // Compose kills 10 s after SIGTERM unless told otherwise; the drain may take 10 s itself.
    const drainMs = Number(mstream.environment?.MSTREAM_SHUTDOWN_TIMEOUT_MS ?? 10_000);
    assert.ok(Number(/^(\d+)s$/.exec(mstream.stop_grace_period ?? '')?.[1]) * 1000 > drainMs, 'stop_grace_period beyond the drain timeout');
    for (const [name, dependency] of Object.entries(mstream.depends_on ?? {})) {
      assert.equal(dependency.condition, 'service_healthy');
      assert.ok(compose.services[name]?.healthcheck, `${name} has the health check mstream waits for`);
    }
  });

  it('README and docs/testing.md describe the same layout', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    assert.match(readme, /### Container[\s\S]*docs\/deploy\.md/);
    const testing = readFileSync(path.join(REPO_ROOT, 'docs/testing.md'), 'utf8');
    assert.match(testing, /`mstream` is built from the `Dockerfile`/);
  });
});
