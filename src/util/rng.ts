/**
 * Seeded pseudo-random numbers, passed explicitly to whatever needs them (no global state).
 *
 * Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
 * 2018), 32-bit words so it runs on plain JS numbers; seeded through splitmix32 so any integer
 * seed gives a well-mixed state. Normals: Marsaglia's polar method.
 */

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** Serializable generator state (plain data, JSON-safe). */
export interface RngState {
  s: [number, number, number, number];
  spare: number | null;
}

/** Scratch words for Rng.normals (grown on demand, shared: single-threaded). */
let normalWords = new Uint32Array(0);

export class Rng {
  // A typed array keeps the 32-bit words unboxed (plain number fields above 2³¹ would be heap numbers).
  private readonly s = new Uint32Array(4);
  private spare: number | null = null;

  constructor(seed: number | string) {
    const mix = splitmix32(typeof seed === 'string' ? hashString(seed) : hashNumber(seed));
    for (let i = 0; i < 4; i++) this.s[i] = mix();
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) this.s[0] = 1;
  }

  static fromState(state: RngState): Rng {
    const r = new Rng(0);
    r.s.set(state.s);
    r.spare = state.spare;
    return r;
  }

  /** Replaces the state (an all-zero state is not allowed: xoshiro would stay at zero). */
  reseed(s0: number, s1: number, s2: number, s3: number): void {
    this.s[0] = s0;
    this.s[1] = s1;
    this.s[2] = s2;
    this.s[3] = s3;
    if ((s0 | s1 | s2 | s3) === 0) this.s[0] = 1;
    this.spare = null;
  }

  state(): RngState {
    return { s: [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!], spare: this.spare };
  }

  /** A new independent generator whose seed is derived from this one's next outputs and `label`. */
  fork(label: string | number = 0): Rng {
    const a = this.nextU32();
    const b = typeof label === 'string' ? hashString(label) : hashNumber(label);
    return new Rng((a ^ Math.imul(b, 0x9e3779b1)) >>> 0);
  }

  /**
   * Fills `out[offset..offset+length)` with raw 32-bit words, exactly as that many nextU32() calls
   * would, with the generator state held in locals (several times faster in a hot loop).
   */
  fillU32(out: Uint32Array, offset = 0, length = out.length - offset): void {
    const st = this.s;
    let s0 = st[0]! | 0, s1 = st[1]! | 0, s2 = st[2]! | 0, s3 = st[3]! | 0;
    const end = offset + length;
    for (let i = offset; i < end; i++) {
      const x = Math.imul(s1, 5);
      out[i] = Math.imul((x << 7) | (x >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const s1 = s[1]!;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s[2] ^= s[0]!;
    s[3] ^= s1;
    s[1] = s1 ^ s[2]!;
    s[0] ^= s[3]!;
    s[2] ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Standard normal N(0, 1). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /**
   * Standard normals into `out[offset..offset+length)`: exactly the values and the stream of that
   * many normal() calls (the polar method, its spare kept), with the generator state in locals —
   * several times faster for latent noise.
   */
  normals(out: Float32Array | Float64Array, offset = 0, length = out.length - offset): void {
    let i = offset;
    const end = offset + length;
    if (i < end && this.spare !== null) {
      out[i++] = this.spare;
      this.spare = null;
    }
    // Each attempt of the polar method takes 4 words; a block of one attempt per pair still
    // needed never draws more words than the calls would.
    while (i < end) {
      const attempts = (end - i + 1) >> 1;
      if (normalWords.length < 4 * attempts) normalWords = new Uint32Array(4 * attempts);
      const w = normalWords;
      this.fillU32(w, 0, 4 * attempts);
      for (let k = 0; k < 4 * attempts && i < end; k += 4) {
        const u = 2 * (((w[k]! >>> 5) * 67108864 + (w[k + 1]! >>> 6)) / 9007199254740992) - 1;
        const v = 2 * (((w[k + 2]! >>> 5) * 67108864 + (w[k + 3]! >>> 6)) / 9007199254740992) - 1;
        const q = u * u + v * v;
        if (q >= 1 || q === 0) continue;
        const f = Math.sqrt((-2 * Math.log(q)) / q);
        out[i++] = u * f;
        if (i < end) out[i++] = v * f;
        else this.spare = v * f;
      }
    }
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!(n > 0) || !Number.isInteger(n)) throw new RangeError(`Rng.int: n must be a positive integer, got ${n}`);
    if (n <= 0x100000000) {
      // Lemire's nearly-divisionless method would be faster; rejection keeps it unbiased and simple.
      const limit = Math.floor(0x100000000 / n) * n;
      let x: number;
      do x = this.nextU32();
      while (x >= limit);
      return x % n;
    }
    return Math.floor(this.uniform() * n);
  }

  fillUniform(out: Float32Array | Float64Array, lo = 0, hi = 1): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * this.uniform();
    return out;
  }

  fillNormal(out: Float32Array | Float64Array, mean = 0, std = 1): typeof out {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** Fisher–Yates permutation of 0..n-1. */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i]!;
      p[i] = p[j]!;
      p[j] = t;
    }
    return p;
  }

  /** An index drawn with probability proportional to `weights` (non-negative, not all zero). */
  choice(weights: ArrayLike<number>): number {
    return pickWeighted(weights, this.uniform());
  }
}

