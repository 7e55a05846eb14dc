/**
 * The GAN trainer: owns the graph, the parameter store, the compiled round and sampler programs
 * and the training Rng; runs epochs of rounds and reports one EpochLog per epoch.
 */
import { TrainingError } from '../util/errors.js';
import { Rng, type RngState } from '../util/rng.js';
import { Graph, Program, VariableStore, learningRate, shapeSize, type FeedData, type Optimizer, type StoredValue } from '../engine/index.js';
import { ForwardContext, buildMlp, discriminatorInput, featureWidth, type Network } from '../nn/index.js';
import type { GanConfig } from './config.js';
import { columnStats, ROUND_QUANTITIES, type EpochLog, type RoundQuantity } from './epoch-log.js';
import { roundPhases, realRowsPerRound } from './phases.js';
import { fillDropoutMask, fillNormal32, fillOpenUniform32, fillUniform32 } from './random-fill.js';
import { boxMuller, buildRound, emaVariables, generate, makeOptimizer, useAverages, type CondSpan, type FeedPlan, type GanNets } from './round.js';
import type { RealSource } from './sources.js';

export interface TrainerOptions {
  seed: number;
  /** ONNX Runtime intra-op threads (default 1). */
  threads?: number;
  /** Most rounds per ONNX Runtime run (an ONNX Loop; an epoch's last run does what is left); default 16. */
  roundsPerRun?: number;
  /** Profile the round programs with ONNX Runtime (trace files with this prefix). */
  profilePrefix?: string;
  /**
   * Run the round programs on a thread of their own, where one can be had (Program's `thread`),
   * while the next run's feeds are made here; the same numbers either way (default false). It
   * pays for rounds of 10⁷ batch rows × parameters or more (lending_club's round 0.89× the time,
   * seed-000 0.94×; the circle's 0.5 ms rounds 1.10×). Off by default: onnxruntime-node is not
   * safe with several threads' sessions alive at once (microsoft/onnxruntime#24486; a test file
   * whose threaded trainers were not released aborted the process once), so release the trainer.
   */
  sessionThread?: boolean;
  /** Generator-output spans whose one-hots the condition selects (conditional GANs). */
  condSpans?: CondSpan[];
  /** Writes condition vectors for fake rows and picks matching real rows (conditional GANs). */
  conditioner?: Conditioner;
  /** Draws the generator's prior rows (configs with `prior`). */
  prior?: PriorSampler;
}

/** Draws model-space prior rows (GanConfig.prior), each consistent with its condition vector when there is one. */
export interface PriorSampler {
  /** Writes `rows` prior rows of dataDim values at out[offset ..]; `cond` holds their condition vectors (condWidth each), or null. */
  fill(rows: number, cond: Float32Array | null, out: Float32Array, offset: number, rng: Rng): void;
}

/** Given noise for `sampleFrom`, row-major, one entry per role (see GanTrainer.noiseWidth). */
export interface GivenNoise {
  /** [n, noiseWidth]: U(0, 1) strictly inside; normal latent noise is made from it in the graph (Box–Muller). */
  zUniform: Float32Array;
  /** [n, condWidth] condition vectors (conditional models). */
  cond?: Float32Array;
  /** [n, dataDim] prior rows (configs with `prior`). */
  prior?: Float32Array;
}

/** Supplies condition vectors (CTGAN training-by-sampling). */
export interface Conditioner {
  /** Condition vectors for `rows` fake rows, plus the real rows that match them (shuffled pairing is the conditioner's job). */
  fill(rows: number, condFake: Float32Array, condReal: Float32Array, realOut: Float32Array, offset: number, rng: Rng): void;
  /** Training condition vectors for a generator-only phase (no real rows). */
  trainCond(rows: number, out: Float32Array, offset: number, rng: Rng): void;
  /** Condition vectors for sampling from the model (empirical frequencies). */
  sample(rows: number, out: Float32Array, offset: number, rng: Rng): void;
}

/** Everything needed to continue training exactly where it stopped. */
export interface TrainerState {
  epoch: number;
  rounds: number;
  dUpdates: number;
  gUpdates: number;
  rng: RngState;
  values: Map<string, StoredValue>;
  log: EpochLog[];
}

