#!/usr/bin/env node
// Builds and publishes every public package of the workspace to one npm registry, dependencies
// first (the SDK, the host and plugins, then `mstream`), so a registry never holds a package
// whose dependencies it lacks. Idempotent: a version the registry already has is skipped (npm
// refuses to publish a version twice anyway), so a release that failed half-way is finished by
// running it again. The registry is never implied: without --registry it refuses to run.
//   npm run release -- --registry URL [--no-build] [--dry-run]
// Authentication is npm's own: a token for that registry in ~/.npmrc or NPM_CONFIG_USERCONFIG.
import { spawnSync } from 'node:child_process';
import { versionProblems } from './release/check-versions.mjs';
import { publishOrder, ROOT } from './release/packages.mjs';

const USAGE = 'usage: npm run release -- --registry URL [--no-build] [--dry-run]';

function parse(argv) {
  const options = { registry: undefined, build: true, dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    if (name === '--registry') options.registry = inline ?? argv[++i];
    else if (name === '--no-build') options.build = false;
    else if (name === '--dry-run') options.dryRun = true;
    else fail(`unknown argument "${argv[i]}"`);
  }
  if (!options.registry) fail('--registry URL is required: the release never guesses where to publish');
  if (!/^https?:\/\/[^/]/.test(options.registry)) fail(`--registry must be an http(s) URL (got "${options.registry}")`);
  return options;
}

function fail(message) {
  console.error(`release: ${message}\n${USAGE}`);
  process.exit(2);
}

function npm(args, { quiet = false } = {}) {
  const result = spawnSync('npm', args, { cwd: ROOT, encoding: 'utf8', stdio: quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw result.error;
  return result;
}

/** True when the registry has this exact version; false when it has not; throws when it cannot tell. */
function isPublished(name, version, registry) {
  const view = npm(['view', `${name}@${version}`, 'version', '--json', '--registry', registry, '--prefer-online', '--loglevel=error'], { quiet: true });
  if (view.status === 0) return view.stdout.trim() !== '';
  if (/E404|404 Not Found/.test(view.stderr)) return false; // not even the package is there
  throw new Error(`npm view ${name}@${version} failed:\n${view.stderr}`);
}

const options = parse(process.argv.slice(2));
const problems = versionProblems();
if (problems.length) {
  console.error(`release: the packages' versions disagree:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
if (options.build && npm(['run', 'build']).status !== 0) {
  console.error('release: the build failed; nothing was published');
  process.exit(1);
}

const summary = [];
for (const { dir, pkg } of publishOrder()) {
  const id = `${pkg.name}@${pkg.version}`;
  if (isPublished(pkg.name, pkg.version, options.registry)) {
    summary.push(`skipped ${id} (already published)`);
    continue;
  }
  // --workspace runs the package's own pack scripts (the host bundles the dashboard and template).
  const args = ['publish', '--workspace', dir, '--registry', options.registry, '--loglevel=warn'];
  if (options.dryRun) args.push('--dry-run');
  if (npm(args).status !== 0) {
    console.error(`release: publishing ${id} failed; packages before it are published, run the release again to continue`);
    process.exit(1);
  }
  summary.push(`${options.dryRun ? 'would publish' : 'published'} ${id}`);
}
console.log(`release to ${options.registry}:\n  ${summary.join('\n  ')}`);
