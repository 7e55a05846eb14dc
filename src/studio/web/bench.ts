/** The studio's benchmark page: `npm run bench` opens bench.html in Chromium and calls runStudioBench(). */
import * as ortWeb from 'onnxruntime-web/wasm';
import { csvFromBytes } from '../../data/csv-bytes.js';
import { studioSpeed, type StudioSpeed } from '../../bench/studio-speed.js';
import { useOnnxRuntime } from '../../engine/ort-runtime.js';

ortWeb.env.wasm.wasmPaths = new URL('./ort/', location.href).href;
// One thread, as onnxruntime-node's side, unless bench.html?threads=N (threads need a cross-origin isolated page).
const threads = Math.max(1, Number(new URL(location.href).searchParams.get('threads') ?? 1) || 1);
ortWeb.env.wasm.numThreads = threads;

// The library's browser build has no default runtime: the same one the studio's worker trains on.
useOnnxRuntime(ortWeb, { name: 'onnxruntime-web', executionProviders: ['wasm'] });

(globalThis as unknown as { runStudioBench: (o: { epochs?: number; seedRounds?: number }) => Promise<StudioSpeed> }).runStudioBench = async (o) => {
  const bytes = new Uint8Array(await (await fetch(new URL('./datasets/penguins.csv', location.href))).arrayBuffer());
  return studioSpeed(csvFromBytes(bytes, 'penguins.csv'), { ...o, threads });
};
document.body.dataset['ready'] = 'yes';