interface RoundProgram {
  program: Program;
  feeds: FeedPlan[];
  tags: { net: 'D' | 'G'; tag: string }[];
  /** Condition feeds the conditioner fills together with their phase's real rows. */
  pairedConds: Set<string>;
  /** Output name → the logged quantity it holds. */
  logged: Map<string, RoundQuantity>;
}

/** Store entries that belong to the optimisers (created with the first round program). */
export const isOptimizerState = (name: string): boolean => name.startsWith('optD.') || name.startsWith('optG.');

export class GanTrainer {
  readonly graph = new Graph();
  readonly store = new VariableStore();
  readonly nets: GanNets;
  private readonly roundGraphs = new Map<number, ReturnType<typeof buildRound>>();
  private readonly programs = new Map<string, RoundProgram>();
  private readonly critics = new Map<number, Program>();
  private readonly samplers = new Map<number, { program: Program; batch: number; randomFeeds: { name: string; size: number; kind: 'gumbel_uniform' }[] }>();
  private readonly noiseSamplers = new Map<number, Program>();
  rng: Rng;
  epoch = 0;
  rounds = 0;
  dUpdates = 0;
  gUpdates = 0;
  readonly log: EpochLog[] = [];

  constructor(readonly config: GanConfig, readonly dataDim: number, readonly options: TrainerOptions) {
    const g = this.graph;
    const cw = config.condWidth ?? 0;
    if (config.prior && !options.prior) throw new TrainingError('TRAINING_NO_PRIOR', 'the config reads a prior row but no prior sampler was given');
    const G = buildMlp(g, 'G', config.latentDim + cw + (config.prior ? dataDim : 0), dataDim, config.generator);
    const D = buildMlp(g, 'D', featureWidth(config.features, dataDim + cw, config.pac), 1, config.discriminator);
    this.nets = { G, D, optD: makeOptimizer(g, 'optD', config.optimizerD), optG: makeOptimizer(g, 'optG', config.optimizerG) };
    const root = new Rng(options.seed);
    const initRng = root.fork('init');
    G.init(this.store, initRng);
    D.init(this.store, initRng);
    if (config.emaDecay !== undefined) {
      for (const [p, avg] of emaVariables(g, G)) this.store.declare(avg.name, p.shape, this.store.get(p.name).slice());
    }
    this.rng = root.fork('train');
  }

  get generator(): Network {
    return this.nets.G;
  }

  private async roundProgram(batch: number, k: number): Promise<RoundProgram> {
    const key = `${batch}x${k}`;
    let rp = this.programs.get(key);
    if (!rp) {
      let round = this.roundGraphs.get(batch);
      if (!round) {
        round = buildRound(this.graph, this.config, this.nets, roundPhases(this.config), this.dataDim, batch, this.options.condSpans, `b${batch}.`);
        this.roundGraphs.set(batch, round);
      }
      this.nets.optD.initState(this.store);
      this.nets.optG.initState(this.store);
      const program = await Program.compile(this.graph, { outputs: round.outputs, updates: round.updates }, this.store, {
        threads: this.options.threads ?? 1, stepsPerRun: k, name: `round_${key}`, checkFeeds: false, profilePrefix: this.options.profilePrefix,
        thread: this.options.sessionThread ?? false,
      });
      const pairedConds = new Set(round.feeds.flatMap((f) => (f.source.kind === 'real' && f.source.condFake ? [f.source.condFake] : [])));
      rp = { program, feeds: round.feeds, tags: round.optimizerTags, pairedConds, logged: round.logged };
      this.programs.set(key, rp);
    }
    return rp;
  }

  /** Latent noise from the configured prior: N(0, 1) or U(0, 1). */
  private fillNoise(out: Float32Array, rng: Rng, offset = 0, length = out.length - offset): void {
    if (this.config.noise === 'normal') fillNormal32(out, rng, offset, length);
    else fillUniform32(out, 0, 1, rng, offset, length);
  }

