import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.js';
import { getColumn, makeTable, type Table } from '../data/index.js';
import { pearson } from '../eval/correlation.js';
import { CopulaPrior, fitCopula, sampleCopula } from './copula.js';
import { TableGan } from './table-model.js';

/** x ~ N(0, 1); y = 2x + noise; kind = pos/neg by the sign of x (10 % flipped); count: zero-inflated 0..9; 5 % of y missing. */
function mixedTable(n: number, seed: number): Table {
  const rng = new Rng(seed);
  const x = new Float64Array(n), y = new Float64Array(n), count = new Float64Array(n);
  const kind: string[] = [];
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    y[i] = rng.uniform() < 0.05 ? NaN : 2 * x[i]! + 0.5 * rng.normal();
    kind.push((x[i]! > 0) !== (rng.uniform() < 0.1) ? 'pos' : 'neg');
    count[i] = rng.uniform() < 0.4 ? 0 : Math.min(9, Math.floor(-Math.log(rng.uniform()) * 2));
  }
  return makeTable(['x', 'y', 'kind', 'count'], [
    { kind: 'number', values: x }, { kind: 'number', values: y }, { kind: 'string', values: kind }, { kind: 'number', values: count },
  ]);
}

const shares = (values: ArrayLike<unknown>): Map<unknown, number> => {
  const m = new Map<unknown, number>();
  for (let i = 0; i < values.length; i++) m.set(values[i], (m.get(values[i]) ?? 0) + 1 / values.length);
  return m;
};

/** Pearson correlation over the rows where both are present. */
function corr(t: Table, a: string, b: string): number {
  const x = getColumn(t, a).values as Float64Array, y = getColumn(t, b).values as Float64Array;
  const keep = [...x.keys()].filter((i) => !Number.isNaN(x[i]!) && !Number.isNaN(y[i]!));
  return pearson(Float64Array.from(keep, (i) => x[i]!), Float64Array.from(keep, (i) => y[i]!));
}

test('Gaussian copula: exact marginals (zero-inflated counts, categories, missing share) and the correlations of the real table', () => {
  const real = mixedTable(4000, 1);
  const syn = sampleCopula(fitCopula(real, { seed: 0 }), 20_000, { seed: 2 });
  assert.equal(syn.rowCount, 20_000);
  const realCounts = shares(getColumn(real, 'count').values), synCounts = shares(getColumn(syn, 'count').values);
  for (const [v, p] of realCounts) assert.ok(Math.abs((synCounts.get(v) ?? 0) - p) < 0.012, `count ${v}: ${synCounts.get(v)} vs ${p}`);
  for (const v of synCounts.keys()) assert.ok(realCounts.has(v), `count ${v} never occurs in the real table`);
  const realKind = shares(getColumn(real, 'kind').values), synKind = shares(getColumn(syn, 'kind').values);
  for (const [v, p] of realKind) assert.ok(Math.abs(synKind.get(v)! - p) < 0.015);
  const missing = (t: Table): number => [...(getColumn(t, 'y').values as Float64Array)].filter(Number.isNaN).length / t.rowCount;
  assert.ok(Math.abs(missing(syn) - missing(real)) < 0.01, `missing share ${missing(syn)} vs ${missing(real)}`);
  assert.ok(Math.abs(corr(syn, 'x', 'y') - corr(real, 'x', 'y')) < 0.03, `corr(x, y) ${corr(syn, 'x', 'y')} vs ${corr(real, 'x', 'y')}`);
  // The category follows x's sign through the copula: x is positive in ~90 % of the real kind = pos rows. The
  // latent (polyserial) correlation gets close; SDV's uniform scores inside each category's interval give ~70 %.
  const x = getColumn(syn, 'x').values as Float64Array, kind = getColumn(syn, 'kind').values as string[];
  const posX = [...x].filter((_, i) => kind[i] === 'pos');
  assert.ok(posX.filter((v) => v > 0).length / posX.length > 0.77, `${posX.filter((v) => v > 0).length / posX.length}`);
  // Same seed, same rows.
  const again = sampleCopula(fitCopula(real, { seed: 0 }), 20_000, { seed: 2 });
  assert.deepEqual(getColumn(again, 'y').values, getColumn(syn, 'y').values);
});

