import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { MstreamError, type Codecs, type Sink, type SinkDefinition, type StreamEvent } from '@mstream/sdk';
import { assertFileName } from './file-name.js';
import type { FileFolder } from './file-service.js';
import { fsError } from './fs-errors.js';
import { toJsonLine } from './json-lines.js';

/** Sink options as validated by the schema below. */
export interface FileSinkOptions {
  fsync: boolean;
}

/**
 * Appends each batch as JSON lines with one write call. A failed write is rolled back (the file is
 * truncated to its size before the call) so the batch is written whole or not at all; a crash
 * in the middle can still leave a partial last line. Assumes it is the only writer of its file.
 */
class FileSink implements Sink {
  private handle: FileHandle | undefined;
  private size = 0;
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly options: FileSinkOptions,
    private readonly codecs: Codecs,
  ) {}

  async open(): Promise<void> {
    if (this.handle) return;
    try {
      this.handle = await open(this.path, 'a');
      this.size = (await this.handle.stat()).size;
    } catch (error) {
      throw fsError(error, `cannot open ${this.path}`);
    }
  }

  async write(events: StreamEvent[], signal: AbortSignal): Promise<void> {
    if (this.closed) throw new MstreamError('MS_ERR_INTERNAL', 'file: write called after close');
    // Encode everything first: a bad event must fail the call before a single byte is written.
    let data = '';
    for (const event of events) data += toJsonLine(event, this.codecs) + '\n';
    if (signal.aborted) throw new MstreamError('MS_ERR_TIMEOUT', 'file: write aborted before it started', { retriable: true });
    await this.open();
    const handle = this.handle!;
    const bytes = Buffer.from(data, 'utf8');
    try {
      // One call per batch; not abortable once started, since stopping halfway would split a line.
      await handle.appendFile(bytes);
      if (this.options.fsync) await handle.datasync();
      this.size += bytes.length;
    } catch (error) {
      await handle.truncate(this.size).catch(() => undefined);
      throw fsError(error, `cannot append to ${this.path}`);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return;
    try {
      await handle.close();
    } catch (error) {
      throw fsError(error, `cannot close ${this.path}`);
    }
  }
}

/**
 * The `file` sink: the resource is a file name inside the service folder. Delivery is
 * at-least-once and the sink is not idempotent: a batch the host retries after a crash or a
 * lost acknowledgement is appended again.
 */
export const fileSink: SinkDefinition<FileFolder, FileSinkOptions> = {
  provider: 'file',
  idempotent: false,
  encodings: ['json', 'bson', 'avro'],
  resourceLabel: 'file name inside the folder',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      fsync: { type: 'boolean', default: false, description: 'Flush each batch to disk before acknowledging it (slower, survives power loss).' },
    },
  },
  create({ service, resource, options, context }) {
    assertFileName(resource);
    return new FileSink(join(service.folder, resource), options, context.codecs);
  },
};
