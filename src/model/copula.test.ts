import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.js';
import { getColumn, makeTable, readTable, type Table } from '../data/index.js';
import { pearson } from '../eval/correlation.js';
import { ANCHOR_MIN_ROWS, chooseStrata, clusterStrata, CopulaPrior, fitCopula, fitCopulaOn, fitStrata, sampleCopula, type CopulaState } from './copula.js';
import { fitTransformer, inverseTransform, spanLayout, transform } from '../data/transformer.js';
import { inferSchema } from '../data/schema.js';
import { qualityScore } from '../eval/quality.js';
import { TableGan } from './table-model.js';
import { telcoTable } from './test-fixtures.js';

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
    // strata: false, because row clusters would be chosen by this same score (its first call must be the start's).
    seed: 1, epochs: 6, prior: true, strata: false,
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

/**
 * A category that shapes the other columns in a way no single Gaussian copula can: class a puts x
 * near −2, b near +2, c near 0 with a wider spread, and y = x² + noise inside every class (a
 * dependence with zero correlation). `noise`: a category independent of everything.
 */
function classTable(n: number, seed: number): Table {
  const rng = new Rng(seed);
  const x = new Float64Array(n), y = new Float64Array(n);
  const cls: string[] = [], noise: string[] = [];
  const centre: Record<string, number> = { a: -2, b: 2, c: 0 };
  for (let i = 0; i < n; i++) {
    const c = rng.uniform() < 0.3 ? 'a' : rng.uniform() < 0.5 ? 'b' : 'c';
    x[i] = centre[c]! + (c === 'c' ? 1.5 : 0.4) * rng.normal();
    y[i] = (c === 'c' ? 0 : 3) + (c === 'a' ? -1 : 1) * 0.5 * x[i]! + 0.3 * rng.normal();
    cls.push(c);
    noise.push(rng.uniform() < 0.5 ? 'u' : 'v');
  }
  return makeTable(['x', 'y', 'cls', 'noise'], [{ kind: 'number', values: x }, { kind: 'number', values: y }, { kind: 'string', values: cls }, { kind: 'string', values: noise }]);
}

/** Mean and standard deviation of column `col` over the rows where `by` is `v`. */
function within(t: Table, col: string, by: string, v: string): { mean: number; sd: number; n: number } {
  const x = getColumn(t, col).values as Float64Array, c = getColumn(t, by).values as string[];
  const xs = [...x].filter((_, i) => c[i] === v);
  const mean = xs.reduce((s, u) => s + u, 0) / xs.length;
  return { mean, sd: Math.sqrt(xs.reduce((s, u) => s + (u - mean) ** 2, 0) / xs.length), n: xs.length };
}