  private lr(net: 'D' | 'G', t: number): number {
    const o = net === 'D' ? this.config.optimizerD : this.config.optimizerG;
    return learningRate(o.lr, o.schedule ?? { kind: 'constant' }, t);
  }

  /** Fills the feeds of k consecutive rounds, consuming the Rng in the same order whatever k is. */
  private fillFeeds(rp: RoundProgram, k: number, source: RealSource): Record<string, FeedData> {
    const out: Record<string, Float32Array> = {};
    for (const f of rp.feeds) out[f.name] = new Float32Array(shapeSize(f.shape) * k);
    const cond = this.options.conditioner;
    for (let r = 0; r < k; r++) {
      const steps = { D: this.dUpdates, G: this.gUpdates };
      const optFeeds: Record<string, number> = {};
      for (const { net, tag } of rp.tags) {
        const t = ++steps[net];
        const opt: Optimizer = net === 'D' ? this.nets.optD : this.nets.optG;
        Object.assign(optFeeds, opt.stepFeeds(t, this.lr(net, t - 1), tag));
      }
      this.dUpdates = steps.D;
      this.gUpdates = steps.G;
      for (const f of rp.feeds) {
        const buf = out[f.name]!;
        const size = shapeSize(f.shape);
        const off = r * size;
        const s = f.source;
        switch (s.kind) {
          case 'real':
            if (cond && s.condReal) {
              // The conditioner picks the real rows to match its condition vectors.
              const cw = this.config.condWidth!;
              const cf = out[s.condFake!];
              const cr = out[s.condReal]!;
              cond.fill(s.rows, cf ? cf.subarray(r * s.rows * cw) : new Float32Array(s.rows * cw), cr.subarray(r * s.rows * cw), buf, off, this.rng);
            } else source.take(s.rows, buf, off, this.rng);
            break;
          case 'noise':
            this.fillNoise(buf, this.rng, off, size);
            break;
          case 'noise_uniform':
            fillOpenUniform32(buf, this.rng, off, size);
            break;
          case 'label':
            fillUniform32(buf, s.range[0], s.range[1], this.rng, off, size);
            break;
          case 'random':
            if (s.spec.kind === 'dropout') fillDropoutMask(buf, s.spec.p, this.rng, off, size);
            else if (s.spec.kind === 'gumbel_uniform') fillOpenUniform32(buf, this.rng, off, size);
            else if (s.spec.kind === 'normal') fillNormal32(buf, this.rng, off, size);
            else fillUniform32(buf, s.spec.low, s.spec.high, this.rng, off, size);
            break;
          case 'cond':
            if (!cond) throw new TrainingError('TRAINING_NO_CONDITIONER', 'the config has a condition vector but no conditioner was given');
            // Filled together with the real rows of the same phase (see 'real'); fake-only phases sample here.
            if (s.role === 'fake' && !rp.pairedConds.has(f.name)) {
              cond.trainCond(s.rows, buf, off, this.rng);
            }
            break;
          case 'optimizer':
            buf[r] = optFeeds[f.name]!;
            break;
          case 'prior': {
            const cw = this.config.condWidth ?? 0;
            const c = s.cond ? out[s.cond]!.subarray(r * s.rows * cw, (r + 1) * s.rows * cw) : null;
            this.options.prior!.fill(s.rows, c, buf, off, this.rng);
            break;
          }
        }
      }
    }
    return out;
  }

