/**
 * A compiled step program: one ONNX Runtime session that reads fed inputs and store-backed
 * variables, returns outputs and writes variable updates back to the store. With
 * `stepsPerRun` K > 1 the step is wrapped in an ONNX Loop, so one run does up to K steps (the
 * trip count is fed, so a shorter run needs no second program): feeds are stacked [steps, ...]
 * and per-step outputs come back stacked [steps, ...].
 */
import type * as ort from 'onnxruntime-node';
import { onnxRuntime, usingDefaultRuntime, type OrtRuntime } from './ort-runtime.js';
import { openSessionThread, type SessionThread, type ThreadTensor } from '#session-thread';
import { GraphError } from '../util/errors.js';
import { shapeSize, type DType, type Graph, type Tensor } from './graph.js';
import { encodeModel, type OnnxGraph } from './onnx/model.js';
import { lowerGraph } from './onnx/lower.js';
import type { FloatArray, VariableStore } from './store.js';

export type FeedData = Float32Array | Float64Array | Uint8Array | BigInt64Array;

export interface ProgramSpec {
  /** Per-step results to fetch, by name. */
  outputs?: Readonly<Record<string, Tensor>>;
  /** Variable → its new value after the step. */
  updates?: ReadonlyMap<Tensor, Tensor>;
}

export interface ProgramOptions {
  /** Intra-op threads for ONNX Runtime (default 1). */
  threads?: number;
  /** Steps per run via an ONNX Loop (default 1: no loop). */
  stepsPerRun?: number;
  /** Scan float feeds for NaN/Infinity before each run (default true). */
  checkFeeds?: boolean;
  name?: string;
  /** Write an ONNX Runtime profile (JSON trace) with this file prefix. */
  profilePrefix?: string;
  /**
   * Run the session on a thread of its own (session-thread.ts), so that the caller can work while
   * it runs, where one can be had: Node's default runtime, no profile (default false).
   */
  thread?: boolean;
}


interface Plan {
  model: OnnxGraph;
  feeds: Tensor[];
  reads: Tensor[];
  updated: Tensor[];
}

const nextName = (v: Tensor): string => `${v.name}__next`;

function planSingle(graph: Graph, feeds: Tensor[], reads: Tensor[], updates: ReadonlyMap<Tensor, Tensor>, outputs: Record<string, Tensor>, name: string): OnnxGraph {
  return lowerGraph(graph, {
    inputs: [...feeds, ...reads].map((t) => ({ tensor: t, name: t.name })),
    outputs: [
      ...Object.entries(outputs).map(([n, t]) => ({ name: n, tensor: t })),
      ...[...updates].map(([v, t]) => ({ name: nextName(v), tensor: t })),
    ],
  }, name);
}

/** The step as the body of an ONNX Loop run `__trip` times (fed); feeds are indexed by the iteration number. */
function planLoop(graph: Graph, feeds: Tensor[], reads: Tensor[], updates: ReadonlyMap<Tensor, Tensor>, outputs: Record<string, Tensor>, name: string): OnnxGraph {
  const carried = [...updates.keys()];
  const bound = new Map<Tensor, string>();
  for (const f of feeds) bound.set(f, `${f.name}__step`);
  for (const v of reads) if (!updates.has(v)) bound.set(v, v.name);
  const body = lowerGraph(graph, {
    inputs: carried.map((v) => ({ tensor: v, name: `${v.name}__carry` })),
    bound,
    outputs: [
      ...carried.map((v) => ({ name: `${v.name}__carry_out`, tensor: updates.get(v)! })),
      ...Object.entries(outputs).map(([n, t]) => ({ name: `${n}__scan`, tensor: t })),
    ],
  }, `${name}_body`);
  body.inputs.unshift({ name: '__iter', dtype: 'int64', shape: [] }, { name: '__cond', dtype: 'bool', shape: [] });
  body.nodes.unshift(
    { opType: 'Identity', inputs: ['__cond'], outputs: ['__cond_out'], attrs: {} },
    ...feeds.map((f) => ({ opType: 'Gather', inputs: [f.name, '__iter'], outputs: [`${f.name}__step`], attrs: { axis: 0 } })),
  );
  body.outputs.unshift({ name: '__cond_out', dtype: 'bool', shape: [] });

  const outerOutputs = [
    ...carried.map((v) => ({ name: nextName(v), dtype: v.dtype, shape: v.shape })),
    ...Object.entries(outputs).map(([n, t]) => ({ name: n, dtype: t.dtype, shape: ['steps', ...t.shape] })),
  ];
  return {
    name,
    nodes: [{
      opType: 'Loop',
      inputs: ['__trip', '__cond_init', ...carried.map((v) => v.name)],
      outputs: outerOutputs.map((o) => o.name),
      attrs: { body },
    }],
    initializers: [{ name: '__cond_init', dtype: 'bool', shape: [], data: Uint8Array.of(1) }],
    inputs: [
      { name: '__trip', dtype: 'int64', shape: [] },
      ...feeds.map((f) => ({ name: f.name, dtype: f.dtype, shape: ['steps', ...f.shape] })),
      ...reads.map((v) => ({ name: v.name, dtype: v.dtype, shape: v.shape })),
    ],
    outputs: outerOutputs,
  };
}

