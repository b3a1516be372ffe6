#!/usr/bin/env node
// The image's HEALTHCHECK: GET /health on this container's own API (slim images have no curl).
// Exit 0 when it answers 200, else 1. It follows MSTREAM_API_PORT and, with MSTREAM_TLS_CERT, uses
// HTTPS without checking the certificate: it names the public host, and this only asks
// loopback whether the process is alive. `Host: localhost` passes the host guard whatever
// MSTREAM_API_ALLOWED_HOSTS lists (loopback names are always allowed).
import http from 'node:http';
import https from 'node:https';

const port = Number(process.env.MSTREAM_API_PORT || 8719);
const bind = process.env.MSTREAM_API_HOST;
// A wildcard bind answers on loopback; a specific address only there.
const host = !bind || bind === '0.0.0.0' || bind === '::' ? '127.0.0.1' : bind.replace(/^\[|\]$/g, '');
const client = process.env.MSTREAM_TLS_CERT ? https : http;
const req = client.get({ host, port, path: '/health', headers: { host: `localhost:${port}` }, rejectUnauthorized: false, timeout: 4000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('no answer within 4 s')));
req.on('error', (error) => {
  console.error(`healthcheck: ${error.message}`);
  process.exit(1);
});
