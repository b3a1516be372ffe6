import path from 'node:path';
import type { ServiceConfig } from '../config/config-types.js';
import { DATA_DIR_LAYOUT as LAYOUT } from '../config/data-dir-layout.js';
import type { SecretBox } from '../services/encryption.js';
import { JsonFileMap } from './json-file-map.js';
import { FileDeadLetterStore } from './file-dead-letter-store.js';
import {
  MAX_CHECKPOINTS_PER_JOB,
  type Checkpoint,
  type CheckpointStore,
  type JobRecord,
  type JobStore,
  type ServiceStore,
  type Stores,
  type TestSuite,
  type TestSuiteStore,
  type Workspace,
  type WorkspaceStore,
} from './store-types.js';

/** The embedded default: every store is a file under the data directory. */
export function createFileStores(dataDir: string, box: SecretBox): Stores {
  return {
    jobs: new FileJobStore(path.join(dataDir, LAYOUT.jobs)),
    services: new FileServiceStore(path.join(dataDir, LAYOUT.services), box),
    checkpoints: new FileCheckpointStore(path.join(dataDir, LAYOUT.checkpoints)),
    deadLetters: new FileDeadLetterStore(path.join(dataDir, LAYOUT.deadLetters)),
    testSuites: new FileTestSuiteStore(path.join(dataDir, LAYOUT.testSuites)),
    workspaces: new FileWorkspaceStore(path.join(dataDir, LAYOUT.workspaces)),
    close: async () => undefined,
  };
}

class FileJobStore implements JobStore {
  private readonly map: JsonFileMap<JobRecord>;
  constructor(file: string) {
    this.map = new JsonFileMap(file);
  }
  list = () => this.map.values();
  get = (name: string) => this.map.get(name);
  put = (job: JobRecord) => this.map.set(job.name, job);
  delete = async (name: string) => void (await this.map.delete(name));
}

interface SealedService {
  provider: string;
  nonce: string;
  data: string;
}

/** Services are encrypted whole (secrets included) with AES-256-GCM; only the name stays readable. */
class FileServiceStore implements ServiceStore {
  private readonly map: JsonFileMap<ServiceConfig>;
  constructor(file: string, box: SecretBox) {
    this.map = new JsonFileMap(file, {
      serialize: (records) => {
        const sealed: Record<string, SealedService> = {};
        for (const [name, service] of Object.entries(records)) {
          sealed[name] = { provider: service.provider, ...box.seal(JSON.stringify(service)) };
        }
        return JSON.stringify(sealed, null, 2);
      },
      parse: (raw) => {
        const out: Record<string, ServiceConfig> = {};
        for (const [name, sealed] of Object.entries((raw ?? {}) as Record<string, SealedService>)) {
          try {
            out[name] = JSON.parse(box.open(sealed)) as ServiceConfig;
          } catch {
            throw new Error(`cannot decrypt stored service "${name}": the encryption key differs from the one it was saved with`);
          }
        }
        return out;
      },
    });
  }
  list = () => this.map.values();
  get = (name: string) => this.map.get(name);
  put = (service: ServiceConfig) => this.map.set(service.name, service);
  delete = async (name: string) => void (await this.map.delete(name));
}

class FileCheckpointStore implements CheckpointStore {
  private readonly map: JsonFileMap<Checkpoint[]>;
  constructor(file: string) {
    this.map = new JsonFileMap(file);
  }
  async history(jobName: string, limit = MAX_CHECKPOINTS_PER_JOB): Promise<Checkpoint[]> {
    return ((await this.map.get(jobName)) ?? []).slice(0, limit);
  }
  async latest(jobName: string): Promise<Checkpoint | undefined> {
    return (await this.map.get(jobName))?.[0];
  }
  async save(jobName: string, cursor: Uint8Array): Promise<void> {
    const entry: Checkpoint = { job_name: jobName, cursor: Buffer.from(cursor).toString('base64'), updated_at: new Date().toISOString() };
    const list = [entry, ...((await this.map.get(jobName)) ?? [])].slice(0, MAX_CHECKPOINTS_PER_JOB);
    await this.map.set(jobName, list);
  }
  delete = async (jobName: string) => void (await this.map.delete(jobName));
}

class FileTestSuiteStore implements TestSuiteStore {
  private readonly map: JsonFileMap<TestSuite>;
  constructor(file: string) {
    this.map = new JsonFileMap(file);
  }
  list = () => this.map.values();
  get = (id: string) => this.map.get(id);
  put = (suite: TestSuite) => this.map.set(suite.id, suite);
  delete = (id: string) => this.map.delete(id);
}

class FileWorkspaceStore implements WorkspaceStore {
  private readonly map: JsonFileMap<Workspace>;
  constructor(file: string) {
    this.map = new JsonFileMap(file);
  }
  list = () => this.map.values();
  get = (id: string) => this.map.get(id);
  put = (workspace: Workspace) => this.map.set(workspace.id, workspace);
  delete = (id: string) => this.map.delete(id);
}
