// The headless Chromium the browser tests drive (report.browser.test.ts, the studio's): GANFORGE_CHROMIUM
// if set, else a system Chromium on PATH, else the one the @sparticuz/chromium dev dependency ships.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface Browser { executablePath: string; args: string[]; source: string }

const SYSTEM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

function onPath(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export async function findChromium(): Promise<Browser> {
  const fromEnv = process.env['GANFORGE_CHROMIUM'];
  if (fromEnv) {
    assert.ok(existsSync(fromEnv), `GANFORGE_CHROMIUM=${fromEnv} does not exist: point it at a Chromium binary or unset it`);
    return { executablePath: fromEnv, args: SYSTEM_ARGS, source: 'GANFORGE_CHROMIUM' };
  }
  for (const name of ['chromium', 'chromium-browser']) {
    const path = onPath(name);
    if (path) return { executablePath: path, args: SYSTEM_ARGS, source: `system ${name}` };
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  packaged.setGraphicsMode = false; // the report draws SVG only: no WebGL, so no SwiftShader to unpack
  return { executablePath: await packaged.executablePath(), args: packaged.args, source: '@sparticuz/chromium' };
}


/** A browser test's screenshot (in its temporary folder, removed after the test) copied to $GANFORGE_SCREENSHOTS when that names a folder; says where. */
export function keepScreenshot(shot: string, what: string): void {
  const dir = process.env.GANFORGE_SCREENSHOTS;
  if (!dir) {
    console.log(`${what} screenshot taken (set GANFORGE_SCREENSHOTS=DIR to keep it)`);
    return;
  }
  mkdirSync(dir, { recursive: true });
  const kept = join(dir, basename(shot));
  copyFileSync(shot, kept);
  console.log(`${what} screenshot: ${kept}`);
}
