/** Argument parsing on node:util's parseArgs, with usage errors instead of exceptions. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../index.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parse(command: string, argv: string[], options: Options, positionals: { min: number; max: number; names: string }): Parsed {
  let r: Parsed;
  try {
    r = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true }) as Parsed;
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.split('\n')[0]}`, `see \`ganforge ${command} --help\``);
  }
  if (r.values['help']) return r;
  if (r.positionals.length < positionals.min || r.positionals.length > positionals.max) {
    throw new UsageError(`${command}: expected ${positionals.names}, got ${r.positionals.length ? r.positionals.map((p) => `"${p}"`).join(' ') : 'nothing'}`, `see \`ganforge ${command} --help\``);
  }
  return r;
}

export function intOption(v: unknown, name: string, min = 1): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${String(v)}"`);
  // Beyond 2^53 neighbouring integers share one double: two different seeds would silently be one.
  if (n > Number.MAX_SAFE_INTEGER) throw new UsageError(`--${name} ${String(v)} is too large (at most ${Number.MAX_SAFE_INTEGER})`);
  return n;
}

export function numberOption(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got "${String(v)}"`);
  return n;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Raw output that waits for the stream to drain (large outputs); when absent, out() is used. */
  write?: (s: string) => Promise<void>;
}