  /**
   * One epoch: `rounds` rounds for samplers, or one pass over the data for epoch-based sources
   * (a last, smaller batch gets its own program unless dropLast).
   */
  async trainEpoch(source: RealSource, o: { rounds?: number; dropLast?: boolean; sampleRows?: number } = {}): Promise<EpochLog> {
    const t0 = performance.now();
    source.beginEpoch(this.rng);
    const perRound = realRowsPerRound(this.config);
    const b = this.config.batchSize;
    const plan: { batch: number; count: number }[] = [];
    if (source.rowsPerEpoch === null) {
      plan.push({ batch: b, count: o.rounds ?? 1 });
    } else {
      const full = Math.floor(source.rowsPerEpoch / perRound);
      plan.push({ batch: b, count: full });
      const rest = source.rowsPerEpoch - full * perRound;
      const restBatch = Math.floor(rest / Math.max(1, this.config.dSteps));
      if (!(o.dropLast ?? true) && restBatch >= this.config.pac && restBatch % this.config.pac === 0) plan.push({ batch: restBatch, count: 1 });
    }
    const sums = new Map<RoundQuantity, { sum: number; n: number }>();
    const K = this.options.roundsPerRun ?? 16;
    for (const { batch, count } of plan) {
      if (count <= 0) continue;
      const rp = await this.roundProgram(batch, K);
      // One program of up to K rounds per run; the last run of an epoch does what is left. Each
      // run's feeds are made while the run before it runs (on a threaded program: in parallel;
      // the Rng is drawn in the same order either way).
      let done = 0, k = Math.min(K, count);
      let feeds = this.fillFeeds(rp, k, source);
      try {
        while (done < count) {
          // A threaded program keeps its updates until the epoch's runs are done.
          const running = rp.program.run(feeds, k, { handOver: true, deferUpdates: true });
          const nextK = Math.min(K, count - done - k);
          const nextFeeds = nextK > 0 ? this.fillFeeds(rp, nextK, source) : null;
          this.addLogged(rp, await running, sums);
          done += k;
          this.rounds += k;
          if (nextFeeds) [feeds, k] = [nextFeeds, nextK];
        }
      } finally {
        await rp.program.syncStore();
      }
    }
    // Non-finite parameters show up in the next round's losses anyway; a full scan every 10 epochs suffices.
    if ((this.epoch + 1) % 10 === 0) this.checkParameters();
    const seconds = (performance.now() - t0) / 1000;
    this.epoch++;
    const stats = columnStats(await this.sample(o.sampleRows ?? 1000, new Rng(this.options.seed).fork(`epoch-sample:${this.epoch}`)), this.dataDim);
    const entry: EpochLog = {
      epoch: this.epoch, rounds: this.rounds,
      dLossReal: null, dLossFake: null, gLoss: null, dAccReal: null, dAccFake: null, wasserstein: null, gradientPenalty: null, condLoss: null,
      genMean: stats.mean, genStd: stats.std,
      lrD: this.lr('D', Math.max(0, this.dUpdates - 1)), lrG: this.lr('G', Math.max(0, this.gUpdates - 1)), seconds,
    };
    for (const [key, { sum, n }] of sums) entry[key] = sum / n;
    this.log.push(entry);
    return entry;
  }

  /** Adds a run's logged per-round quantities to the epoch's sums; a non-finite one ends training. */
  private addLogged(rp: RoundProgram, outs: Record<string, FeedData>, sums: Map<RoundQuantity, { sum: number; n: number }>): void {
    for (const [name, v] of Object.entries(outs)) {
      const key = rp.logged.get(name);
      if (key === undefined) continue;
      const arr = v as Float32Array;
      let s = sums.get(key);
      if (!s) sums.set(key, (s = { sum: 0, n: 0 }));
      for (let i = 0; i < arr.length; i++) {
        if (!Number.isFinite(arr[i]!)) {
          throw new TrainingError('TRAINING_DIVERGED', `the ${ROUND_QUANTITIES[key]} became ${arr[i]}`, this.rounds + i + 1,
            'training diverged: lower the learning rates or use loss "wgan-gp"; the last checkpoint is kept');
        }
        s.sum += arr[i]!;
        s.n++;
      }
    }
  }

  private checkParameters(): void {
    for (const name of this.store.names()) {
      const d = this.store.get(name);
      for (let i = 0; i < d.length; i++) {
        if (!Number.isFinite(d[i]!)) {
          throw new TrainingError('TRAINING_DIVERGED', `parameter ${name} became ${d[i]}`, this.rounds,
            'training diverged: lower the learning rates or use loss "wgan-gp"; the last checkpoint is kept');
        }
      }
    }
  }

