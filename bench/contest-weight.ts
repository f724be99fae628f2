/**
 * JavaScript weight of the citizen contest page /cuoc-thi/<slug> (gzip): the page loads exactly one module,
 * the framework-free client src/contest/main.ts, bundled by the same function the server uses to serve it
 * (esbuild, minified). Budget: under 150 KB gzip for the attempt page.
 *
 *   npm run bench -- contest-weight
 */
import { contestBundle } from '../src/server/modules/contests/contests.pages.js';

const BUDGET_KB = 150;
const t0 = performance.now();
const b = await contestBundle();
const buildMs = Math.round(performance.now() - t0);
const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
console.log(`/cuoc-thi/<slug>  ${kb(b.gz.length)} KB gzip (${kb(b.js.length)} KB chưa nén, 1 tệp JS, đóng gói trong ${buildMs} ms)`);
console.log(`Ngân sách trang làm bài thi: ${BUDGET_KB} KB — ${kb(b.gz.length) <= BUDGET_KB ? 'đạt' : 'VƯỢT'}`);
console.log(JSON.stringify({ bench: 'contest-weight', contestPageKb: kb(b.gz.length), rawKb: kb(b.js.length), files: 1, buildMs, budgetKb: BUDGET_KB, withinBudget: kb(b.gz.length) <= BUDGET_KB }));
if (kb(b.gz.length) > BUDGET_KB) process.exitCode = 1;
