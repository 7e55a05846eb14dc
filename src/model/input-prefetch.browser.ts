/**
 * The browser's sampling inputs: made on the sampling thread (the studio samples inside its own
 * worker already). The `browser` condition resolves "#input-prefetch" (package.json `imports`) to
 * this module; the rows are the same as with the Node module, which only adds a thread.
 */
import type { InputSpec } from './row-sampling.js';
import type { InputPrefetcher } from './input-prefetch.js';

export function openInputPrefetcher(_spec: InputSpec): InputPrefetcher | null {
  return null;
}