  /** n generated rows in model space, drawn with `rng` (the training stream is not touched). */
  async sample(n: number, rng: Rng, condition?: (rows: number, out: Float32Array, rng: Rng) => void): Promise<Float32Array> {
    // Rows per sampler run: up to 500, fewer for wide rows (about 64k values per run) or small requests.
    const sp = await this.sampler(Math.max(1, Math.min(n, 500, Math.floor(65536 / this.dataDim))));
    const out = new Float32Array(n * this.dataDim);
    const cw = this.config.condWidth ?? 0;
    for (let done = 0; done < n; done += sp.batch) {
      const feeds: Record<string, Float32Array> = {};
      const z = new Float32Array(sp.batch * this.config.latentDim);
      this.fillNoise(z, rng);
      feeds[`sample${sp.batch}.z`] = z;
      if (cw) {
        const c = new Float32Array(sp.batch * cw);
        if (condition) condition(sp.batch, c, rng);
        else if (this.options.conditioner) this.options.conditioner.sample(sp.batch, c, 0, rng);
        feeds[`sample${sp.batch}.cond`] = c;
      }
      if (this.config.prior) {
        const p = new Float32Array(sp.batch * this.dataDim);
        this.options.prior!.fill(sp.batch, cw ? feeds[`sample${sp.batch}.cond`]! : null, p, 0, rng);
        feeds[`sample${sp.batch}.prior`] = p;
      }
      for (const r of sp.randomFeeds) {
        const buf = new Float32Array(r.size);
        fillOpenUniform32(buf, rng);
        feeds[r.name] = buf;
      }
      const rows = (await sp.program.run(feeds))['rows'] as Float32Array;
      const take = Math.min(sp.batch, n - done);
      out.set(rows.subarray(0, take * this.dataDim), done * this.dataDim);
    }
    return out;
  }

  private async sampler(batch: number): Promise<{ program: Program; batch: number; randomFeeds: { name: string; size: number; kind: 'gumbel_uniform' }[] }> {
    const cached = this.samplers.get(batch);
    if (cached) return cached;
    const ctx = new ForwardContext(this.graph, false, `sample${batch}.`);
    const z = this.graph.input(`sample${batch}.z`, [batch, this.config.latentDim]);
    const cw = this.config.condWidth ?? 0;
    const cond = cw ? this.graph.input(`sample${batch}.cond`, [batch, cw]) : null;
    const prior = this.config.prior ? this.graph.input(`sample${batch}.prior`, [batch, this.dataDim]) : null;
    useAverages(ctx, this.graph, this.config, this.nets.G);
    const { rows } = generate(ctx, this.config, this.nets.G, z, cond, prior);
    const program = await Program.compile(this.graph, { outputs: { rows } }, this.store, { threads: this.options.threads ?? 1, name: 'sampler' });
    const randomFeeds = ctx.randomFeeds.map((f) => ({ name: f.name, size: shapeSize(f.shape), kind: 'gumbel_uniform' as const }));
    const sp = { program, batch, randomFeeds };
    this.samplers.set(batch, sp);
    return sp;
  }

  /** Uniforms per row that `sampleFrom` turns into latent noise: pairs for Box–Muller, or the latent itself for uniform noise. */
  get noiseWidth(): number {
    return this.config.noise === 'normal' ? 2 * Math.ceil(this.config.latentDim / 2) : this.config.latentDim;
  }

  /**
   * n model-space rows from given noise (no Rng: every random number comes in), so rows can be
   * generated in any order or process. Runs in fixed batches (a power of two up to 1024, fewer for
   * wide rows), the last one padded.
   */
  async sampleFrom(n: number, noise: GivenNoise): Promise<Float32Array> {
    const most = Math.max(1, Math.min(1024, 2 ** Math.floor(Math.log2(Math.max(1, 262144 / this.dataDim)))));
    let batch = 1;
    while (batch < Math.min(n, most)) batch *= 2;
    const program = await this.noiseSampler(batch);
    const out = new Float32Array(n * this.dataDim);
    const cw = this.config.condWidth ?? 0;
    const parts: [string, Float32Array | undefined, number][] = [['z_uniform', noise.zUniform, this.noiseWidth], ['cond', noise.cond, cw], ['prior', noise.prior, this.config.prior ? this.dataDim : 0]];
    for (let done = 0; done < n; done += batch) {
      const take = Math.min(batch, n - done);
      const feeds: Record<string, Float32Array> = {};
      for (const [name, data, width] of parts) {
        if (!width) continue;
        if (!data || data.length < n * width) throw new TrainingError('TRAINING_BAD_NOISE', `sampleFrom: ${name} needs ${n * width} values`);
        let buf = data.subarray(done * width, (done + take) * width);
        if (take < batch) {
          const padded = new Float32Array(batch * width).fill(0.5);
          padded.set(buf);
          buf = padded;
        }
        feeds[`noise${batch}.${name}`] = buf;
      }
      const rows = (await program.run(feeds))['rows'] as Float32Array;
      out.set(rows.subarray(0, take * this.dataDim), done * this.dataDim);
    }
    return out;
  }

