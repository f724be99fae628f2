/**
 * Benchmark dispatcher: `npm run bench -- <name>` runs bench/<name>.ts (e.g. `plans`, `docx`, `dashboard`, `web-weight`).
 * Each benchmark prints its figures and, as its last line, one JSON object.
 */
import { existsSync, readdirSync } from 'node:fs';

const name = process.argv[2] ?? '';
const available = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -3))
  .sort();
const file = new URL(`./${name}.ts`, import.meta.url);
if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || !existsSync(file)) {
  console.error(`Dùng: npm run bench -- <tên>. Có: ${available.join(', ')}`);
  process.exit(2);
}
await import(file.href);
