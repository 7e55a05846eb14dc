// Builds the studio (dist/studio/): the page and its training worker bundled by esbuild from
// src/studio/web/, the static files beside them, and onnxruntime-web's wasm runtime copied from
// node_modules. Run by `npm run build`, and by `ganforge studio` when src/ is newer than the build.
//
// Node-only pieces sit behind package.json `imports` ("#ort", "#model-folders", "#atomic",
// "#nearest", "#progress-sink", "#csv-parse-sync"), whose `browser` condition names the browser
// implementation: the page bundles src/, so a "#x" import resolves to the .ts source of that
// target here (a bundler of the published package reads the same map from dist/). Any import of
// a Node built-in fails the build, naming the importer, so nothing Node-only slips in.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'src', 'studio', 'web');
const out = join(root, 'dist', 'studio');

const packageImports = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).imports;

const browserImports = {
  name: 'browser-imports',
  setup(b) {
    b.onResolve({ filter: /^#/ }, async (args) => {
      const target = packageImports[args.path]?.browser;
      if (!target) return { errors: [{ text: `${relative(root, args.importer)} imports "${args.path}", which package.json "imports" has no browser target for` }] };
      if (!target.startsWith('./dist/')) {
        const r = await b.resolve(target, { kind: args.kind, resolveDir: root });
        return r.errors.length ? { errors: r.errors } : { path: r.path, sideEffects: r.sideEffects };
      }
      const source = join(root, 'src', target.slice('./dist/'.length).replace(/\.js$/, '.ts'));
      if (!existsSync(source)) return { errors: [{ text: `the browser target of "${args.path}" has no source ${relative(root, source)}` }] };
      return { path: source };
    });
    b.onResolve({ filter: /^node:|^(fs|path|os|crypto|stream|worker_threads|zlib|events|readline|url|child_process)$/ }, (args) => ({
      errors: [{ text: `${relative(root, args.importer)} imports the Node built-in "${args.path}": put it behind a package.json "imports" entry with a browser target, or import a narrower module` }],
    }));
  },
};

export async function buildStudio({ quiet = false } = {}) {
  const t0 = Date.now();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'ort'), { recursive: true });
  await build({
    entryPoints: { app: join(web, 'app.ts'), worker: join(web, 'worker.ts'), bench: join(web, 'bench.ts') },
    outdir: out,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // onnxruntime-web loads its wasm runtime (.mjs + .wasm) from ort/ beside the page, not inlined in the bundle.
    conditions: ['onnxruntime-web-use-extern-wasm'],
    minify: !process.env['GANFORGE_STUDIO_DEBUG'], // GANFORGE_STUDIO_DEBUG=1: readable bundles
    sourcemap: true,
    legalComments: 'linked',
    logLevel: quiet ? 'error' : 'warning',
    plugins: [browserImports],
  });
  for (const f of readdirSync(web)) if (/\.(html|css|svg)$/.test(f)) copyFileSync(join(web, f), join(out, f));
  const ortDist = dirname(createRequire(join(root, 'package.json')).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
  for (const f of ['ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm']) copyFileSync(join(ortDist, f), join(out, 'ort', f));
  // The built-in datasets as CSV files the page fetches: the library's own (from the compiled dist/), and penguins (CC0).
  mkdirSync(join(out, 'datasets'));
  const { loadDataset } = await import(new URL('../dist/data/datasets.js', import.meta.url).href);
  const { formatCsv } = await import(new URL('../dist/data/text-format.js', import.meta.url).href);
  const { Rng } = await import(new URL('../dist/util/rng.js', import.meta.url).href);
  for (const name of ['circle', 'gaussian', 'iris', 'sixparam']) writeFileSync(join(out, 'datasets', `${name}.csv`), formatCsv(loadDataset(name, new Rng(0))));
  for (const f of readdirSync(join(web, 'datasets'))) copyFileSync(join(web, 'datasets', f), join(out, 'datasets', f));
  writeFileSync(join(out, 'BUILT'), `${new Date().toISOString()}\n`);
  if (!quiet) console.error(`studio: built dist/studio/ in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Whether dist/studio/ is missing or older than a source file under src/. */
export function studioStale() {
  const stamp = join(out, 'BUILT');
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const newer = (dir) => readdirSync(dir, { withFileTypes: true }).some((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? newer(p) : statSync(p).mtimeMs > built;
  });
  return newer(join(root, 'src'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildStudio({ quiet: process.argv.includes('--quiet') });
}
