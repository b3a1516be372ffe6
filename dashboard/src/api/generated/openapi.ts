// Generated from GET /openapi.json by `npm run gen:api-types`; do not edit by hand.
// The named shapes are `components['schemas'][Name]`; dashboard/src/api/types.ts names them.
export interface paths {
    "/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Requests that changed or tried to change something, newest first (admin only) */
        get: operations["getAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The role of the caller's token and whether it may change things */
        get: operations["getAuthSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health, version and uptime ("degraded" when any job failed) */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List all jobs */
        get: operations["getJobs"];
        put?: never;
        /** Create and start a job (connector definition, same shape as TOML) */
        post: operations["postJobs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One job */
        get: operations["getJobsByName"];
        put?: never;
        post?: never;
        /** Stop and delete a job with its checkpoints and dead letters */
        delete: operations["deleteJobsByName"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{name}/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Checkpoint history, newest first (max 20) */
        get: operations["getJobsByNameCheckpoints"];
        /** Set where a stopped job resumes: an earlier checkpoint of its history, or a position given as JSON or base64 */
        put: operations["putJobsByNameCheckpoints"];
        post?: never;
        /** Reset a stopped job: forget its checkpoints, so the next run starts where the source starts without one */
        delete: operations["deleteJobsByNameCheckpoints"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{name}/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Dead letters of a job, oldest first */
        get: operations["getJobsByNameDeadLetters"];
        put?: never;
        post?: never;
        /** Discard every dead letter of a job */
        delete: operations["deleteJobsByNameDeadLetters"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{name}/dead-letters/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One dead letter with its original payload (base64) */
        get: operations["getJobsByNameDeadLettersById"];
        put?: never;
        post?: never;
        /** Discard one dead letter */
        delete: operations["deleteJobsByNameDeadLettersById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{name}/dead-letters/redrive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-drive dead letters through the running job from the stage where each failed (all, or the given ids) */
        post: operations["postJobsByNameDeadLettersRedrive"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{name}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live metrics of a job (zeros when not running) */
        get: operations["getJobsByNameMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{name}/restart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restart a job from its last checkpoint */
        post: operations["postJobsByNameRestart"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{name}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop a job */
        post: operations["postJobsByNameStop"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{name}/tap": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-sent events: samples of a running job's events at one stage (admin role)
         * @description Each `data:` frame is a TapEvent. The stream ends after `limit` events (then an `event: end` frame with `{"reason":"limit"}`) or when the job stops (`{"reason":"job stopped"}`). At most `rate` events per second are sent; the excess is dropped, the job never waits. 409 when the job is not running on this host.
         */
        get: operations["getJobsByNameTap"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/dry-run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Try a job definition on real source events: read a few without committing anything, run them through the pipeline, write nothing
         * @description Reads up to `events` events from the source (opened so that reading has no side effects: no commits, no acknowledgements), runs each one through decoding, the middlewares, schema validation and the sinks' encoding as the job would, and answers what each sink would have been given. An event that fails has its `error` (with the stage) and the run goes on. 400 MS_ERR_UNSUPPORTED when the source cannot be read without side effects; the job body is validated as by POST /jobs.
         */
        post: operations["postJobsDryRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent log entries from the in-memory buffer */
        get: operations["getLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/logs/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server-sent events: recent entries, then live ones */
        get: operations["getLogsStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus text exposition of every job's counters */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API described as OpenAPI 3 */
        get: operations["getOpenapi.json"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Installed plugins: version, SDK range, what each provides, load errors, whether `DELETE` can remove it */
        get: operations["getPlugins"];
        put?: never;
        /** Installs a plugin (name[@version] from the registry, a .tgz path or a folder on the host), checks it and enables it without a restart */
        post: operations["postPlugins"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Disables and uninstalls a plugin installed with POST /plugins; 409 while a running job uses it */
        delete: operations["deletePluginsById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/plugins/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Installable plugins on the configured npm registry (keyword `mstream-plugin`) matching `q` */
        get: operations["getPluginsSearch"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every provider with its option schemas (drives generated forms) */
        get: operations["getProviders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: 200 when serving, 503 while starting, draining or cut off from a system store */
        get: operations["getReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schema/convert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Convert a schema between JSON Schema and Avro (both ways) */
        post: operations["postSchemaConvert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schema/fill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Generate a realistic document from a JSON Schema (deterministic with a seed) */
        post: operations["postSchemaFill"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List services (secrets masked; system services hidden) */
        get: operations["getServices"];
        put?: never;
        /** Create a service (validated against its provider's schema) */
        post: operations["postServices"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/services/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One service (secrets masked) */
        get: operations["getServicesByName"];
        put?: never;
        post?: never;
        /** Remove a service that no job uses */
        delete: operations["deleteServicesByName"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/services/{name}/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Resources of a service (collections, topics, scripts, files) */
        get: operations["getServicesByNameResources"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/services/{name}/resources/{resource}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Content of a resource (e.g. a UDF script) */
        get: operations["getServicesByNameResourcesByResource"];
        /** Create or replace a resource's content */
        put: operations["putServicesByNameResourcesByResource"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/services/{name}/schema/introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Document shapes of a resource, without any values */
        get: operations["getServicesByNameSchemaIntrospect"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/services/{name}/schemas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Schemas stored on a service */
        get: operations["getServicesByNameSchemas"];
        put?: never;
        /** Save a schema on a service */
        post: operations["postServicesByNameSchemas"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/services/{name}/schemas/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One stored schema */
        get: operations["getServicesByNameSchemasById"];
        put?: never;
        post?: never;
        /** Delete a stored schema */
        delete: operations["deleteServicesByNameSchemasById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Totals across running jobs and job counts by state */
        get: operations["getStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/test-suites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Saved test suites (summaries) */
        get: operations["getTestSuites"];
        put?: never;
        /** Save a test suite (id assigned when missing) */
        post: operations["postTestSuites"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/test-suites/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One test suite */
        get: operations["getTestSuitesById"];
        put?: never;
        post?: never;
        /** Delete a test suite */
        delete: operations["deleteTestSuitesById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/transform/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Helper functions of the script engine, for editors */
        get: operations["getTransformCompletions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/transform/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a UDF script on a sample document (payload is a JSON string) */
        post: operations["postTransformRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/transform/test/generate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Generate edge-case test cases from a sample input */
        post: operations["postTransformTestGenerate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/transform/test/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run test cases against a script */
        post: operations["postTransformTestRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/transform/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check a script compiles and defines transform(data, attributes) */
        post: operations["postTransformValidate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Saved workspaces (id and name) */
        get: operations["getWorkspaces"];
        put?: never;
        /** Save a workspace (id assigned when missing; an existing id is replaced, keeping its created_at) */
        post: operations["postWorkspaces"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One workspace */
        get: operations["getWorkspacesById"];
        /** Replace a workspace (keeps its created_at) */
        put: operations["putWorkspacesById"];
        post?: never;
        /** Delete a workspace */
        delete: operations["deleteWorkspacesById"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description One request that changed or tried to change something (never its body, token or query) */
        AuditEntry: {
            method: string;
            path: string;
            remote: string;
            /**
             * @description `none`: this host has no tokens, anyone who reaches it may write
             * @enum {string}
             */
            role: "admin" | "read" | "none";
            status: number;
            /** Format: date-time */
            time: string;
        };
        /** @description Newest first */
        AuditList: components["schemas"]["AuditEntry"][];
        Checkpoint: {
            /** @description The position, readable: its JSON, `{ value }`, or `{ raw_base64, raw_bytes }` for binary positions */
            cursor: unknown;
            /** @description The exact position bytes; PUT /jobs/{name}/checkpoints takes them back */
            cursor_base64: string;
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            job_name: string;
            /** Format: date-time */
            updated_at: string;
        };
        CheckpointEnvelope: {
            item: components["schemas"]["Checkpoint"];
            message: string;
        };
        /** @description Newest first */
        CheckpointList: components["schemas"]["Checkpoint"][];
        /** @description A job definition, the same shape as a [[connectors]] TOML entry */
        Connector: {
            batch?: {
                /** @enum {string} */
                kind?: "count";
                max_wait_ms?: number;
                size: number;
            } & {
                [key: string]: unknown;
            };
            checkpoint?: {
                enabled?: boolean;
                interval_ms?: number;
            } & {
                [key: string]: unknown;
            };
            /**
             * @description at_least_once (default), or exactly_once: each batch in one transaction with the source positions (a Kafka source and Kafka sinks on one cluster)
             * @enum {string}
             */
            delivery?: "at_least_once" | "exactly_once";
            enabled?: boolean;
            /** @description Bound on events read but not yet written by every sink */
            max_in_flight?: number;
            middlewares?: components["schemas"]["Step"][];
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            name: string;
            /**
             * @description What to do with an event that cannot be processed (default dead_letter)
             * @enum {string}
             */
            on_error?: "dead_letter" | "skip" | "fail";
            retry?: {
                initial_backoff_ms?: number;
                max_attempts?: number;
                max_backoff_ms?: number;
            };
            schemas?: components["schemas"]["JobSchemaRef"][];
            sinks: components["schemas"]["Step"][];
            source: components["schemas"]["Step"];
            /** @description Readers of the job on this host, each in a worker thread with its own pipeline (default 1: none). Above 1 only for sources whose readers share the work (a Kafka consumer group), not with exactly_once */
            tasks?: number;
        };
        DeadLetter: {
            /** @description How often it was tried (re-drives included) */
            attempts: number;
            attributes: {
                [key: string]: string;
            };
            /** @description The error code of the failure */
            code: string;
            /** Format: date-time */
            created_at: string;
            /** @enum {string} */
            encoding: "json" | "bson" | "avro";
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            id: string;
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            job_name: string;
            key?: string;
            operation: string;
            /** @description Base64 of the payload exactly as it entered the failing stage */
            payload: string;
            reason: string;
            schema_id?: string;
            source_timestamp?: number;
            /** @description Where it failed: `source`, `middlewares[0]`, `sinks[1]`; re-drive resumes there */
            stage: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description One page, oldest first; `total` counts every dead letter of the job */
        DeadLetterPage: {
            items: components["schemas"]["DeadLetter"][];
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            job_name: string;
            total: number;
        };
        DryRunEvent: {
            /** @description null, or why this event did not reach every sink (the dry run goes on with the next one) */
            error: {
                code: string;
                message: string;
                /** @description `source`, `middlewares[N]` or `sinks[N]`: where the event failed */
                stage: string;
            } | null;
            /** @description What each sink would have been given (several entries per sink when a middleware emitted several events) */
            sinks: components["schemas"]["DryRunSinkOutput"][];
            source: components["schemas"]["TapEvent"];
        };
        /** @description A job definition (the body of POST /jobs) to try on real source events, writing nothing */
        DryRunRequest: {
            /**
             * @description How many source events to read (default 5)
             * @default 5
             */
            events: number;
            job: components["schemas"]["Connector"];
            /**
             * @description How long to wait for them, connecting included (default 5000)
             * @default 5000
             */
            timeout_ms: number;
        };
        DryRunResult: {
            events: components["schemas"]["DryRunEvent"][];
            /** @description Events read from the source */
            read: number;
            /** @description Fewer than `events` came within `timeout_ms` */
            timed_out: boolean;
        };
        DryRunSinkOutput: {
            /** @enum {string} */
            encoding: "json" | "bson" | "avro";
            key: string | null;
            /** @description What the sink would have been given, decoded (see `payload_format`) */
            payload: unknown;
            /**
             * @description As in TapEvent
             * @enum {string}
             */
            payload_format: "json" | "base64" | "text";
            resource: string;
            service_name: string;
            /** @description `sinks[N]` */
            stage: string;
            truncated: boolean;
        };
        /** @description An error: `{ message, code }`, with `issues` for invalid input */
        Error: {
            /**
             * @description Stable; branch on it, never on the message
             * @enum {string}
             */
            code: "MS_ERR_CONFIG_INVALID" | "MS_ERR_BAD_REQUEST" | "MS_ERR_UNAUTHORIZED" | "MS_ERR_FORBIDDEN" | "MS_ERR_NOT_FOUND" | "MS_ERR_ROUTE_NOT_FOUND" | "MS_ERR_CONFLICT" | "MS_ERR_PAYLOAD_TOO_LARGE" | "MS_ERR_UNSUPPORTED_MEDIA_TYPE" | "MS_ERR_TOO_MANY_REQUESTS" | "MS_ERR_UNSUPPORTED" | "MS_ERR_DATA" | "MS_ERR_CONNECTION" | "MS_ERR_UNAVAILABLE" | "MS_ERR_TIMEOUT" | "MS_ERR_PLUGIN_INVALID" | "MS_ERR_PLUGIN_VERSION_MISMATCH" | "MS_ERR_INTERNAL";
            /** @description Structured facts safe to show (never secrets) */
            details?: {
                [key: string]: unknown;
            };
            /** @description Every problem of an invalid request (MS_ERR_CONFIG_INVALID) */
            issues?: components["schemas"]["Issue"][];
            message: string;
            /** @description The plugin that failed */
            plugin?: string;
        };
        /** @description A document valid against the schema */
        FilledDocument: unknown;
        GeneratedTests: {
            cases: {
                assertions: ({
                    /** @enum {string} */
                    assert_type: "equals" | "contains" | "type_matches" | "gt" | "gte" | "lt" | "lte";
                    expected_value?: unknown;
                    path: string;
                } & {
                    [key: string]: unknown;
                })[];
                duration_ms: number;
                expected?: unknown;
                input?: unknown;
                name: string;
            }[];
            errors: {
                case: string;
                line?: number;
                message: string;
            }[];
            /** @description A JSON Schema inferred from the sample */
            input_schema: {
                [key: string]: unknown;
            };
        };
        GeneratedTestsResult: {
            item: components["schemas"]["GeneratedTests"];
            message: string;
        };
        GenerateTestsRequest: {
            /** @description Script language of an installed engine (default javascript) */
            language?: string;
            /** @description A sample document */
            sample_input: unknown;
            /** @description The script source; it defines transform(data, attributes) */
            script: string;
        } & {
            [key: string]: unknown;
        };
        Health: {
            failed_jobs: number;
            /** @description This host's name in job leases */
            host_id?: string;
            retrying_jobs: number;
            sdk_version: string;
            /**
             * @description "degraded" when any job failed; "starting" while the host opens its stores (GET /ready says when it is ready)
             * @enum {string}
             */
            status: "healthy" | "degraded" | "starting";
            uptime_seconds: number;
            version: string;
        };
        InstalledPlugin: {
            /** @description A lazy plugin whose code is not imported yet: it loads the first time one of its providers is used */
            deferred?: boolean;
            description?: string;
            dir?: string;
            /** @description Why it failed to load */
            error?: {
                code: string;
                message: string;
            };
            id: string;
            /** @enum {string} */
            origin: "workspace" | "package" | "plugin-path" | "inline";
            package?: string;
            /** @description `kind:provider` pairs */
            provides: string[];
            /** @description The version this install replaced */
            replaced_version?: string;
            /** @description The SDK range it was built for */
            sdk: string;
            /** @enum {string} */
            status: "loaded" | "failed";
            version: string;
        };
        InstallRequest: {
            /** @description name[@version], a .tgz path or a folder on the host, e.g. "mstream-plugin-redis-streams@0.1.0" */
            spec: string;
        };
        /** @description One problem of an invalid request */
        Issue: {
            message: string;
            /** @description Where: `body.sinks[0].resource`, `path.name`, `query.limit` */
            path: string;
        };
        /** @description A job as stored, with its state */
        Job: {
            /** Format: date-time */
            created_at: string;
            /** @enum {string} */
            desired_state: "running" | "stopped";
            /** @description Why the job failed, or what it retries on */
            error?: {
                /** Format: date-time */
                at: string;
                code: string;
                message: string;
                retrying?: boolean;
            };
            linked_services: string[];
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            name: string;
            /** @description The host holding the job's lease */
            owner?: string;
            pipeline: components["schemas"]["Connector"];
            /** @description Plugin id → version the job ran with */
            plugin_versions?: {
                [key: string]: string;
            };
            /** @description True when this host waits for the lease another host holds */
            standby?: boolean;
            /** Format: date-time */
            started_at?: string;
            /** @enum {string} */
            state: "running" | "stopped" | "failed";
            /** Format: date-time */
            stopped_at?: string;
            /** Format: date-time */
            updated_at: string;
        };
        JobEnvelope: {
            item: components["schemas"]["Job"];
            message: string;
        };
        /** @description Every job, by name */
        JobList: components["schemas"]["Job"][];
        /** @description Live counters of a running job (zeros when it is not running) */
        JobMetrics: {
            bytes_processed: number;
            current_lag_seconds: number;
            dead_letters: number;
            /** @description Events read but not yet written by every sink (queued or being written): at most max_in_flight */
            events_in_flight: number;
            events_processed: number;
            /** Format: date-time */
            last_processed_at: string | null;
            /** @description The job's in-flight budget (max_in_flight, default 4 × batch size); 0 when not running */
            max_in_flight: number;
            retries: number;
            /** @description Jobs with tasks > 1 only: each task's own counters (the fields above are their sums) */
            tasks?: components["schemas"]["JobTaskMetrics"][];
            throughput_per_second: number;
            total_errors: number;
        };
        /** @description A schema the job's steps refer to by id: exactly one of definition, file or service_name */
        JobSchemaRef: ({
            /** @description The schema, as text or as JSON */
            definition?: unknown;
            /** @enum {string} */
            encoding?: "avro" | "json";
            file?: string;
            id: string;
            resource?: string;
            service_name?: string;
        } & {
            [key: string]: unknown;
        }) & (unknown | unknown | unknown);
        /** @description One task (worker thread) of a job with tasks > 1 */
        JobTaskMetrics: {
            events_in_flight: number;
            events_processed: number;
            /** @description Times the task's thread crashed and was started again */
            restarts: number;
            /** @enum {string} */
            state: "starting" | "running" | "restarting" | "stopped" | "failed";
            /** @description 0-based task index */
            task: number;
        };
        /** @description One log entry; other keys are structured fields of the entry (secrets scrubbed) */
        LogEntry: {
            job_name?: string;
            /** @enum {string} */
            level: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
            message: string;
            /** @description What logged: `host`, `api`, `plugin:kafka`, … */
            target: string;
            /** Format: date-time */
            timestamp: string;
        } & {
            [key: string]: unknown;
        };
        /** @description Oldest first */
        LogList: {
            logs: components["schemas"]["LogEntry"][];
        };
        MarketplaceEntry: {
            /** @description Whether an install would pass this host's SDK check */
            compatible: boolean;
            description: string;
            installed_version: string | null;
            keywords: string[];
            name: string;
            /** @description `kind:provider` pairs from the package's `mstream.provides` */
            provides: string[];
            /** @description The `@mstream/sdk` peer range, null when none is declared */
            sdk: string | null;
            version: string;
        };
        MarketplaceSearch: {
            registry: string;
            results: components["schemas"]["MarketplaceEntry"][];
        };
        /** @description A confirmation */
        Message: {
            message: string;
        };
        /** @description An OpenAPI 3.0 document */
        OpenApiDocument: {
            info: {
                [key: string]: unknown;
            };
            openapi: string;
            paths: {
                [key: string]: unknown;
            };
        } & {
            [key: string]: unknown;
        };
        Plugin: {
            /** @description A lazy plugin whose code is not imported yet: it loads the first time one of its providers is used */
            deferred?: boolean;
            description?: string;
            dir?: string;
            /** @description Why it failed to load */
            error?: {
                code: string;
                message: string;
            };
            id: string;
            /** @enum {string} */
            origin: "workspace" | "package" | "plugin-path" | "inline";
            package?: string;
            /** @description `kind:provider` pairs */
            provides: string[];
            /** @description Installed with POST /plugins, so DELETE can remove it */
            removable: boolean;
            /** @description The SDK range it was built for */
            sdk: string;
            /** @enum {string} */
            status: "loaded" | "failed";
            version: string;
        };
        PluginList: components["schemas"]["Plugin"][];
        /** @description Exactly one of: from_history, cursor, cursor_base64 */
        PositionRequest: {
            /** @description The position as JSON, for sources whose positions are JSON (e.g. an operator-supplied MongoDB resume token); exact bytes: cursor_base64 */
            cursor?: unknown;
            /** @description The raw position bytes, base64 */
            cursor_base64?: string;
            /** @description updated_at of an entry of GET /jobs/{name}/checkpoints */
            from_history?: string;
        };
        /** @description A provider with the option schemas that drive generated forms */
        Provider: {
            /** @description The JSON Schema of a service of this provider */
            config_schema?: {
                [key: string]: unknown;
            };
            description?: string;
            /** @description The JSON Schema of a engine's options */
            engine_options_schema?: {
                [key: string]: unknown;
            };
            kinds: ("service" | "source" | "sink" | "middleware" | "resources" | "schemas" | "store" | "engine")[];
            /** @description The JSON Schema of a middleware's options */
            middleware_options_schema?: {
                [key: string]: unknown;
            };
            plugin: string;
            provider: string;
            /** @description The JSON Schema of a resources's options */
            resources_options_schema?: {
                [key: string]: unknown;
            };
            /** @description The JSON Schema of a schemas's options */
            schemas_options_schema?: {
                [key: string]: unknown;
            };
            /** @description The JSON Schema of a sink's options */
            sink_options_schema?: {
                [key: string]: unknown;
            };
            /** @description The JSON Schema of a source's options */
            source_options_schema?: {
                [key: string]: unknown;
            };
            /** @description The JSON Schema of a store's options */
            store_options_schema?: {
                [key: string]: unknown;
            };
        };
        ProviderList: components["schemas"]["Provider"][];
        /** @description Whether the host takes work: for orchestrators' readiness probes */
        Readiness: {
            /** @enum {string} */
            phase: "starting" | "ready" | "draining" | "stopped";
            /** @description Why it is not ready: starting, draining, or which system store is unreachable */
            reason?: string;
            /** @enum {string} */
            status: "ready" | "not_ready";
        };
        RedriveRequest: {
            /** @description Only these dead letters (default: all, up to 1000) */
            ids?: string[];
        };
        RedriveResult: {
            failed: number;
            redriven: number;
            results: {
                /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
                id: string;
                reason?: string;
                redriven: boolean;
            }[];
        };
        RemovedPlugin: {
            /** @description A plugin id: it must be an npm package name: lower case letters, digits, "-", ".", "_" and "~", optionally "@scope/" first, not starting with "." or "_" (at most 214 characters) */
            id: string;
            message: string;
            package: string;
            version: string;
        };
        Resource: {
            /** @description Provider facts safe to show, e.g. `{ partitions: 3 }` */
            details?: {
                [key: string]: unknown;
            };
            name: string;
            /** @description `collection`, `topic`, `subscription`, `script`, `file`, … */
            resource_type: string;
        };
        ResourceContent: {
            content: string;
            /** @description A resource name (topic, collection, file, script): it must be one path segment: no "/", "\" or control characters, not "." or ".." (at most 255 characters) */
            filename: string;
        };
        ResourceList: {
            resources: components["schemas"]["Resource"][];
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            service_name: string;
        };
        /** @description Keys besides `content` are ignored */
        ResourceWrite: {
            content: string;
        } & {
            [key: string]: unknown;
        };
        RunTestsRequest: {
            cases: components["schemas"]["TestCase"][];
            /** @description Script language of an installed engine (default javascript) */
            language?: string;
            /** @description The script source; it defines transform(data, attributes) */
            script: string;
            strict_output?: boolean;
        } & {
            [key: string]: unknown;
        };
        SchemaConvertRequest: {
            options?: {
                /** @description Avro record name */
                name?: string;
                namespace?: string;
            } & {
                [key: string]: unknown;
            };
            source: {
                /** @description The schema as JSON text */
                body: string;
                /**
                 * @description "json" (JSON Schema) or "avro"
                 * @enum {string}
                 */
                schema_encoding: "json" | "avro";
            } & {
                [key: string]: unknown;
            };
            /**
             * @description The other one than the source
             * @enum {string}
             */
            target_encoding: "json" | "avro";
        } & {
            [key: string]: unknown;
        };
        SchemaConvertResult: {
            /** @enum {string} */
            encoding: "json" | "avro";
            /** @description The converted schema as JSON text */
            schema: string;
        };
        SchemaEnvelope: {
            item: components["schemas"]["StoredSchema"];
            message: string;
        };
        SchemaFillRequest: {
            /** @description A JSON Schema */
            schema: {
                [key: string]: unknown;
            };
            /** @description The same seed gives the same document */
            seed?: number;
        } & {
            [key: string]: unknown;
        };
        SchemaInput: {
            /** @description The schema text */
            definition: string;
            /** @enum {string} */
            encoding: "avro" | "json";
            /** @description Assigned by the store when missing */
            id?: string;
            name: string;
        };
        SchemaSummary: {
            /** @enum {string} */
            encoding: "avro" | "json";
            id: string;
            name: string;
        };
        SchemaSummaryList: components["schemas"]["SchemaSummary"][];
        /** @description One document shape found by sampling, without any sampled value */
        SchemaVariant: {
            sample_count: number;
            /** @description A JSON Schema */
            schema: {
                [key: string]: unknown;
            };
            share_percent: number;
        };
        SchemaVariantList: components["schemas"]["SchemaVariant"][];
        ScriptCompletion: {
            detail: string;
            documentation: string;
            insert_text: string;
            is_snippet: boolean;
            /** @enum {string} */
            kind: "function" | "snippet";
            label: string;
        };
        ScriptCompletionList: components["schemas"]["ScriptCompletion"][];
        ScriptDiagnostic: {
            column: number;
            end_column?: number;
            end_line?: number;
            line: number;
            message: string;
            /** @enum {string} */
            severity: "error" | "warning";
        };
        ScriptRequest: {
            /** @description Script language of an installed engine (default javascript) */
            language?: string;
            /** @description The script source; it defines transform(data, attributes) */
            script: string;
        } & {
            [key: string]: unknown;
        };
        ScriptValidation: {
            diagnostics: components["schemas"]["ScriptDiagnostic"][];
            valid: boolean;
        };
        /** @description A service with where it is used (secrets masked as ****) */
        Service: {
            /** @description Holds the host's own stores ([system.*]) */
            is_system: boolean;
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            name: string;
            /** @description A provider of an installed plugin (GET /providers) */
            provider: string;
            /** @description Jobs whose definition uses it */
            used_by_jobs: string[];
        } & {
            [key: string]: unknown;
        };
        /** @description A service: `provider`, `name` and the provider's own keys (secrets masked as ****) */
        ServiceConfig: {
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            name: string;
            /** @description A provider of an installed plugin (GET /providers) */
            provider: string;
        } & {
            [key: string]: unknown;
        };
        ServiceEnvelope: {
            item: components["schemas"]["ServiceConfig"];
            message: string;
        };
        ServiceList: components["schemas"]["Service"][];
        Session: {
            can_write: boolean;
            /**
             * @description `none`: this host has no tokens, anyone who reaches it may write
             * @enum {string}
             */
            role: "admin" | "read" | "none";
            token_required: boolean;
        };
        /** @description Totals across running jobs, and jobs by state */
        Stats: {
            error_jobs: number;
            running_jobs: number;
            stopped_jobs: number;
            total_bytes_processed: number;
            total_dead_letters: number;
            total_errors: number;
            total_events_processed: number;
            uptime_seconds: number;
        };
        /** @description Where a job reads, transforms or writes */
        Step: {
            /**
             * @description Encoding of the bytes a byte-oriented source emits
             * @enum {string}
             */
            input_encoding?: "json" | "bson" | "avro";
            /** @description The provider's options (its options schema in GET /providers) */
            options?: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            output_encoding: "json" | "bson" | "avro";
            /** @description Topic, collection, subscription, file, script… of that service */
            resource: string;
            /** @description An id of the connector's `schemas` */
            schema_id?: string;
            /** @description A configured service (GET /services) */
            service_name: string;
            /** @description Source and middleware steps: false skips the JSON validity scan of a json → json step (trusted sources); true asks for it where the source says its payloads are valid */
            validate_json?: boolean;
        };
        StoredSchema: {
            /** Format: date-time */
            created_at?: string;
            /** @description The schema text */
            definition: string;
            /** @enum {string} */
            encoding: "avro" | "json";
            id: string;
            name: string;
            /** @description A Confluent-compatible registry's global id of this definition */
            registry_id?: number;
            /** Format: date-time */
            updated_at?: string;
            /** @description Version under its subject, for stores that version schemas */
            version?: number;
        };
        TapEvent: {
            attributes: {
                [key: string]: string;
            };
            /** @description Why the payload could not be decoded (`payload_format` base64) */
            decode_error?: string;
            /** @enum {string} */
            encoding: "json" | "bson" | "avro";
            /** @description The key: text, or `base64:` and its bytes when binary */
            key: string | null;
            operation: string;
            /** @description The document, or a string (see `payload_format`) */
            payload: unknown;
            /**
             * @description `json`: `payload` is the decoded document (BSON and Avro as flat JSON); `text`: the document's JSON text cut at 64 KiB; `base64`: it could not be decoded, the payload bytes (at most 64 KiB)
             * @enum {string}
             */
            payload_format: "json" | "base64" | "text";
            schema_id: string | null;
            /** @description Payload bytes */
            size: number;
            /** @description The source position: its text, or `base64:` and its bytes when binary */
            source_position: string | null;
            /** @description `source`, `middleware:N` or `sink:N` */
            stage: string;
            /**
             * Format: date-time
             * @description When the event passed the stage
             */
            time: string;
            /** @description The payload was longer than 64 KiB and is cut */
            truncated: boolean;
        };
        TestCase: {
            assertions?: ({
                /** @enum {string} */
                assert_type: "equals" | "contains" | "type_matches" | "gt" | "gte" | "lt" | "lte";
                expected_value?: unknown;
                path: string;
            } & {
                [key: string]: unknown;
            })[];
            attributes?: {
                [key: string]: string;
            };
            expected?: unknown;
            input: unknown;
            name: string;
            strict_mode?: boolean;
        } & {
            [key: string]: unknown;
        };
        TestResult: {
            /** @description The output, when assertions failed */
            actual?: unknown;
            duration_ms: number;
            /** @description Why the script failed on this input */
            error?: string;
            failures?: {
                actual?: unknown;
                /** @enum {string} */
                assert_type: "equals" | "contains" | "type_matches" | "gt" | "gte" | "lt" | "lte" | "strict";
                expected?: unknown;
                message: string;
                path: string;
            }[];
            line?: number;
            name: string;
            passed: boolean;
        };
        TestRun: {
            results: components["schemas"]["TestResult"][];
            summary: {
                failed: number;
                passed: number;
                total: number;
            };
        };
        TestRunResult: {
            item: components["schemas"]["TestRun"];
            message: string;
        };
        TestSuite: {
            cases: unknown[];
            /** Format: date-time */
            created_at: string;
            description?: string;
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            id: string;
            name: string;
            /** Format: date-time */
            updated_at: string;
        } & {
            [key: string]: unknown;
        };
        TestSuiteEnvelope: {
            item: components["schemas"]["TestSuite"];
            message: string;
        };
        /** @description A suite to save; other keys (e.g. `script`) are kept as sent */
        TestSuiteInput: {
            /** @description Test cases as POST /transform/test/run takes them */
            cases: unknown[];
            description?: string;
            /** @description Replaces the suite with this id; assigned when missing */
            id?: string;
            name: string;
        } & {
            [key: string]: unknown;
        };
        TestSuiteSummary: {
            case_count: number;
            description?: string;
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            id: string;
            name: string;
        };
        TestSuiteSummaryList: components["schemas"]["TestSuiteSummary"][];
        TransformOutput: {
            attributes: {
                [key: string]: string;
            };
            /** @description What the script returned: one document, null when it dropped the event, an array on fan-out */
            document?: unknown;
            dropped?: boolean;
            /** @enum {string} */
            encoding: "json";
            /** @description How many documents a fan-out produced */
            fan_out?: number;
        };
        TransformRunRequest: {
            attributes?: {
                [key: string]: string;
            };
            /** @description Script language of an installed engine (default javascript) */
            language?: string;
            /** @description The sample document as JSON text */
            payload: string;
            /** @description The script source; it defines transform(data, attributes) */
            script: string;
        } & {
            [key: string]: unknown;
        };
        TransformRunResult: {
            item: components["schemas"]["TransformOutput"];
            message: string;
        };
        Workspace: {
            /** Format: date-time */
            created_at: string;
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            id: string;
            /** @description The sample input, as text (usually a JSON document) */
            input?: string;
            /** @description Shown in the workspace list */
            name: string;
            /** @description A stored schema the input is checked against */
            schema?: {
                /** @description A stored schema's id, as its store names it: it must be 1 to 1024 characters without control characters */
                schema_id: string;
                /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
                service_name: string;
            };
            /** @description The UDF script: its service and resource (file) name */
            script?: {
                /** @description A resource name (topic, collection, file, script): it must be one path segment: no "/", "\" or control characters, not "." or ".." (at most 255 characters) */
                resource: string;
                /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
                service_name: string;
            };
            /** @description The script's text as the Studio last had it (not in the original) */
            script_source?: string;
            /** @description A saved test suite (GET /test-suites/{id}) */
            test_suite_id?: string;
            /** Format: date-time */
            updated_at: string;
        };
        WorkspaceEnvelope: {
            item: components["schemas"]["Workspace"];
            message: string;
        };
        /** @description A workspace to save; a whole GET answer may be sent back */
        WorkspaceInput: {
            /**
             * Format: date-time
             * @description Ignored: the host keeps the first save's time
             */
            created_at?: string;
            /** @description POST: replaces the workspace with this id (assigned when missing). PUT: must be the path's id when sent */
            id?: string;
            /** @description The sample input, as text (usually a JSON document) */
            input?: string;
            /** @description Shown in the workspace list */
            name: string;
            /** @description A stored schema the input is checked against */
            schema?: {
                /** @description A stored schema's id, as its store names it: it must be 1 to 1024 characters without control characters */
                schema_id: string;
                /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
                service_name: string;
            };
            /** @description The UDF script: its service and resource (file) name */
            script?: {
                /** @description A resource name (topic, collection, file, script): it must be one path segment: no "/", "\" or control characters, not "." or ".." (at most 255 characters) */
                resource: string;
                /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
                service_name: string;
            };
            /** @description The script's text as the Studio last had it (not in the original) */
            script_source?: string;
            /** @description A saved test suite (GET /test-suites/{id}) */
            test_suite_id?: string;
            /**
             * Format: date-time
             * @description Ignored: the host sets it
             */
            updated_at?: string;
        };
        WorkspaceSummary: {
            /** @description An id: must start with a letter or digit and contain only letters, digits, ".", "_" and "-" (at most 128 characters) */
            id: string;
            name: string;
        };
        WorkspaceSummaryList: components["schemas"]["WorkspaceSummary"][];
    };
    responses: {
        /** @description Invalid request: malformed JSON, or `issues` lists every problem of the path, query and body (MS_ERR_BAD_REQUEST, MS_ERR_CONFIG_INVALID, MS_ERR_UNSUPPORTED) */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The object exists already or is in use (MS_ERR_CONFLICT) */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Refused (MS_ERR_FORBIDDEN): a read-only token on a request that changes something, a foreign Origin on a non-GET request, or a Host header this host does not serve */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The path exists but not with this method; `Allow` lists the methods it has */
        MethodNotAllowed: {
            headers: {
                /** @description e.g. `GET, HEAD, POST` */
                Allow?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The named job, service, resource, schema, dead letter, test suite or plugin does not exist (MS_ERR_NOT_FOUND) */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request body is over the size limit (MS_ERR_PAYLOAD_TOO_LARGE) */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The remote system took too long (MS_ERR_TIMEOUT); retry later */
        Timeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Too many wrong tokens from this address lately (MS_ERR_TOO_MANY_REQUESTS) */
        TooManyRequests: {
            headers: {
                /** @description Seconds to wait */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A token is configured and this request sent none or a wrong one (MS_ERR_UNAUTHORIZED) */
        Unauthorized: {
            headers: {
                /** @description Always `Bearer` */
                "WWW-Authenticate"?: "Bearer";
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A remote system the service uses is unreachable or failing (MS_ERR_CONNECTION); retry later */
        Unavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description A request body sent with a Content-Type other than application/json (MS_ERR_UNSUPPORTED_MEDIA_TYPE) */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAudit: {
        parameters: {
            query?: {
                /** @description at most this many entries (default 100) */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getAuthSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            403: components["responses"]["Forbidden"];
        };
    };
    getJobs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    postJobs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Connector"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getJobsByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteJobsByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getJobsByNameCheckpoints: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckpointList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    putJobsByNameCheckpoints: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PositionRequest"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckpointEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteJobsByNameCheckpoints: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getJobsByNameDeadLetters: {
        parameters: {
            query?: {
                /** @description max entries (default 100; larger values are capped at 1000) */
                limit?: number;
                /** @description entries to skip (default 0) */
                offset?: number;
            };
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadLetterPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteJobsByNameDeadLetters: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getJobsByNameDeadLettersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id */
                id: string;
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadLetter"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteJobsByNameDeadLettersById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id */
                id: string;
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    postJobsByNameDeadLettersRedrive: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RedriveRequest"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedriveResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getJobsByNameMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobMetrics"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    postJobsByNameRestart: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    postJobsByNameStop: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getJobsByNameTap: {
        parameters: {
            query: {
                /** @description stop after this many events (default 100, at most 10000) */
                limit?: number;
                /** @description at most this many events per second (default 20, at most 10000) */
                rate?: number;
                /** @description `source` (what the source delivered), `middleware:N` (the output of middleware N, 0-based) or `sink:N` (what sink N was given) */
                stage: string;
            };
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    postJobsDryRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DryRunRequest"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DryRunResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getLogs: {
        parameters: {
            query?: {
                /** @description only this job */
                job_name?: string;
                /** @description minimum level */
                level?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
                /** @description max entries (default 100; larger values are capped at 100000) */
                limit?: number;
                /** @description case-insensitive text in the message */
                search?: string;
                /** @description RFC 3339; entries at or after */
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LogList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getLogsStream: {
        parameters: {
            query?: {
                /** @description historical entries sent first (larger values are capped at 100000) */
                initial?: number;
                /** @description only this job */
                job_name?: string;
                /** @description minimum level */
                level?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
                /** @description case-insensitive text in the message */
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    "getOpenapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getPlugins: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PluginList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    postPlugins: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InstallRequest"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstalledPlugin"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    deletePluginsById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The plugin's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RemovedPlugin"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getPluginsSearch: {
        parameters: {
            query?: {
                /** @description free text matched against name, description and keywords; empty lists every plugin */
                q?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarketplaceSearch"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getProviders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProviderList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            403: components["responses"]["Forbidden"];
        };
    };
    postSchemaConvert: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SchemaConvertRequest"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchemaConvertResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    postSchemaFill: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SchemaFillRequest"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FilledDocument"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getServices: {
        parameters: {
            query?: {
                /** @description only services of this provider */
                provider?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    postServices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServiceConfig"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getServicesByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteServicesByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getServicesByNameResources: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResourceList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getServicesByNameResourcesByResource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
                /** @description The resource's name */
                resource: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResourceContent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    putServicesByNameResourcesByResource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
                /** @description The resource's name */
                resource: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResourceWrite"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResourceContent"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getServicesByNameSchemaIntrospect: {
        parameters: {
            query: {
                /** @description resource to sample */
                resource: string;
                /** @description documents to sample (default 100; larger values are capped at 1000) */
                sample_size?: number;
            };
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchemaVariantList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getServicesByNameSchemas: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchemaSummaryList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    postServicesByNameSchemas: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SchemaInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SchemaEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getServicesByNameSchemasById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The schema's id in its store */
                id: string;
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StoredSchema"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    deleteServicesByNameSchemasById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The schema's id in its store */
                id: string;
                /** @description The job's or service's name */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
            504: components["responses"]["Timeout"];
        };
    };
    getStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    getTestSuites: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestSuiteSummaryList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    postTestSuites: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TestSuiteInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestSuiteEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTestSuitesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestSuite"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    deleteTestSuitesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getTransformCompletions: {
        parameters: {
            query?: {
                /** @description script language (default javascript) */
                language?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScriptCompletionList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    postTransformRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransformRunRequest"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransformRunResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    postTransformTestGenerate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GenerateTestsRequest"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneratedTestsResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    postTransformTestRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RunTestsRequest"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TestRunResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    postTransformValidate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScriptRequest"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScriptValidation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceSummaryList"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    postWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceInput"];
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    getWorkspacesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
        };
    };
    putWorkspacesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceInput"];
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
    deleteWorkspacesById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["Unavailable"];
        };
    };
}
