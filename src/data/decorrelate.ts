/**
 * A whitening rotation (PCA) of a block of encoded columns: the generator produces principal
 * components with unit variance, and the inverse rotates them back. A GAN's output error is
 * roughly the same in every output direction; without the rotation a direction in which the real
 * rows barely vary (perimeter − 2π·radius, say) gets the same absolute error as any other, which
 * makes the synthetic rows trivially separable by a linear classifier. In whitened coordinates
 * the error in each direction is scaled by that direction's own spread.
 *
 * The eigendecomposition of the covariance matrix uses ml-matrix (mljs), a maintained linear
 * algebra library; directions with (numerically) zero variance — a column that is an exact
 * linear function of others — are dropped and decode as their mean.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface DecorrelationState {
  /** The columns of the block, in order: their scalar encodings form the rotated vector. */
  columns: string[];
  mean: number[];
  /** Principal directions (unit length, one array of columns.length per component), largest variance first. */
  basis: number[][];
  /** Standard deviation along each direction. */
  scale: number[];
}

/** Directions whose variance is below this share of the largest are treated as exactly zero. */
const RELATIVE_FLOOR = 1e-10;

/**
 * Column means of `z` [rows, d] (row-major) and the upper triangle of its centred cross-product
 * matrix, acc[a·d + b] = Σᵢ (z_ia − μ_a)(z_ib − μ_b) for b ≥ a (a million rows × 20 columns: ~0.5 s).
 */
export function centredCrossProducts(z: Float64Array, rows: number, d: number): { mean: number[]; acc: Float64Array } {
  const mean = new Array<number>(d).fill(0);
  for (let i = 0; i < rows; i++) for (let j = 0; j < d; j++) mean[j]! += z[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= rows;
  const acc = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < d; j++) c[j] = z[i * d + j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ca = c[a]!;
      if (ca === 0) continue;
      for (let b = a; b < d; b++) acc[a * d + b]! += ca * c[b]!;
    }
  }
  return { mean, acc };
}

/** Fits the rotation on `z`, row-major [rows, columns.length] (missing cells already filled). */
export function fitDecorrelation(z: Float64Array, rows: number, columns: string[]): DecorrelationState {
  const d = columns.length;
  const { mean, acc } = centredCrossProducts(z, rows, d);
  const cov = Matrix.zeros(d, d);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov.set(a, b, acc[a * d + b]! / rows);
      cov.set(b, a, acc[a * d + b]! / rows);
    }
  }
  const eig = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const vectors = eig.eigenvectorMatrix;
  const order = values.map((v, k) => k).sort((a, b) => values[b]! - values[a]!);
  const top = Math.max(values[order[0]!]!, 0);
  const basis: number[][] = [];
  const scale: number[] = [];
  for (const k of order) {
    if (!(values[k]! > top * RELATIVE_FLOOR && values[k]! > 0)) continue;
    basis.push(vectors.getColumn(k));
    scale.push(Math.sqrt(values[k]!));
  }
  if (!basis.length) {
    // Every column constant after encoding: keep one (zero-variance) unit direction.
    basis.push(Array.from({ length: d }, (_, j) => (j === 0 ? 1 : 0)));
    scale.push(1);
  }
  return { columns, mean, basis, scale };
}

/** z (the block's scalar encodings) → whitened components, written to out[at .. at + k). */
export function encodeDecorrelated(s: DecorrelationState, z: ArrayLike<number>, out: Float32Array, at: number): void {
  const d = s.mean.length;
  for (let k = 0; k < s.basis.length; k++) {
    const u = s.basis[k]!;
    let acc = 0;
    for (let j = 0; j < d; j++) acc += (z[j]! - s.mean[j]!) * u[j]!;
    out[at + k] = acc / s.scale[k]!;
  }
}

/** Whitened components data[at .. at + k) → the block's scalar encodings in `z`. */
export function decodeDecorrelated(s: DecorrelationState, data: ArrayLike<number>, at: number, z: Float64Array): void {
  const d = s.mean.length;
  for (let j = 0; j < d; j++) z[j] = s.mean[j]!;
  for (let k = 0; k < s.basis.length; k++) {
    const u = s.basis[k]!;
    const c = data[at + k]! * s.scale[k]!;
    for (let j = 0; j < d; j++) z[j]! += c * u[j]!;
  }
}
