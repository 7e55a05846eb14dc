/**
 * The data block of a table model's manifest (schema + transformer state), checked at load time
 * against itself and against the generator's output width, so a damaged or edited model fails
 * with the bad field named instead of producing garbage or an internal error while sampling.
 */
import { ModelFormatError } from '../util/errors.js';
import { checkTransformerState } from '../data/state-check.js';
import { spanLayout } from '../data/transformer.js';
import { spansOf, type OutputSpan, type SpanLayout } from '../data/spans.js';
import type { Schema } from '../data/schema.js';
import type { TableModelData } from './table-data.js';
import { CALIBRATION_LEVELS } from './calibration.js';
import { MAX_ANCHORS, MAX_CLUSTERS, STRATUM_KNOTS } from './copula.js';

const TYPES = ['continuous', 'integer', 'categorical', 'boolean', 'datetime'];

export function checkTableModelData(raw: unknown, dataDim: number, condWidth: number, file: string): TableModelData {
  const fail = (path: string, what: string): never => {
    throw new ModelFormatError('MODEL_BAD_DATA', `data.${path}: ${what}`, file, 'the model file is damaged or was edited; train again or restore a copy');
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('', 'this model holds no table data (not a table model)');
  const d = raw as Record<string, unknown>;
  const transformer = checkTransformerState(d['transformer'], file);
  const schema = d['schema'] as Schema;
  if (schema === null || typeof schema !== 'object' || !Array.isArray(schema.columns)) fail('schema', 'expected an object with a list of columns');
  if (typeof d['conditional'] !== 'boolean') fail('conditional', 'expected true or false');
  if (!(Number.isInteger(d['rows']) && (d['rows'] as number) >= 0)) fail('rows', 'expected a row count');
  const names = transformer.columns.map((c) => c.name);
  if (schema.columns.length !== names.length) fail('schema.columns', `${schema.columns.length} columns, the transformer has ${names.length}`);
  schema.columns.forEach((col, j) => {
    const p = `schema.columns[${j}]`;
    if (col === null || typeof col !== 'object') fail(p, 'expected an object');
    if (col.name !== names[j]) fail(`${p}.name`, `"${String(col.name).slice(0, 60)}" but the transformer's column ${j} is "${names[j]!.slice(0, 60)}"`);
    if (!TYPES.includes(col.type)) fail(`${p}.type`, `expected one of ${TYPES.join(', ')}`);
    if (!Array.isArray(col.warnings)) fail(`${p}.warnings`, 'expected a list');
    if (col.categories !== undefined && (!Array.isArray(col.categories) || col.categories.some((x) => typeof x !== 'string'))) fail(`${p}.categories`, 'expected a list of strings');
    if (col.categoryCounts !== undefined && (!Array.isArray(col.categoryCounts) || col.categoryCounts.some((x) => !(Number.isFinite(x) && x >= 0)))) fail(`${p}.categoryCounts`, 'expected a list of counts');
    if (!(Number.isInteger(col.missingCount) && col.missingCount >= 0)) fail(`${p}.missingCount`, 'expected a count');
  });
  let width: number;
  try {
    width = spanLayout(transformer).width;
  } catch (e) {
    return fail('transformer', `inconsistent (${(e as Error).message})`);
  }
  if (width !== dataDim) fail('transformer', `encodes ${width} values per row, but the generator makes ${dataDim}`);
  if (d['copyRate'] !== undefined && !(typeof d['copyRate'] === 'number' && d['copyRate'] >= 0 && d['copyRate'] <= 1)) fail('copyRate', 'expected a share from 0 to 1');
  if (d['copula'] !== undefined) checkCopula(d['copula'], spanLayout(transformer).spans, (path, what) => fail(`copula${path}`, what));
  if (d['calibration'] !== undefined) checkCalibration(d['calibration'], spanLayout(transformer), (path, what) => fail(`calibration${path}`, what));
  if (d['conditional'] === true && condWidth > 0) {
    const categorical = transformer.columns.filter((c) => c.encoder === 'categorical');
    if (!categorical.length) fail('conditional', 'a conditional vector but no categorical column');
  }
  return raw as TableModelData;
}

/**
 * The copula a generator's prior rows come from: one dimension per span of the layout, a d × d
 * factor of finite numbers; if stratified, each stratum a copula of the same kind with a share,
 * a grid and knots.
 */
function checkCopula(raw: unknown, spans: readonly OutputSpan[], fail: (path: string, what: string) => never, stratum = false): void {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('', 'expected an object');
  const c = raw as Record<string, unknown>;
  if (stratum) checkStratum(c, spans, fail);
  else if (c['strata'] !== undefined) {
    const st = c['strata'] as Record<string, unknown> | null;
    if (st === null || typeof st !== 'object' || Array.isArray(st)) fail('.strata', 'expected an object');
    const dim = st!['dim'];
    if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < -1 || dim >= spans.length || (dim >= 0 && spans[dim]!.activation !== 'softmax')) fail('.strata.dim', 'expected the index of a one-hot span, or −1 (row clusters)');
    const cells = st!['dims'];
    if (cells !== undefined) {
      const ok = Array.isArray(cells) && cells.length >= 2 && cells.length <= MAX_ANCHORS && cells[0] === dim && new Set(cells).size === cells.length
        && cells.every((j) => typeof j === 'number' && Number.isInteger(j) && j >= 0 && j < spans.length && spans[j]!.activation === 'softmax');
      if (!ok) fail('.strata.dims', `expected 2 to ${MAX_ANCHORS} distinct one-hot spans, .strata.dim first`);
    }
    const parts = st!['components'];
    const most = dim < 0 ? MAX_CLUSTERS : ((cells as number[] | undefined) ?? [dim as number]).reduce((p, j) => p * spans[j]!.width, 1);
    if (!Array.isArray(parts) || parts.length < 1 || parts.length > most) fail('.strata.components', `expected 1 to ${most} strata`);
    (parts as unknown[]).forEach((p, k) => checkCopula(p, spans, (path, what) => fail(`.strata.components[${k}]${path}`, what), true));
  }
  const dims = c['dimensions'];
  if (!Array.isArray(dims) || dims.length !== spans.length) fail('.dimensions', `expected one entry per output span (${spans.length})`);
  (dims as unknown[]).forEach((raw, j) => {
    const p = `.dimensions[${j}]`;
    const dim = raw as Record<string, unknown> | null;
    const span = spans[j]!;
    if (dim === null || typeof dim !== 'object' || dim['start'] !== span.start) fail(p, `expected an object starting at ${span.start}`);
    const onehot = span.activation === 'softmax';
    const thresholds = dim!['thresholds'], cumulative = dim!['cumulative'];
    if (!onehot) {
      if (thresholds !== null || cumulative !== null) fail(p, 'a value span has no thresholds');
      return;
    }
    const increasing = (v: unknown, n: number, finite: boolean): boolean =>
      Array.isArray(v) && v.length === n && v.every((x, k) => typeof x === 'number' && (finite ? Number.isFinite(x) : x >= 0 && x <= 1) && (k === 0 || x >= (v[k - 1] as number)));
    if (!increasing(thresholds, span.width - 1, true)) fail(`${p}.thresholds`, `expected ${span.width - 1} increasing numbers`);
    if (!increasing(cumulative, span.width + 1, false) || (cumulative as number[])[0] !== 0 || (cumulative as number[])[span.width] !== 1) {
      fail(`${p}.cumulative`, `expected ${span.width + 1} increasing shares from 0 to 1`);
    }
    const order = dim!['order'];
    if (order !== undefined && !(Array.isArray(order) && order.length === span.width && [...order].sort((a, b) => a - b).every((x, k) => x === k))) {
      fail(`${p}.order`, `expected the slots 0…${span.width - 1}, each once`);
    }
  });
  const factor = c['factor'];
  const d = spans.length;
  if (!Array.isArray(factor) || factor.length !== d * d || !factor.every((x) => typeof x === 'number' && Number.isFinite(x) && Math.abs(x) <= 1)) {
    fail('.factor', `expected ${d * d} numbers in [-1, 1]`);
  }
}

