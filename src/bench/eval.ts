/**
 * Benchmark: evaluate() on 100k × 20 mixed-type rows, real vs synthetic (not part of npm test).
 * 12 continuous columns (correlated normals, a skewed one, a datetime, some missing values),
 * 6 string categoricals of 3–30 levels, 2 booleans; all generated with the seeded Rng.
 */
import { makeTable, type ColumnData, type Table } from '../data/table.js';
import { evaluate } from '../eval/evaluate.js';
import { Rng } from '../util/rng.js';

export function mixedTable(rows: number, rng: Rng, shift: number): Table {
  const names: string[] = [];
  const cols: ColumnData[] = [];
  const base = rng.fillNormal(new Float64Array(rows)) as Float64Array;
  for (let j = 0; j < 12; j++) {
    const v = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const z = 0.6 * base[i]! + 0.8 * rng.normal() + shift;
      v[i] = j === 1 ? Math.exp(z) : j === 2 ? Date.UTC(2024, 0, 1) + z * 86_400_000 : j === 3 && rng.uniform() < 0.05 ? NaN : z * (j + 1);
    }
    names.push(`num${j}`);
    cols.push(j === 2 ? { kind: 'datetime', values: v } : { kind: 'number', values: v });
  }
  for (let j = 0; j < 6; j++) {
    const levels = [3, 5, 8, 12, 20, 30][j]!;
    const weights = Array.from({ length: levels }, (_, k) => 1 / (k + 1 + shift));
    names.push(`cat${j}`);
    cols.push({ kind: 'string', values: Array.from({ length: rows }, () => `L${rng.choice(weights)}`) });
  }
  for (let j = 0; j < 2; j++) {
    names.push(`flag${j}`);
    cols.push({ kind: 'boolean', values: Array.from({ length: rows }, (_, i) => base[i]! + rng.normal() > shift * j) });
  }
  return makeTable(names, cols);
}

export async function benchEval(): Promise<{ name: string; seconds: number; quality: number | null; detection: number | null }> {
  const rng = new Rng(2024);
  const real = mixedTable(100_000, rng, 0);
  const synthetic = mixedTable(100_000, rng, 0.1);
  const t0 = performance.now();
  const r = evaluate(real, synthetic, { rng: 1 });
  const seconds = (performance.now() - t0) / 1000;
  return { name: 'evaluate-100k', seconds, quality: r.quality, detection: r.detection.score };
}
