import { del, get, post, put, query, request, seg } from './http';
import type {
  Checkpoint, Connector, DeadLetter, DryRunRequest, DryRunResult, DeadLetterPage, Envelope, GeneratedTests, Health, InstalledPlugin, Job, JobMetrics, JsonSchema, LogEntry,
  MarketplaceSearch, Message, Plugin, Provider, RemovedPlugin, RedriveResult, ResourceContent, ResourceList, SchemaConvertRequest, SchemaConvertResult,
  SchemaInput, SchemaSummary, SchemaVariant, ScriptValidation, Service, ServiceConfig, Session, Stats, StoredSchema, TestCase, TestRun, TestSuite,
  TestSuiteInput, TestSuiteSummary, TransformOutput, Workspace, WorkspaceInput, WorkspaceSummary,
} from './types';

/** The typed client: one function per public REST route the dashboard uses. */
export const api = {
  health: () => get<Health>('/health'),
  stats: () => get<Stats>('/stats'),
  session: () => get<Session>('/auth/session'),

  jobs: () => get<Job[]>('/jobs'),
  job: (name: string) => get<Job>(`/jobs/${seg(name)}`),
  createJob: (def: Connector) => post<Envelope<Job>>('/jobs', def),
  dryRunJob: (body: DryRunRequest) => post<DryRunResult>('/jobs/dry-run', body),
  deleteJob: (name: string) => del<Message>(`/jobs/${seg(name)}`),
  stopJob: (name: string) => post<Envelope<Job>>(`/jobs/${seg(name)}/stop`),
  restartJob: (name: string) => post<Envelope<Job>>(`/jobs/${seg(name)}/restart`),
  jobMetrics: (name: string) => get<JobMetrics>(`/jobs/${seg(name)}/metrics`),
  checkpoints: (name: string) => get<Checkpoint[]>(`/jobs/${seg(name)}/checkpoints`),
  resumeFrom: (name: string, cursorBase64: string) => put<Envelope<Checkpoint>>(`/jobs/${seg(name)}/checkpoints`, { cursor_base64: cursorBase64 }),
  forgetPosition: (name: string) => del<Message>(`/jobs/${seg(name)}/checkpoints`),
  deadLetters: (name: string, limit = 100, offset = 0) => get<DeadLetterPage>(`/jobs/${seg(name)}/dead-letters${query({ limit, offset })}`),
  deadLetter: (name: string, id: string) => get<DeadLetter>(`/jobs/${seg(name)}/dead-letters/${seg(id)}`),
  redrive: (name: string, ids?: string[]) => post<RedriveResult>(`/jobs/${seg(name)}/dead-letters/redrive`, ids ? { ids } : {}),
  discardDeadLetter: (name: string, id: string) => del<Message>(`/jobs/${seg(name)}/dead-letters/${seg(id)}`),
  discardAllDeadLetters: (name: string) => del<Message>(`/jobs/${seg(name)}/dead-letters`),

  services: (provider?: string) => get<Service[]>(`/services${query({ provider })}`),
  service: (name: string) => get<Service>(`/services/${seg(name)}`),
  createService: (body: ServiceConfig) => post<Envelope<ServiceConfig>>('/services', body),
  deleteService: (name: string) => del<Message>(`/services/${seg(name)}`),
  resources: (name: string) => get<ResourceList>(`/services/${seg(name)}/resources`),
  resourceContent: (name: string, resource: string) => get<ResourceContent>(`/services/${seg(name)}/resources/${seg(resource)}`),
  saveResource: (name: string, resource: string, content: string) => put<ResourceContent>(`/services/${seg(name)}/resources/${seg(resource)}`, { content }),
  introspect: (name: string, resource: string, sampleSize = 100) => get<SchemaVariant[]>(`/services/${seg(name)}/schema/introspect${query({ resource, sample_size: sampleSize })}`),
  schemas: (name: string) => get<SchemaSummary[]>(`/services/${seg(name)}/schemas`),
  schema: (name: string, id: string) => get<StoredSchema>(`/services/${seg(name)}/schemas/${seg(id)}`),
  saveSchema: (name: string, body: SchemaInput) =>
    post<Envelope<StoredSchema>>(`/services/${seg(name)}/schemas`, body),
  deleteSchema: (name: string, id: string) => del<Message>(`/services/${seg(name)}/schemas/${seg(id)}`),

  plugins: () => get<Plugin[]>('/plugins'),
  searchPlugins: (q: string, signal?: AbortSignal) => get<MarketplaceSearch>(`/plugins/search${query({ q })}`, signal),
  // A 401 here may mean "the host has no API token at all": shown as sent, no token prompt.
  installPlugin: (spec: string) => request<InstalledPlugin>('POST', '/plugins', { spec }, undefined, { promptOnUnauthorized: false }),
  removePlugin: (id: string) => request<RemovedPlugin>('DELETE', `/plugins/${seg(id)}`, undefined, undefined, { promptOnUnauthorized: false }),
  providers: () => get<Provider[]>('/providers'),

  logs: (params: { job_name?: string; level?: string; limit?: number; search?: string; since?: string }) => get<{ logs: LogEntry[] }>(`/logs${query(params)}`),

  testSuites: () => get<TestSuiteSummary[]>('/test-suites'),
  testSuite: (id: string) => get<TestSuite>(`/test-suites/${seg(id)}`),
  saveTestSuite: (suite: TestSuiteInput) => post<Envelope<TestSuite>>('/test-suites', suite),
  deleteTestSuite: (id: string) => del<Message>(`/test-suites/${seg(id)}`),

  workspaces: () => get<WorkspaceSummary[]>('/workspaces'),
  workspace: (id: string) => get<Workspace>(`/workspaces/${seg(id)}`),
  createWorkspace: (body: WorkspaceInput) => post<Envelope<Workspace>>('/workspaces', body),
  updateWorkspace: (id: string, body: WorkspaceInput) => put<Envelope<Workspace>>(`/workspaces/${seg(id)}`, body),
  deleteWorkspace: (id: string) => del<Message>(`/workspaces/${seg(id)}`),

  runTransform: (script: string, payload: string, attributes?: Record<string, string>) =>
    post<Envelope<TransformOutput>>('/transform/run', { script, payload, ...(attributes ? { attributes } : {}) }),
  validateTransform: (script: string) => post<ScriptValidation>('/transform/validate', { script }),
  generateTests: (script: string, sampleInput: unknown) =>
    post<Envelope<GeneratedTests>>('/transform/test/generate', { script, sample_input: sampleInput }),
  runTests: (script: string, cases: TestCase[], strictOutput?: boolean) =>
    post<Envelope<TestRun>>('/transform/test/run', { script, cases, ...(strictOutput === undefined ? {} : { strict_output: strictOutput }) }),
  fillSchema: (schema: JsonSchema, seed?: number) => post<unknown>('/schema/fill', { schema, ...(seed === undefined ? {} : { seed }) }),
  convertSchema: (body: SchemaConvertRequest) => post<SchemaConvertResult>('/schema/convert', body),
};
