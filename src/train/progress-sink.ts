/** Where training progress goes under Node (package.json `imports` "#progress-sink"): standard error. */
import type { ProgressSink } from './progress.js';

/** process.stderr, read only when progress is shown (a silent run never touches it). */
export const defaultProgressSink = (): ProgressSink => process.stderr;
