import { DEMO_NAMES, runDemo, UsageError, type DemoResult } from '../../index.js';
import { DEMOS } from '../../advanced.js';
type CheckValue = DemoResult['checks'][string];
import { intOption, parse, str, type Io } from '../args.js';
import { describeTables, formatNumber, recordsTable } from '../text-table.js';

export const demoHelp = `ganforge demo — run a built-in experiment end to end

usage: ganforge demo <${DEMO_NAMES.join('|')}|all> [options]

${DEMO_NAMES.map((n) => `  ${n.padEnd(10)} ${DEMOS[n].description}`).join('\n')}

Each demo trains, samples, prints its acceptance checks and writes a report, the model and the
samples to ganforge-demo-<name>/ (or --out).

options:
  --preset <default|best>   default reproduces the classic experiment; best is ganforge's recipe
  --quick                   a short run (seconds), for a first look and for CI
  --seed <S>                seed (default 0)
  --out <dir>               output folder (one demo only)
  --threads <N>             ONNX Runtime threads (default 1)
  --json                    print each demo's checks as one JSON object per line
  -q, --quiet               no progress output

examples:
  ganforge demo circle
  ganforge demo all --quick
  ganforge demo gaussian --preset best --json

Next: open ganforge-demo-<name>/report.html in a browser, then train on a table of your own
(ganforge train my_table.csv, or a built-in one: ganforge train iris).`;

const RECORD_LABELS: Record<string, string> = { iter: 'iteration', acc_real: 'D accuracy on real', acc_fake: 'D accuracy on fake' };
const CHECK_TITLES: Record<string, string> = { describe: 'describe(): real vs synthetic', d_accuracy: 'discriminator accuracy on 100 real / 100 fake points' };

const isRecord = (v: unknown): v is Record<string, string | number | boolean | null> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x !== 'object' || x === null);

function printResult(r: DemoResult, io: Io): void {
  io.out(`demo ${r.demo} (${r.preset}) — ${r.seconds} s`);
  const tables: [string, CheckValue][] = [];
  for (const [k, v] of Object.entries(r.checks)) {
    if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'object' && v[0] !== null) tables.push([k, v]);
    else if (Array.isArray(v)) io.out(`  ${k}: ${v.map((x) => (typeof x === 'number' ? formatNumber(x) : String(x))).join(', ')}`);
    else if (typeof v === 'object' && v !== null) io.out(`  ${k}: ${JSON.stringify(v)}`);
    else io.out(`  ${k}: ${typeof v === 'number' ? formatNumber(v) : v}`);
  }
  for (const [k, v] of tables) {
    io.out('');
    io.out(`  ${CHECK_TITLES[k] ?? k.replace(/_/g, ' ')}`);
    const rows = v as unknown[];
    if (k === 'describe') for (const line of describeTables(rows as Parameters<typeof describeTables>[0])) io.out(line);
    else if (rows.every(isRecord)) for (const line of recordsTable(rows, RECORD_LABELS)) io.out(line);
    else io.out(`    ${JSON.stringify(v)}`);
  }
  io.out('');
  for (const t of r.targets) io.out(`  ${t.met ? '✓' : '✗'} ${t.name}: ${t.detail}`);
  io.out(`  files: ${r.files.join(', ')}`);
}

export async function demoCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('demo', argv, {
    preset: { type: 'string' }, quick: { type: 'boolean' }, seed: { type: 'string' }, out: { type: 'string' },
    threads: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' },
  }, { min: 1, max: 1, names: `a demo name (${DEMO_NAMES.join(', ')} or all)` });
  if (values['help']) return io.out(demoHelp), 0;
  const name = positionals[0]!;
  const names = name === 'all' ? DEMO_NAMES : [name];
  if (name !== 'all' && !(DEMO_NAMES as readonly string[]).includes(name)) throw new UsageError(`unknown demo "${name}"`, `choose one of ${DEMO_NAMES.join(', ')}, or all`);
  const preset = str(values['preset']) ?? 'default';
  if (preset !== 'default' && preset !== 'best') throw new UsageError(`--preset must be default or best, got "${preset}"`);
  if (values['out'] && names.length > 1) throw new UsageError('--out works with one demo at a time', 'leave out --out (each demo writes ganforge-demo-<name>/), or run the demos one by one');
  const json = values['json'] === true;
  let allMet = true;
  for (const n of names) {
    const r = await runDemo(n, {
      preset, quick: values['quick'] === true, seed: intOption(values['seed'], 'seed', 0) ?? 0, out: str(values['out']),
      threads: intOption(values['threads'], 'threads'), progress: json || values['quiet'] ? 'silent' : 'auto',
    });
    allMet &&= r.targets.every((t) => t.met);
    if (json) io.out(JSON.stringify({ demo: r.demo, preset: r.preset, seconds: r.seconds, ...r.checks, targets: r.targets, files: r.files }));
    else printResult(r, io);
  }
  return allMet ? 0 : 1;
}
