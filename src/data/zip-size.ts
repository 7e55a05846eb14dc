/**
 * What a ZIP archive (an .xlsx is one) expands to, read from its central directory without
 * inflating anything — so a zip bomb (a small file whose sheet inflates to hundreds of MB) is
 * refused before it is unpacked.
 */
export interface ZipEntrySize {
  name: string;
  /** Uncompressed bytes (Infinity for a ZIP64 entry whose size is not in the 32-bit field). */
  bytes: number;
}

/** Entries and their uncompressed sizes, or null when no central directory is found (not a ZIP: the reader reports that). */
export function zipEntrySizes(buf: Uint8Array): ZipEntrySize[] | null {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  // End of central directory: 22 bytes plus a comment of up to 65535, at the very end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const out: ZipEntrySize[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > buf.length || view.getUint32(at, true) !== 0x02014b50) return out;
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const name = new TextDecoder().decode(buf.subarray(at + 46, Math.min(buf.length, at + 46 + nameLength)));
    out.push({ name, bytes: size === 0xffffffff ? Infinity : size });
    at += 46 + nameLength + extra + comment;
  }
  return out;
}
