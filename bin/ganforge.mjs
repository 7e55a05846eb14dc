#!/usr/bin/env node
// The `ganforge` command. An installed package runs dist/ as shipped. In a git checkout, npm ci
// runs no install scripts (.npmrc: ignore-scripts, so onnxruntime-node cannot download its
// optional CUDA provider from outside the npm registry), so nothing has compiled the TypeScript
// yet: compile it here on first use, and again whenever a source file is newer than the build.
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'dist', 'cli', 'main.js');
const sources = join(root, 'src');

function newestSource(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return t;
}

if (existsSync(join(sources, 'index.ts')) && (!existsSync(entry) || newestSource(sources) > statSync(entry).mtimeMs)) {
  let tsc;
  try {
    tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    console.error('ganforge: this checkout is not built and TypeScript is not installed — run `npm ci` first, then `npm run build`');
    process.exit(2);
  }
  console.error(existsSync(entry)
    ? 'ganforge: src/ changed since the last build; compiling the TypeScript sources (~30 s)…'
    : 'ganforge: first run in this checkout; compiling the TypeScript sources (~30 s)…');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('ganforge: the build failed (see above) — fix the error, or run `npm run build` to see it again');
    process.exit(2);
  }
  const now = new Date();
  utimesSync(entry, now, now); // tsc leaves unchanged outputs untouched: stamp the build time
}
await import(new URL('../dist/cli/main.js', import.meta.url).href);