test('copula prior: a condition vector picks the category of its column in every row, and the other columns follow it', () => {
  const real = mixedTable(3000, 3);
  const state = fitCopula(real, { seed: 0 });
  // Row layout: x [0], y [1] and its missing indicator [2, 3], kind [4, 5], count [6].
  const w = 7;
  const kindDim = state.dimensions.find((d) => d.start === 4)!;
  assert.equal(kindDim.cumulative!.length, 3);
  const prior = new CopulaPrior(state, w, 2, [{ start: kindDim.start, width: 2, condStart: 0 }]);
  const rows = 2000;
  const cond = new Float32Array(rows * 2);
  for (let i = 0; i < rows; i++) cond[i * 2 + (i % 2)] = 1;
  const out = new Float32Array(rows * w);
  prior.fill(rows, cond, out, 0, new Rng(5));
  const meanX = [0, 0];
  for (let i = 0; i < rows; i++) {
    const slot = i % 2;
    assert.equal(out[i * w + kindDim.start + slot], 1, `row ${i}`);
    assert.equal(out[i * w + kindDim.start + 1 - slot], 0);
    meanX[slot]! += out[i * w]! / (rows / 2);
  }
  // Slot 0 is the more frequent category; whichever it is, x's mean differs by category (real: ≈ 1.3).
  assert.ok(Math.abs(meanX[0]! - meanX[1]!) > 1, `x means by category: ${meanX}`);
});

test('a generator started from the copula samples the copula until training beats it: the start is kept when no epoch scores higher', async () => {
  const real = mixedTable(600, 4);
  let calls = 0;
  const model = await TableGan.train(real, {
    seed: 1, epochs: 6, prior: true,
    scoreStopping: { every: 1, patience: 10, minEpochs: 0, score: () => (calls++ === 0 ? 1 : 0) },
  });
  assert.deepEqual(model.result?.best, { epoch: 0, score: 1 });
  assert.equal(model.trainer.epoch, 0, 'the untrained (copula) state is kept');
  assert.equal(model.log.length, 6, 'the log still shows what was trained');
  const syn = await model.sample(4000, { seed: 3, exclude: false });
  await model.release();
  assert.ok(Math.abs(corr(syn, 'x', 'y') - corr(real, 'x', 'y')) < 0.05, `corr ${corr(syn, 'x', 'y')} vs ${corr(real, 'x', 'y')}`);
  const realCounts = shares(getColumn(real, 'count').values), synCounts = shares(getColumn(syn, 'count').values);
  for (const [v, p] of realCounts) assert.ok(Math.abs((synCounts.get(v) ?? 0) - p) < 0.03, `count ${v}`);
});

test('copula: a category that goes with a number (education and its years) keeps it — its categories are ordered along the normal line by that number', () => {
  // Six levels whose frequencies are not in the order of their years: in the order of frequencies the copula mixed them up.
  const levels = ['HS', 'College', 'Bachelors', 'Primary', 'Masters', 'Doctorate'];
  const years = [12, 14, 16, 6, 18, 21];
  const p = [0.35, 0.25, 0.2, 0.1, 0.07, 0.03];
  const rng = new Rng(4), n = 5000;
  const edu: string[] = [], yrs = new Float64Array(n), age = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng.uniform(), k = 0;
    while (k < levels.length - 1 && u >= p[k]!) u -= p[k++]!;
    edu.push(levels[k]!);
    yrs[i] = years[k]!;
    age[i] = 30 + 10 * rng.normal();
  }
  const real = makeTable(['education', 'years', 'age'], [{ kind: 'string', values: edu }, { kind: 'number', values: yrs }, { kind: 'number', values: age }]);
  const state = fitCopula(real, { seed: 0 });
  const dim = state.dimensions.find((d) => d.cumulative !== null && d.cumulative.length === levels.length + 1)!;
  assert.ok(dim.order, 'education has an order of its own');
  const syn = sampleCopula(state, 20_000, { seed: 1 });
  const se = getColumn(syn, 'education').values as string[], sy = getColumn(syn, 'years').values as Float64Array;
  // Most synthetic rows pair each level with its own years (in the order of frequencies: under half did).
  let same = 0;
  for (let i = 0; i < syn.rowCount; i++) if (sy[i] === years[levels.indexOf(se[i]!)]) same++;
  assert.ok(same / syn.rowCount > 0.85, `${(100 * same / syn.rowCount).toFixed(1)} % of rows pair a level with its years`);
  // An unrelated number gives no reason to reorder: age leaves the slot order of a table without years.
  const plain = fitCopula(makeTable(['education', 'age'], [{ kind: 'string', values: edu }, { kind: 'number', values: age }]), { seed: 0 });
  assert.ok(plain.dimensions.every((d) => d.order === undefined), 'no order without a related value column');
});
