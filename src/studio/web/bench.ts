/** The studio's benchmark page: `npm run bench` opens bench.html in Chromium and calls runStudioBench(). */
import * as ortWeb from 'onnxruntime-web/wasm';
import { csvFromBytes } from '../../data/csv-bytes.js';
import { studioSpeed, type StudioSpeed } from '../../bench/studio-speed.js';
import { useOnnxRuntime } from '../../engine/ort-runtime.js';

ortWeb.env.wasm.wasmPaths = new URL('./ort/', location.href).href;
// One thread, as onnxruntime-node's side (bench.html?threads=N to try more on a cross-origin isolated page).
ortWeb.env.wasm.numThreads = Math.max(1, Number(new URL(location.href).searchParams.get('threads') ?? 1) || 1);

// The library's browser build has no default runtime: the same one the studio's worker trains on.
useOnnxRuntime(ortWeb, { name: 'onnxruntime-web', executionProviders: ['wasm'] });

(globalThis as unknown as { runStudioBench: (o: { epochs?: number; seedRounds?: number }) => Promise<StudioSpeed> }).runStudioBench = async (o) => {
  const bytes = new Uint8Array(await (await fetch(new URL('./datasets/penguins.csv', location.href))).arrayBuffer());
  return studioSpeed(csvFromBytes(bytes, 'penguins.csv'), o);
};
document.body.dataset['ready'] = 'yes';
