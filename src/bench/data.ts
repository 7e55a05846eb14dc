/**
 * Data-layer benchmark: schema inference + transformer fit (mode-specific normalisation) on
 * 1,000,000 rows × 20 mixed columns generated with the seeded Rng. Not part of `npm test`.
 * Run: npm run build && node dist/bench/data.js
 */
import { pathToFileURL } from 'node:url';
import { Rng } from '../util/rng.js';
import { makeTable, type ColumnData, type Table } from '../data/table.js';
import { inferSchema } from '../data/schema.js';
import { fitTransformer, transform, inverseTransform, spanLayout, type ContinuousOption } from '../data/transformer.js';

export function benchTable(rows: number, rng: Rng): Table {
  const names: string[] = [];
  const cols: ColumnData[] = [];
  const num = (name: string, f: () => number): void => {
    const v = new Float64Array(rows);
    for (let i = 0; i < rows; i++) v[i] = f();
    names.push(name);
    cols.push({ kind: 'number', values: v });
  };
  const cat = (name: string, k: number): void => {
    const labels = Array.from({ length: k }, (_, i) => `${name}_${i}`);
    // Zipf-like frequencies so some categories are rare.
    const weights = labels.map((_, i) => 1 / (i + 1));
    const cdf: number[] = [];
    weights.reduce((s, w, i) => (cdf[i] = s + w), 0);
    const total = cdf[k - 1]!;
    const v = new Array<string | null>(rows);
    for (let i = 0; i < rows; i++) {
      const r = rng.uniform() * total;
      let j = 0;
      while (cdf[j]! < r) j++;
      v[i] = labels[j]!;
    }
    names.push(name);
    cols.push({ kind: 'string', values: v });
  };
  for (let c = 0; c < 4; c++) num(`gauss${c}`, () => rng.normal() * (c + 1) + 10 * c);
  for (let c = 0; c < 3; c++) num(`bimodal${c}`, () => (rng.uniform() < 0.3 ? rng.normal() - 5 : 2 * rng.normal() + 8 + c));
  num('expo', () => -Math.log(1 - rng.uniform()) * 3);
  num('uniform', () => rng.uniformIn(-1, 1));
  num('with_missing', () => (rng.uniform() < 0.1 ? NaN : rng.normal() * 5));
  num('count', () => rng.int(1000));
  num('age', () => 18 + rng.int(70));
  num('score', () => Math.round(rng.normal() * 15 + 100));
  const stamps = new Float64Array(rows);
  for (let i = 0; i < rows; i++) stamps[i] = Date.UTC(2020, 0, 1) + rng.int(1500) * 86_400_000;
  names.push('day');
  cols.push({ kind: 'datetime', values: stamps });
  cat('colour', 3);
  cat('region', 12);
  cat('product', 60);
  cat('store', 400);
  const flags = new Array<boolean | null>(rows);
  for (let i = 0; i < rows; i++) flags[i] = rng.uniform() < 0.2;
  names.push('flag');
  cols.push({ kind: 'boolean', values: flags });
  num('small_int', () => rng.int(4));
  return makeTable(names, cols);
}

export async function benchData(opts: { rows?: number; continuous?: ContinuousOption } = {}): Promise<object> {
  const rows = opts.rows ?? 1_000_000;
  const continuous = opts.continuous ?? 'mode';
  const rng = new Rng(2024);
  const genStart = performance.now();
  const table = benchTable(rows, rng.fork('table'));
  const generateSeconds = (performance.now() - genStart) / 1000;
  const start = performance.now();
  const schema = inferSchema(table);
  const state = fitTransformer(table, schema, { continuous, rng: rng.fork('fit') });
  const seconds = (performance.now() - start) / 1000;
  const fitRss = process.resourceUsage().maxRSS;
  const tStart = performance.now();
  const encoded = transform(state, table);
  const transformSeconds = (performance.now() - tStart) / 1000;
  const iStart = performance.now();
  inverseTransform(state, encoded, rows);
  const inverseSeconds = (performance.now() - iStart) / 1000;
  return {
    name: 'transformer-fit-1M',
    rows,
    columns: table.names.length,
    continuous,
    seconds: Number(seconds.toFixed(3)),
    transform_seconds: Number(transformSeconds.toFixed(3)),
    inverse_seconds: Number(inverseSeconds.toFixed(3)),
    generate_seconds: Number(generateSeconds.toFixed(3)),
    encoded_width: spanLayout(state).width,
    encoded_mb: Math.round(encoded.byteLength / 2 ** 20),
    // Peak RSS up to the end of the fit (table + fit); the encoded matrix comes on top of it.
    peak_rss_mb: Math.round(fitRss / 1024),
    peak_rss_with_transform_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = process.argv[2] ? Number(process.argv[2]) : undefined;
  console.log(JSON.stringify(await benchData(rows ? { rows } : {})));
}
