// `npm run bench [area…]`: runs scripts/bench/<area>.bench.ts modules and rewrites their sections of
// docs/benchmarks.md (other sections are kept), with the machine and date of the run.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchSection } from './bench-types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const docFile = path.resolve(here, '../../docs/benchmarks.md');
const filter = process.argv.slice(2);
const durationMs = Number(process.env.MSTREAM_BENCH_SECONDS ?? 10) * 1000;

const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const selected = files.filter((f) => filter.length === 0 || filter.includes(f.replace('.bench.ts', '')));
if (selected.length === 0) {
  console.error(`no benchmark matches ${filter.join(' ')} (have: ${files.map((f) => f.replace('.bench.ts', '')).join(', ')})`);
  process.exit(2);
}

// Several benchmarks: one process each, so one's heap and RSS do not colour the next one's.
if (selected.length > 1) {
  const { spawnSync } = await import('node:child_process');
  for (const file of selected) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), file.replace('.bench.ts', '')], { stdio: 'inherit' });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
  process.exit(0);
}

let doc = await readFile(docFile, 'utf8').catch(() => '# Benchmarks\n\nProduced by `npm run bench`; each section is rewritten when its benchmark runs.\n');
for (const file of selected) {
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as { default: BenchModule };
  console.log(`\n== ${file}`);
  const section = await module.default({ durationMs, log: (m) => console.log(`   ${m}`) });
  doc = replaceSection(doc, section.area, render(section));
  console.log(render(section));
}
await writeFile(docFile, doc);
console.log(`\nwrote ${path.relative(process.cwd(), docFile)}`);
process.exit(0);

function render(section: BenchSection): string {
  const columns = [...new Set(section.rows.flatMap((r) => Object.keys(r)))];
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  return [
    `<!-- bench:${section.area} -->`,
    `## ${section.title}`,
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}; ${durationMs / 1000} s per case.`,
    '',
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...section.rows.map((r) => `| ${columns.map((c) => String(r[c] ?? '')).join(' | ')} |`),
    '',
    ...section.notes.flatMap((n) => [n, '']),
    `<!-- /bench:${section.area} -->`,
  ].join('\n');
}

function replaceSection(doc: string, area: string, text: string): string {
  const start = doc.indexOf(`<!-- bench:${area} -->`);
  const endMarker = `<!-- /bench:${area} -->`;
  const end = doc.indexOf(endMarker);
  if (start >= 0 && end > start) return doc.slice(0, start) + text + doc.slice(end + endMarker.length);
  return `${doc.trimEnd()}\n\n${text}\n`;
}
