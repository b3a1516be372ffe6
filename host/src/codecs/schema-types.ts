import type { Type } from 'avsc';
import type { ValidateFunction } from 'ajv';

/** A schema a job step references, compiled once when the job starts. */
export interface ResolvedSchema {
  id: string;
  encoding: 'avro' | 'json';
  /** Present for Avro schemas. */
  avro?: Type;
  /** Present for JSON Schemas. */
  validate?: ValidateFunction;
}
