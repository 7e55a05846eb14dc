/**
 * The browser's sampling: all on the sampling thread (the studio samples inside its own worker
 * already). The `browser` condition resolves "#sampling-thread" (package.json `imports`) to this
 * module; the rows are the same as with the Node module, which only adds a thread.
 */
import type { InputSpec } from './row-sampling.js';
import type { SamplingThread } from './sampling-thread.js';

export function openSamplingThread(_spec: InputSpec): SamplingThread | null {
  return null;
}
