/** A problem found in a script, located for an editor. Lines and columns are 1-based. @public */
export interface ScriptDiagnostic {
  line: number;
  column: number;
  end_line?: number;
  end_column?: number;
  message: string;
  severity: 'error' | 'warning';
}

/** What a script returns for one input: a document with attributes, nothing (dropped), or several (fan-out). @public */
export type ScriptOutput = { data: unknown; attributes: Record<string, string> };

/**
 * A compiled script, ready to run on sample documents (the transform playground) — the same engine
 * the plugin's middleware uses, so a script behaves identically in the studio and in a job.
 *
 * Concurrency: `run` calls are serialised by the caller. `dispose` releases the sandbox; idempotent.
 * @public
 */
export interface ScriptRunner {
  /**
   * Runs the script's entry point on `data`. Resolves with the outputs (empty array = dropped,
   * several = fan-out); rejects with a `DataError` carrying `details.line` / `details.column` when
   * the script throws, times out or exhausts its memory.
   */
  run(data: unknown, attributes: Record<string, string>): Promise<ScriptOutput[]>;
  dispose(): void;
}

/** Editor help for one helper function. @public */
export interface ScriptCompletion {
  label: string;
  kind: 'function' | 'snippet';
  detail: string;
  documentation: string;
  insert_text: string;
  is_snippet: boolean;
}

/**
 * A scripting language a plugin offers to the host's transform playground. The host looks it up
 * by `language` (e.g. `javascript`), never by plugin name.
 * @public
 */
export interface ScriptEngineDefinition {
  /** Unique among engines, e.g. `javascript`. */
  readonly language: string;
  /** Kept for the registry's `(kind, provider)` index: equal to `language`. */
  readonly provider: string;
  /** Compiles a script; rejects with `MS_ERR_BAD_REQUEST`-style errors carrying `details.line` when it does not compile. */
  compile(source: string, options?: { timeoutMs?: number; memoryLimitMb?: number }): Promise<ScriptRunner>;
  /** Checks a script without running it. */
  validate(source: string): Promise<{ valid: boolean; diagnostics: ScriptDiagnostic[] }>;
  /** Helper functions for editor completion. */
  completions?(): ScriptCompletion[];
}