test('stratified copula: the anchor is the category that shapes the others; each class keeps its own means, spreads and correlation, where one copula blurs them', () => {
  const real = classTable(6000, 3);
  const state = fitCopula(real, { seed: 0, strata: true });
  assert.ok(state.strata, 'stratified');
  const spans = spanLayout(state.transformer).spans;
  assert.equal(spans[state.strata.dim]!.column, 'cls', 'the anchor is cls, not the independent category');
  assert.equal(state.strata.components.length, 3);
  assert.ok(Math.abs(state.strata.components.reduce((s, c) => s + c.share, 0) - 1) < 1e-12);
  const strat = sampleCopula(state, 20_000, { seed: 4 }), plain = sampleCopula(fitCopula(real, { seed: 0 }), 20_000, { seed: 4 });
  for (const c of ['a', 'b', 'c']) {
    const r = within(real, 'x', 'cls', c), s = within(strat, 'x', 'cls', c), p = within(plain, 'x', 'cls', c);
    assert.ok(Math.abs(s.mean - r.mean) < 0.06 && Math.abs(s.sd - r.sd) < 0.06, `class ${c}: x ${s.mean}±${s.sd} vs real ${r.mean}±${r.sd}`);
    assert.ok(Math.abs(s.n / 20_000 - r.n / 6000) < 0.015, `class ${c} share ${s.n / 20_000} vs ${r.n / 6000}`);
    // The one copula puts a, c, b on one line: class c's x spreads over both others' (sd well above 1.5).
    if (c === 'c') assert.ok(Math.abs(p.sd - r.sd) > 3 * Math.abs(s.sd - r.sd), `one copula: class c sd ${p.sd} vs ${r.sd}`);
    const rows = (t: Table): Table => {
      const cls = getColumn(t, 'cls').values as string[];
      const keep = [...cls.keys()].filter((i) => cls[i] === c);
      return makeTable(['x', 'y'], [{ kind: 'number', values: Float64Array.from(keep, (i) => (getColumn(t, 'x').values as Float64Array)[i]!) }, { kind: 'number', values: Float64Array.from(keep, (i) => (getColumn(t, 'y').values as Float64Array)[i]!) }]);
    };
    // Within each class x and y keep their own correlation (negative in a, positive in b and c).
    assert.ok(Math.abs(corr(rows(strat), 'x', 'y') - corr(rows(real), 'x', 'y')) < 0.05, `class ${c}: corr ${corr(rows(strat), 'x', 'y')} vs ${corr(rows(real), 'x', 'y')}`);
  }
  // The table's marginals stay those of the data: y's range and quartiles.
  const q = (t: Table, p: number): number => { const v = Float64Array.from(getColumn(t, 'y').values as Float64Array).sort(); return v[Math.floor(p * (v.length - 1))]!; };
  for (const p of [0.1, 0.5, 0.9]) assert.ok(Math.abs(q(strat, p) - q(real, p)) < 0.08, `y quantile ${p}: ${q(strat, p)} vs ${q(real, p)}`);
  // A category too rare for a stratum of its own (one row fewer than ANCHOR_MIN_ROWS) joins the largest stratum, which then holds two categories.
  const labels = getColumn(real, 'cls').values as string[];
  const rare = makeTable(real.names, real.columns.map((c, j) => (real.names[j] === 'cls' ? { kind: 'string', values: labels.map((v, i) => (i < ANCHOR_MIN_ROWS - 1 ? 'd' : v)) } : c)));
  const pooled = fitCopula(rare, { seed: 0, strata: true }).strata!;
  assert.equal(pooled.components.length, 3);
  const clsDim = pooled.components.map((c) => c.dimensions[pooled.dim]!.cumulative!.filter((v, k, a) => k > 0 && v > a[k - 1]!).length);
  assert.deepEqual(clsDim.sort(), [1, 1, 2], `categories per stratum ${clsDim}`);
  // With ANCHOR_MIN_ROWS rows it has a stratum of its own.
  const enough = makeTable(real.names, real.columns.map((c, j) => (real.names[j] === 'cls' ? { kind: 'string', values: labels.map((v, i) => (i < ANCHOR_MIN_ROWS ? 'd' : v)) } : c)));
  assert.equal(fitCopula(enough, { seed: 0, strata: true }).strata!.components.length, 4);
  // An independent table gets no strata.
  const flat = fitCopula(mixedTable(3000, 5), { seed: 0, strata: true });
  assert.equal(flat.strata, undefined);
});

test('stratified copula prior: conditions pick the stratum by share × slot share, and the rows honour them; fill and fillGiven agree in distribution', () => {
  const real = classTable(4000, 7);
  const state = fitCopula(real, { seed: 0, strata: true });
  const layout = spanLayout(state.transformer);
  const w = layout.width;
  const noise = layout.spans.find((s) => s.column === 'noise')!, cls = layout.spans.find((s) => s.column === 'cls')!;
  // Condition every row on noise = its slot 1: the rows still have the classes' shares and the class shapes.
  const prior = new CopulaPrior(state, w, 2, [{ start: noise.start, width: 2, condStart: 0 }]);
  assert.equal(prior.uniformWidth, layout.spans.length + 1 + 1);
  const n = 6000;
  const cond = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) cond[i * 2 + 1] = 1;
  const out = new Float32Array(n * w), given = new Float32Array(n * w);
  prior.fill(n, cond, out, 0, new Rng(1));
  const rng = new Rng(2);
  const u = Float32Array.from({ length: n * prior.uniformWidth }, () => (Math.floor(rng.uniform() * 2 ** 23) + 0.5) / 2 ** 23);
  prior.fillGiven(n, cond, u, given);
  for (const rows of [out, given]) {
    const classes = new Float64Array(cls.width);
    for (let i = 0; i < n; i++) {
      assert.equal(rows[i * w + noise.start + 1], 1, 'the condition holds');
      for (let k = 0; k < cls.width; k++) classes[k]! += rows[i * w + cls.start + k]! / n;
    }
    const shares = state.strata!.components.map((c) => c.share).sort();
    assert.deepEqual([...classes].map((v) => Math.round(v * 20)).sort(), shares.map((v) => Math.round(v * 20)), `class shares ${[...classes]}`);
  }
});

