/**
 * The ONNX Runtime that programs run on. This module is onnxruntime-node's; the browser build
 * (scripts/build-studio.mjs) resolves `ort.js` to `ort.browser.ts` (onnxruntime-web, wasm)
 * instead. Both implement onnxruntime-common's API, so Program is the same code on both.
 */
import * as ort from 'onnxruntime-node';
import type { OrtRuntime } from './ort-runtime.js';

export const runtime: OrtRuntime = {
  name: 'onnxruntime-node',
  Tensor: ort.Tensor,
  createSession: (bytes, options) => ort.InferenceSession.create(bytes, options),
};
