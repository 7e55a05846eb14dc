/** HTML building blocks of the report: escaping, number formatting, tables, sections, inline SVG. */
import type { ColumnDescription } from '../eval/describe.js';
import type { Moments } from '../eval/stats.js';
import type { PointSets } from './types.js';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Four significant digits, plain notation where reasonable; "–" for undefined values. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

/** An epoch-ms instant as ISO 8601 UTC (seconds dropped when zero). */
export function fmtDate(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '–';
  return new Date(x).toISOString().replace('.000Z', 'Z').replace(':00Z', 'Z').replace('T00:00Z', '');
}

/** A duration in ms, in days. */
export function fmtDuration(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? '–' : `${fmt(ms / 86_400_000)} d`;
}

export function table(head: readonly string[], rows: readonly (readonly string[])[], cls = ''): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const trs = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${trs}\n</tbody></table>`;
}

export function section(id: string, title: string, body: string, note = ''): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${note ? `<p class="note">${note}</p>` : ''}\n${body}\n</section>`;
}

/**
 * Several inline SVGs in one document share one id namespace, and Vega numbers ids such as
 * "gradient_0" from a process-wide counter; each chart's ids are renamed to `${prefix}-k`, k in
 * order of definition, so ids are unique in the page and the output does not depend on history.
 */
export function inlineSvg(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!names.has(m[1]!)) names.set(m[1]!, `${prefix}-${names.size}`);
  const rename = (id: string): string => names.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_, a: string, id: string) => `${a}${rename(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${rename(id)}"`);
}

export function figures(svgs: readonly string[]): string {
  return `<div class="charts">${svgs.map((s) => `<figure class="chart">${s}</figure>`).join('\n')}</div>`;
}

/** The describe() table, real and synthetic rows side by side. */
export function summaryTables(summary: readonly ColumnDescription[]): string {
  const num = summary.filter((s) => s.kind === 'continuous');
  const cat = summary.filter((s) => s.kind === 'categorical');
  let out = '';
  if (num.length) {
    const rows = num.flatMap((s) => (['real', 'synthetic'] as const).map((src, k) => {
      const d = s.kind === 'continuous' ? s[src] : null;
      if (!d) return [];
      const date = s.dtype === 'datetime';
      const v = date ? fmtDate : fmt;
      return [k === 0 ? `<b>${escapeHtml(s.column)}</b>` : '', src, String(d.count), String(d.missing), v(d.mean), date ? fmtDuration(d.std) : fmt(d.std), v(d.min),
        v(d.p25), v(d.p50), v(d.p75), v(d.max), fmt(d.skewness), fmt(d.kurtosis)];
    }));
    out += table(['column', '', 'count', 'missing', 'mean', 'std', 'min', '25%', '50%', '75%', 'max', 'skewness', 'excess kurtosis'], rows, 'summary');
  }
  if (cat.length) {
    const rows = cat.flatMap((s) => (['real', 'synthetic'] as const).map((src, k) => {
      const d = s.kind === 'categorical' ? s[src] : null;
      if (!d) return [];
      return [k === 0 ? `<b>${escapeHtml(s.column)}</b>` : '', src, String(d.count), String(d.missing), String(d.unique), escapeHtml(d.top ?? '–'), String(d.freq)];
    }));
    out += table(['column', '', 'count', 'missing', 'unique', 'top', 'freq'], rows, 'summary');
  }
  return out;
}

export function momentsTable(m: { real: Moments; synthetic: Moments }): string {
  return table(['', 'mean', 'std', 'skewness', 'excess kurtosis'], (['real', 'synthetic'] as const).map((k) =>
    [k, fmt(m[k].mean), fmt(m[k].std), fmt(m[k].skewness), fmt(m[k].kurtosis)]));
}

/** Ring and mixture metrics of 2-D synthetic points, when given. */
export function pointMetricsTable(p: PointSets): string {
  const rows: string[][] = [];
  if (p.circle) {
    rows.push(['radius mean / std', `${fmt(p.circle.radius_mean)} / ${fmt(p.circle.radius_std)}`]);
    rows.push(['radius relative error', fmt(p.circle.radius_error)]);
    rows.push(['angular coverage (36 bins)', `${(100 * p.circle.angular_coverage).toFixed(1)} %`]);
  }
  if (p.modes) {
    rows.push(['modes covered', `${p.modes.modes_covered} of ${p.modes.modes_total}`]);
    rows.push(['points within 3σ of a mode', `${(100 * p.modes.high_quality_share).toFixed(1)} %`]);
  }
  return rows.length ? table(['synthetic points', 'value'], rows) : '';
}

export const STYLE = `
body { font-family: sans-serif; margin: 24px auto; max-width: 1280px; color: #222; padding: 0 16px; }
h1 { font-size: 22px; } h2 { font-size: 18px; border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
table { border-collapse: collapse; font-size: 12px; margin: 8px 0 16px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
th { background: #f4f4f4; } td:first-child, th:first-child { text-align: left; }
table.scores td:last-child, table.scores th:last-child { text-align: left; color: #555; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
figure.chart { margin: 0; } figure.chart svg { display: block; max-width: 100%; height: auto; }
.note { color: #555; font-size: 13px; max-width: 900px; }
.score { font-size: 28px; font-weight: bold; }
`;
