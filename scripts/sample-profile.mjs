// Time split of sampling, per stage, single thread: node scripts/sample-profile.mjs MODEL_DIR [ROWS] (after npm run build).
// "gen" is the generator forward alone on ready feeds (the compute floor); the other stages are what sampling adds.
import { TableGan } from '../dist/index.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { TableBuilder } from '../dist/data/packed-table.js';
import { openTableWriter } from '../dist/data/write-stream.js';
// N rows (a multiple of 100,000) in blocks of 100,000, as `ganforge sample` does.
const dir = process.argv[2], N = Number(process.argv[3] ?? 1e6);
const model = await TableGan.load(dir);
const rs = model.rowSampler({ seed: 1, exclude: false });
const t = { noise: 0, cond_prior: 0, gen_in_sample: 0, decode: 0, write: 0, gen: 0 };
const B = 100000, CH = 8192;
const out = join(tmpdir(), `ganforge-profile-${process.pid}.parquet`);
const w = await openTableWriter(out);
const now = () => performance.now();
for (let b = 0; b < N; b += B) {
  const ids = Float64Array.from({ length: B }, (_, i) => b + i);
  const block = new TableBuilder(B);
  for (let f = 0; f < B; f += CH) {
    const k = Math.min(CH, B - f);
    let t0 = now(); const noise = rs.noise(ids, null, f, k); t.noise += now() - t0;
    t0 = now(); const inputs = rs.generatorInputs(k, noise); t.cond_prior += now() - t0;
    t0 = now(); const output = await model.trainer.sampleFrom(k, inputs); t.gen_in_sample += now() - t0;
    // The calibration, one-hot draws and inverse transforms (no identifier or pooled columns assumed).
    t0 = now(); const part = rs.decode(output, { noise, ids: [], pooled: [] }); block.add(part, 0, k, f); t.decode += now() - t0;
  }
  const t0 = now(); await w.write(block.table()); t.write += now() - t0;
}
await w.close();
rmSync(out, { force: true });
// The floor: the generator's program alone on ready feeds.
const tr = model.trainer; const k = 1024;
const feeds = { zUniform: new Float32Array(k * tr.noiseWidth).fill(0.3), cond: tr.config.condWidth ? new Float32Array(k * tr.config.condWidth) : undefined, prior: tr.config.prior ? new Float32Array(k * tr.dataDim) : undefined };
await tr.sampleFrom(k, feeds);
let t0 = now(); for (let i = 0; i < N / k; i++) await tr.sampleFrom(k, feeds); t.gen = now() - t0;
const total = t.noise + t.cond_prior + t.gen_in_sample + t.decode + t.write;
console.log(JSON.stringify(Object.fromEntries(Object.entries(t).map(([a, v]) => [a, +(v / 1000).toFixed(2)]))), 'total', (total / 1000).toFixed(2), 'rows/s', Math.round(N / total * 1000), 'floor rows/s', Math.round(N / t.gen * 1000));
