/**
 * The default ONNX Runtime under a bundler's `browser` condition (package.json `imports` "#ort"):
 * none. A page imports onnxruntime-web itself and passes it to `useOnnxRuntime` (the studio's
 * worker does), so the package neither bundles nor depends on it.
 */
import type { OrtRuntime } from './ort-runtime.js';

export const runtime: OrtRuntime | null = null;
