/**
 * The browser's programs run where they are created (the studio trains inside its own worker
 * already). The `browser` condition resolves "#session-thread" (package.json `imports`) here.
 */
import type { InferenceSession } from 'onnxruntime-node';
import type { SessionThread } from './session-thread.js';

export async function openSessionThread(_bytes: Uint8Array, _options: InferenceSession.SessionOptions): Promise<SessionThread | null> {
  return null;
}
