import type { ConnectorConfig, ServiceConfig } from '../config/config-types.js';

export type JobState = 'running' | 'stopped' | 'failed';

/** A job as stored and as `GET /jobs` returns it (the original's JobMetadata plus additions). */
export interface JobRecord {
  name: string;
  state: JobState;
  desired_state: 'running' | 'stopped';
  started_at?: string;
  stopped_at?: string;
  linked_services: string[];
  pipeline: ConnectorConfig;
  /** Why the job failed, or the error it is currently retrying on. */
  error?: { code: string; message: string; at: string; retrying?: boolean };
  /** Versions of the plugins the job ran with, by plugin id. */
  plugin_versions?: Record<string, string>;
  /** The host holding the job's lease (exclusive jobs on a shared job store). */
  owner?: string;
  /** In API answers only, never stored: true when the answering host stands by for the lease. */
  standby?: boolean;
  created_at: string;
  updated_at: string;
}

export interface Checkpoint {
  job_name: string;
  /** Base64 of the opaque position. */
  cursor: string;
  updated_at: string;
}

export interface DeadLetter {
  id: string;
  job_name: string;
  /** Where it failed: `source`, `middlewares[0]`, `sinks[1]`. Re-drive resumes there. */
  stage: string;
  code: string;
  reason: string;
  /** Base64 of the payload exactly as it entered the failing stage. */
  payload: string;
  encoding: string;
  attributes: Record<string, string>;
  key?: string;
  operation: string;
  schema_id?: string;
  source_timestamp?: number;
  /** The event's source identity (StreamEvent.id), kept so a re-drive writes idempotently too. */
  event_id?: string;
  attempts: number;
  created_at: string;
  updated_at: string;
}

export interface TestSuite {
  id: string;
  name: string;
  description?: string;
  created_at: string;
  updated_at: string;
  [key: string]: unknown;
}

/** Saved Transform Studio state (the original mstream's workspaces; see workspace-schemas.ts). */
export interface Workspace {
  id: string;
  name: string;
  script?: { service_name: string; resource: string };
  input?: string;
  schema?: { schema_id: string; service_name: string };
  test_suite_id?: string;
  script_source?: string;
  created_at: string;
  updated_at: string;
}

export interface JobStore {
  list(): Promise<JobRecord[]>;
  get(name: string): Promise<JobRecord | undefined>;
  put(job: JobRecord): Promise<void>;
  delete(name: string): Promise<void>;
}

export interface ServiceStore {
  list(): Promise<ServiceConfig[]>;
  get(name: string): Promise<ServiceConfig | undefined>;
  put(service: ServiceConfig): Promise<void>;
  delete(name: string): Promise<void>;
}

export interface CheckpointStore {
  /** Newest first, at most `limit`. */
  history(jobName: string, limit?: number): Promise<Checkpoint[]>;
  latest(jobName: string): Promise<Checkpoint | undefined>;
  save(jobName: string, cursor: Uint8Array): Promise<void>;
  delete(jobName: string): Promise<void>;
}

export interface DeadLetterStore {
  add(entries: DeadLetter[]): Promise<void>;
  list(jobName: string, page?: { limit?: number; offset?: number }): Promise<{ total: number; items: DeadLetter[] }>;
  get(jobName: string, id: string): Promise<DeadLetter | undefined>;
  update(entry: DeadLetter): Promise<void>;
  delete(jobName: string, ids: string[]): Promise<number>;
  deleteAll(jobName: string): Promise<void>;
}

export interface TestSuiteStore {
  list(): Promise<TestSuite[]>;
  get(id: string): Promise<TestSuite | undefined>;
  put(suite: TestSuite): Promise<void>;
  delete(id: string): Promise<boolean>;
}

export interface WorkspaceStore {
  list(): Promise<Workspace[]>;
  get(id: string): Promise<Workspace | undefined>;
  put(workspace: Workspace): Promise<void>;
  delete(id: string): Promise<boolean>;
}

/** Every store the host needs; the embedded default keeps them as files. */
/** Who runs an exclusive job when hosts share a system store (see SystemCollection.tryLease). */
export interface LeaseStore {
  /** Takes or renews the job's lease for `owner`; true when `owner` holds it afterwards. */
  tryAcquire(jobName: string, owner: string, ttlMs: number): Promise<boolean>;
  release(jobName: string, owner: string): Promise<void>;
}

export interface Stores {
  /** Present when the job store is shared-capable and offers leases (not the embedded files). */
  leases?: LeaseStore;
  jobs: JobStore;
  services: ServiceStore;
  checkpoints: CheckpointStore;
  deadLetters: DeadLetterStore;
  testSuites: TestSuiteStore;
  workspaces: WorkspaceStore;
  close(): Promise<void>;
}

export const MAX_CHECKPOINTS_PER_JOB = 20;
