import { ConfigValidationError, type SourceDefinition } from '@mstream/sdk';
import { ChangeStreamSource, WHOLE_DATABASE } from './change-stream-source.js';
import type { MongoHandle } from './mongo-service.js';
import { parseStartTime, sourceOptionsSchema, type MongoSourceOptions } from './source-options.js';

/**
 * The `mongodb` source: a change stream on one collection (or the database with `*`), with an
 * optional initial snapshot. Resumes exactly after the last acknowledged resume token.
 */
export const mongoSource: SourceDefinition<MongoHandle, MongoSourceOptions> = {
  provider: 'mongodb',
  resume: 'exact',
  // Every reader of a change stream gets every event: on hosts sharing a job store, one runs it.
  exclusive: true,
  // Reading a change stream or a snapshot changes nothing on the server, and `ack` commits
  // nothing: a dry run reads from where the job would (its checkpoint, the snapshot, or now).
  dryRun: true,
  resourceLabel: 'collection (or * for the whole database)',
  optionsSchema: sourceOptionsSchema,
  create({ service, resource, options, context }) {
    const issues: Array<{ path: string; message: string }> = [];
    if (!resource) issues.push({ path: 'resource', message: 'name a collection, or * for the whole database' });
    if (resource === WHOLE_DATABASE && options.snapshot) issues.push({ path: 'options.snapshot', message: 'a snapshot needs one collection, not *' });
    if (issues.length) throw new ConfigValidationError(issues);
    parseStartTime(options.start_at_operation_time);
    return new ChangeStreamSource(service, resource, options, context);
  },
};
