import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createWorld, scriptedPlugin } from '../fixtures/scripted-plugin.js';
import { startTestHost, type TestHost } from '../test-host.js';

const ADMIN = 'admin-token-7c1e9';
const READER = 'read-token-52aa0';
const SERVICE = { provider: 'scripted', name: 'svc', password: 'pw-never-shown-3' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('admin and read tokens', () => {
  let h: TestHost;
  before(async () => {
    h = await startTestHost({ plugins: [scriptedPlugin(createWorld())], config: {}, apiToken: ADMIN, readTokens: ['another-reader-1', READER] });
  });
  after(() => h.close());

  it('the admin token does everything; the session route says so', async () => {
    assert.equal((await h.request('POST', '/services', SERVICE, bearer(ADMIN))).status, 201);
    assert.deepEqual((await h.request('GET', '/auth/session', undefined, bearer(ADMIN))).body, { role: 'admin', can_write: true, token_required: true });
  });

  it('a read token reads everything, /metrics and the log stream included, and changes nothing (403 naming the role)', async () => {
    for (const route of ['/jobs', '/services', '/services/svc', '/stats', '/metrics', '/plugins', '/logs', '/openapi.json']) {
      assert.equal((await h.request('GET', route, undefined, bearer(READER))).status, 200, route);
    }
    const stream = await fetch(`${h.url}/logs/stream`, { headers: bearer(READER) });
    assert.equal(stream.status, 200);
    await stream.body?.cancel();
    for (const [method, route, body] of [['POST', '/services', { ...SERVICE, name: 'svc2' }], ['DELETE', '/services/svc', undefined], ['POST', '/jobs/x/stop', undefined]] as const) {
      const res = await h.request(method, route, body, bearer(READER));
      assert.equal(res.status, 403, `${method} ${route}`);
      assert.equal(res.body.code, 'MS_ERR_FORBIDDEN');
      assert.match(res.body.message, /admin role/);
    }
    assert.equal((await h.request('GET', '/services/svc', undefined, bearer(READER))).status, 200, 'still there');
    assert.deepEqual((await h.request('GET', '/auth/session', undefined, bearer(READER))).body, { role: 'read', can_write: false, token_required: true });
    assert.equal((await h.request('GET', '/audit', undefined, bearer(READER))).status, 403, 'the audit log is for admins');
  });

  it('no token gets 401 everywhere but /health', async () => {
    assert.equal((await h.request('GET', '/health')).status, 200);
    for (const [method, route] of [['GET', '/jobs'], ['GET', '/auth/session'], ['POST', '/jobs/x/stop'], ['GET', '/audit']]) {
      const res = await h.request(method, route);
      assert.equal(res.status, 401, `${method} ${route}`);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    }
  });

  it('the audit log shows accepted and refused changes with status and role, newest first, and nothing secret', async () => {
    const res = await h.request('GET', '/audit?limit=50', undefined, bearer(ADMIN));
    assert.equal(res.status, 200);
    const entries = res.body as Array<{ time: string; method: string; path: string; status: number; role: string; remote: string }>;
    const seen = entries.map((e) => `${e.method} ${e.path} ${e.status} ${e.role}`);
    for (const expected of ['POST /services 201 admin', 'POST /services 403 read', 'DELETE /services/svc 403 read', 'POST /jobs/x/stop 401 none']) {
      assert.ok(seen.includes(expected), `${expected} in ${JSON.stringify(seen)}`);
    }
    assert.ok(!seen.some((s) => s.startsWith('GET ')), 'reads are not audited');
    for (const e of entries) {
      assert.deepEqual(Object.keys(e).sort(), ['method', 'path', 'remote', 'role', 'status', 'time']);
      assert.match(e.remote, /127\.0\.0\.1/);
    }
    const times = entries.map((e) => Date.parse(e.time));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    assert.equal((await h.request('GET', '/audit?limit=2', undefined, bearer(ADMIN))).body.length, 2);
    assert.equal((await h.request('GET', '/audit?limit=0', undefined, bearer(ADMIN))).status, 400);
    const file = await readFile(path.join(h.dataDir, 'audit.log'), 'utf8');
    for (const secret of [ADMIN, READER, SERVICE.password]) assert.ok(!file.includes(secret) && !JSON.stringify(entries).includes(secret), 'no secret in the audit log');
  });

  it('slows down a burst of wrong tokens from one address with 429 and Retry-After, even for the right token', async () => {
    let last = 0;
    for (let i = 0; i < 12; i++) last = (await h.request('GET', '/jobs', undefined, bearer(`wrong-${i}`))).status;
    assert.equal(last, 429);
    const locked = await h.request('GET', '/jobs', undefined, bearer(ADMIN));
    assert.equal(locked.status, 429);
    assert.equal(locked.body.code, 'MS_ERR_TOO_MANY_REQUESTS');
    assert.ok(Number(locked.headers.get('retry-after')) > 0);
    assert.equal((await h.request('GET', '/health')).status, 200, 'probes are never locked out');
  });
});

describe('tokens from files (Kubernetes secrets)', () => {
  it('reads MSTREAM_API_TOKEN_FILE and MSTREAM_API_READ_TOKEN_FILE, trailing newline and all', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-tokens-'));
    await writeFile(path.join(dir, 'admin'), `${ADMIN}\n`);
    await writeFile(path.join(dir, 'read'), `${READER}\nsecond-reader-9\n`);
    const saved = { ...process.env };
    process.env.MSTREAM_API_TOKEN_FILE = path.join(dir, 'admin');
    process.env.MSTREAM_API_READ_TOKEN_FILE = path.join(dir, 'read');
    delete process.env.MSTREAM_API_TOKEN;
    delete process.env.MSTREAM_API_READ_TOKEN;
    try {
      const h = await startTestHost({ config: {} });
      try {
        assert.equal((await h.request('GET', '/auth/session', undefined, bearer(ADMIN))).body.role, 'admin');
        assert.equal((await h.request('GET', '/auth/session', undefined, bearer('second-reader-9'))).body.role, 'read');
        assert.equal((await h.request('GET', '/jobs')).status, 401);
      } finally {
        await h.close();
      }
      process.env.MSTREAM_API_TOKEN_FILE = path.join(dir, 'missing');
      await assert.rejects(startTestHost({ config: {} }), (error: Error & { details?: { issues?: Array<{ path: string; message: string }> } }) => {
        assert.equal(error.details?.issues?.[0].path, 'MSTREAM_API_TOKEN_FILE');
        assert.match(error.details!.issues![0].message, /cannot read .*missing: ENOENT/);
        return true;
      });
    } finally {
      process.env = saved;
    }
  });
});
