// Builds the studio (dist/studio/): the page and its training worker bundled by esbuild from
// src/studio/web/, the static files beside them, and onnxruntime-web's wasm runtime copied from
// node_modules. Run by `npm run build`, and by `ganforge studio` when src/ is newer than the build.
//
// Node-only modules have browser twins: when `x.ts` has a sibling `x.browser.ts`, the bundle uses
// the twin (the ONNX Runtime package, model folders, threaded nearest neighbours). Any other
// import of a Node built-in fails the build, naming the importer, so nothing Node-only slips in.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'src', 'studio', 'web');
const out = join(root, 'dist', 'studio');

const browserTwins = {
  name: 'browser-twins',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(join(root, 'src'))) return undefined;
      const ts = join(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      const twin = ts.replace(/\.ts$/, '.browser.ts');
      if (existsSync(twin)) return { path: twin };
      return undefined;
    });
    b.onResolve({ filter: /^node:|^(fs|path|os|crypto|stream|worker_threads|zlib|events|readline|url|child_process)$/ }, (args) => ({
      errors: [{ text: `${relative(root, args.importer)} imports the Node built-in "${args.path}": give that module a .browser.ts twin, or import a narrower module` }],
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
    // csv-parse's Node build uses Buffer; its browser build is the same parser with Buffer bundled in.
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
    plugins: [browserTwins],
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
