/**
 * The default ONNX Runtime under Node (package.json `imports` "#ort"): onnxruntime-node. The
 * `browser` condition resolves "#ort" to ort.browser.ts instead, which has none.
 */
// First: sets ORT_DISABLE_TELEMETRY before ONNX Runtime starts.
import './ort-telemetry.js';
import * as ort from 'onnxruntime-node';
import type { OrtRuntime } from './ort-runtime.js';

export const runtime: OrtRuntime | null = {
  name: 'onnxruntime-node',
  Tensor: ort.Tensor,
  createSession: (bytes, options) => ort.InferenceSession.create(bytes, options),
};
