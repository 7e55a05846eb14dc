/** Small canvas plots for the studio page: lines, histograms (real vs synthetic) and a scatter. */
import type { PlotColumn } from './protocol.js';

const REAL = 'rgba(90, 100, 120, 0.55)';
const SYN = 'rgba(230, 120, 20, 0.75)';
const PAD = { l: 44, r: 10, t: 10, b: 22 };

function frame(c: HTMLCanvasElement): { g: CanvasRenderingContext2D; w: number; h: number } {
  const g = c.getContext('2d')!;
  g.clearRect(0, 0, c.width, c.height);
  g.font = '11px system-ui, sans-serif';
  g.fillStyle = '#333';
  g.strokeStyle = '#999';
  g.lineWidth = 1;
  return { g, w: c.width - PAD.l - PAD.r, h: c.height - PAD.t - PAD.b };
}

const finite = (xs: readonly (number | null)[]): number[] => xs.filter((x): x is number => x !== null && Number.isFinite(x));
const short = (x: number): string => (Math.abs(x) >= 1000 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

function axes(g: CanvasRenderingContext2D, w: number, h: number, x0: number, x1: number, y0: number, y1: number): void {
  g.strokeRect(PAD.l, PAD.t, w, h);
  g.textAlign = 'right';
  g.fillText(short(y1), PAD.l - 4, PAD.t + 9);
  g.fillText(short(y0), PAD.l - 4, PAD.t + h);
  g.textAlign = 'left';
  g.fillText(short(x0), PAD.l, PAD.t + h + 14);
  g.textAlign = 'right';
  g.fillText(short(x1), PAD.l + w, PAD.t + h + 14);
}

export interface Series {
  label: string;
  color: string;
  values: (number | null)[];
}

/** Lines over x (epochs), with a legend. */
export function linePlot(c: HTMLCanvasElement, xs: number[], series: Series[], range?: [number, number]): void {
  const { g, w, h } = frame(c);
  const all = series.flatMap((s) => finite(s.values));
  if (xs.length === 0 || all.length === 0) return;
  let [y0, y1] = range ?? [Math.min(...all), Math.max(...all)];
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const x0 = xs[0]!, x1 = Math.max(xs[xs.length - 1]!, x0 + 1);
  axes(g, w, h, x0, x1, y0, y1);
  const px = (x: number): number => PAD.l + ((x - x0) / (x1 - x0)) * w;
  const py = (y: number): number => PAD.t + h - ((y - y0) / (y1 - y0)) * h;
  series.forEach((s, k) => {
    g.strokeStyle = s.color;
    g.lineWidth = 1.5;
    g.beginPath();
    let on = false;
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return (on = false);
      if (on) g.lineTo(px(xs[i]!), py(v));
      else g.moveTo(px(xs[i]!), py(v));
      on = true;
      return undefined;
    });
    g.stroke();
    g.fillStyle = s.color;
    g.textAlign = 'left';
    g.fillText(s.label, PAD.l + 6 + k * 70, PAD.t + 12);
  });
}

/** Real vs synthetic distribution of one column: 20 bins for numbers, one bar pair per category. */
export function histogram(c: HTMLCanvasElement, real: PlotColumn, syn: PlotColumn | null): void {
  const { g, w, h } = frame(c);
  let labels: string[];
  let bins: (col: PlotColumn) => number[];
  if (real.kind === 'number') {
    const xs = finite(real.values).concat(syn && syn.kind === 'number' ? finite(syn.values) : []);
    if (xs.length === 0) return;
    const lo = Math.min(...xs), hi = Math.max(...xs) + 1e-12;
    const k = 20;
    labels = [short(lo), short(hi)];
    bins = (col) => {
      const out = new Array<number>(k).fill(0);
      const vs = col.kind === 'number' ? finite(col.values) : [];
      for (const v of vs) out[Math.min(k - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo)) * k)))]! += 1 / vs.length;
      return out;
    };
  } else {
    const counts = new Map<string, number>();
    for (const v of real.values) counts.set(v ?? '(missing)', (counts.get(v ?? '(missing)') ?? 0) + 1);
    labels = [...counts.keys()].slice(0, 30);
    bins = (col) => {
      const out = labels.map(() => 0);
      const vs = col.values as (string | null)[];
      for (const v of vs) {
        const i = labels.indexOf(v ?? '(missing)');
        if (i >= 0) out[i]! += 1 / vs.length;
      }
      return out;
    };
  }
  const r = bins(real);
  const s = syn ? bins(syn) : null;
  const top = Math.max(...r, ...(s ?? [0]), 1e-9);
  const bw = w / r.length;
  g.strokeRect(PAD.l, PAD.t, w, h);
  r.forEach((v, i) => {
    g.fillStyle = REAL;
    g.fillRect(PAD.l + i * bw + 1, PAD.t + h - (v / top) * h, bw / 2 - 1, (v / top) * h);
    if (s) {
      g.fillStyle = SYN;
      g.fillRect(PAD.l + i * bw + bw / 2, PAD.t + h - (s[i]! / top) * h, bw / 2 - 1, (s[i]! / top) * h);
    }
  });
  g.fillStyle = '#333';
  g.textAlign = 'left';
  g.fillText(real.name, PAD.l + 4, PAD.t + 12);
  if (real.kind === 'number') {
    g.fillText(labels[0]!, PAD.l, PAD.t + h + 14);
    g.textAlign = 'right';
    g.fillText(labels[1]!, PAD.l + w, PAD.t + h + 14);
  } else {
    g.textAlign = 'center';
    labels.forEach((l, i) => g.fillText(l.slice(0, Math.max(3, Math.floor(bw / 7))), PAD.l + (i + 0.5) * bw, PAD.t + h + 14));
  }
}

/** Two numeric columns: real rows grey, synthetic orange. */
export function scatter(c: HTMLCanvasElement, real: [PlotColumn, PlotColumn] | null, syn: [PlotColumn, PlotColumn] | null): void {
  const { g, w, h } = frame(c);
  if (!real || real[0].kind !== 'number' || real[1].kind !== 'number') {
    g.fillText('pick two numeric columns', PAD.l + 8, PAD.t + 20);
    return;
  }
  const pts = (p: [PlotColumn, PlotColumn] | null): [number, number][] => {
    if (!p || p[0].kind !== 'number' || p[1].kind !== 'number') return [];
    const ys = p[1].values;
    return p[0].values.map((x, i): [number, number] => [x, ys[i]!]).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  };
  const r = pts(real), s = pts(syn);
  const all = r.concat(s);
  if (all.length === 0) return;
  const xs = all.map((p) => p[0]), ys = all.map((p) => p[1]);
  const x0 = Math.min(...xs), x1 = Math.max(...xs) + 1e-12, y0 = Math.min(...ys), y1 = Math.max(...ys) + 1e-12;
  axes(g, w, h, x0, x1, y0, y1);
  const dot = (p: [number, number]): void => g.fillRect(PAD.l + ((p[0] - x0) / (x1 - x0)) * w - 1.5, PAD.t + h - ((p[1] - y0) / (y1 - y0)) * h - 1.5, 3, 3);
  g.fillStyle = REAL;
  r.forEach(dot);
  g.fillStyle = SYN;
  s.forEach(dot);
}
