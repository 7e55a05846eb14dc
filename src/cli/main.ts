#!/usr/bin/env node
/**
 * The `ganforge` command: dispatch, and one-line errors. Exit codes: 0 ok; 2 bad input (arguments,
 * config, data or model files); 1 anything else (training diverged, internal errors).
 */
import { GanforgeError, TrainingError, UsageError as UsageErrorCtor, VERSION } from '../index.js';
import type { Io } from './args.js';
import { datasetsCommand } from './commands/datasets.js';
import { demoCommand } from './commands/demo.js';
import { evaluateCommand } from './commands/evaluate.js';
import { inspectCommand } from './commands/inspect.js';
import { sampleCommand } from './commands/sample.js';
import { trainCommand } from './commands/train.js';

const COMMANDS: Record<string, { run: (argv: string[], io: Io) => Promise<number>; summary: string }> = {
  train: { run: trainCommand, summary: 'train a GAN on a table (CSV, Excel, JSON, Parquet) and save the model' },
  sample: { run: sampleCommand, summary: 'generate rows from a saved model' },
  evaluate: { run: evaluateCommand, summary: 'score synthetic data against real data, with an HTML report' },
  demo: { run: demoCommand, summary: 'run a built-in experiment (circle, gaussian, iris, sixparam, digits, all)' },
  datasets: { run: datasetsCommand, summary: 'list the built-in datasets' },
  inspect: { run: inspectCommand, summary: 'show what a saved model holds' },
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

export async function main(argv: string[], io: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) }): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') return io.out(HELP), 0;
  if (cmd === '--version' || cmd === '-v') return io.out(VERSION), 0;
  const c = COMMANDS[cmd];
  try {
    if (!c) throw new UsageErrorCtor(`unknown command "${cmd}"`, `commands: ${Object.keys(COMMANDS).join(', ')} (see \`ganforge --help\`)`);
    return await c.run(rest, io);
  } catch (e) {
    if (e instanceof GanforgeError) {
      io.err(`ganforge: ${e.message}`);
      return e instanceof TrainingError ? 1 : 2;
    }
    if (process.env['GANFORGE_DEBUG']) throw e;
    io.err(`ganforge: internal error: ${(e as Error).message} (set GANFORGE_DEBUG=1 for details)`);
    return 1;
  }
}

// A closed pipe (e.g. `ganforge sample … | head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const code = await main(process.argv.slice(2));
process.exitCode = code;