/** A stratum's share, grid (STRATUM_KNOTS increasing numbers) and knots (as many non-decreasing numbers per value span, null per one-hot span). */
function checkStratum(c: Record<string, unknown>, spans: readonly OutputSpan[], fail: (path: string, what: string) => never): void {
  const share = c['share'];
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) fail('.share', 'expected a share in (0, 1]');
  const grid = c['grid'];
  const numbers = (v: unknown, strict: boolean): boolean =>
    Array.isArray(v) && v.length === STRATUM_KNOTS && v.every((x, k) => typeof x === 'number' && Number.isFinite(x) && (k === 0 || (strict ? x > (v[k - 1] as number) : x >= (v[k - 1] as number))));
  if (!numbers(grid, true)) fail('.grid', `expected ${STRATUM_KNOTS} increasing numbers`);
  const knots = c['knots'];
  if (!Array.isArray(knots) || knots.length !== spans.length) fail('.knots', `expected one entry per output span (${spans.length})`);
  (knots as unknown[]).forEach((k, j) => {
    if (spans[j]!.activation === 'softmax' ? k !== null : !numbers(k, false)) fail(`.knots[${j}]`, spans[j]!.activation === 'softmax' ? 'expected null for a one-hot span' : `expected ${STRATUM_KNOTS} non-decreasing numbers`);
  });
}

