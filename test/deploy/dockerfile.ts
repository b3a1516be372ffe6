// Reads the repository's Dockerfile and .dockerignore, and carries out a Dockerfile's steps in
// plain folders (no Docker on this machine): each stage gets a folder standing for its root file
// system, COPY copies what Docker would (the context filtered by .dockerignore, or another stage's
// folder), WORKDIR and ENV apply to the RUN lines after them, and RUN runs with `sh -c` there. Only
// the subset of the Dockerfile syntax the repository's Dockerfile uses is understood; anything
// else throws, so the Dockerfile cannot drift away from what the test actually ran.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name?: string;
  image: string;
  instructions: Instruction[];
}

/** The instructions in order: comments dropped, continuation lines joined. */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    while (line.endsWith('\\')) {
      line = line.slice(0, -1).trimEnd();
      // Comment lines inside a continued instruction are dropped, as Docker does.
      do i++; while (i < lines.length && lines[i].trim().startsWith('#'));
      line += ` ${(lines[i] ?? '').trim()}`;
    }
    const [keyword, ...rest] = line.split(/\s+/);
    out.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: start });
  }
  return out;
}

export function parseStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!match) throw new Error(`line ${instruction.line}: FROM ${instruction.args} not understood`);
      stages.push({ image: match[1], name: match[2], instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`line ${instruction.line}: ${instruction.keyword} before FROM`);
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

/** `["a", "b"]` (exec form) → its words; the shell form is refused where the image needs exec form. */
export function execForm(args: string, where: string): string[] {
  if (!args.startsWith('[')) throw new Error(`${where}: use the exec form (a JSON array), got ${args}`);
  return JSON.parse(args) as string[];
}

/** `ENV A=1 B=two`: only the key=value form, with values without spaces or quotes. */
export function parseEnv(args: string, where: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of args.split(/\s+/).filter(Boolean)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=([^"'\s]*)$/.exec(pair);
    if (!match) throw new Error(`${where}: ENV ${pair} not understood (use KEY=value)`);
    env[match[1]] = match[2];
  }
  return env;
}

/** `--name=value` flags in front of an instruction's arguments, and the rest. */
export function splitFlags(args: string): { flags: Record<string, string>; rest: string[] } {
  const words = args.split(/\s+/).filter(Boolean);
  const flags: Record<string, string> = {};
  while (words[0]?.startsWith('--')) {
    const [name, value = ''] = words.shift()!.slice(2).split(/=(.*)/s, 2);
    flags[name] = value;
  }
  return { flags, rest: words };
}

/**
 * A .dockerignore as a predicate on context-relative paths (`a/b/c`). Supports `*`, `?`, `**`
 * and comments, and, as Docker does, excludes everything below an excluded folder. `!` exceptions
 * are not supported (the repository's file has none).
 */
export function dockerignore(text: string): (relative: string) => boolean {
  const patterns = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const regexes = patterns.map((pattern) => {
    if (pattern.startsWith('!')) throw new Error(`.dockerignore: exceptions (${pattern}) are not supported by this test`);
    let source = '';
    const p = pattern.replace(/^\/+|\/+$/g, '');
    for (let i = 0; i < p.length; i++) {
      if (p.startsWith('**/', i)) (source += '(?:.*/)?'), (i += 2);
      else if (p.startsWith('**', i)) (source += '.*'), (i += 1);
      else if (p[i] === '*') source += '[^/]*';
      else if (p[i] === '?') source += '[^/]';
      else source += p[i].replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${source}$`);
  });
  return (relative) => {
    const parts = relative.split('/');
    for (let n = 1; n <= parts.length; n++) {
      const prefix = parts.slice(0, n).join('/');
      if (regexes.some((re) => re.test(prefix))) return true;
    }
    return false;
  };
}

export interface BuiltStage {
  name?: string;
  image: string;
  /** The folder standing for the stage's `/`. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  volumes: string[];
  expose: string[];
  healthcheck?: { options: Record<string, string>; command: string[] };
  stopSignal?: string;
  entrypoint?: string[];
  cmd?: string[];
  /** RUN lines left out because they only make sense inside the image (see `skipRun`). */
  skipped: string[];
}

export interface BuildOptions {
  dockerfile: string;
  context: string;
  /** Empty folder; each stage gets a sub-folder. */
  scratch: string;
  /** Environment for RUN lines, before the Dockerfile's ENV. */
  env: NodeJS.ProcessEnv;
  /** RUN lines not to run here (they change the image's own system folders). */
  skipRun: (command: string) => boolean;
  /** Every RUN's output is appended here. */
  log: string;
  runTimeoutMs?: number;
}

/** Carries out every stage; returns them in order (the last one is the image). */
export function buildWithoutDocker(options: BuildOptions): BuiltStage[] {
  const ignored = dockerignore(readFileSync(path.join(options.context, '.dockerignore'), 'utf8'));
  const built: BuiltStage[] = [];
  const stages = parseStages(parseDockerfile(readFileSync(options.dockerfile, 'utf8')));
  stages.forEach((stage, index) => {
    const root = path.join(options.scratch, `stage-${index}${stage.name ? `-${stage.name}` : ''}`);
    mkdirSync(root, { recursive: true });
    const current: BuiltStage = { name: stage.name, image: stage.image, root, workdir: '/', env: {}, volumes: [], expose: [], skipped: [] };
    const inStage = (p: string) => path.join(root, path.posix.resolve(current.workdir, p));
    for (const { keyword, args, line } of stage.instructions) {
      const where = `Dockerfile line ${line}`;
      switch (keyword) {
        case 'WORKDIR':
          current.workdir = path.posix.resolve(current.workdir, args);
          mkdirSync(inStage('.'), { recursive: true });
          break;
        case 'ENV':
          Object.assign(current.env, parseEnv(args, where));
          break;
        case 'COPY': {
          const { flags, rest } = splitFlags(args);
          if (rest.length < 2 || rest.some((w) => /[*?[]/.test(w))) throw new Error(`${where}: COPY ${args} not understood (no wildcards)`);
          const unknown = Object.keys(flags).filter((f) => f !== 'from' && f !== 'chown');
          if (unknown.length) throw new Error(`${where}: COPY flags ${unknown} not supported`);
          const dest = rest.at(-1)!;
          const from = flags.from === undefined ? undefined : built.find((s) => s.name === flags.from);
          if (flags.from !== undefined && !from) throw new Error(`${where}: no stage named ${flags.from}`);
          const sourceRoot = from ? from.root : options.context;
          for (const src of rest.slice(0, -1)) {
            // A context path is relative to the context; a --from path is absolute in that stage.
            const source = from ? path.join(sourceRoot, path.posix.resolve(from.workdir, src)) : path.join(sourceRoot, src);
            if (!from && ignored(path.posix.normalize(src))) throw new Error(`${where}: ${src} is excluded by .dockerignore`);
            if (!existsSync(source)) throw new Error(`${where}: COPY source ${src} does not exist`);
            const isDir = statSync(source).isDirectory();
            const target = isDir || !(dest.endsWith('/') || rest.length > 2) ? inStage(dest) : path.join(inStage(dest), path.basename(src));
            const filter = from ? undefined : (file: string) => {
              const relative = path.relative(options.context, file).split(path.sep).join('/');
              return relative === '' || !ignored(relative);
            };
            // A folder's contents are copied into the target; symbolic links stay links.
            cpSync(source, target, { recursive: true, filter, verbatimSymlinks: true });
          }
          break;
        }
        case 'RUN': {
          if (options.skipRun(args)) {
            current.skipped.push(args);
            break;
          }
          appendFileSync(options.log, `\n$ ${args}   (${where}, in ${current.workdir})\n`);
          const result = spawnSync('sh', ['-c', args], {
            cwd: inStage('.'), env: { ...options.env, ...current.env }, encoding: 'utf8', timeout: options.runTimeoutMs ?? 240_000,
          });
          appendFileSync(options.log, `${result.stdout}${result.stderr}`);
          if (result.status !== 0) throw new Error(`${where}: RUN ${args} exited ${result.status ?? result.signal}:\n${(result.stdout + result.stderr).slice(-4000)}`);
          break;
        }
        case 'USER':
          current.user = args;
          break;
        case 'VOLUME':
          current.volumes.push(...(args.startsWith('[') ? execForm(args, where) : args.split(/\s+/)));
          break;
        case 'EXPOSE':
          current.expose.push(...args.split(/\s+/));
          break;
        case 'HEALTHCHECK': {
          const { flags, rest } = splitFlags(args);
          if (rest[0] !== 'CMD') throw new Error(`${where}: HEALTHCHECK ${args} not understood`);
          current.healthcheck = { options: flags, command: execForm(rest.slice(1).join(' '), where) };
          break;
        }
        case 'STOPSIGNAL':
          current.stopSignal = args;
          break;
        case 'ENTRYPOINT':
          current.entrypoint = execForm(args, where);
          break;
        case 'CMD':
          current.cmd = execForm(args, where);
          break;
        default:
          throw new Error(`${where}: ${keyword} is not supported by this test`);
      }
    }
    built.push(current);
  });
  return built;
}

/** An absolute path of the image (`/app/x`) as the file in the stage's folder, if it exists there. */
export function inImage(stage: BuiltStage, word: string): string {
  return word.startsWith('/') && existsSync(path.join(stage.root, word)) ? path.join(stage.root, word) : word;
}
