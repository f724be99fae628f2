import { buildApp } from './app.js';
import { clockFor, openAndMigrate, seedDemoIfEmpty } from './boot.js';
import { loadConfig } from './config.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo/demo-units.js';

const config = loadConfig();
const clock = clockFor(config);
// The server's connection: WAL checkpoints in a worker thread, a larger page cache, memory-mapped reads (db.ts).
const { handle, applied } = await openAndMigrate(config, { server: true, log: (m) => process.stderr.write(`Lỗi khi chép nhật ký WAL vào tệp cơ sở dữ liệu (checkpoint): ${m}\n`) });
const seeded = config.demo ? await seedDemoIfEmpty(handle, clock, config) : null;
const app = await buildApp({ config, db: handle, clock });

const where = config.db.engine === 'sqlite' ? `SQLite ${config.db.file}` : 'PostgreSQL';
// A contest's opening minute brings thousands of phones connecting at once: Node's default accept queue (511)
// overflows and the kernel drops their SYNs, each retried a second later. The kernel caps this at somaxconn.
await app.listen({ host: config.host, port: config.port, backlog: 4096 });
await app.services.jobs.start();
const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
const url = `http://${shown}:${config.port}/app`;
const lines = [
  '',
  `Lan Tỏa đang chạy: ${url}`,
  `Cơ sở dữ liệu: ${where}${applied.length ? ` (đã áp dụng ${applied.length} migration)` : ''}`,
];
if (seeded) lines.push(`Đã nạp dữ liệu mẫu: ${seeded.units} đơn vị, ${seeded.users} tài khoản, ${seeded.plans} kế hoạch, ${seeded.tasks} nhiệm vụ, ${seeded.articles} tin bài.`);
if (config.demo) {
  lines.push(`Tài khoản mẫu (mật khẩu: ${DEMO_PASSWORD}):`);
  for (const u of DEMO_USERS) lines.push(`  - ${u.username.padEnd(18)} ${u.position}`);
} else if (await app.services.auth.needsAdmin()) {
  lines.push(`Chưa có tài khoản nào: mở ${url} để tạo tài khoản quản trị đầu tiên.`);
}
lines.push('Nhấn Ctrl-C để dừng.', '');
process.stdout.write(lines.join('\n'));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'shutting down');
  try {
    await app.close(); // stops accepting, lets in-flight requests finish
    await handle.close();
    process.stdout.write('Đã dừng Lan Tỏa.\n');
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
