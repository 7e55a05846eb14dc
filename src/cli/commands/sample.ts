import { extname } from 'node:path';
import { formatCsv, parseCondition, readTable, TableGan, UsageError, writeTable } from '../../index.js';
import { intOption, parse, str, type Io } from '../args.js';
import { isImageModel, sampleImagesCommand } from './images.js';

export const sampleHelp = `ganforge sample — generate synthetic rows from a saved model

usage: ganforge sample <model> -n <rows> [options]

options:
  -n, --rows <N>          rows to generate (required)
  -o, --output <file|->   .csv .tsv .jsonl .xlsx .parquet, or - for CSV on stdout (default: -)
  --seed <S>              same seed, same rows (default 0)
  --where <col=value>     condition on a categorical column; repeat for several
  --filter <expr>         keep only rows satisfying e.g. "body_mass_g>=5000" (rejection sampling)
  --no-clip               allow numeric values outside the training range
  --exclude <file>        never output a row identical to one of this file's (e.g. the training data)
  --json                  print a JSON summary (with -o <file>)

examples:
  ganforge sample iris-model -n 1000 -o synthetic.csv
  ganforge sample iris-model -n 50 --where species=setosa -o -
  ganforge sample penguins-model -n 200 --filter "body_mass_g>=5000" -o big.parquet
  ganforge sample iris-model -n 1000 --exclude iris.csv -o synthetic.csv

An image model (from \`ganforge train --images\`) writes PNG files instead: -n 16 -o dir/ [--label 3].

Next: ganforge evaluate <real file> synthetic.csv --report report.html (add --target <column>
for machine-learning utility).`;

export async function sampleCommand(argv: string[], io: Io): Promise<number> {
  if (await isImageModel(argv)) return sampleImagesCommand(argv, io);
  const { values, positionals } = parse('sample', argv, {
    rows: { type: 'string', short: 'n' }, output: { type: 'string', short: 'o' }, seed: { type: 'string' },
    where: { type: 'string', multiple: true }, filter: { type: 'string' }, 'no-clip': { type: 'boolean' }, json: { type: 'boolean' },
    exclude: { type: 'string' },
  }, { min: 1, max: 1, names: 'one model directory' });
  if (values['help']) return io.out(sampleHelp), 0;
  const n = intOption(values['rows'], 'rows');
  if (n === undefined) throw new UsageError('sample: -n <rows> is required', 'e.g. `ganforge sample model -n 1000`');
  const where: Record<string, string> = {};
  for (const w of (values['where'] as string[] | undefined) ?? []) {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new UsageError(`--where "${w}" is not col=value`, 'e.g. --where species=setosa (repeat --where for more columns; --filter "age>=65" for other conditions)');
    where[w.slice(0, eq)] = w.slice(eq + 1);
  }
  const output = str(values['output']) ?? '-';
  if (output !== '-' && !['.csv', '.tsv', '.jsonl', '.ndjson', '.xlsx', '.parquet'].includes(extname(output).toLowerCase())) {
    throw new UsageError(`-o ${output}: unknown format`, 'use .csv, .tsv, .jsonl, .xlsx, .parquet, or - for stdout');
  }
  const model = await TableGan.load(positionals[0]!);
  try {
    const names = model.schema.columns.map((c) => c.name);
    const filterExpr = str(values['filter']);
    const filter = filterExpr ? parseCondition(filterExpr, names) : undefined;
    const excludePath = str(values['exclude']);
    const exclude = excludePath ? await readTable(excludePath) : undefined;
    const table = await model.sample(n, { seed: intOption(values['seed'], 'seed', 0) ?? 0, where: Object.keys(where).length ? where : undefined, filter, clip: values['no-clip'] !== true, exclude });
    if (output === '-') io.out(formatCsv(table).trimEnd());
    else {
      await writeTable(output, table);
      if (values['json']) io.out(JSON.stringify({ output, rows: table.rowCount, columns: table.names }));
      else io.err(`wrote ${table.rowCount} rows to ${output}`);
    }
  } finally {
    await model.release();
  }
  return 0;
}