test('the default recipe stratifies its copula prior (iris: one copula per species); strata: false keeps the one copula', async () => {
  const iris = await readTable('../shared/datasets/iris.csv');
  const on = await TableGan.train(iris, { epochs: 1, seed: 0, progress: 'silent' });
  const off = await TableGan.train(iris, { epochs: 1, seed: 0, progress: 'silent', strata: false });
  try {
    const strata = on.data.copula!.strata!;
    assert.equal(spanLayout(on.data.transformer).spans[strata.dim]!.column, 'species');
    assert.deepEqual(strata.components.map((c) => c.share), [1 / 3, 1 / 3, 1 / 3]);
    assert.equal(off.data.copula!.strata, undefined);
    // Each species' sample keeps its own petal lengths (setosa's are all below versicolor's and virginica's).
    const rows = await on.sample(3000, { seed: 1 });
    const setosa = within(rows, 'petal_length', 'species', 'setosa'), other = within(rows, 'petal_length', 'species', 'versicolor');
    assert.ok(setosa.mean < 1.7 && other.mean > 4, `petal length setosa ${setosa.mean}, versicolor ${other.mean}`);
  } finally {
    await Promise.all([on.release(), off.release()]);
  }
});

test('row clusters as strata: two blobs (a geyser\'s two kinds of eruption) get copulas of their own and keep the correlation one copula misses; one Gaussian blob gets none', () => {
  const blobs = (n: number, seed: number, two: boolean): Table => {
    const rng = new Rng(seed);
    const x = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const hi = two && rng.uniform() < 0.6;
      x[i] = (hi ? 4.3 : 2) + 0.35 * rng.normal();
      y[i] = (hi ? 80 : 55) + 6 * rng.normal() + (two ? 0 : 10 * x[i]!);
    }
    return makeTable(['x', 'y'], [{ kind: 'number', values: x }, { kind: 'number', values: y }]);
  };
  const fit = (t: Table): CopulaState => {
    const state = fitCopula(t, { seed: 0 });
    const layout = spanLayout(state.transformer);
    const strata = clusterStrata(layout, transform(state.transformer, t), t.rowCount, { seed: 0, score: qualityScore, decode: (rows, n, rng) => inverseTransform(state.transformer, rows, n, { clip: true, rng }) });
    return strata ? { ...state, strata } : state;
  };
  const two = blobs(2000, 1, true);
  const state = fit(two);
  assert.equal(state.strata?.dim, -1, 'row clusters');
  assert.ok(state.strata!.components.length >= 2);
  // Pearson's r of x and y is 0.86 in the data; the one copula's normal scores give 0.58 (the blobs' gap is not Gaussian), the clusters give it back.
  const strat = sampleCopula(state, 20_000, { seed: 3 }), plain = sampleCopula(fitCopula(two, { seed: 0 }), 20_000, { seed: 3 });
  const r = corr(two, 'x', 'y');
  assert.ok(Math.abs(corr(strat, 'x', 'y') - r) < 0.02 && Math.abs(corr(plain, 'x', 'y') - r) > 0.2, `r: data ${r}, clustered ${corr(strat, 'x', 'y')}, one copula ${corr(plain, 'x', 'y')}`);
  assert.ok(qualityScore(two, strat) > qualityScore(two, plain) + 0.05);
  assert.equal(fit(blobs(2000, 2, false)).strata, undefined, 'one Gaussian blob: no clusters');
});

