// Marks the command-line entry point executable after tsc writes it (tsc writes 0644), and stamps
// it with the build time: tsc leaves an output whose text did not change untouched, and
// bin/ganforge.mjs rebuilds a checkout whose src/ is newer than this file. npm links the bin
// before `prepare` has built it on a clean clone, so without the mode `dist/cli/main.js` can meet
// "Permission denied" when run directly.
import { chmodSync, utimesSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
chmodSync(entry, 0o755);
const now = new Date();
utimesSync(entry, now, now);
