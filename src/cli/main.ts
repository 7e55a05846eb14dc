#!/usr/bin/env node
/** The `ganforge` executable: runs the command (src/cli/run.ts) with the process's arguments. */
import { main } from './run.js';

// A closed pipe (e.g. `ganforge sample … | head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const code = await main(process.argv.slice(2));
process.exitCode = code;
