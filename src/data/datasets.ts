/**
 * Built-in datasets: shipped files (iris, 8×8 digits, under assets/datasets) and generators
 * (circle, 1-D Gaussian, six-parameter table) driven by our seeded Rng. Nothing is read from
 * outside the package.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { DataError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { columnFromText } from './cells.js';
import { makeTable, numericTable, type Table } from './table.js';

export interface DatasetInfo {
  name: string;
  description: string;
  rows: number;
  columns: string[];
  /** 'shipped': a file in the package; 'generated': drawn from the Rng on each load. */
  source: 'shipped' | 'generated';
}

export interface LoadOptions {
  /** Generated datasets only: number of rows (default: the `rows` listed). */
  rows?: number;
}

const SIX_COLUMNS = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'];
const DIGIT_COLUMNS = [...Array.from({ length: 64 }, (_, i) => `p${i}`), 'label'];

const INFO: DatasetInfo[] = [
  { name: 'circle', description: '1001 points evenly spaced on a circle of radius 2 (theta = linspace(0, 2π, 1001))', rows: 1001, columns: ['x', 'y'], source: 'generated' },
  { name: 'gaussian', description: '1-D normal sample, mean 4, standard deviation 1.25', rows: 10_000, columns: ['x'], source: 'generated' },
  {
    name: 'sixparam',
    description: 'x1 ~ U(0,10); x2 = sin x1 + N(0,0.1); x3 = x1²/10 + N(0,0.5); x4 = exp(−x1/3) + N(0,0.05); x5 = log(1+x1) + N(0,0.1); x6 = 2·x1 + 5 + N(0,1)',
    rows: 5000,
    columns: SIX_COLUMNS,
    source: 'generated',
  },
  { name: 'iris', description: "Fisher's iris: 4 measurements (cm) and the species of 150 flowers", rows: 150, columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species'], source: 'shipped' },
  { name: 'digits', description: '8×8 handwritten digits (UCI optical digits test part): pixels p0..p63 in 0..16, row-major, and the label', rows: 1797, columns: DIGIT_COLUMNS, source: 'shipped' },
];

export function listDatasets(): DatasetInfo[] {
  return INFO.map((d) => ({ ...d, columns: [...d.columns] }));
}

function assetPath(file: string): string {
  // Relative to the compiled module (dist/data/), so it works from an installed package.
  return fileURLToPath(new URL(`../../assets/datasets/${file}`, import.meta.url));
}

function shippedCsv(file: string): Table {
  const path = assetPath(file);
  let text: string;
  try {
    const bytes = readFileSync(path);
    text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (e) {
    throw new DataError('DATA_MISSING_ASSET', `built-in dataset file is missing (${(e as Error).message})`, { file: path }, 'reinstall ganforge; the package "files" must include assets');
  }
  const rows = parse(text) as string[][];
  const names = rows[0]!;
  const columns = names.map((name, j) =>
    columnFromText(
      rows.slice(1).map((r) => r[j]!),
      { file: path, column: name, rowOf: (i) => i + 2 },
    ),
  );
  return makeTable(names, columns);
}

function circle(): Table {
  const n = 1001;
  const xy = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const theta = (2 * Math.PI * i) / (n - 1);
    xy[2 * i] = 2 * Math.cos(theta);
    xy[2 * i + 1] = 2 * Math.sin(theta);
  }
  return numericTable(['x', 'y'], xy, n);
}

function gaussian(rng: Rng, rows: number): Table {
  const x = new Float64Array(rows);
  rng.fillNormal(x, 4, 1.25);
  return numericTable(['x'], x, rows);
}

/** Same formulas and draw order as anchors/seedref.py make-sixparam (x1 first, then each noise column). */
function sixparam(rng: Rng, rows: number): Table {
  const x1 = new Float64Array(rows);
  rng.fillUniform(x1, 0, 10);
  const f: [(x: number) => number, number][] = [
    [Math.sin, 0.1],
    [(x) => (x * x) / 10, 0.5],
    [(x) => Math.exp(-x / 3), 0.05],
    [Math.log1p, 0.1],
    [(x) => 2 * x + 5, 1],
  ];
  const cols = [x1, ...f.map(([fn, sd]) => Float64Array.from(x1, (x) => fn(x) + sd * rng.normal()))];
  return makeTable(SIX_COLUMNS, cols.map((values) => ({ kind: 'number', values })));
}

/** Loads a built-in dataset by name; generated ones draw from `rng` (default: seed 0). */
export function loadDataset(name: string, rng: Rng = new Rng(0), opts: LoadOptions = {}): Table {
  const info = INFO.find((d) => d.name === name);
  if (!info) {
    throw new DataError('DATA_UNKNOWN_DATASET', `no built-in dataset "${name}"`, {}, `built-in datasets: ${INFO.map((d) => d.name).join(', ')}`);
  }
  const rows = opts.rows ?? info.rows;
  if (!(Number.isInteger(rows) && rows > 0)) throw new RangeError(`loadDataset: rows must be a positive integer, got ${rows}`);
  switch (name) {
    case 'circle':
      return circle();
    case 'gaussian':
      return gaussian(rng, rows);
    case 'sixparam':
      return sixparam(rng, rows);
    case 'iris':
      return shippedCsv('iris.csv');
    default:
      return shippedCsv('digits.csv.gz');
  }
}
