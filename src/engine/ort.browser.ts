/**
 * The browser's ONNX Runtime: onnxruntime-web's WebAssembly backend (SIMD; threads when the page is
 * cross-origin isolated). The browser build resolves `ort.js` to this module; the page sets
 * `env.wasm` (where the .wasm/.mjs files are served, thread count) before the first session.
 */
import * as ort from 'onnxruntime-web/wasm';
import type { InferenceSession } from 'onnxruntime-node';
import type { OrtRuntime } from './ort-runtime.js';

export const runtime: OrtRuntime = {
  name: 'onnxruntime-web',
  Tensor: ort.Tensor as unknown as OrtRuntime['Tensor'],
  createSession: (bytes, options) => ort.InferenceSession.create(bytes, { ...options, executionProviders: ['wasm'] }) as unknown as Promise<InferenceSession>,
};

export const ortEnv = ort.env;
