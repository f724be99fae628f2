/**
 * JavaScript weight of a cold page load (gzip): builds the SPA into a temporary directory with a Vite
 * manifest, then, for each page, sums the gzip size of the entry chunk, the page's lazy route chunk and
 * every chunk they import statically (what the browser fetches before the page can render; lazy imports
 * made later — e.g. on a button press — are not counted). Budget: the activity form under 300 KB.
 *
 *   npm run bench -- web-weight            (build, then measure)
 *   WEB_WEIGHT_DIST=dist/web npm run bench -- web-weight   (measure an existing build made with --manifest)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const BUDGET_KB = 300;
const root = resolve(import.meta.dirname, '..');
const PAGES: { path: string; module: string | null }[] = [
  { path: '/app', module: 'src/web/pages/HomePage.tsx' },
  { path: '/app/hoat-dong/moi', module: 'src/web/pages/activities/ActivityFormPage.tsx' },
  { path: '/app/hoat-dong', module: 'src/web/pages/activities/ActivitiesPage.tsx' },
  { path: '/app/hoat-dong/:id', module: 'src/web/pages/activities/ActivityDetailPage.tsx' },
];

let dist = process.env.WEB_WEIGHT_DIST ? resolve(root, process.env.WEB_WEIGHT_DIST) : '';
let temp = '';
if (!dist) {
  temp = mkdtempSync(join(tmpdir(), 'lantoa-web-weight-'));
  dist = temp;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--manifest', '--outDir', temp, '--emptyOutDir'], { cwd: root, stdio: 'inherit' });
}
const manifestPath = join(dist, '.vite', 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`Không thấy ${manifestPath}: hãy build với --manifest.`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, Chunk>;
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entryKey) throw new Error('manifest has no entry');

const gz = new Map<string, number>();
function gzipSize(file: string): number {
  let n = gz.get(file);
  if (n === undefined) {
    n = gzipSync(readFileSync(join(dist, file))).length;
    gz.set(file, n);
  }
  return n;
}

/** Files of a chunk and its static imports, depth first. */
function closure(key: string, out = new Set<string>()): Set<string> {
  if (out.has(key)) return out;
  out.add(key);
  for (const k of manifest[key]?.imports ?? []) closure(k, out);
  return out;
}

const results: Record<string, { kb: number; files: number }> = {};
for (const p of PAGES) {
  const keys = closure(entryKey);
  if (p.module) {
    if (!manifest[p.module]) throw new Error(`${p.module} is not a chunk of the build (is the route lazy?)`);
    closure(p.module, keys);
  }
  const files = [...keys].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
  const bytes = files.reduce((s, f) => s + gzipSize(f), 0);
  results[p.path] = { kb: Math.round((bytes / 1024) * 10) / 10, files: files.length };
  console.log(`${p.path.padEnd(22)} ${String(results[p.path].kb).padStart(7)} KB gzip  (${files.length} tệp JS)`);
}
if (temp) rmSync(temp, { recursive: true, force: true });

const form = results['/app/hoat-dong/moi'].kb;
console.log(`Ngân sách trang báo cáo hoạt động: ${BUDGET_KB} KB — ${form <= BUDGET_KB ? 'đạt' : 'VƯỢT'}`);
console.log(
  JSON.stringify({
    bench: 'web-weight',
    appKb: results['/app'].kb,
    activityFormKb: form,
    activityListKb: results['/app/hoat-dong'].kb,
    activityDetailKb: results['/app/hoat-dong/:id'].kb,
    budgetKb: BUDGET_KB,
    withinBudget: form <= BUDGET_KB,
  }),
);
if (form > BUDGET_KB) process.exitCode = 1;
