// GET /jobs/{name}/tap: a real host, a scripted source fed while the tap listens, a UDF that
// masks emails (BSON out) and a capturing sink; read with fetch as `curl -N` would.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, startTestHost, type TestHost } from '../../host/test/test-host.js';
import { createWorld, scriptedPlugin, type ScriptedWorld } from '../../host/test/fixtures/scripted-plugin.js';
import udfPlugin from '../../plugins/udf/src/index.js';
import { capturePlugin } from '../udf/capture-plugin.js';

const ADMIN = 'tap-admin-token-0123456789';
const READER = 'tap-read-token-0123456789';
const SCRIPT = `function transform(doc) { doc.email = mask_email(doc.email); return result(doc); }`;

interface Frame { event: string; data: any }

/** Reads a whole SSE response (it must end by itself) into frames, comments left out. */
async function readTap(url: string, token = ADMIN, onOpen?: () => void): Promise<{ status: number; frames: Frame[]; body?: any }> {
  const res = await fetch(url, { headers: { Accept: 'text/event-stream', Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(20_000) });
  if (!res.ok) return { status: res.status, frames: [], body: await res.json() };
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  onOpen?.();
  const text = await res.text();
  const frames = text.split('\n\n').filter((f) => f.trim() && !f.startsWith(':')).map((f) => {
    const lines = f.split('\n');
    const event = lines.find((l) => l.startsWith('event:'))?.slice(6).trim() ?? 'message';
    const data = lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
    return { event, data: JSON.parse(data) };
  });
  return { status: res.status, frames };
}

describe('live tap of a running job', () => {
  let h: TestHost;
  let world: ScriptedWorld;
  let counter = 0;
  const feed = (n: number) => {
    const topic = world.topics.get('in')!;
    for (let i = 0; i < n; i++, counter++) topic.push(JSON.stringify({ n: counter, email: `user${counter}@example.com` }));
  };
  const tapUrl = (job: string, query: string) => `${h.url}/jobs/${job}/tap?${query}`;

  before(async () => {
    world = createWorld();
    world.topics.set('in', []);
    const capture = capturePlugin();
    h = await startTestHost({
      apiToken: ADMIN,
      readTokens: [READER],
      plugins: [scriptedPlugin(world), udfPlugin, capture.plugin],
      config: {
        services: [
          { provider: 'scripted', name: 'src' },
          { provider: 'udf', name: 'scripts', sources: [{ filename: 'mask.js', content: SCRIPT }] },
          { provider: 'capture', name: 'out' },
        ],
        connectors: [
          {
            name: 'masking',
            source: { service_name: 'src', resource: 'in', output_encoding: 'json' },
            middlewares: [{ service_name: 'scripts', resource: 'mask.js', output_encoding: 'bson' }],
            sinks: [{ service_name: 'out', resource: 'all', output_encoding: 'json' }],
          },
          {
            name: 'idle',
            source: { service_name: 'src', resource: 'other', output_encoding: 'json' },
            sinks: [{ service_name: 'out', resource: 'all', output_encoding: 'json' }],
          },
        ],
      },
    });
    const auth = { Authorization: `Bearer ${ADMIN}` };
    await eventually(async () => (await h.request('GET', '/jobs/masking', undefined, auth)).body.state === 'running', 10_000, 'job running');
    await h.request('POST', '/jobs/idle/stop', undefined, auth);
  });
  after(async () => {
    await h?.close();
  });

  it('stage=source sends 5 events as the source delivered them, then ends', { timeout: 30_000 }, async () => {
    const feeder = setInterval(() => feed(2), 30);
    try {
      const { status, frames } = await readTap(tapUrl('masking', 'stage=source&limit=5&rate=1000'));
      assert.equal(status, 200);
      const events = frames.filter((f) => f.event === 'message').map((f) => f.data);
      assert.equal(events.length, 5);
      assert.deepEqual(frames.at(-1), { event: 'end', data: { reason: 'limit', sent: 5, dropped: frames.at(-1)!.data.dropped } });
      const first = events[0];
      assert.equal(first.stage, 'source');
      assert.equal(first.encoding, 'json');
      assert.equal(first.payload_format, 'json');
      assert.equal(first.truncated, false);
      assert.match(first.payload.email, /^user\d+@example\.com$/);
      assert.equal(first.source_position, String(first.payload.n));
      assert.deepEqual(first.attributes, { n: String(first.payload.n) });
      assert.equal(first.size, JSON.stringify(first.payload).length);
      assert.ok(!Number.isNaN(Date.parse(first.time)));
    } finally {
      clearInterval(feeder);
    }
  });

  it('stage=middleware:0 shows the transformed event (BSON shown as JSON), sink:0 what the sink was given', { timeout: 30_000 }, async () => {
    const feeder = setInterval(() => feed(1), 20);
    try {
      const [mw, sink] = await Promise.all([
        readTap(tapUrl('masking', 'stage=middleware:0&limit=3&rate=1000')),
        readTap(tapUrl('masking', 'stage=sink:0&limit=3&rate=1000')),
      ]);
      const mwEvents = mw.frames.filter((f) => f.event === 'message').map((f) => f.data);
      assert.equal(mwEvents.length, 3);
      for (const e of mwEvents) {
        assert.equal(e.stage, 'middleware:0');
        assert.equal(e.encoding, 'bson');
        assert.equal(e.payload.email, 'u***@example.com');
      }
      const sinkEvents = sink.frames.filter((f) => f.event === 'message').map((f) => f.data);
      assert.equal(sinkEvents.length, 3);
      assert.equal(sinkEvents[0].encoding, 'json');
      assert.equal(sinkEvents[0].payload.email, 'u***@example.com');
    } finally {
      clearInterval(feeder);
    }
  });

  it('keeps to the rate and drops the excess without slowing the job', { timeout: 30_000 }, async () => {
    const feeder = setInterval(() => feed(50), 10);
    try {
      const started = Date.now();
      const { frames } = await readTap(tapUrl('masking', 'stage=source&limit=4&rate=2'));
      const elapsed = Date.now() - started;
      assert.equal(frames.filter((f) => f.event === 'message').length, 4);
      assert.ok(elapsed >= 1000, `4 events at 2/s take over a second (took ${elapsed} ms)`);
      assert.ok(frames.at(-1)!.data.dropped > 0, 'the excess was dropped');
    } finally {
      clearInterval(feeder);
    }
  });

  it('answers 404 for an unknown job, 409 for a stopped one, 400 naming query.stage for a bad stage, 403 for a read token', async () => {
    const unknown = await readTap(tapUrl('nope', 'stage=source'));
    assert.equal(unknown.status, 404);
    const stopped = await readTap(tapUrl('idle', 'stage=source'));
    assert.equal(stopped.status, 409);
    for (const stage of ['middle:0', 'sink', 'middleware:1', 'sink:3']) {
      const bad = await readTap(tapUrl('masking', `stage=${stage}`));
      assert.equal(bad.status, 400, stage);
      assert.ok(bad.body.issues.some((i: { path: string }) => i.path === 'query.stage'), JSON.stringify(bad.body));
    }
    const missing = await readTap(tapUrl('masking', 'limit=1'));
    assert.equal(missing.status, 400);
    assert.equal((await readTap(tapUrl('masking', 'stage=source&limit=0'))).status, 400);
    const reader = await readTap(tapUrl('masking', 'stage=source'), READER);
    assert.equal(reader.status, 403);
    assert.equal(reader.body.code, 'MS_ERR_FORBIDDEN');
    // The read token may still read the job itself.
    assert.equal((await h.request('GET', '/jobs/masking', undefined, { Authorization: `Bearer ${READER}` })).status, 200);
  });

  it('ends the stream when the job stops', { timeout: 30_000 }, async () => {
    let stopped: Promise<unknown> | undefined;
    const tap = readTap(tapUrl('masking', 'stage=source&limit=100'), ADMIN, () => {
      stopped = new Promise((r) => setTimeout(r, 100)).then(() => h.request('POST', '/jobs/masking/stop', undefined, { Authorization: `Bearer ${ADMIN}` }));
    });
    const { frames } = await tap;
    assert.equal(((await stopped) as { status: number }).status, 200);
    assert.equal(frames.at(-1)!.event, 'end');
    assert.equal(frames.at(-1)!.data.reason, 'job stopped');
  });
});
