import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { createTestContext } from '@mstream/sdk/testing';
import { pubsubService, type PubSubConfig } from './pubsub-service.js';

const connect = (config: PubSubConfig) => pubsubService.connect(config, createTestContext()) as Promise<Awaited<ReturnType<typeof pubsubService.connect>>>;

describe('pubsub service', () => {
  it('authenticates every call with the static token read from the named variable, without exposing it', async () => {
    const saved = process.env.PUBSUB_EMULATOR_HOST;
    delete process.env.PUBSUB_EMULATOR_HOST;
    process.env.MSTREAM_TEST_PUBSUB_TOKEN = 'ya29.secret-token';
    try {
      const handle = await connect({ project_id: 'p', auth: { kind: 'static_token', env_token_name: 'MSTREAM_TEST_PUBSUB_TOKEN' } });
      assert.equal(handle.emulator, false);
      // The auth client google-gax asks for headers before every gRPC call.
      const client = await handle.client.auth.getClient();
      const headers = await (client as unknown as { getRequestHeaders(): Promise<Headers> }).getRequestHeaders();
      assert.equal(headers.get('authorization'), 'Bearer ya29.secret-token');
      assert.doesNotMatch(inspect(client) + JSON.stringify(client), /secret-token/);
      await pubsubService.close!(handle);
    } finally {
      delete process.env.MSTREAM_TEST_PUBSUB_TOKEN;
      if (saved !== undefined) process.env.PUBSUB_EMULATOR_HOST = saved;
    }
  });

  it('refuses a static token whose variable is unset, naming the variable only', async () => {
    const saved = process.env.PUBSUB_EMULATOR_HOST;
    delete process.env.PUBSUB_EMULATOR_HOST;
    try {
      await assert.rejects(connect({ project_id: 'p', auth: { kind: 'static_token', env_token_name: 'MSTREAM_NO_SUCH_VAR' } }), (e: any) =>
        e.code === 'MS_ERR_CONFIG_INVALID' && /MSTREAM_NO_SUCH_VAR/.test(e.message),
      );
      await assert.rejects(connect({ project_id: 'p', auth: { kind: 'service_account', account_key_path: '/nonexistent/key.json' } }), (e: any) =>
        e.code === 'MS_ERR_CONFIG_INVALID' && e.issues[0].path === 'auth.account_key_path',
      );
    } finally {
      if (saved !== undefined) process.env.PUBSUB_EMULATOR_HOST = saved;
    }
  });

  it('uses the emulator without auth when emulator_host is set, whatever the auth block says', async () => {
    const handle = await connect({ project_id: 'p', emulator_host: '127.0.0.1:8085', auth: { kind: 'static_token', env_token_name: 'MSTREAM_NO_SUCH_VAR' } });
    assert.equal(handle.emulator, true);
    assert.equal(handle.client.isEmulator, true);
    await pubsubService.close!(handle);
    await pubsubService.close!(handle);
  });
});
