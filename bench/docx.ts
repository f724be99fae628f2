/**
 * Time to render the seed plan as .docx: one cold run (module and font tables warm up), then 20 timed
 * runs. Prints each run, then a last line with a JSON object { medianMs, p95Ms, … }.
 *   npx tsx bench/docx.ts
 */
import { seedPlanDocument } from '../src/server/demo/seed-plan.js';
import { renderDocx } from '../src/server/modules/documents/index.js';

const RUNS = 20;
const doc = seedPlanDocument();

let t = performance.now();
const first = await renderDocx(doc);
const coldMs = performance.now() - t;

const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t = performance.now();
  await renderDocx(doc);
  times.push(performance.now() - t);
}
const sorted = [...times].sort((a, b) => a - b);
const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const round = (n: number) => Math.round(n * 10) / 10;
console.log(`runs (ms): ${times.map(round).join(' ')}`);
console.log(
  JSON.stringify({
    bench: 'docx-seed-plan',
    runs: RUNS,
    bytes: first.length,
    coldMs: round(coldMs),
    medianMs: round((sorted[(RUNS - 1) >> 1] + sorted[RUNS >> 1]) / 2),
    p95Ms: round(pick(0.95)),
    maxMs: round(sorted[sorted.length - 1]),
    node: process.version,
  }),
);
