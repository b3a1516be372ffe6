import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestHost } from '../test-host.js';
import { rawRequest } from './raw-request.js';

describe('HTTPS', () => {
  let dir: string;
  let cert: string;
  let key: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'mstream-tls-'));
    cert = path.join(dir, 'cert.pem');
    key = path.join(dir, 'key.pem');
    // A self-signed certificate for 127.0.0.1, made here so the test needs nothing checked in.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  });

  it('serves the API over HTTPS with MSTREAM_TLS_CERT and MSTREAM_TLS_KEY, and no longer over plain HTTP', async () => {
    const h = await startTestHost({ config: {}, tls: { cert, key }, logLevel: 'info' });
    try {
      assert.match(h.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const ca = await readFile(cert);
      const res = await rawRequest(h.url, 'GET', '/health', {}, undefined, ca);
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'healthy');
      // The host's own origin is now https://…: a change from it passes the origin guard.
      const own = await rawRequest(h.url, 'POST', '/jobs/none/stop', { origin: h.url }, undefined, ca);
      assert.equal(own.status, 404, JSON.stringify(own.body));
      const plain = h.url.replace('https:', 'http:');
      await assert.rejects(rawRequest(plain, 'GET', '/health'), 'plain HTTP is not answered');
      const logged = h.host.logs.query({}).find((e) => /API listening over HTTPS/.test(e.message));
      assert.ok(logged, 'the startup log says HTTPS');
    } finally {
      await h.close();
    }
  });

  it('refuses to start, naming the variable, when a file is missing, unreadable, half of a pair or not PEM', async () => {
    const notPem = path.join(dir, 'not.pem');
    await writeFile(notPem, 'hello');
    const cases: Array<[{ cert?: string; key?: string }, string, RegExp]> = [
      [{ cert: path.join(dir, 'missing.pem'), key }, 'MSTREAM_TLS_CERT', /cannot read .*ENOENT/],
      [{ cert }, 'MSTREAM_TLS_KEY', /is required when MSTREAM_TLS_CERT is set/],
      [{ cert, key: notPem }, 'MSTREAM_TLS_KEY', /not a usable PEM/],
    ];
    for (const [tls, field, message] of cases) {
      await assert.rejects(startTestHost({ config: {}, tls }), (error: Error & { code?: string; details?: { issues?: Array<{ path: string; message: string }> } }) => {
        assert.equal(error.code, 'MS_ERR_CONFIG_INVALID');
        const issue = error.details?.issues?.find((i) => i.path === field);
        assert.ok(issue, `${field} in ${JSON.stringify(error.details?.issues)}`);
        assert.match(issue.message, message);
        return true;
      });
    }
  });
});
