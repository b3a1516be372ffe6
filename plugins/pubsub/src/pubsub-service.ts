import { access, constants } from 'node:fs/promises';
import { PubSub, v1, type ClientConfig } from '@google-cloud/pubsub';
import { ConfigValidationError, ConnectionError, type ServiceDefinition } from '@mstream/sdk';
import { toMstreamError } from './pubsub-errors.js';
import { raceSignal } from './signals.js';
import { StaticTokenAuthClient } from './static-token-auth.js';

type SchemaServiceClient = InstanceType<typeof v1.SchemaServiceClient>;

/** Service config as validated by the schema below. */
export interface PubSubConfig {
  project_id: string;
  emulator_host?: string;
  auth?: { kind: 'service_account'; account_key_path: string } | { kind: 'static_token'; env_token_name: string };
}

/**
 * The shared handle of one Pub/Sub service: one `PubSub` client (its gRPC channels are shared by
 * every job using the service) and, lazily, a schema client.
 */
export class PubSubHandle {
  #schemaClient?: Promise<SchemaServiceClient>;
  #closed = false;

  constructor(
    readonly client: PubSub,
    readonly projectId: string,
    /** True when talking to an emulator (no auth, plaintext). */
    readonly emulator: boolean,
  ) {}

  /** The schema service client; `PubSub#getSchemaClient` would never be closed by `PubSub#close`, so we own it. */
  schemaClient(): Promise<SchemaServiceClient> {
    this.#schemaClient ??= this.client.getClientConfig().then((config) => new v1.SchemaServiceClient(config as ConstructorParameters<typeof v1.SchemaServiceClient>[0]));
    return this.#schemaClient;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const schema = this.#schemaClient;
    this.#schemaClient = undefined;
    if (schema) await (await schema.catch(() => undefined))?.close();
    await this.client.close();
  }
}

/** Where the emulator is: the service's `emulator_host`, else `PUBSUB_EMULATOR_HOST`. */
function emulatorHost(config: PubSubConfig): string | undefined {
  return config.emulator_host || process.env.PUBSUB_EMULATOR_HOST || undefined;
}

/** Builds the client options for the configured auth; reads credentials, never logs them. */
async function clientOptions(config: PubSubConfig): Promise<{ options: ClientConfig; emulator: boolean }> {
  const host = emulatorHost(config);
  if (host) return { options: { projectId: config.project_id, apiEndpoint: host, emulatorMode: true }, emulator: true };
  const auth = config.auth;
  if (auth?.kind === 'service_account') {
    try {
      await access(auth.account_key_path, constants.R_OK);
    } catch (error) {
      throw new ConfigValidationError([{ path: 'auth.account_key_path', message: `cannot read ${auth.account_key_path}` }], { cause: error });
    }
    return { options: { projectId: config.project_id, keyFilename: auth.account_key_path }, emulator: false };
  }
  if (auth?.kind === 'static_token') {
    const token = process.env[auth.env_token_name];
    if (!token) {
      // Name the variable, never its value.
      throw new ConfigValidationError([{ path: 'auth.env_token_name', message: `environment variable ${auth.env_token_name} is not set or empty` }]);
    }
    const authClient = new StaticTokenAuthClient(token) as unknown as ClientConfig['authClient'];
    return { options: { projectId: config.project_id, authClient }, emulator: false };
  }
  // No auth block: Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, metadata server).
  return { options: { projectId: config.project_id }, emulator: false };
}

/** How long `check` waits for the server before calling it unreachable. */
const CHECK_TIMEOUT_MS = 10_000;

/** The `pubsub` service: a Google Cloud project, or a local emulator. */
export const pubsubService: ServiceDefinition<PubSubConfig, PubSubHandle> = {
  provider: 'pubsub',
  displayName: 'Google Cloud Pub/Sub',
  description: 'A Google Cloud project (or a Pub/Sub emulator) whose subscriptions are read and topics written.',
  configSchema: {
    type: 'object',
    required: ['project_id'],
    additionalProperties: false,
    properties: {
      project_id: { type: 'string', minLength: 1, description: 'The Google Cloud project that short topic, subscription and schema ids belong to.', 'x-order': 1 },
      auth: {
        description: 'How to authenticate. Omit it to use Application Default Credentials; ignored with an emulator.',
        'x-order': 2,
        oneOf: [
          {
            type: 'object',
            title: 'Service account key file',
            required: ['kind', 'account_key_path'],
            additionalProperties: false,
            properties: {
              kind: { type: 'string', const: 'service_account' },
              // x-path: the host reads this file, so it is confined to its files root (see docs/configuration.md).
              account_key_path: { type: 'string', minLength: 1, 'x-path': 'file', description: 'Path of a service-account JSON key file, inside the files root.' },
            },
          },
          {
            type: 'object',
            title: 'Static OAuth2 access token from an environment variable',
            required: ['kind', 'env_token_name'],
            additionalProperties: false,
            properties: {
              kind: { type: 'string', const: 'static_token' },
              env_token_name: {
                type: 'string',
                minLength: 1,
                // The name is not the token, but the original masked it and it points at one: keep it out of responses.
                'x-secret': true,
                description: 'Name of the environment variable holding the access token (read once, at connect).',
              },
            },
          },
        ],
      },
      emulator_host: {
        type: 'string',
        pattern: '^[^\\s/:]+:[0-9]+$',
        description: 'host:port of a Pub/Sub emulator (e.g. 127.0.0.1:8085); no auth, plaintext. PUBSUB_EMULATOR_HOST is honoured too.',
        'x-order': 3,
        'x-advanced': true,
      },
    },
  },
  async connect(config) {
    const { options, emulator } = await clientOptions(config);
    try {
      return new PubSubHandle(new PubSub(options), config.project_id, emulator);
    } catch (error) {
      throw new ConnectionError(`pubsub: cannot create a client: ${(error as Error).message}`, { cause: error });
    }
  },
  async check(handle, signal) {
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(CHECK_TIMEOUT_MS)]);
    // No retries: a health check answers "reachable now?"; the host does its own retrying.
    const listing = handle.client.getTopics({ pageSize: 1, autoPaginate: false, gaxOpts: { timeout: CHECK_TIMEOUT_MS, retry: null } });
    try {
      await raceSignal(listing, deadline, 'pubsub: check');
    } catch (error) {
      throw toMstreamError(error, `project ${handle.projectId} is not reachable`);
    }
  },
  async close(handle) {
    await handle.close();
  },
};
