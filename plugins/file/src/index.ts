import { definePlugin } from '@mstream/sdk';
import { fileResources } from './file-resources.js';
import { fileService } from './file-service.js';
import { fileSink } from './file-sink.js';

/** Built-in plugin writing events as JSON lines into files of a local folder. See README.md. */
export default definePlugin({
  id: 'file',
  version: '0.1.0',
  sdk: '^0.1.0',
  displayName: 'Files',
  description: 'Writes events as JSON lines into files of a folder.',
  register(points) {
    points.service(fileService);
    points.sink(fileSink);
    points.resources(fileResources);
  },
});