  private async noiseSampler(batch: number): Promise<Program> {
    let p = this.noiseSamplers.get(batch);
    if (p) return p;
    const ctx = new ForwardContext(this.graph, false, `noise${batch}.`);
    const u = this.graph.input(`noise${batch}.z_uniform`, [batch, this.noiseWidth]);
    const z = this.config.noise === 'normal' ? boxMuller(u, this.config.latentDim) : u;
    const cw = this.config.condWidth ?? 0;
    const cond = cw ? this.graph.input(`noise${batch}.cond`, [batch, cw]) : null;
    const prior = this.config.prior ? this.graph.input(`noise${batch}.prior`, [batch, this.dataDim]) : null;
    useAverages(ctx, this.graph, this.config, this.nets.G);
    const { rows } = generate(ctx, this.config, this.nets.G, z, cond, prior);
    p = await Program.compile(this.graph, { outputs: { rows } }, this.store, { threads: this.options.threads ?? 1, name: 'noise-sampler' });
    this.noiseSamplers.set(batch, p);
    return p;
  }

  /** Discriminator logits for `n` rows (evaluation mode: no dropout), e.g. to report its accuracy. */
  async criticLogits(rows: Float32Array, n: number): Promise<Float32Array> {
    let p = this.critics.get(n);
    if (!p) {
      const ctx = new ForwardContext(this.graph, false, `critic${n}.`);
      const x = this.graph.input(`critic${n}.x`, [n, this.dataDim + (this.config.condWidth ?? 0)]);
      const logits = this.nets.D.forward(ctx, discriminatorInput(this.config.features, x, this.config.pac)).out;
      p = await Program.compile(this.graph, { outputs: { logits } }, this.store, { threads: this.options.threads ?? 1, name: 'critic' });
      this.critics.set(n, p);
    }
    return (await p.run({ [`critic${n}.x`]: rows }))['logits'] as Float32Array;
  }

  state(): TrainerState {
    return {
      epoch: this.epoch, rounds: this.rounds, dUpdates: this.dUpdates, gUpdates: this.gUpdates,
      rng: this.rng.state(), values: this.store.snapshot(), log: this.log.map((l) => ({ ...l })),
    };
  }

  restore(s: TrainerState): void {
    for (const [name, v] of s.values) {
      if (!this.store.has(name) && !isOptimizerState(name)) {
        throw new TrainingError('TRAINING_CHECKPOINT_MISMATCH', `the checkpoint holds ${name}, which this model does not have`);
      }
    }
    this.store.restore(s.values);
    this.epoch = s.epoch;
    this.rounds = s.rounds;
    this.dUpdates = s.dUpdates;
    this.gUpdates = s.gUpdates;
    this.rng = Rng.fromState(s.rng);
    this.log.length = 0;
    this.log.push(...s.log.map((l) => ({ ...l })));
  }

  async release(): Promise<void> {
    for (const rp of this.programs.values()) {
      if (this.options.profilePrefix) rp.program.endProfiling();
      await rp.program.release();
    }
    this.programs.clear();
    for (const p of this.critics.values()) await p.release();
    this.critics.clear();
    for (const sp of this.samplers.values()) await sp.program.release();
    this.samplers.clear();
    for (const p of this.noiseSamplers.values()) await p.release();
    this.noiseSamplers.clear();
  }
}
