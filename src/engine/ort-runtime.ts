/**
 * The ONNX Runtime that programs run on, behind one small interface (as onnxruntime's js/common
 * keeps backends behind `Backend`): tensors and sessions. The default is the package entry's
 * `#ort` (onnxruntime-node under Node; under a bundler's `browser` condition none, so a page
 * passes its onnxruntime-web to `useOnnxRuntime`). Either package implements the same
 * onnxruntime-common API, so Program is the same code on both.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { ConfigError } from '../util/errors.js';
import { runtime as defaultRuntime } from '#ort';

export interface OrtRuntime {
  /** The package, for messages and benchmarks. */
  readonly name: string;
  readonly Tensor: typeof Tensor;
  createSession(bytes: Uint8Array, options: InferenceSession.SessionOptions): Promise<InferenceSession>;
}

/** What `useOnnxRuntime` needs of an onnxruntime package (onnxruntime-node, onnxruntime-web, onnxruntime-web/wasm). */
export interface OnnxRuntimeModule {
  readonly Tensor: unknown;
  readonly InferenceSession: { create(bytes: Uint8Array, options?: object): Promise<unknown> };
}

let chosen: OrtRuntime | null = null;

/**
 * Runs every program from now on on `ort` (e.g. `await import('onnxruntime-web/wasm')` in a
 * browser); `executionProviders` go into each session's options (['wasm'] for onnxruntime-web).
 */
export function useOnnxRuntime(ort: OnnxRuntimeModule, o: { name?: string; executionProviders?: string[] } = {}): OrtRuntime {
  chosen = {
    name: o.name ?? 'onnxruntime',
    Tensor: ort.Tensor as typeof Tensor,
    createSession: (bytes, options) =>
      ort.InferenceSession.create(bytes, o.executionProviders ? { ...options, executionProviders: o.executionProviders } : options) as Promise<InferenceSession>,
  };
  return chosen;
}

/** Whether programs run on the entry's default runtime (no `useOnnxRuntime`): onnxruntime-node under Node. */
export function usingDefaultRuntime(): boolean {
  return chosen === null && defaultRuntime !== null;
}

/** The runtime programs run on: the one given to `useOnnxRuntime`, else the entry's default. */
export function onnxRuntime(): OrtRuntime {
  const r = chosen ?? defaultRuntime;
  if (!r) {
    throw new ConfigError('CONFIG_NO_RUNTIME', 'no ONNX Runtime to run on (a browser build has no default)', undefined,
      "call useOnnxRuntime(await import('onnxruntime-web/wasm'), { executionProviders: ['wasm'] }) before training or sampling");
  }
  return r;
}
