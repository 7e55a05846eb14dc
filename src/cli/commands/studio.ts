import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { UsageError } from '../../index.js';
import { serveStudio } from '../studio-server.js';
import { intOption, parse, str, type Io } from '../args.js';

export const studioHelp = `ganforge studio — train on your own table in the browser

usage: ganforge studio [--port 8080] [--host 127.0.0.1] [--open]

Serves the studio page (dist/studio/) on localhost: pick or drop a CSV / TSV / JSON / XLSX /
Parquet file (or a built-in dataset), check the column types, train in the page (onnxruntime-web,
WebAssembly, in a Web Worker: the data never leaves the machine), watch the losses, accuracies,
histograms and quality, then sample and download rows, the HTML report and the model (.tar, which
\`ganforge sample\` and \`ganforge inspect\` read). A model folder from \`ganforge train\` loads there too.
The folder works from any static host that sends the COOP/COEP headers (needed for threads).

options:
  --port <N>      port to listen on (default 8080; 0: any free port)
  --host <addr>   address to listen on (default 127.0.0.1: this machine only)
  --open          open the page in the default browser

examples:
  ganforge studio --open
  ganforge studio --port 9000`;

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** In a git checkout (sources present), builds dist/studio/ when it is missing or older than src/. */
async function ensureBuilt(io: Io): Promise<string> {
  const dir = join(root, 'dist', 'studio');
  const script = join(root, 'scripts', 'build-studio.mjs');
  if (existsSync(join(root, 'src', 'index.ts')) && existsSync(script)) {
    let build: { studioStale(): boolean; buildStudio(o: { quiet: boolean }): Promise<void> };
    try {
      build = (await import(pathToFileURL(script).href)) as typeof build;
    } catch (e) {
      throw new UsageError(`cannot build the studio page (${(e as Error).message.split('\n')[0]})`, 'run `npm ci` first (esbuild and onnxruntime-web are npm dependencies), then `npm run build`');
    }
    if (build.studioStale()) {
      io.err('ganforge: building the studio page (esbuild, a few seconds)…');
      await build.buildStudio({ quiet: true });
    }
  }
  if (!existsSync(join(dir, 'index.html'))) throw new UsageError(`the studio page is not built (${dir} is missing)`, 'run `npm run build`');
  return dir;
}

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined); // no browser to open: the URL is printed anyway
  child.unref();
}

export async function studioCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse('studio', argv, { port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' } }, { min: 0, max: 0, names: 'no arguments' });
  if (values['help']) return io.out(studioHelp), 0;
  const port = intOption(values['port'], 'port', 0) ?? 8080;
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const dir = await ensureBuilt(io);
  const server = await serveStudio(dir, { port, host: str(values['host']) ?? '127.0.0.1' });
  io.out(`ganforge studio: ${server.url}  (Ctrl-C to stop)`);
  if (values['open']) openBrowser(server.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
