import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The starter config `mstream init` writes: the repository's quickstart (examples/quickstart.toml,
 * which an installed host does not have), with comments for someone who installed the package.
 * test/install/init-command.test.ts checks that both say the same, so they cannot drift apart.
 * Datagen's built-in `users` schema needs no file, and the sink's `path` is relative to the files
 * root (the data folder by default), so the config alone is all a folder needs.
 */
export const STARTER_CONFIG = `# A starter mstream config, written by \`mstream init\`. \`mstream start\` in this folder runs it
# on the embedded store (./data), with the API and dashboard on http://localhost:8719.
# A generator makes 5 user profiles per second (datagen's built-in "users" schema) and a file
# sink appends them as JSON lines to ./data/out/users.jsonl. Stop with Ctrl+C; start again and
# the job resumes after the last checkpointed event.
# Paths in services and options stay inside the files root (MSTREAM_FILES_ROOT, default the data
# folder ./data) and relative ones start there: \`path = "out"\` is ./data/out.

[system.job_lifecycle]
# Jobs created through the API survive restarts; the file's connectors seed an empty store.
startup_state = "seed_from_file"

[[services]]
provider = "datagen"
name = "demo-generator"

[[services]]
provider = "file"
name = "local-files"
path = "out"

[[connectors]]
name = "quickstart-users"
source = { service_name = "demo-generator", resource = "users", output_encoding = "json", options = { rate = 5, seed = 42 } }
sinks = [
  { service_name = "local-files", resource = "users.jsonl", output_encoding = "json" },
]
checkpoint = { enabled = true, interval_ms = 1000 }
`;

/** What `init` writes, by file name inside the target folder. */
export const STARTER_FILES: Record<string, string> = { 'mstream-config.toml': STARTER_CONFIG };

/**
 * `mstream init [--dir PATH]`: writes the starter files into PATH (default: the working folder,
 * created when missing). Writes nothing when any of them exists already (exit code 2 naming it):
 * an operator's config is never replaced by a demo.
 */
export async function initCommand(dir = '.'): Promise<number> {
  const target = path.resolve(dir);
  const existing = Object.keys(STARTER_FILES).map((name) => path.join(target, name)).find((file) => existsSync(file));
  if (existing) {
    console.error(`mstream init: ${existing} already exists; not overwriting it (remove it or choose another --dir)`);
    return 2;
  }
  await mkdir(target, { recursive: true });
  // `wx`: a file created between the check and the write is still not overwritten.
  for (const [name, content] of Object.entries(STARTER_FILES)) await writeFile(path.join(target, name), content, { flag: 'wx' });
  const cd = path.relative(process.cwd(), target);
  console.log(`wrote ${path.join(target, 'mstream-config.toml')}\nnext: ${cd ? `cd ${cd} && ` : ''}mstream start   (dashboard on http://localhost:8719/ui/)`);
  return 0;
}
