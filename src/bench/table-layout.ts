/**
 * `node dist/bench/table-layout.js FILE.csv [--batch N] [--width N]`: prints the default table
 * recipe's round layout for FILE (encoded width, output spans, condition width and spans, sizes)
 * as one JSON line, for bench/torch_table_round.py.
 */
import { layoutJson, tableSetup } from './table-setup.js';

const args = process.argv.slice(2);
const opt = (name: string): number | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const file = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--')));
if (!file) {
  console.error('usage: node dist/bench/table-layout.js FILE.csv [--batch N] [--width N]');
  process.exit(2);
}
console.log(JSON.stringify(layoutJson(await tableSetup(file, { batch: opt('batch'), width: opt('width') }))));
