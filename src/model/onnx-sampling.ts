/**
 * Sampling through a model's sampler.onnx (`ganforge sample --engine onnx`): the same per-row
 * uniforms as the TypeScript path (row-sampling.ts) go into the graph, its per-column outputs
 * become the table (category codes → labels from the manifest), identifier columns get their
 * fresh values from the same row words. What the graph cannot do — refusing exact copies of
 * training rows, --where and --filter — is refused here rather than silently skipped.
 */
import type * as ort from 'onnxruntime-node';
import { onnxRuntime, type OrtRuntime } from '../engine/ort-runtime.js';
import { ConfigError, ModelFormatError } from '../util/errors.js';
import { makeTable, type ColumnData, type Table } from '../data/table.js';
import { loadModel } from './artifact.js';
import type { RowSampler } from './row-sampling.js';
import { pickByCounts } from '../util/rng.js';
import { identifiersOf } from '../data/identifier.js';
import type { SamplerDescription } from './sampler-onnx.js';
import type { TableGan } from './table-model.js';

/** Rows per run of the graph. */
const RUN_ROWS = 8192;

export class OnnxSampler {
  private constructor(private readonly runtime: OrtRuntime, private readonly session: ort.InferenceSession, readonly description: SamplerDescription) {}

  static async open(dir: string, o: { threads?: number } = {}): Promise<OnnxSampler> {
    const loaded = await loadModel(dir);
    const description = (loaded.manifest.data as { sampler?: SamplerDescription } | null)?.sampler;
    if (!description) throw new ModelFormatError('MODEL_NO_SAMPLER', 'this model has no sampler.onnx', dir, 'it was saved by an older ganforge: train it again, or sample with --engine ts');
    const bytes = await loaded.readFile('sampler.onnx');
    // Without pre-packing, the generator's constant weights go through the same GEMM kernels as the
    // TypeScript path's fed ones (pre-packed weights can round a product by an ulp differently,
    // enough to move a value across an integer's rounding now and then).
    const runtime = onnxRuntime();
    const session = await runtime.createSession(new Uint8Array(bytes), {
      intraOpNumThreads: o.threads ?? 1, interOpNumThreads: 1, executionMode: 'sequential', extra: { session: { disable_prepacking: '1' } },
    });
    return new OnnxSampler(runtime, session, description);
  }

  /** The graph's outputs for given inputs (one float32 [n, width] array per input). */
  async run(n: number, inputs: Record<string, Float32Array>): Promise<Record<string, Float64Array | BigInt64Array>> {
    const feeds: Record<string, ort.Tensor> = {};
    for (const i of this.description.inputs) feeds[i.name] = new this.runtime.Tensor('float32', inputs[i.name]!, [n, i.width]);
    const out = await this.session.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float64Array | BigInt64Array]));
  }

  /** Rows [start, start + count) of the table TableGan.sample would give for this seed (no copy exclusion, no conditions). */
  async *blocks(model: TableGan, seed: number, start: number, count: number, blockRows = 100_000, extremes = true, stratify = true): AsyncGenerator<Table> {
    const rs: RowSampler = model.rowSampler({ seed, exclude: false, clip: this.description.clip, extremes, stratify });
    const names = model.data.transformer.columns.map((c) => c.name);
    const ids = this.description.notProduced;
    for (let b = start; b < start + count; b += blockRows) {
      const n = Math.min(blockRows, start + count - b);
      const rowIds = Float64Array.from({ length: n }, (_, i) => b + i);
      const parts: Record<string, (Float64Array | BigInt64Array)[]> = {};
      const idWords = ids.map(() => new Uint32Array(3 * n));
      const pooled = rs.pooled.map(() => new Float64Array(n));
      for (let from = 0; from < n; from += RUN_ROWS) {
        const k = Math.min(RUN_ROWS, n - from);
        const noise = rs.noise(rowIds, null, from, k, undefined, new Float64Array(n), idWords, pooled);
        const out = await this.run(k, noise as unknown as Record<string, Float32Array>);
        for (const [name, v] of Object.entries(out)) (parts[name] ??= []).push(v);
      }
      const columns = names.map((name): ColumnData => {
        const j = ids.indexOf(name);
        if (j >= 0) {
          const prefix = (model.data.transformer.columns.find((c) => c.name === name) as { identifier?: { prefix: string } }).identifier!.prefix;
          return { kind: 'string', values: identifiersOf(prefix, idWords[j]!, n) };
        }
        const d = this.description.outputs.find((o) => o.name === name)!;
        const chunks = parts[name]!;
        if (d.kind !== 'category') {
          const v = new Float64Array(n);
          let at = 0;
          for (const c of chunks) {
            v.set(c as Float64Array, at);
            at += c.length;
          }
          return { kind: d.kind === 'datetime' ? 'datetime' : 'number', values: v };
        }
        const codes: number[] = [];
        for (const c of chunks) for (const x of c as BigInt64Array) codes.push(Number(x));
        // A pooled slot's code gets one of its labels from the row's own uniform, as the TypeScript path's decoder does.
        const u = d.pooled ? pooled[rs.pooled.indexOf(name)]! : null;
        const label = (k: number, i: number): string | null => (u && k === d.pooled!.code ? d.pooled!.labels[pickByCounts(d.pooled!.counts, u[i]!)]! : d.labels![k] ?? null);
        if (d.source === 'number' || d.source === 'datetime') return { kind: d.source, values: Float64Array.from(codes, (k, i) => { const l = label(k, i); return l === null ? NaN : Number(l); }) };
        if (d.source === 'boolean') return { kind: 'boolean', values: codes.map((k, i) => { const l = label(k, i); return l === null ? null : l === 'true'; }) };
        return { kind: 'string', values: codes.map(label) };
      });
      const table = makeTable(names, columns);
      // The graph's rows are the TypeScript path's; so are the rows that get a column's extremes.
      await rs.pinExtremes(table, b);
      yield table;
    }
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** The options sampler.onnx cannot honour. */
export function checkOnnxOptions(o: { where?: unknown; filter?: unknown; exclude?: unknown; clip?: boolean }, description: SamplerDescription): void {
  const bad = o.where ? '--where' : o.filter ? '--filter' : o.exclude ? '--exclude' : o.clip !== undefined && o.clip !== description.clip ? '--no-clip' : null;
  if (bad) throw new ConfigError('CONFIG_ENGINE_ONNX_OPTION', `${bad} is not done by sampler.onnx`, 'engine', 'leave out --engine onnx (the TypeScript path does it), or drop the option');
}
