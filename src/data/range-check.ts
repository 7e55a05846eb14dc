/**
 * Numeric magnitudes a model can be fitted on: the encoders square values and differences
 * (variances, mixture fits), so beyond about 1e150 they overflow to Infinity and the fit fails
 * in the middle of the arithmetic. Such columns are refused up front, naming the column.
 */
import { DataError } from '../util/errors.js';
import type { Schema } from './schema.js';

export const MAX_MODEL_MAGNITUDE = 1e150;

export function checkModellableRange(schema: Schema): void {
  for (const c of schema.columns) {
    if (c.identifier || c.min === undefined || c.max === undefined || c.type === 'datetime') continue;
    const big = Math.max(Math.abs(c.min), Math.abs(c.max));
    if (big > MAX_MODEL_MAGNITUDE) {
      throw new DataError('DATA_TOO_LARGE', `values up to ${big.toExponential(2)} are too large to model (at most ±${MAX_MODEL_MAGNITUDE.toExponential(0)})`, { column: c.name },
        'rescale the column (e.g. to other units or its logarithm), or treat it as categorical');
    }
  }
}
