/**
 * The browser's nearest-neighbour distances: one thread (the studio already computes them in its
 * training worker, off the page's thread). The `browser` condition resolves "#nearest" (package.json `imports`) to
 * this module; the result is the same as the Node module's, which only adds threads.
 */
import { buildIndex, nearestInto, type EncodedRows } from './nearest-neighbour.js';

export function nearestDistances(query: EncodedRows, ref: EncodedRows, p: number, q: number, _threads?: number): Float64Array {
  const out = new Float64Array(query.n);
  nearestInto(buildIndex(ref, p, q), query, 0, query.n, out);
  return out;
}
