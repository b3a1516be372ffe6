#!/usr/bin/env node
// The `mstream` command of the batteries-included package: the host's CLI. The bundled plugins
// are this package's dependencies, installed next to the host, where its discovery finds them
// (host/src/discovery/install-layout.ts).
import '@mstream/host/cli';