function makePlan(graph: Graph, spec: ProgramSpec, k: number, name: string): Plan {
  const outputs = { ...(spec.outputs ?? {}) };
  const updates = spec.updates ?? new Map<Tensor, Tensor>();
  for (const [v, t] of updates) {
    if (v.kind !== 'variable') throw new GraphError('GRAPH_BAD_UPDATE', `only variables can be updated, ${v.name} is ${v.kind}`, v.name);
    if (v.dtype !== t.dtype || v.shape.join() !== t.shape.join()) {
      throw new GraphError('GRAPH_SHAPE_MISMATCH', `update ${t} does not match variable ${v}`, v.name);
    }
  }
  const needed = graph.ancestors([...Object.values(outputs), ...updates.values(), ...updates.keys()]);
  const feeds = needed.filter((t) => t.kind === 'input');
  const reads = needed.filter((t) => t.kind === 'variable');
  const model = k > 1 ? planLoop(graph, feeds, reads, updates, outputs, name) : planSingle(graph, feeds, reads, updates, outputs, name);
  return { model, feeds, reads, updated: [...updates.keys()] };
}

export class Program {
  private constructor(
    /** The runtime the session belongs to (its tensors go into the session's runs). */
    private readonly runtime: OrtRuntime,
    /** The session: here, or on its own thread. */
    private readonly session: ort.InferenceSession | SessionThread,
    private readonly plan: Plan,
    private readonly store: VariableStore,
    readonly stepsPerRun: number,
    private readonly checkFeeds: boolean,
    readonly name: string,
    /** The ONNX model bytes (for inspection and tests). */
    readonly onnx: Uint8Array,
  ) {}

  /** A threaded program's variables as the thread last got or made them (the store's arrays at that time). */
  private readonly held = new Map<string, FloatArray>();
  /** Whether the thread holds updates the store has not got (runs with `deferUpdates`). */
  private deferred = false;

  static async compile(graph: Graph, spec: ProgramSpec, store: VariableStore, opts: ProgramOptions = {}): Promise<Program> {
    const k = opts.stepsPerRun ?? 1;
    const name = opts.name ?? 'program';
    const plan = makePlan(graph, spec, k, name);
    for (const v of plan.reads) {
      const e = store.entry(v.name);
      if (e.shape.join() !== v.shape.join()) {
        throw new GraphError('GRAPH_SHAPE_MISMATCH', `stored value has shape [${e.shape.join(', ')}], the graph expects [${v.shape.join(', ')}]`, v.name);
      }
    }
    const bytes = encodeModel(plan.model);
    const runtime = onnxRuntime();
    const thread = opts.thread && usingDefaultRuntime() && !opts.profilePrefix ? await openSessionThread(bytes, sessionOptions(opts.threads ?? 1)) : null;
    const session = thread ?? (await createSession(runtime, bytes, opts.threads ?? 1, name, opts.profilePrefix));
    return new Program(runtime, session, plan, store, k, opts.checkFeeds ?? true, name, bytes);
  }

  /** Whether the session runs on a thread of its own (ProgramOptions.thread). */
  get threaded(): boolean {
    return this.local === null;
  }

  /** The session when it runs here, null when it runs on its own thread. */
  private get local(): ort.InferenceSession | null {
    return 'inputNames' in this.session ? this.session : null;
  }

  /** Names and shapes (per step) of the inputs a run must be fed. */
  get feedSpecs(): { name: string; shape: readonly number[]; dtype: DType }[] {
    return this.plan.feeds.map((f) => ({ name: f.name, shape: f.shape, dtype: f.dtype }));
  }

