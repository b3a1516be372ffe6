// The Kubernetes manifests in deploy/kubernetes (one host, embedded store) and
// deploy/kubernetes/replicated (several hosts, MongoDB system stores), checked as a reviewer
// would: everything listed in kustomization.yaml parses, the probes hit /ready and /health on
// the image's port, the kubelet waits longer than the host drains, the pod runs locked down with
// writable /data and /tmp only, the token and key come from the Secret as files, and the
// ConfigMap holds a config that `mstream validate` accepts. No cluster is needed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import { REPO_ROOT } from '../plugins/cli-helpers.js';
import { parseDockerfile, parseEnv, parseStages } from './dockerfile.js';

interface EnvVar { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } } }
interface Probe { httpGet?: { path: string; port: string | number } }
interface Container {
  name: string; image: string; env?: EnvVar[]; ports?: Array<{ name?: string; containerPort: number }>;
  readinessProbe?: Probe; livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
}
interface Volume { name: string; emptyDir?: object; persistentVolumeClaim?: { claimName: string }; configMap?: { name: string }; secret?: { secretName: string } }
interface PodSpec {
  terminationGracePeriodSeconds?: number; securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[]; volumes?: Volume[];
}
interface Manifest {
  apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> };
  spec?: {
    replicas?: number; strategy?: { type: string }; selector?: { matchLabels?: Record<string, string> } & Record<string, unknown>;
    template?: { metadata: { labels: Record<string, string> }; spec: PodSpec };
    ports?: Array<{ name?: string; port: number; targetPort: string | number }>;
  };
  data?: Record<string, string>; stringData?: Record<string, string>;
}
interface SystemSection { service_name?: string; resource?: string }
interface MstreamConfig {
  system?: Record<string, SystemSection | string | number> & { encryption_key_path?: string; shutdown_timeout_ms?: number };
  services?: Array<Record<string, string>>;
}

