import { listDatasets } from '../../index.js';
import { parse, type Io } from '../args.js';

export const datasetsHelp = `ganforge datasets — list the built-in datasets

usage: ganforge datasets [--json]

Every dataset can be trained on by name, e.g. \`ganforge train iris\`.

examples:
  ganforge datasets
  ganforge datasets --json`;

export async function datasetsCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse('datasets', argv, { json: { type: 'boolean' } }, { min: 0, max: 0, names: 'no arguments' });
  if (values['help']) return io.out(datasetsHelp), 0;
  const list = listDatasets();
  if (values['json']) io.out(JSON.stringify(list));
  else for (const d of list) io.out(`${d.name.padEnd(10)} ${String(d.rows).padStart(6)} rows × ${String(d.columns.length).padStart(2)} cols  ${d.source.padEnd(9)} ${d.description}`);
  return 0;
}
