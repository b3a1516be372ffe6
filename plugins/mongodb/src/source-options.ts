import { ConfigValidationError, type ConfigSchema } from '@mstream/sdk';
import { Timestamp, type Document } from 'mongodb';

/** Source options as validated by {@link sourceOptionsSchema}. */
export interface MongoSourceOptions {
  pipeline: Document[];
  full_document: 'updateLookup' | 'whenAvailable' | 'required';
  full_document_before_change: 'off' | 'whenAvailable' | 'required';
  on_unresumable: 'fail' | 'restart_from_now';
  start_at_operation_time?: string | number;
  snapshot: boolean;
  snapshot_batch_size: number;
  max_await_ms: number;
  raw_documents: boolean;
  split_large_events: boolean;
}

export const sourceOptionsSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    pipeline: {
      type: 'array',
      items: { type: 'object' },
      default: [],
      description: 'Aggregation stages appended to the change stream, e.g. [{"$match": {"operationType": "insert"}}]. Must not change _id (the resume token).',
    },
    full_document: {
      type: 'string',
      enum: ['updateLookup', 'whenAvailable', 'required'],
      default: 'updateLookup',
      description: 'What update events carry: the current document (updateLookup), or the post-image (whenAvailable / required; MongoDB 6+ with changeStreamPreAndPostImages).',
    },
    full_document_before_change: {
      type: 'string',
      enum: ['off', 'whenAvailable', 'required'],
      default: 'whenAvailable',
      'x-advanced': true,
      description: 'Pre-images (MongoDB 6+ with changeStreamPreAndPostImages): delete events then carry the deleted document instead of {_id}. Use off for MongoDB 5 and older.',
    },
    on_unresumable: {
      type: 'string',
      enum: ['fail', 'restart_from_now'],
      default: 'fail',
      description: 'When the saved resume token is no longer in the oplog, or the stream is invalidated (drop, rename): fail the job, or log a warning and continue from now (events in between are lost).',
    },
    start_at_operation_time: {
      type: ['string', 'integer'],
      description: 'Where a job without a checkpoint starts: an ISO-8601 date or epoch seconds (must still be in the oplog). Default: now.',
    },
    snapshot: {
      type: 'boolean',
      default: false,
      description: 'Copy the existing documents first (operation "snapshot", in _id order), then stream changes from a point taken before the copy began.',
    },
    snapshot_batch_size: { type: 'integer', minimum: 1, maximum: 10000, default: 500, 'x-advanced': true, description: 'Documents fetched per snapshot query.' },
    max_await_ms: {
      type: 'integer',
      minimum: 10,
      maximum: 60000,
      default: 1000,
      'x-advanced': true,
      description: 'How long the server holds an empty getMore (maxAwaitTimeMS); reads still return early when the host asks.',
    },
    split_large_events: {
      type: 'boolean',
      default: false,
      'x-advanced': true,
      description: 'Ask the server to split change events over 16 MiB into fragments ($changeStreamSplitLargeEvent, MongoDB 7.0 and 6.0.9+) and reassemble them into one event. Without it such an event stops the stream with BSONObjectTooLarge.',
    },
    raw_documents: {
      type: 'boolean',
      default: true,
      'x-advanced': true,
      description: 'Pass each document on as the raw BSON the server sent, without decoding and re-encoding it (adds one $addFields stage after your pipeline). Turned off by itself, with a warning, on a server that rejects that stage.',
    },
  },
};

/** Parses `start_at_operation_time` into a cluster time; a bad value is a configuration error. */
export function parseStartTime(value: string | number | undefined): Timestamp | undefined {
  if (value === undefined || value === '') return undefined;
  let seconds: number;
  if (typeof value === 'number') seconds = value;
  else if (/^\d+(\.\d+)?$/.test(value.trim())) seconds = Number(value);
  else seconds = Date.parse(value) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new ConfigValidationError([{ path: 'options.start_at_operation_time', message: `"${value}" is neither an ISO-8601 date nor epoch seconds` }]);
  }
  return new Timestamp({ t: Math.floor(seconds), i: 0 });
}
