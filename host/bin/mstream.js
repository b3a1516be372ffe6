#!/usr/bin/env node
// The host's `mstream` command. A file that exists before the build (unlike dist/cli.js), so
// `npm ci` can link it into node_modules/.bin on a fresh clone and `npx mstream` works once
// `npm run build` has run.
import '../dist/cli.js';