/** The index that a uniform u in [0, 1) picks with probability proportional to `weights` (Rng.choice's rule, for given uniforms). */
export function pickWeighted(weights: ArrayLike<number>, u: number): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  let r = u * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

const runningSums = new WeakMap<readonly number[], Float64Array>();

/**
 * pickWeighted for whole, non-negative counts (a pooled category's labels: tens of thousands of
 * them), by binary search over their running sums, cached per array. The same index: sums of whole
 * numbers below 2⁵³ are exact, so pickWeighted's remainder u·total − (c₀ + … + cᵢ) is exact while
 * it is not negative, and it first turns negative exactly where u·total < c₀ + … + cᵢ.
 */
export function pickByCounts(counts: readonly number[], u: number): number {
  if (counts.length < 32) return pickWeighted(counts, u);
  let sums = runningSums.get(counts);
  if (!sums) {
    sums = new Float64Array(counts.length);
    let total = 0;
    for (let i = 0; i < counts.length; i++) sums[i] = total += counts[i]!;
    runningSums.set(counts, sums);
  }
  const x = u * sums[sums.length - 1]!;
  let lo = 0, hi = sums.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < sums[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return Math.min(lo, counts.length - 1);
}

function hashNumber(n: number): number {
  if (Number.isInteger(n) && n >= 0 && n <= 0xffffffff) return n >>> 0;
  return hashString(String(n));
}

/** FNV-1a, 32-bit. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: a bijection of 32-bit words with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Random streams addressable by row: the stream of row r (and attempt a, for rows drawn again) is
 * a xoshiro128** generator whose 128-bit state is a hash of (key, r, a), so any row's numbers can
 * be drawn without drawing the rows before it — a shard, a worker or another process computes
 * exactly the rows of one long table (counter-based seeding, as Salmon et al., "Parallel random
 * numbers: as easy as 1, 2, 3", SC 2011, with a hash in place of a block cipher). The first word
 * is a bijection of the row's low 32 bits and the second of its high bits given the first, so
 * distinct rows (below 2⁵³) never share a state.
 */
export class RowStreams {
  private readonly key = new Uint32Array(4);
  private readonly rng = new Rng(0);

  constructor(readonly seed: number | string, readonly label: string) {
    const root = new Rng(seed).fork(label);
    for (let i = 0; i < 4; i++) this.key[i] = root.nextU32();
  }

  /** The generator of row `row` (attempt `attempt`), reset to the start of its stream; the same object each call. */
  at(row: number, attempt = 0): Rng {
    const lo = row >>> 0;
    const hi = Math.floor(row / 4294967296) >>> 0;
    const k = this.key;
    const w0 = (k[0]! ^ fmix32((lo ^ 0x9e3779b9) >>> 0)) >>> 0;
    // xoshiro128**'s first output is a function of w1 alone: the attempt enters it too (×0 at attempt 0).
    const w1 = (k[1]! ^ fmix32((hi ^ fmix32((lo + 0x7f4a7c15) >>> 0) ^ Math.imul(attempt, 0x9e3779b9)) >>> 0)) >>> 0;
    const w2 = (k[2]! ^ fmix32((attempt ^ fmix32((lo ^ 0x632be5ab) >>> 0)) >>> 0)) >>> 0;
    const w3 = (k[3]! ^ fmix32((fmix32((hi + 0x2545f491) >>> 0) ^ attempt ^ 0x85ebca77) >>> 0)) >>> 0;
    this.rng.reseed(w0, w1, w2, w3);
    return this.rng;
  }

  /**
   * The round keys of block `block`'s cell permutations (BlockStrata), two words per round and
   * three rounds per uniform column, into out ([columns · 6]).
   */
  blockKeys(block: number, out: Uint32Array): void {
    const lo = block >>> 0, hi = Math.floor(block / 4294967296) >>> 0;
    const base = fmix32((this.key[3]! ^ fmix32((lo ^ 0x27d4eb2f) >>> 0) ^ fmix32((hi + 0x165667b1) >>> 0)) >>> 0);
    for (let j = 0; j < out.length / 6; j++) {
      let k = fmix32((base ^ fmix32((Math.imul(j, 0x9e3779b9) + 0x2545f491) >>> 0)) >>> 0);
      for (let r = 0; r < 3; r++) {
        k = fmix32((k + 0x9e3779b9) >>> 0);
        out[6 * j + 2 * r] = (k | 1) >>> 0;
        out[6 * j + 2 * r + 1] = k >>> 16;
      }
    }
  }
}

/**
 * Block-stratified first attempts (sample stream version 5): in a run of 2^bits rows starting at a
 * multiple of 2^bits, each uniform column of the rows' noise takes each of 2^bits equal cells of
 * (0, 1) once (a Latin hypercube per block): row r's value in column j is cell π_{b,j}(r mod
 * 2^bits), at the place its own uniform gives within the cell, where b = ⌊r / 2^bits⌋ and π_{b,j}
 * a permutation keyed by the streams' key, b and j. Each value is still uniform, columns and
 * blocks are still independent, and row r needs nothing but r (shards, workers and prefixes agree),
 * but a sample's marginals carry far less sampling noise than independent draws: a column's
 * counts in any cell of a full block are exact. The permutation: three rounds of an odd multiplier
 * and a keyed addend mod 2^bits, each followed by a right xorshift (every step a bijection).
 */
export class BlockStrata {
  private readonly keys: Uint32Array;
  private block = -1;
  private readonly mask: number;
  private readonly shift: number;
  private readonly scale: number;

  constructor(private readonly streams: RowStreams, readonly bits: number, columns: number) {
    if (!(Number.isInteger(bits) && bits >= 1 && bits <= 16)) throw new RangeError(`BlockStrata: bits must be 1–16, got ${bits}`);
    this.keys = new Uint32Array(6 * columns);
    this.mask = (1 << bits) - 1;
    this.shift = Math.max(1, bits >>> 1);
    this.scale = 1 / (1 << bits);
  }

  /** Row `row`'s cell in uniform column j (each of the block's rows a different one). */
  cell(row: number, j: number): number {
    const r = this.enter(row);
    return permute(r, this.keys, 6 * j, this.mask, this.shift);
  }

  /** Row `row`'s uniforms u[from, from + columns) (column j at from + j) moved into their cells, in place, as float32s strictly inside (0, 1). */
  placeRow(row: number, u: Float32Array, from: number, columns: number): void {
    const r = this.enter(row);
    const k = this.keys, mask = this.mask, s = this.shift, scale = this.scale;
    for (let j = 0; j < columns; j++) {
      const v = (permute(r, k, 6 * j, mask, s) + u[from + j]!) * scale;
      u[from + j] = v < FLOAT32_BELOW_ONE ? v : FLOAT32_BELOW_ONE;
    }
  }

  /** The row's place in its block, with that block's keys at hand. */
  private enter(row: number): number {
    const size = this.mask + 1;
    const b = Math.floor(row / size);
    if (b !== this.block) {
      this.streams.blockKeys(b, this.keys);
      this.block = b;
    }
    return row - b * size;
  }
}

/** Position of x in the permutation keyed by k[o, o + 6): three rounds of x·odd + addend mod 2^bits, then a right xorshift. */
function permute(x: number, k: Uint32Array, o: number, mask: number, s: number): number {
  x = (Math.imul(x, k[o]!) + k[o + 1]!) & mask;
  x ^= x >>> s;
  x = (Math.imul(x, k[o + 2]!) + k[o + 3]!) & mask;
  x ^= x >>> s;
  x = (Math.imul(x, k[o + 4]!) + k[o + 5]!) & mask;
  return x ^ (x >>> s);
}

/** The largest float32 below 1 (1 − 2⁻²⁴). */
export const FLOAT32_BELOW_ONE = 0.99999994039535522;
