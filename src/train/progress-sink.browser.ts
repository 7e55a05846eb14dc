/**
 * Where training progress goes under a bundler's `browser` condition ("#progress-sink"): the
 * console, as plain lines (a page has no terminal to redraw a bar on).
 */
import type { ProgressSink } from './progress.js';

export const defaultProgressSink = (): ProgressSink => ({ isTTY: false, write: (s) => void console.info(s.replace(/\n$/, '')) });
