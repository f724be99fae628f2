import { createInterface } from 'node:readline/promises';
import { loadConfig } from './config.js';
import { clockFor, openAndMigrate, seedDemoIfEmpty } from './boot.js';
import { buildServices } from './services.js';
import { ping } from './platform/db.js';
import { systemCtx } from './platform/context.js';
import { AppError } from './platform/errors.js';

const HELP = `Cách dùng: npm run lantoa -- <lệnh>

Lệnh:
  migrate                 Cập nhật cấu trúc cơ sở dữ liệu
  seed-demo               Nạp dữ liệu mẫu (chỉ khi cơ sở dữ liệu trống)
  create-admin            Tạo tài khoản quản trị đầu tiên (hỏi tên đăng nhập, mật khẩu)
                          hoặc dùng biến môi trường ADMIN_USERNAME, ADMIN_PASSWORD, ADMIN_FULLNAME
  backup <tệp>            Sao lưu (SQLite: sao lưu trực tuyến; PostgreSQL: in lệnh pg_dump)
  check                   Kiểm tra cấu hình và kết nối cơ sở dữ liệu
`;

async function main(argv: string[]) {
  const [cmd, ...args] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help') {
    process.stdout.write(HELP);
    return 0;
  }
  const config = loadConfig();
  const clock = clockFor(config);
  if (cmd === 'check') {
    process.stdout.write(`Cấu hình: hợp lệ. Cơ sở dữ liệu: ${config.db.engine === 'sqlite' ? `SQLite ${config.db.file}` : 'PostgreSQL'}\n`);
    const { handle, applied } = await openAndMigrate(config);
    const ok = await ping(handle.db);
    await handle.close();
    process.stdout.write(ok ? `Kết nối cơ sở dữ liệu: tốt${applied.length ? ` (vừa áp dụng ${applied.length} migration)` : ''}.\n` : 'Không kết nối được cơ sở dữ liệu.\n');
    return ok ? 0 : 1;
  }
  if (cmd === 'backup' && config.db.engine === 'postgres') {
    // Nothing to open: pg_dump talks to the server itself.
    const target = args[0] || './lantoa.dump';
    process.stdout.write(`PostgreSQL: sao lưu bằng lệnh sau (cần gói postgresql-client):\n  pg_dump --format=custom --file=${JSON.stringify(target)} "$DATABASE_URL"\nKhôi phục: pg_restore --clean --dbname="$DATABASE_URL" ${JSON.stringify(target)}\n`);
    return 0;
  }
  const { handle, applied } = await openAndMigrate(config);
  try {
    switch (cmd) {
      case 'migrate':
        process.stdout.write(applied.length ? `Đã áp dụng: ${applied.join(', ')}\n` : 'Cơ sở dữ liệu đã ở phiên bản mới nhất.\n');
        return 0;
      case 'seed-demo': {
        const r = await seedDemoIfEmpty(handle, clock, config);
        if (!r) {
          process.stderr.write('Cơ sở dữ liệu đã có dữ liệu: không nạp dữ liệu mẫu để tránh trộn lẫn.\n');
          return 1;
        }
        process.stdout.write(`Đã nạp dữ liệu mẫu: ${r.units} đơn vị, ${r.users} tài khoản, ${r.plans} kế hoạch, ${r.tasks} nhiệm vụ.\n`);
        return 0;
      }
      case 'create-admin': {
        let username = process.env.ADMIN_USERNAME;
        let password = process.env.ADMIN_PASSWORD;
        let fullName = process.env.ADMIN_FULLNAME;
        if (!username || !password) {
          const rl = createInterface({ input: process.stdin, output: process.stdout });
          username ||= (await rl.question('Tên đăng nhập: ')).trim();
          fullName ||= (await rl.question('Họ và tên: ')).trim();
          password ||= await rl.question('Mật khẩu (ít nhất 10 ký tự): ');
          rl.close();
        }
        const s = buildServices(handle, clock, config);
        await s.auth.setupAdmin(systemCtx, {
          username,
          fullName: fullName || 'Quản trị hệ thống',
          password,
          rootUnit: { code: 'TW', name: 'Ủy ban Trung ương MTTQ Việt Nam', shortName: 'UBTW MTTQ VN' },
        });
        process.stdout.write(`Đã tạo tài khoản quản trị «${username}».\n`);
        return 0;
      }
      case 'backup': {
        const target = args[0];
        if (!target) {
          process.stderr.write('Thiếu tên tệp sao lưu. Ví dụ: npm run lantoa -- backup ./sao-luu/lantoa-2026-11-26.db\n');
          return 2;
        }
        if (handle.engine === 'postgres') {
          process.stdout.write(`PostgreSQL: sao lưu bằng lệnh sau (cần gói postgresql-client):\n  pg_dump --format=custom --file=${JSON.stringify(target)} "$DATABASE_URL"\nKhôi phục: pg_restore --clean --dbname="$DATABASE_URL" ${JSON.stringify(target)}\n`);
          return 0;
        }
        await handle.sqlite!.backup(target);
        process.stdout.write(`Đã sao lưu cơ sở dữ liệu SQLite vào ${target}\n`);
        return 0;
      }
      default:
        process.stderr.write(`Lệnh không hợp lệ: ${cmd}\n\n${HELP}`);
        return 2;
    }
  } finally {
    await handle.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof AppError ? err.message : `Lỗi: ${err?.message ?? err}`}\n`);
    process.exit(1);
  },
);
