import type { SystemCollection } from '@mstream/sdk';
import type { ServiceConfig } from '../config/config-types.js';
import type { SecretBox } from '../services/encryption.js';
import {
  MAX_CHECKPOINTS_PER_JOB,
  type Checkpoint,
  type CheckpointStore,
  type DeadLetter,
  type DeadLetterStore,
  type JobRecord,
  type JobStore,
  type LeaseStore,
  type ServiceStore,
  type TestSuite,
  type TestSuiteStore,
  type Workspace,
  type WorkspaceStore,
} from './store-types.js';
import type { VersionedSection } from './store-format.js';

// Stores built on a plugin's SystemCollection (e.g. a MongoDB collection), selected by the
// `[system.*]` sections. Records go in as plain JSON; services are sealed before they leave.

/**
 * The key each section's store puts a record under, read back from the record: a backup or a
 * migration copies records, and SystemCollection returns values without their keys.
 */
export const RECORD_KEY: Record<VersionedSection, (record: Record<string, unknown>) => string> = {
  job_lifecycle: (r) => String(r.name),
  service_lifecycle: (r) => String(r.name),
  checkpoints: (r) => String(r.job_name),
  test_suites: (r) => String(r.id),
  workspaces: (r) => String(r.id),
  dead_letters: (r) => String(r.id),
};

const plain = <T>(value: T) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

export class CollectionJobStore implements JobStore {
  constructor(private readonly collection: SystemCollection) {}
  async list() {
    return (await this.collection.list()) as unknown as JobRecord[];
  }
  async get(name: string) {
    return (await this.collection.get(name)) as unknown as JobRecord | undefined;
  }
  put = (job: JobRecord) => this.collection.put(job.name, plain(job));
  delete = async (name: string) => void (await this.collection.delete(name));
}

export class CollectionServiceStore implements ServiceStore {
  constructor(
    private readonly collection: SystemCollection,
    private readonly box: SecretBox,
  ) {}
  private open(record: Record<string, unknown> | undefined): ServiceConfig | undefined {
    if (!record) return undefined;
    try {
      return JSON.parse(this.box.open(record as { nonce: string; data: string })) as ServiceConfig;
    } catch {
      throw new Error(`cannot decrypt stored service "${String(record.name)}": the encryption key differs from the one it was saved with`);
    }
  }
  async list() {
    return (await this.collection.list()).map((r) => this.open(r)!);
  }
  get = async (name: string) => this.open(await this.collection.get(name));
  put = (service: ServiceConfig) =>
    this.collection.put(service.name, { name: service.name, provider: service.provider, ...this.box.seal(JSON.stringify(service)), updated_at: new Date().toISOString() });
  delete = async (name: string) => void (await this.collection.delete(name));
}

export class CollectionCheckpointStore implements CheckpointStore {
  constructor(private readonly collection: SystemCollection) {}
  async history(jobName: string, limit = MAX_CHECKPOINTS_PER_JOB): Promise<Checkpoint[]> {
    const record = await this.collection.get(jobName);
    return ((record?.history as Checkpoint[] | undefined) ?? []).slice(0, limit);
  }
  async latest(jobName: string) {
    return (await this.history(jobName, 1))[0];
  }
  async save(jobName: string, cursor: Uint8Array): Promise<void> {
    const entry: Checkpoint = { job_name: jobName, cursor: Buffer.from(cursor).toString('base64'), updated_at: new Date().toISOString() };
    const history = [entry, ...(await this.history(jobName))].slice(0, MAX_CHECKPOINTS_PER_JOB);
    await this.collection.put(jobName, { job_name: jobName, history: plain(history) as unknown as Record<string, unknown> });
  }
  delete = async (jobName: string) => void (await this.collection.delete(jobName));
}

export class CollectionTestSuiteStore implements TestSuiteStore {
  constructor(private readonly collection: SystemCollection) {}
  async list() {
    return (await this.collection.list()) as unknown as TestSuite[];
  }
  async get(id: string) {
    return (await this.collection.get(id)) as unknown as TestSuite | undefined;
  }
  put = (suite: TestSuite) => this.collection.put(suite.id, plain(suite));
  delete = (id: string) => this.collection.delete(id);
}

export class CollectionWorkspaceStore implements WorkspaceStore {
  constructor(private readonly collection: SystemCollection) {}
  async list() {
    return (await this.collection.list()) as unknown as Workspace[];
  }
  async get(id: string) {
    return (await this.collection.get(id)) as unknown as Workspace | undefined;
  }
  put = (workspace: Workspace) => this.collection.put(workspace.id, plain(workspace));
  delete = (id: string) => this.collection.delete(id);
}

export class CollectionDeadLetterStore implements DeadLetterStore {
  constructor(private readonly collection: SystemCollection) {}
  add = (entries: DeadLetter[]) => this.collection.putMany(entries.map((e) => [e.id, plain(e)]));
  async list(jobName: string, page: { limit?: number; offset?: number } = {}) {
    const all = ((await this.collection.list({ job_name: jobName })) as unknown as DeadLetter[]).sort((a, b) =>
      a.created_at === b.created_at ? a.id.localeCompare(b.id) : a.created_at.localeCompare(b.created_at),
    );
    const offset = page.offset ?? 0;
    return { total: all.length, items: all.slice(offset, offset + (page.limit ?? 100)) };
  }
  async get(jobName: string, id: string) {
    const entry = (await this.collection.get(id)) as unknown as DeadLetter | undefined;
    return entry?.job_name === jobName ? entry : undefined;
  }
  update = (entry: DeadLetter) => this.collection.put(entry.id, plain(entry));
  async delete(jobName: string, ids: string[]): Promise<number> {
    let removed = 0;
    for (const id of ids) if ((await this.get(jobName, id)) && (await this.collection.delete(id))) removed++;
    return removed;
  }
  deleteAll = async (jobName: string) => void (await this.collection.deleteWhere({ job_name: jobName }));
}

export class CollectionLeaseStore implements LeaseStore {
  constructor(private readonly collection: SystemCollection & Required<Pick<SystemCollection, 'tryLease' | 'releaseLease'>>) {}
  tryAcquire = (jobName: string, owner: string, ttlMs: number) => this.collection.tryLease(`job:${jobName}`, owner, ttlMs);
  release = (jobName: string, owner: string) => this.collection.releaseLease(`job:${jobName}`, owner);
}
