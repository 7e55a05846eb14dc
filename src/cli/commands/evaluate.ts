import { evaluate, UsageError, writeReport } from '../../index.js';
import { intOption, parse, str, type Io } from '../args.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { checkOutputFile, sameFile, type NamedInput } from '../output-guard.js';
import { loadInput, mlEfficacyLines } from './train.js';

export const evaluateHelp = `ganforge evaluate — how close is a synthetic table to the real one?

usage: ganforge evaluate <real> <synthetic> [--report report.html] [--json metrics.json|-]
                         [--holdout file] [--target column [--task classification|regression]]

Scores follow SDMetrics' single-table Quality Report (KS/TV complements, correlation and
contingency similarity), plus logistic-regression detection, Wasserstein-1, MMD and a privacy
check (distance to closest record, exact copies; give --holdout real rows not used for training
for the baseline).

options:
  --report <file.html>   write the HTML report
  --json <file|->        write all metrics as JSON (- for stdout)
  --holdout <file>       real rows kept out of training (privacy baseline, and the test rows
                         of --target)
  --target <column>      machine-learning utility (train on synthetic, test on real): the same
                         learner trained on the real rows and on the synthetic rows predicts
                         this column of the --holdout rows (without --holdout: of a seeded
                         fifth of the real rows, the rest training the real learner); classes
                         get accuracy, macro-F1 and ROC AUC, numbers R²
  --task <kind>          classification or regression (default: from the column's type)
  --seed <S>             seed for cross-validation folds and subsampling (default 0)

examples:
  ganforge evaluate iris.csv synthetic.csv --report report.html
  ganforge evaluate train.csv synthetic.csv --holdout test.csv --target species
  ganforge evaluate real.parquet synth.parquet --json - | jq .quality

Next: open the report in a browser. (The synthetic table comes from
\`ganforge sample <model> -n <rows> -o synthetic.csv\`.)`;

export async function evaluateCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('evaluate', argv, {
    report: { type: 'string' }, json: { type: 'string' }, holdout: { type: 'string' }, seed: { type: 'string' },
    target: { type: 'string' }, task: { type: 'string' },
  }, { min: 2, max: 2, names: 'a real and a synthetic data file' });
  if (values['help']) return io.out(evaluateHelp), 0;
  const target = str(values['target']);
  const task = str(values['task']);
  if (task !== undefined && task !== 'classification' && task !== 'regression') throw new UsageError(`--task must be classification or regression, got "${task}"`);
  if (task !== undefined && target === undefined) throw new UsageError('--task needs --target <column>', 'name the column to predict');
  const inputs: NamedInput[] = [{ path: positionals[0]!, label: 'the real table' }, { path: positionals[1]!, label: 'the synthetic table' }];
  if (str(values['holdout'])) inputs.push({ path: str(values['holdout'])!, label: 'the --holdout table' });
  const reportPath = str(values['report']);
  const jsonPath = str(values['json']);
  if (reportPath) checkOutputFile(reportPath, '--report', inputs);
  if (jsonPath && jsonPath !== '-') {
    checkOutputFile(jsonPath, '--json', inputs);
    if (reportPath && sameFile(reportPath, jsonPath)) throw new UsageError(`--report and --json both name ${jsonPath}`, 'give two different files');
  }
  const real = await loadInput(positionals[0]!);
  const synthetic = await loadInput(positionals[1]!);
  const holdoutPath = str(values['holdout']);
  const holdout = holdoutPath ? await loadInput(holdoutPath) : undefined;
  if (target !== undefined && !real.names.includes(target)) throw new UsageError(`--target: ${positionals[0]} has no column "${target}"`, `pass one of: ${real.names.join(', ')}`);
  const result = evaluate(real, synthetic, {
    rng: intOption(values['seed'], 'seed', 0) ?? 0, holdout, ...(target === undefined ? {} : { target }), ...(task === undefined ? {} : { task }),
  });
  const report = str(values['report']);
  if (report) await writeReport(report, { title: `ganforge evaluate: ${positionals[1]} vs ${positionals[0]}`, evaluation: result, real, synthetic });
  const json = str(values['json']);
  if (json === '-') io.out(JSON.stringify(result));
  else {
    if (json) await writeFileAtomic(json, `${JSON.stringify(result, null, 1)}\n`);
    const f = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(3));
    io.out(`quality ${f(result.quality)}  (column shapes ${f(result.column_shapes)}, column pair trends ${f(result.column_pair_trends)})`);
    io.out(`detection ${f(result.detection.score)}  (1 = indistinguishable)`);
    io.out(`exact copies of real rows: ${(100 * result.exact_copy_rate.synthetic).toFixed(2)}%`);
    if (result.ml_efficacy) for (const line of mlEfficacyLines(result.ml_efficacy)) io.out(line);
    if (report) io.out(`report: ${report}`);
    if (json) io.out(`metrics: ${json}`);
  }
  return 0;
}
