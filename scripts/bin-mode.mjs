// Marks the command-line entry point executable after tsc writes it (tsc writes 0644). npm links
// the bin before `prepare` has built it on a clean clone, so without this `npx ganforge` can meet
// "Permission denied" on a fresh machine.
import { chmodSync } from 'node:fs';

chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);
