/** Strict UTF-8 decoding of a byte stream, reporting the row (and column) of the first bad byte. */
import { Transform, type TransformCallback } from 'node:stream';
import { DataError } from '../util/errors.js';

/** Decodes UTF-8 strictly, so bad bytes become an error with a row and column instead of silent U+FFFD. */
export class StrictUtf8 extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** Text already passed on, only its line count and last line are kept for error positions. */
  private lines = 1;
  private lastLine = '';
  /** The header line as text, in case bad bytes come before the parser has seen it. */
  private headerLine: string | null = null;

  /**
   * `delimiter` and `header` only serve to name the column of a bad byte (pass '' and
   * () => [] for formats without columns on a line).
   */
  constructor(private readonly file: string, private readonly delimiter: string, private readonly header: () => readonly string[]) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      done(this.badBytes(chunk));
      return;
    }
    this.track(text);
    done(null, text);
  }

  override _flush(done: TransformCallback): void {
    try {
      const rest = this.decoder.decode();
      done(null, rest);
    } catch {
      done(this.badBytes(Buffer.alloc(0)));
    }
  }

  private track(text: string): void {
    if (this.headerLine === null && this.lines === 1) {
      const first = text.indexOf('\n');
      if (first >= 0) this.headerLine = this.lastLine + text.slice(0, first);
    }
    const nl = text.lastIndexOf('\n');
    if (nl < 0) {
      this.lastLine += text;
      return;
    }
    for (let i = 0; i <= nl; i++) if (text.charCodeAt(i) === 10) this.lines++;
    this.lastLine = text.slice(nl + 1);
  }

  private badBytes(chunk: Buffer): DataError {
    // Re-decode leniently to find where the first bad byte sits.
    const lenient = new TextDecoder('utf-8').decode(chunk);
    const at = lenient.indexOf('\uFFFD');
    const before = this.lastLine + lenient.slice(0, Math.max(0, at));
    const extraLines = before.split('\n').length - 1;
    const line = before.slice(before.lastIndexOf('\n') + 1);
    if (this.delimiter === '') {
      return new DataError('DATA_NOT_UTF8', 'the file is not valid UTF-8 text', { file: this.file, row: this.lines + extraLines }, 'save the file as UTF-8');
    }
    const fieldIndex = line.split(this.delimiter).length - 1;
    let names = this.header();
    if (names.length === 0) {
      const head = this.headerLine ?? (this.lastLine + lenient).split('\n')[0]!;
      names = head.replace(/^\uFEFF/, '').split(this.delimiter).map((n) => n.trim());
    }
    return new DataError(
      'DATA_NOT_UTF8',
      'the file is not valid UTF-8 text',
      { file: this.file, row: this.lines + extraLines, column: names[fieldIndex] ?? `#${fieldIndex + 1}` },
      'save the file as UTF-8 (e.g. "Save as… CSV UTF-8" in a spreadsheet, or iconv -f latin1 -t utf-8)',
    );
  }
}

