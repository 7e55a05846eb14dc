/**
 * Incremental column building for streamed text (CSV): cells are parsed as numbers while every
 * cell so far is one, so a numeric column costs 8 bytes a row instead of a string per cell. Text
 * that `String(number)` would not reproduce ("1.50", "007", "NaN") is remembered sparsely, so if
 * a later cell turns the column into text, every earlier cell's exact text can be restored.
 */
import { columnFromText, type CellOrigin } from './cells.js';
import type { ColumnData } from './table.js';

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE_RE = /^[+-]?(?:inf|infinity|nan)$/i;
/**
 * Text that String(Number(text)) gives back unchanged: no sign but '-', no leading or trailing
 * zeros, no exponent, at most 15 digits (any decimal with ≤ 15 significant digits round-trips
 * through a double and back to its shortest form), and not below 1e-6 (written with an exponent).
 * Checking this is much cheaper than formatting the number.
 */
const CANONICAL_RE = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;
function isCanonical(cell: string): boolean {
  if (cell.length > 17 || !CANONICAL_RE.test(cell) || cell === '-0' || /^-?0\.000000/.test(cell)) return false;
  const digits = cell.length - (cell.charCodeAt(0) === 45 ? 1 : 0) - (cell.includes('.') ? 1 : 0);
  return digits <= 15;
}

export class TextColumnBuilder {
  private numbers: Float64Array | null = new Float64Array(1024);
  /** Row → original text, for numeric-mode cells whose text is not String(value). */
  private exceptions = new Map<number, string>();
  private texts: string[] | null = null;
  private length = 0;

  push(cell: string): void {
    if (this.numbers) {
      if (isCanonical(cell)) {
        this.pushNumber(Number(cell));
        return;
      }
      const s = cell.trim();
      let v = NaN;
      if (s === '') {
        if (cell !== '') this.exceptions.set(this.length, cell);
      } else if (NUMBER_RE.test(s)) {
        v = Number(s);
        if (String(v) !== cell) this.exceptions.set(this.length, cell);
      } else if (NON_FINITE_RE.test(s)) {
        this.exceptions.set(this.length, cell);
      } else {
        this.toText();
        this.texts!.push(cell);
        this.length++;
        return;
      }
      this.pushNumber(v);
      return;
    }
    this.texts!.push(cell);
    this.length++;
  }

  private pushNumber(v: number): void {
    if (this.length === this.numbers!.length) {
      const grown = new Float64Array(this.numbers!.length * 2);
      grown.set(this.numbers!);
      this.numbers = grown;
    }
    this.numbers![this.length++] = v;
  }

  private toText(): void {
    const nums = this.numbers!;
    const texts = new Array<string>(this.length);
    for (let i = 0; i < this.length; i++) texts[i] = this.exceptions.get(i) ?? (Number.isNaN(nums[i]!) ? '' : String(nums[i]!));
    this.texts = texts;
    this.numbers = null;
    this.exceptions = new Map();
  }

  /** The finished column, typed by the same rules as `columnFromText` (which also reports NaN/Infinity text). */
  finish(origin: CellOrigin): ColumnData {
    if (this.numbers) {
      const overflow = this.numbers.subarray(0, this.length).some((v) => v === Infinity || v === -Infinity);
      if (!overflow && (this.exceptions.size === 0 || ![...this.exceptions.values()].some((s) => NON_FINITE_RE.test(s.trim())))) {
        return { kind: 'number', values: this.numbers.slice(0, this.length) };
      }
      this.toText();
    }
    return columnFromText(this.texts!, origin);
  }
}
