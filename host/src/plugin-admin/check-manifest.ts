import semver from 'semver';
import { MstreamError, PLUGIN_API_VERSION, SDK_VERSION } from '@mstream/sdk';
import type { PackageJson } from '../discovery/find-plugin-packages.js';

/**
 * Checks an installed package's package.json before any of its code runs: it must be an mstream
 * connector plugin of this host's manifest API version, and declare `@mstream/sdk` as a peer
 * dependency whose range includes this host's SDK. Throws with the reason, naming both versions.
 */
export function checkManifest(pkg: PackageJson, name: string): void {
  const manifest = pkg.mstream;
  if (manifest?.role !== 'connector-plugin') {
    throw new MstreamError('MS_ERR_PLUGIN_INVALID', `${name} is not an mstream plugin: its package.json has no "mstream": { "role": "connector-plugin" } manifest`);
  }
  if (manifest.apiVersion !== PLUGIN_API_VERSION) {
    throw new MstreamError('MS_ERR_PLUGIN_VERSION_MISMATCH',
      `${name}: manifest apiVersion ${String(manifest.apiVersion)} is not supported (this host supports ${PLUGIN_API_VERSION})`);
  }
  const peers = (pkg.peerDependencies ?? {}) as Record<string, string>;
  const range = peers['@mstream/sdk'];
  if (!range) {
    const bundled = ((pkg.dependencies ?? {}) as Record<string, string>)['@mstream/sdk'];
    throw new MstreamError('MS_ERR_PLUGIN_INVALID', `${name} must declare "@mstream/sdk" in peerDependencies${bundled ? ' (not in dependencies: the host provides the SDK)' : ''}`);
  }
  if (!semver.validRange(range) || !semver.satisfies(SDK_VERSION, range, { includePrerelease: true })) {
    throw new MstreamError('MS_ERR_PLUGIN_VERSION_MISMATCH', `${name} requires SDK ${range} but this host provides SDK ${SDK_VERSION}`);
  }
}