  /**
   * One run of `steps` steps (1 to stepsPerRun; default stepsPerRun), feeds stacked [steps, ...].
   * A threaded program's feeds are the thread's once the run starts when `handOver` (the caller
   * made them for this run only), and its variables are the run's until the promise resolves;
   * with `deferUpdates` they stay on the thread (runs after it read them there) until `syncStore`.
   */
  async run(feeds: Readonly<Record<string, FeedData>>, steps = this.stepsPerRun, o: { handOver?: boolean; deferUpdates?: boolean } = {}): Promise<Record<string, FeedData>> {
    const k = steps;
    if (!(Number.isInteger(k) && k >= 1 && k <= this.stepsPerRun)) {
      throw new GraphError('GRAPH_BAD_STEPS', `a run of ${this.name} does 1 to ${this.stepsPerRun} steps, not ${k}`, this.name);
    }
    const looped = this.stepsPerRun > 1;
    const local = this.local;
    const ortFeeds: Record<string, ort.Tensor> = {};
    if (looped && local) ortFeeds['__trip'] = new this.runtime.Tensor('int64', BigInt64Array.of(BigInt(k)), []);
    for (const f of this.plan.feeds) {
      const data = feeds[f.name];
      const n = shapeSize(f.shape) * k;
      if (!data) throw new GraphError('GRAPH_MISSING_FEED', `no value fed for input ${f.name}`, this.name);
      if (data.length !== n) {
        throw new GraphError('GRAPH_SHAPE_MISMATCH', `input ${f.name} got ${data.length} values, expected ${n} (${looped ? `${k} × ` : ''}[${f.shape.join(', ')}])`, this.name);
      }
      if (this.checkFeeds && (data instanceof Float32Array || data instanceof Float64Array)) {
        for (let i = 0; i < data.length; i++) {
          if (!Number.isFinite(data[i]!)) {
            throw new GraphError('GRAPH_NON_FINITE_FEED', `input ${f.name} holds ${data[i]} at index ${i}`, this.name, 'check the data fed to the model');
          }
        }
      }
      if (local) ortFeeds[f.name] = new this.runtime.Tensor(f.dtype, data as never, looped ? [k, ...f.shape] : [...f.shape]);
    }
    if (!local) return this.runThreaded(this.session as SessionThread, feeds, k, o.handOver ?? false, o.deferUpdates ?? false);
    for (const v of this.plan.reads) {
      ortFeeds[v.name] = new this.runtime.Tensor(v.dtype, this.store.get(v.name) as never, [...v.shape]);
    }
    const result = await local.run(ortFeeds);
    const out: Record<string, FeedData> = {};
    for (const [n, t] of Object.entries(result)) out[n] = t.data as FeedData;
    for (const v of this.plan.updated) {
      this.store.set(v.name, out[nextName(v)] as FloatArray);
      delete out[nextName(v)];
    }
    return out;
  }

  /** The run on the session's thread, which holds the variables: each is sent when the store's value is not the last one got back. */
  private async runThreaded(thread: SessionThread, feeds: Readonly<Record<string, FeedData>>, k: number, handOver: boolean, defer: boolean): Promise<Record<string, FeedData>> {
    const looped = this.stepsPerRun > 1;
    const fed: ThreadTensor[] = looped ? [{ name: '__trip', dtype: 'int64', dims: [], data: BigInt64Array.of(BigInt(k)) }] : [];
    for (const f of this.plan.feeds) fed.push({ name: f.name, dtype: f.dtype, dims: looped ? [k, ...f.shape] : [...f.shape], data: feeds[f.name]! });
    const variables = this.plan.reads.map((v): ThreadTensor => {
      const data = this.store.get(v.name);
      if (this.held.get(v.name) === data) return { name: v.name, dtype: v.dtype, dims: [...v.shape], data: null };
      this.held.set(v.name, data);
      return { name: v.name, dtype: v.dtype, dims: [...v.shape], data };
    });
    const out = await thread.run(fed, variables, this.plan.updated.map((v) => ({ variable: v.name, output: nextName(v) })), handOver, defer);
    this.deferred = defer;
    if (defer) return out;
    for (const v of this.plan.updated) {
      const value = out[nextName(v)] as FloatArray;
      this.store.set(v.name, value);
      this.held.set(v.name, value);
      delete out[nextName(v)];
    }
    return out;
  }

  /** Writes the updates that runs with `deferUpdates` left on the session's thread into the store. */
  async syncStore(): Promise<void> {
    if (!this.deferred) return;
    const names = this.plan.updated.map((v) => v.name);
    const values = await (this.session as SessionThread).values(names);
    for (const name of names) {
      const value = values[name] as FloatArray;
      this.store.set(name, value);
      this.held.set(name, value);
    }
    this.deferred = false;
  }

  /** Ends profiling (when enabled) so the trace file is written. */
  endProfiling(): void {
    this.local?.endProfiling();
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function sessionOptions(threads: number, profilePrefix?: string): ort.InferenceSession.SessionOptions {
  return {
    ...(profilePrefix ? { enableProfiling: true, profileFilePrefix: profilePrefix } : {}),
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    enableCpuMemArena: true,
    enableMemPattern: true,
  };
}

async function createSession(runtime: OrtRuntime, bytes: Uint8Array, threads: number, name: string, profilePrefix?: string): Promise<ort.InferenceSession> {
  try {
    return await runtime.createSession(bytes, sessionOptions(threads, profilePrefix));
  } catch (e) {
    throw new GraphError('GRAPH_ORT_REJECTED', `ONNX Runtime could not load the program: ${(e as Error).message}`, name);
  }
}
