// The OpenAPI document exactly as a host serves it: a host with the workspace plugins, started on
// a free port in a temporary folder, asked for `/openapi.json`, then stopped.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Host } from '../../host/src/host.js';

export async function openApiOfHost(): Promise<Record<string, any>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mstream-openapi-'));
  const host = new Host({ port: 0, logStdout: false, dataDir, config: {} });
  try {
    const url = await host.start();
    return (await (await fetch(`${url}/openapi.json`)).json()) as Record<string, any>;
  } finally {
    await host.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
