// Shapes of the public REST API, named for the dashboard. Every one is generated from the host's
// GET /openapi.json (generated/openapi.ts, `npm run gen:api-types`); none is typed here by hand,
// so the dashboard cannot drift from the server.
import type { components } from './generated/openapi';

type Schemas = components['schemas'];

export type Connector = Schemas['Connector'];
export type Step = Schemas['Step'];
export type SchemaEntry = Schemas['JobSchemaRef'];
export type Job = Schemas['Job'];
export type JobState = Job['state'];
export type Encoding = Step['output_encoding'];
export type JobMetrics = Schemas['JobMetrics'];
export type Health = Schemas['Health'];
export type Stats = Schemas['Stats'];
export type Checkpoint = Schemas['Checkpoint'];
export type DeadLetter = Schemas['DeadLetter'];
export type DeadLetterPage = Schemas['DeadLetterPage'];
export type RedriveResult = Schemas['RedriveResult'];
export type Service = Schemas['Service'];
export type ServiceConfig = Schemas['ServiceConfig'];
export type Resource = Schemas['Resource'];
export type ResourceList = Schemas['ResourceList'];
export type ResourceContent = Schemas['ResourceContent'];
export type SchemaVariant = Schemas['SchemaVariant'];
export type StoredSchema = Schemas['StoredSchema'];
export type SchemaSummary = Schemas['SchemaSummary'];
export type SchemaInput = Schemas['SchemaInput'];
export type Plugin = Schemas['Plugin'];
export type MarketplaceEntry = Schemas['MarketplaceEntry'];
export type MarketplaceSearch = Schemas['MarketplaceSearch'];
export type InstalledPlugin = Schemas['InstalledPlugin'];
export type RemovedPlugin = Schemas['RemovedPlugin'];
export type Provider = Schemas['Provider'];
export type LogEntry = Schemas['LogEntry'];
export type TapEvent = Schemas['TapEvent'];
export type DryRunRequest = Schemas['DryRunRequest'];
export type DryRunResult = Schemas['DryRunResult'];
export type DryRunEvent = Schemas['DryRunEvent'];
export type DryRunSinkOutput = Schemas['DryRunSinkOutput'];
export type Diagnostic = Schemas['ScriptDiagnostic'];
export type ScriptValidation = Schemas['ScriptValidation'];
export type TestCase = Schemas['TestCase'];
export type Assertion = NonNullable<TestCase['assertions']>[number];
export type TestResult = Schemas['TestResult'];
export type TestRun = Schemas['TestRun'];
export type GeneratedTests = Schemas['GeneratedTests'];
export type TransformOutput = Schemas['TransformOutput'];
export type TestSuiteSummary = Schemas['TestSuiteSummary'];
export type TestSuite = Schemas['TestSuite'];
export type TestSuiteInput = Schemas['TestSuiteInput'];
export type Workspace = Schemas['Workspace'];
export type WorkspaceInput = Schemas['WorkspaceInput'];
export type WorkspaceSummary = Schemas['WorkspaceSummary'];
export type SchemaConvertRequest = Schemas['SchemaConvertRequest'];
export type SchemaConvertResult = Schemas['SchemaConvertResult'];
export type Session = Schemas['Session'];
export type Issue = Schemas['Issue'];
export type ApiErrorBody = Schemas['Error'];
export type Message = Schemas['Message'];

/** A JSON Schema document (provider options, inferred schemas): any object. */
export type JsonSchema = Record<string, any>;

/** `{ message, item }`: the envelope of create/act responses. */
export interface Envelope<T> {
  message: string;
  item: T;
}
