// Shapes of the public REST API, as the host returns them (see GET /openapi.json).

export type JobState = 'running' | 'stopped' | 'failed';
export type Encoding = 'json' | 'bson' | 'avro';
export type JsonSchema = Record<string, any>;

export interface Step {
  service_name: string;
  resource: string;
  output_encoding: Encoding;
  input_encoding?: Encoding;
  schema_id?: string;
  /** Source and middleware steps: false skips the JSON validity scan of a json → json step. */
  validate_json?: boolean;
  options?: Record<string, unknown>;
}

export interface SchemaEntry {
  id: string;
  encoding?: Encoding;
  definition?: unknown;
  file?: string;
  service_name?: string;
  resource?: string;
}

export interface Connector {
  name: string;
  enabled?: boolean;
  source: Step;
  middlewares?: Step[];
  sinks: Step[];
  schemas?: SchemaEntry[];
  batch?: { kind?: string; size?: number; max_wait_ms?: number };
  checkpoint?: { enabled?: boolean; interval_ms?: number };
  on_error?: 'dead_letter' | 'skip' | 'fail';
  [key: string]: unknown;
}

export interface Job {
  name: string;
  state: JobState;
  desired_state: JobState;
  linked_services: string[];
  pipeline: Connector;
  created_at: string;
  updated_at: string;
  started_at?: string;
  stopped_at?: string;
  plugin_versions?: Record<string, string>;
  error?: { code?: string; message: string; at?: string; retrying?: boolean };
  /** The host holding the job's lease (exclusive jobs on hosts sharing a job store). */
  owner?: string;
  /** True when the host answering waits for that lease instead of running the job itself. */
  standby?: boolean;
}

export interface JobMetrics {
  events_processed: number;
  bytes_processed: number;
  current_lag_seconds: number;
  throughput_per_second: number;
  total_errors: number;
  dead_letters: number;
  retries: number;
  last_processed_at?: string | null;
}

export interface Health {
  status: 'healthy' | 'degraded';
  version: string;
  uptime_seconds: number;
  failed_jobs: number;
  retrying_jobs: number;
}

export interface Stats {
  total_events_processed: number;
  total_bytes_processed: number;
  total_errors: number;
  total_dead_letters: number;
  uptime_seconds: number;
  running_jobs: number;
  stopped_jobs: number;
  error_jobs: number;
}

export interface Checkpoint {
  job_name: string;
  updated_at: string;
  cursor: unknown;
  /** The exact position bytes; PUT /jobs/{name}/checkpoints takes them back. */
  cursor_base64: string;
}

export interface DeadLetter {
  id: string;
  job_name: string;
  stage: string;
  code: string;
  reason: string;
  payload: string;
  encoding: Encoding;
  attributes: Record<string, string>;
  key?: string;
  operation?: string;
  source_timestamp?: number;
  attempts: number;
  created_at: string;
  updated_at: string;
}

export interface DeadLetterPage {
  job_name: string;
  total: number;
  items: DeadLetter[];
}

export interface RedriveResult {
  redriven: number;
  failed: number;
  results: Array<{ id: string; redriven: boolean; reason?: string }>;
}

export interface Service {
  provider: string;
  name: string;
  used_by_jobs?: string[];
  is_system?: boolean;
  [key: string]: unknown;
}

export interface Resource {
  name: string;
  resource_type?: string;
  details?: Record<string, unknown>;
}

export interface StoredSchema {
  id: string;
  name: string;
  encoding: 'avro' | 'json';
  definition: string;
  [key: string]: unknown;
}

export interface Plugin {
  id: string;
  version: string;
  sdk: string;
  status: 'loaded' | 'failed' | string;
  description?: string;
  provides: string[];
  origin?: string;
  package?: string;
  dir?: string;
  error?: { code: string; message: string };
  /** True only for plugins installed with `POST /plugins` (or `mstream plugins add`). */
  removable?: boolean;
}

/** One installable package from `GET /plugins/search`, read from the registry before any install. */
export interface MarketplaceEntry {
  name: string;
  version: string;
  description: string;
  keywords: string[];
  /** `kind:provider` pairs from the package's `mstream.provides`. */
  provides: string[];
  /** The `@mstream/sdk` peer range, or null when the package declares none. */
  sdk: string | null;
  /** Whether an install would pass this host's SDK check. */
  compatible: boolean;
  installed_version: string | null;
}

export interface MarketplaceSearch {
  registry: string;
  results: MarketplaceEntry[];
}

/** What `POST /plugins` answers: the installed plugin, plus the version it replaced. */
export type InstalledPlugin = Plugin & { replaced_version?: string };

export interface RemovedPlugin {
  message: string;
  id: string;
  package: string;
  version: string;
}

export interface Provider {
  provider: string;
  plugin: string;
  kinds: string[];
  description?: string;
  config_schema?: JsonSchema;
  source_options_schema?: JsonSchema;
  sink_options_schema?: JsonSchema;
  middleware_options_schema?: JsonSchema;
  [key: string]: unknown;
}

export interface LogEntry {
  timestamp: string;
  level: string;
  message: string;
  target?: string;
  job_name?: string;
  [key: string]: unknown;
}

export interface Diagnostic {
  line: number;
  column: number;
  message: string;
}

export interface Assertion {
  path: string;
  assert_type: string;
  expected_value?: unknown;
}

export interface TestCase {
  name: string;
  input: unknown;
  expected?: unknown;
  assertions: Assertion[];
}

export interface TestResult {
  name: string;
  passed: boolean;
  duration_ms: number;
  actual?: unknown;
  failures?: Array<{ path: string; assert_type: string; expected: unknown; actual: unknown; message: string }>;
}

export interface TestRun {
  summary: { passed: number; failed: number; total: number };
  results: TestResult[];
}

export interface TestSuiteSummary {
  id: string;
  name: string;
  description?: string;
  case_count: number;
}

export interface TestSuite {
  id?: string;
  name: string;
  description?: string;
  script?: string;
  cases: TestCase[];
  created_at?: string;
  updated_at?: string;
}

export interface Issue {
  path: string;
  message: string;
}

/** `{ message, item }`: the envelope of create/act responses. */
export interface Envelope<T> {
  message: string;
  item: T;
}