/** A marginal calibration: score maps on value spans (monotone knots), slot weights on softmax spans. */
function checkCalibration(raw: unknown, layout: SpanLayout, fail: (path: string, what: string) => never): void {
  const spans = layout.spans;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('', 'expected an object');
  const c = raw as Record<string, unknown>;
  const list = (key: string): unknown[] => {
    const v = c[key];
    if (!Array.isArray(v) || v.length > spans.length) fail(`.${key}`, `expected a list of at most ${spans.length} entries`);
    return v as unknown[];
  };
  const entry = (v: unknown, p: string): Record<string, unknown> => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(p, 'expected an object');
    return v as Record<string, unknown>;
  };
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  list('scores').forEach((raw, j) => {
    const p = `.scores[${j}]`;
    const e = entry(raw, p);
    const span = spans.find((s) => s.start === e['start']);
    if (!span || span.role !== 'value' || span.activation !== 'identity') fail(`${p}.start`, 'expected the offset of a normal-score value span');
    const miss = spansOf(layout, span!.column).missing;
    if (e['missing'] !== (miss ? miss.start : -1)) fail(`${p}.missing`, `expected ${miss ? miss.start : -1}, the offset of the column's missing indicator (-1: none)`);
    const k = e['knots'];
    if (!Array.isArray(k) || k.length !== CALIBRATION_LEVELS || !k.every(finite) || k.some((x, i) => i > 0 && x < k[i - 1])) {
      fail(`${p}.knots`, `expected ${CALIBRATION_LEVELS} finite nondecreasing numbers`);
    }
  });
  list('slots').forEach((raw, j) => {
    const p = `.slots[${j}]`;
    const e = entry(raw, p);
    const span = spans.find((s) => s.start === e['start']);
    if (!span || span.activation !== 'softmax') fail(`${p}.start`, 'expected the offset of a softmax span');
    const w = e['weights'];
    if (!Array.isArray(w) || w.length !== span!.width || !w.every((x) => finite(x) && x > 0 && x <= 1e6)) fail(`${p}.weights`, `expected ${span!.width} positive weights`);
  });
}
