/**
 * The `ganforge` command in-process: dispatch, and one-line errors. Exit codes: 0 ok; 2 bad input (arguments,
 * config, data or model files); 1 anything else (training diverged, internal errors).
 */
import { GanforgeError, TrainingError, UsageError as UsageErrorCtor, VERSION } from '../index.js';
import { fsReason } from '../util/errors.js';
import type { Io } from './args.js';
import { datasetsCommand } from './commands/datasets.js';
import { demoCommand } from './commands/demo.js';
import { evaluateCommand } from './commands/evaluate.js';
import { inspectCommand } from './commands/inspect.js';
import { sampleCommand } from './commands/sample.js';
import { studioCommand } from './commands/studio.js';
import { trainCommand } from './commands/train.js';

const COMMANDS: Record<string, { run: (argv: string[], io: Io) => Promise<number>; summary: string }> = {
  train: { run: trainCommand, summary: 'train a GAN on a table (CSV, Excel, JSON, Parquet) and save the model' },
  sample: { run: sampleCommand, summary: 'generate rows from a saved model' },
  evaluate: { run: evaluateCommand, summary: 'score synthetic data against real data, with an HTML report' },
  demo: { run: demoCommand, summary: 'run a built-in experiment (circle, gaussian, iris, sixparam, digits, all)' },
  datasets: { run: datasetsCommand, summary: 'list the built-in datasets' },
  inspect: { run: inspectCommand, summary: 'show what a saved model holds' },
  studio: { run: studioCommand, summary: 'train, watch and sample in the browser (serves a local page)' },
};

const HELP = `ganforge ${VERSION} — train GANs on your own data and generate synthetic data

usage: ganforge <command> [options]    (ganforge <command> --help for details)

${Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`).join('\n')}

examples:
  ganforge demo circle
  ganforge train my_table.csv --out my-model
  ganforge sample my-model -n 10000 -o synthetic.csv
  ganforge evaluate my_table.csv synthetic.csv --report report.html

New here? Run \`ganforge demo circle\`, open its report.html, then \`ganforge train iris\`.`;

const stdoutWrite = (s: string): Promise<void> =>
  new Promise((resolve) => {
    if (process.stdout.write(s)) resolve();
    else process.stdout.once('drain', resolve);
  });

export async function main(argv: string[], io: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`), write: stdoutWrite }): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') return io.out(HELP), 0;
  if (cmd === '--version' || cmd === '-v') return io.out(VERSION), 0;
  const c = COMMANDS[cmd];
  try {
    if (!c) throw new UsageErrorCtor(`unknown command "${cmd}"`, `commands: ${Object.keys(COMMANDS).join(', ')} (see \`ganforge --help\`)`);
    return await c.run(rest, io);
  } catch (e) {
    if (e instanceof GanforgeError) {
      io.err(`ganforge: ${oneLine(e.message)}`);
      return e instanceof TrainingError ? 1 : 2;
    }
    const fsError = e as NodeJS.ErrnoException;
    if (typeof fsError?.code === 'string' && typeof fsError.path === 'string' && /^E[A-Z]+$/.test(fsError.code)) {
      io.err(`ganforge: cannot ${fsError.syscall === 'open' || fsError.syscall === 'read' || fsError.syscall === 'stat' ? 'read' : 'write'} ${fsError.path}: ${fsReason(e)}`);
      return 2;
    }
    if (process.env['GANFORGE_DEBUG']) throw e;
    io.err(`ganforge: internal error: ${oneLine(String((e as Error)?.message ?? e))} (set GANFORGE_DEBUG=1 for details)`);
    return 1;
  }
}

/** Messages stay on one line and readable: newlines escaped, very long ones (a 200 MB column name) cut. */
export function oneLine(s: string): string {
  const flat = s.replace(/\r?\n/g, '\\n');
  return flat.length > 2000 ? `${flat.slice(0, 1000)} … ${flat.slice(-200)}` : flat;
}
