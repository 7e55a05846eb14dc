import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Bundles `source` as a page would (platform browser: the `browser` conditions); the Node built-ins it imports and the files it holds. */
async function bundle(source: string): Promise<{ builtins: string[]; inputs: string[] }> {
  const seen: string[] = [];
  const recordBuiltins: Plugin = {
    name: 'record-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!builtins.has(args.path)) return undefined;
        seen.push(`${relative(root, args.importer)} → ${args.path}`);
        return { path: args.path, external: true };
      });
    },
  };
  const r = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true, write: false, metafile: true, platform: 'browser', format: 'esm', logLevel: 'silent',
    plugins: [recordBuiltins],
    // onnxruntime-node's native addon cannot be bundled at all: kept out, and looked for below.
    external: ['onnxruntime-node', '@resvg/resvg-js'],
  });
  const inputs = Object.keys(r.metafile.inputs);
  const imported = Object.values(r.metafile.inputs).flatMap((i) => i.imports.filter((x) => x.external).map((x) => x.path));
  return { builtins: [...seen, ...imported.filter((p) => builtins.has(p))], inputs: [...inputs, ...imported.filter((p) => !builtins.has(p))] };
}

test('the package\'s browser entry bundles for a browser without any Node built-in, onnxruntime-node or a Node-only build of a dependency', async () => {
  const { builtins: used, inputs } = await bundle("export * from 'ganforge';");
  assert.ok(inputs.includes('dist/browser.js'), 'ganforge under the browser condition is dist/browser.js');
  assert.deepEqual(used, []);
  assert.deepEqual(inputs.filter((p) => /onnxruntime-(node|web)|resvg/.test(p)), []);
  // The browser implementations behind package.json "imports", not the Node ones.
  for (const f of ['dist/engine/ort.browser.js', 'dist/model/artifact.browser.js', 'dist/eval/nearest-parallel.browser.js', 'dist/train/progress-sink.browser.js', 'dist/util/atomic.browser.js']) assert.ok(inputs.includes(f), f);
  for (const f of ['dist/engine/ort.js', 'dist/model/artifact.js', 'dist/eval/nearest-parallel.js', 'dist/util/atomic.js']) assert.ok(!inputs.includes(f), f);
  assert.deepEqual(inputs.filter((p) => p.includes('node_modules/csv-parse/lib/')), [], "csv-parse's browser build (its Node one needs Buffer)");
});

test('the same check finds the Node entry\'s built-ins and the Node runtime\'s onnxruntime-node (it can fail)', async () => {
  const { builtins: used, inputs } = await bundle("export * from './dist/index.js'; export { runtime } from './dist/engine/ort.js';");
  assert.ok(used.some((u) => u.endsWith('→ node:fs')), used.join('\n'));
  assert.ok(inputs.includes('onnxruntime-node'));
});

test('under the browser conditions the entry has no default runtime, trains on onnxruntime-web once given it, and has no model folders', () => {
  const script = `
    const g = await import('ganforge');
    const out = { readTable: typeof g.readTable };
    const t = await g.tableFromBytes(new TextEncoder().encode('x,y,c\\n' + Array.from({ length: 60 }, (_, i) => (i % 7) + ',' + ((i * 3) % 5) + ',' + (i % 2 ? 'p' : 'q')).join('\\n')), 't.csv');
    out.before = await g.trainTable(t, { epochs: 1, seed: 0 }).then(() => 'trained', (e) => e.code);
    const ort = await import('onnxruntime-web/wasm');
    ort.env.wasm.numThreads = 1;
    g.useOnnxRuntime(ort, { name: 'onnxruntime-web', executionProviders: ['wasm'] });
    const m = await g.trainTable(t, { epochs: 2, seed: 0 });
    const s = await m.sample(40, { seed: 1 });
    out.rows = s.rowCount; out.names = s.names; out.cats = [...new Set(s.columns[2].values)].sort();
    out.epochs = m.log.length;
    out.save = await m.save('never-written-model').then(() => 'saved', (e) => e.code);
    console.log(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['--conditions=browser', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  assert.deepEqual(out, { readTable: 'undefined', before: 'CONFIG_NO_RUNTIME', rows: 40, names: ['x', 'y', 'c'], cats: ['p', 'q'], epochs: 2, save: 'CONFIG_NO_FILE_SYSTEM' });
});