const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const image = (() => {
  const runtime = parseStages(parseDockerfile(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'))).at(-1)!;
  const args = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
  const env = Object.assign({}, ...args('ENV').map((a) => parseEnv(a, 'Dockerfile')));
  return { port: Number(args('EXPOSE')[0]), uid: Number(args('USER')[0].split(':')[0]), env: env as Record<string, string>, volume: JSON.parse(args('VOLUME')[0])[0] as string };
})();

/** Every manifest of a kustomization, each file checked to be listed and to parse. */
function loadVariant(dir: string): Manifest[] {
  const kustomization = parseYaml(readFileSync(path.join(dir, 'kustomization.yaml'), 'utf8')) as { resources: string[] };
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort();
  assert.deepEqual([...kustomization.resources].sort(), files, `${dir}: kustomization.yaml lists every manifest beside it`);
  return files.flatMap((file) => parseAllDocuments(readFileSync(path.join(dir, file), 'utf8')).map((doc) => {
    assert.deepEqual(doc.errors, [], `${file} parses`);
    const manifest = doc.toJS() as Manifest;
    assert.ok(manifest.apiVersion && manifest.kind && manifest.metadata?.name, `${file}: apiVersion, kind and metadata.name`);
    return manifest;
  }));
}

const one = (manifests: Manifest[], kind: string) => {
  const found = manifests.filter((m) => m.kind === kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0];
};
const envOf = (container: Container, name: string) => container.env?.find((e) => e.name === name);
const subset = (part: Record<string, string> = {}, whole: Record<string, string> = {}) => Object.entries(part).every(([k, v]) => whole[k] === v);

/** The folder a volume is mounted at, and the volume. */
function mountOf(pod: PodSpec, container: Container, match: (v: Volume) => boolean): { at: string; volume: Volume } {
  const volume = pod.volumes?.find(match);
  assert.ok(volume, 'the volume exists');
  const mount = container.volumeMounts?.find((m) => m.name === volume.name);
  assert.ok(mount, `volume ${volume.name} is mounted`);
  return { at: mount.mountPath, volume };
}

/** Runs `mstream validate` from the sources on a config, with the environment the pod would have. */
async function validate(toml: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mstream-k8s-config-'));
  try {
    const file = path.join(dir, 'mstream-config.toml');
    writeFileSync(file, toml);
    const child = spawn(process.execPath, ['--conditions=mstream-source', '--import', 'tsx', 'host/src/cli.ts', 'validate', '--config', file], {
      cwd: REPO_ROOT, env: { ...process.env, ...env, MSTREAM_DATA_DIR: path.join(dir, 'data') },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, output };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What both variants must satisfy. Returns the parts the variant-specific checks look at. */
async function checkCommon(manifests: Manifest[]) {
  const deployment = one(manifests, 'Deployment');
  const pod = deployment.spec!.template!.spec;
  const labels = deployment.spec!.template!.metadata.labels;
  assert.ok(subset(deployment.spec!.selector!.matchLabels, labels), 'the selector matches the pod');
  const container = pod.containers.find((c) => c.name === 'mstream')!;
  assert.ok(container, 'a container named mstream');

  // The image the Dockerfile builds, at this release's version, on the port it exposes.
  assert.equal(container.image, `mstream:${VERSION}`, 'image mstream:<version> (docs/deploy.md tags it so)');
  const portNamed = (p: string | number) => (typeof p === 'number' ? p : container.ports?.find((x) => x.name === p)?.containerPort);
  assert.deepEqual(container.ports?.map((p) => p.containerPort), [image.port], 'the Dockerfile\'s EXPOSE');
  assert.equal(envOf(container, 'MSTREAM_API_PORT')?.value ?? image.env.MSTREAM_API_PORT, String(image.port));

  assert.equal(container.readinessProbe?.httpGet?.path, '/ready');
  assert.equal(portNamed(container.readinessProbe!.httpGet!.port), image.port);
  assert.equal(container.livenessProbe?.httpGet?.path, '/health');
  assert.equal(portNamed(container.livenessProbe!.httpGet!.port), image.port);

  const service = one(manifests, 'Service');
  assert.ok(subset(service.spec!.selector as Record<string, string>, labels), 'the Service selects the pods');
  for (const port of service.spec!.ports!) assert.equal(portNamed(port.targetPort), image.port, 'the Service targets the API port');

  // Locked down: the image's non-root user, nothing writable but the volumes.
  assert.equal(pod.securityContext?.runAsNonRoot ?? container.securityContext?.runAsNonRoot, true, 'runAsNonRoot');
  assert.equal(pod.securityContext?.runAsUser, image.uid, 'the Dockerfile\'s USER');
  assert.equal(container.securityContext?.readOnlyRootFilesystem, true);
  assert.equal(container.securityContext?.allowPrivilegeEscalation, false);
  assert.deepEqual(container.securityContext?.capabilities?.drop, ['ALL']);
  for (const mount of container.volumeMounts ?? []) assert.ok(pod.volumes?.some((v) => v.name === mount.name), `volume ${mount.name} exists`);
  const writable = (at: string) => {
    const mount = container.volumeMounts?.find((m) => m.mountPath === at);
    const volume = pod.volumes?.find((v) => v.name === mount?.name);
    assert.ok(mount && !mount.readOnly && (volume?.emptyDir || volume?.persistentVolumeClaim), `${at} is a writable volume`);
    return volume!;
  };
  assert.equal(image.volume, image.env.MSTREAM_DATA_DIR);
  const data = writable(envOf(container, 'MSTREAM_DATA_DIR')?.value ?? image.env.MSTREAM_DATA_DIR);
  writable('/tmp');
  for (const kind of ['requests', 'limits'] as const) {
    assert.ok(container.resources?.[kind]?.cpu && container.resources?.[kind]?.memory, `resources.${kind} cpu and memory`);
  }

  // The config, from the ConfigMap, as a file.
  const configMap = one(manifests, 'ConfigMap');
  const configMount = mountOf(pod, container, (v) => v.configMap?.name === configMap.metadata.name);
  const configPath = envOf(container, 'MSTREAM_CONFIG')?.value ?? '';
  assert.equal(path.posix.dirname(configPath), configMount.at, 'MSTREAM_CONFIG is in the ConfigMap\'s folder');
  const toml = configMap.data?.[path.posix.basename(configPath)];
  assert.ok(toml, 'the ConfigMap holds the file MSTREAM_CONFIG names');
  const config = parseToml(toml) as MstreamConfig;

  // The token and the encryption key, from the Secret, as files.
  const secret = one(manifests, 'Secret');
  const keys = { ...secret.data, ...secret.stringData };
  for (const [key, value] of Object.entries(keys)) assert.equal(value, '', `secret.yaml commits no value for ${key}`);
  const secretMount = mountOf(pod, container, (v) => v.secret?.secretName === secret.metadata.name);
  const inSecret = (file: string | undefined, what: string) => {
    assert.equal(path.posix.dirname(file ?? ''), secretMount.at, `${what} is in the Secret's folder`);
    assert.ok(path.posix.basename(file!) in keys, `${what}: the Secret has the key ${path.posix.basename(file!)}`);
  };
  assert.equal(envOf(container, 'MSTREAM_API_TOKEN'), undefined, 'no token in the pod spec');
  inSecret(envOf(container, 'MSTREAM_API_TOKEN_FILE')?.value, 'MSTREAM_API_TOKEN_FILE');
  assert.equal(envOf(container, 'MSTREAM_ENC_KEY'), undefined, 'the key is a file, not a variable');
  inSecret(config.system?.encryption_key_path, '[system] encryption_key_path');

  // The kubelet waits for the drain: SIGTERM, in-flight batches, then stores closing.
  const drainMs = config.system?.shutdown_timeout_ms ?? Number(envOf(container, 'MSTREAM_SHUTDOWN_TIMEOUT_MS')?.value ?? 10_000);
  const graceMs = (pod.terminationGracePeriodSeconds ?? 30) * 1000;
  assert.ok(graceMs >= drainMs + 5000, `terminationGracePeriodSeconds (${graceMs} ms) leaves 5 s beyond the drain timeout (${drainMs} ms)`);

  // `mstream validate` accepts the config with the pod's environment (secret values stand in).
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.secretKeyRef) env[e.name] = `mongodb://mongo-0.mongo:27017/?replicaSet=rs0`;
    else if (e.valueFrom?.fieldRef) env[e.name] = 'mstream-7d9f-abcde';
  }
  const result = await validate(toml, env);
  assert.equal(result.code, 0, `mstream validate on the ConfigMap's config:\n${result.output}`);
  return { deployment, pod, container, config, secret, keys, data };
}

describe('Kubernetes manifests', () => {
  it('deploy/kubernetes: one host on a volume claim, replaced (not rolled) on update', async () => {
    const manifests = loadVariant(path.join(REPO_ROOT, 'deploy/kubernetes'));
    const { deployment, data } = await checkCommon(manifests);
    assert.equal(deployment.spec!.replicas, 1);
    assert.equal(deployment.spec!.strategy?.type, 'Recreate', 'one ReadWriteOnce claim: the old pod goes before the new one mounts it');
    const claim = one(manifests, 'PersistentVolumeClaim');
    assert.equal(data.persistentVolumeClaim?.claimName, claim.metadata.name, '/data is the claim');
  });

  it('deploy/kubernetes/replicated: several hosts on MongoDB system stores, no claim', async () => {
    const manifests = loadVariant(path.join(REPO_ROOT, 'deploy/kubernetes/replicated'));
    const { deployment, container, config, secret, keys, data } = await checkCommon(manifests);
    assert.ok((deployment.spec!.replicas ?? 1) >= 2, 'several replicas');
    assert.equal(manifests.filter((m) => m.kind === 'PersistentVolumeClaim').length, 0);
    assert.ok(data.emptyDir, '/data is per pod');

    // Everything the hosts must share is a collection of one mongodb service.
    const shared = ['job_lifecycle', 'service_lifecycle', 'checkpoints', 'test_suites', 'dead_letters', 'leases'];
    const names = new Set(shared.map((s) => (config.system?.[s] as SystemSection | undefined)?.service_name));
    assert.equal(names.size, 1, `every shared store on one service: ${[...names]}`);
    const service = config.services?.find((s) => s.name === [...names][0]);
    assert.equal(service?.provider, 'mongodb');
    // Its connection string comes from the Secret through the environment.
    const variable = /^env:(\w+)$/.exec(service.connection_string ?? '')?.[1];
    assert.ok(variable, 'connection_string = "env:VAR"');
    const ref = envOf(container, variable)?.valueFrom?.secretKeyRef;
    assert.equal(ref?.name, secret.metadata.name);
    assert.ok(ref!.key in keys, `the Secret has ${ref!.key}`);
    // Lease owners show as pod names.
    assert.equal(envOf(container, 'MSTREAM_HOST_ID')?.valueFrom?.fieldRef?.fieldPath, 'metadata.name');

    const budget = one(manifests, 'PodDisruptionBudget');
    assert.ok(subset(budget.spec!.selector!.matchLabels, deployment.spec!.template!.metadata.labels), 'the budget covers the pods');
  });
});
