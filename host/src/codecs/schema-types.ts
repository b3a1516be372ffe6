import type { Type } from 'avsc';
import type { ValidateFunction } from 'ajv';

/** How a schema's payloads are framed on the wire. */
export interface ConfluentWire {
  format: 'confluent';
  /** The registry's global id of this (reader/writer) schema, written into every framed payload. */
  registryId: number;
  /**
   * Avro types of other schema ids seen in payloads (older or newer versions of the subject),
   * keyed by registry id. Filled at job start and on demand; used as the WRITER schema.
   */
  writers: Map<number, Type>;
  /** Fetches an unknown writer schema by id in the background (the event that needed it fails as a data error meanwhile). */
  fetchWriter?: (registryId: number) => void;
}

/** A schema a job step references, compiled once when the job starts. */
export interface ResolvedSchema {
  id: string;
  encoding: 'avro' | 'json';
  /** Present for Avro schemas. */
  avro?: Type;
  /**
   * The same Avro schema decoding to the flat JSON form (ObjectId as hex, timestamps as ISO text,
   * decimals as text), for avro → json conversions; byte-for-byte the JSON `avro` + flat JSON gives.
   */
  avroJson?: Type;
  /** Present for JSON Schemas. */
  validate?: ValidateFunction;
  /** Present when payloads carry a Confluent header (`wire_format = "confluent"`). */
  wire?: ConfluentWire;
}
