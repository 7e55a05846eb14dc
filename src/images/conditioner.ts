/**
 * The condition vector of a class-conditional image GAN: the one-hot label, fed to G beside z
 * and to D beside the pixels. Each training row draws a real image; its label is the condition
 * of both the real row and the paired fake row (so classes appear with their data frequencies).
 */
import type { Rng } from '../util/rng.js';
import type { Conditioner } from '../train/trainer.js';

export class LabelConditioner implements Conditioner {
  constructor(private readonly pixels: Float32Array, private readonly labels: Int32Array, readonly classes: number, private readonly size: number) {}

  private oneHot(out: Float32Array, row: number, label: number): void {
    out.fill(0, row * this.classes, (row + 1) * this.classes);
    out[row * this.classes + label] = 1;
  }

  fill(rows: number, condFake: Float32Array, condReal: Float32Array, realOut: Float32Array, offset: number, rng: Rng): void {
    const d = this.size;
    for (let r = 0; r < rows; r++) {
      const k = rng.int(this.labels.length);
      realOut.set(this.pixels.subarray(k * d, (k + 1) * d), offset + r * d);
      this.oneHot(condReal, r, this.labels[k]!);
      this.oneHot(condFake, r, this.labels[k]!);
    }
  }

  trainCond(rows: number, out: Float32Array, offset: number, rng: Rng): void {
    this.sample(rows, out, offset, rng);
  }

  sample(rows: number, out: Float32Array, offset: number, rng: Rng): void {
    const c = this.classes;
    for (let r = 0; r < rows; r++) {
      out.fill(0, offset + r * c, offset + (r + 1) * c);
      out[offset + r * c + this.labels[rng.int(this.labels.length)]!] = 1;
    }
  }
}

/** Condition vectors that ask every row for one class (sampling a chosen digit). */
export function fixedLabel(label: number, classes: number): (rows: number, out: Float32Array) => void {
  return (rows, out) => {
    out.fill(0);
    for (let r = 0; r < rows; r++) out[r * classes + label] = 1;
  };
}
