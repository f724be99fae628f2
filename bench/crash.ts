/**
 * Crash-test dispatcher: `npm run crash-test -- <name>` runs bench/crash-<name>.ts (e.g. `contest`).
 * Each test prints its findings and, as its last line, one JSON object; it exits non-zero on any loss.
 */
import { existsSync, readdirSync } from 'node:fs';

const name = process.argv[2] ?? '';
const available = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.startsWith('crash-') && f.endsWith('.ts'))
  .map((f) => f.slice('crash-'.length, -3))
  .sort();
const file = new URL(`./crash-${name}.ts`, import.meta.url);
if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || !existsSync(file)) {
  console.error(`Dùng: npm run crash-test -- <tên>. Có: ${available.join(', ')}`);
  process.exit(2);
}
await import(file.href);
