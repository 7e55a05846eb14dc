/** What a Program needs from an ONNX Runtime package (its onnxruntime-common API): tensors and sessions. */
import type { InferenceSession, Tensor } from 'onnxruntime-node';

export interface OrtRuntime {
  /** The package, for messages and benchmarks. */
  readonly name: string;
  readonly Tensor: typeof Tensor;
  createSession(bytes: Uint8Array, options: InferenceSession.SessionOptions): Promise<InferenceSession>;
}
