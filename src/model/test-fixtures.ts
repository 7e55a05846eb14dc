// Tables made for tests (not shipped: package.json leaves test-fixtures out).
import { Rng } from '../util/rng.js';
import { makeTable, type Table } from '../data/table.js';

/**
 * A telephone company's customers: phone service (yes, no); lines (no_phone exactly when there
 * is no phone service, else one or several); internet (none, dsl, fiber; no phone ⇒ dsl); three
 * add-ons that are "no_internet" exactly when internet is none and otherwise yes/no by the
 * internet kind; a monthly charge from lines and internet.
 */
export function telcoTable(n: number, seed: number): Table {
  const rng = new Rng(seed);
  const service: string[] = [], lines: string[] = [], internet: string[] = [], charge = new Float64Array(n);
  const addons: string[][] = [[], [], []];
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    const l = u < 0.1 ? 'no_phone' : u < 0.55 ? 'one' : 'several';
    const v = rng.uniform();
    const net = l === 'no_phone' ? 'dsl' : v < 0.22 ? 'none' : v < 0.55 ? 'dsl' : 'fiber';
    service.push(l === 'no_phone' ? 'no' : 'yes');
    lines.push(l);
    internet.push(net);
    for (const [k, a] of addons.entries()) a.push(net === 'none' ? 'no_internet' : rng.uniform() < (net === 'dsl' ? 0.3 + 0.15 * k : 0.6 - 0.1 * k) ? 'yes' : 'no');
    charge[i] = 20 + (l === 'several' ? 10 : l === 'one' ? 5 : 0) + (net === 'fiber' ? 60 : net === 'dsl' ? 30 : 0) + 3 * rng.normal();
  }
  return makeTable(['service', 'lines', 'internet', 'a0', 'a1', 'a2', 'charge'], [
    { kind: 'string', values: service }, { kind: 'string', values: lines }, { kind: 'string', values: internet },
    ...addons.map((values) => ({ kind: 'string' as const, values })), { kind: 'number', values: charge },
  ]);
}