test('cells of two anchors as strata: lines are no_phone exactly without phone service and add-ons no_internet exactly without internet, which no one anchor\'s copulas keep both of; trials on held-out halves choose the cells', () => {
  const real = telcoTable(6000, 1);
  const state = fitCopula(real, { seed: 0 });
  const layout = spanLayout(state.transformer);
  const encoded = transform(state.transformer, real);
  const global = fitCopulaOn(layout, encoded, real.rowCount);
  const trials = { seed: 0, score: qualityScore, decode: (rows: Float32Array, n: number, rng: Rng) => inverseTransform(state.transformer, rows, n, { clip: true, rng }) };
  const one = chooseStrata(layout, encoded, real.rowCount, global)!;
  const cells = chooseStrata(layout, encoded, real.rowCount, global, trials)!;
  assert.equal(one.dims, undefined, 'without trials: one anchor');
  assert.ok(cells.dims && cells.dims.length >= 2 && cells.dims[0] === one.dim, `anchors ${cells.dims?.map((j) => layout.spans[j]!.column)}`);
  assert.ok(cells.components.length > one.components.length);
  // Rows that break either rule.
  const broken = (t: Table): number => {
    const col = (c: string): string[] => getColumn(t, c).values as string[];
    const service = col('service'), lines = col('lines'), net = col('internet');
    let bad = 0;
    for (let i = 0; i < t.rowCount; i++) {
      if ((lines[i] === 'no_phone') !== (service[i] === 'no')) bad++;
      for (const a of ['a0', 'a1', 'a2']) if ((col(a)[i] === 'no_internet') !== (net[i] === 'none')) bad++;
    }
    return bad / t.rowCount;
  };
  const sample = (strata: typeof one): Table => sampleCopula({ ...state, strata }, 20_000, { seed: 2 });
  const byCells = sample(cells), byOne = sample(one);
  assert.ok(broken(byCells) < 0.002 && broken(byOne) > 0.02, `rows breaking a rule: cells ${broken(byCells)}, one anchor (${layout.spans[one.dim]!.column}) ${broken(byOne)}`);
  assert.ok(qualityScore(real, byCells) > qualityScore(real, byOne) + 0.01, `quality: cells ${qualityScore(real, byCells)}, one anchor ${qualityScore(real, byOne)}`);
  assert.ok(Math.abs(cells.components.reduce((s, c) => s + c.share, 0) - 1) < 1e-12);
});

test('a stratum without rows of its last categories keeps its shares inside [0, 1] (nine shares of 1/9 sum past 1)', () => {
  // cat's slots a–i (4 rows each) come before j and k (1 each); stratum A has one row of each of a–i and none of j, k.
  const cats = 'abcdefghi'.split('');
  const cls = [...cats.map(() => 'A'), ...cats.flatMap(() => ['B', 'B', 'B']), 'B', 'B'];
  const cat = [...cats, ...cats.flatMap((c) => [c, c, c]), 'j', 'k'];
  const t = makeTable(['cls', 'cat'], [{ kind: 'string', values: cls }, { kind: 'string', values: cat }]);
  const transformer = fitTransformer(t, inferSchema(t), { continuous: 'gaussian', rng: new Rng(0) });
  const layout = spanLayout(transformer);
  const strata = fitStrata(layout, transform(transformer, t), t.rowCount, [0], 9);
  assert.equal(strata.components.length, 2);
  for (const s of strata.components) {
    const { cumulative, thresholds } = s.dimensions[1]!;
    assert.ok(cumulative!.every((v, k) => v >= 0 && v <= 1 && (k === 0 || v >= cumulative![k - 1]!)) && cumulative!.at(-1) === 1, `shares ${cumulative}`);
    assert.ok(thresholds!.every(Number.isFinite), `thresholds ${thresholds}`);
  }
});
