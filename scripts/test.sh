#!/usr/bin/env bash
# The one test command (npm test): checks the system packages the tests use, then runs
# type checks, lint, unit/database/HTTP tests (SQLite, and PostgreSQL when TEST_POSTGRES_URL
# is set) and the Playwright journeys in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
[ -x /usr/bin/chromium ] || need_pkgs+=(chromium)
fc-list 2>/dev/null | grep -qi "Liberation Serif" || need_pkgs+=(fonts-liberation2)
command -v soffice >/dev/null || need_pkgs+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || need_pkgs+=(poppler-utils)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Cài gói hệ thống còn thiếu: ${need_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  else
    echo "Thiếu gói hệ thống cho bộ kiểm thử: ${need_pkgs[*]}" >&2
    echo "Hãy cài: sudo apt-get install -y ${need_pkgs[*]}" >&2
    exit 1
  fi
fi

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  echo "Lưu ý: TEST_POSTGRES_URL chưa đặt — các kiểm thử cơ sở dữ liệu chỉ chạy trên SQLite."
  echo "       Đặt TEST_POSTGRES_URL=postgres://… (hoặc chạy bash .ci/run) để chạy cả trên PostgreSQL."
fi

mkdir -p artifacts
echo "== Kiểm tra kiểu (tsc)"
npx tsc -p tsconfig.json --noEmit
echo "== Lint (biome)"
npx biome check src e2e bench
echo "== Build giao diện"
npx vite build --logLevel warn
echo "== Kiểm thử đơn vị, cơ sở dữ liệu, HTTP (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=artifacts/vitest.json
echo "== Kiểm thử hành trình trên Chromium (playwright)"
npx playwright test

node -e '
const fs = require("fs");
const v = JSON.parse(fs.readFileSync("artifacts/vitest.json", "utf8"));
const p = JSON.parse(fs.readFileSync("artifacts/playwright.json", "utf8"));
const passed = v.numPassedTests + (p.stats.expected || 0);
const failed = v.numFailedTests + (p.stats.unexpected || 0);
const skipped = v.numPendingTests + v.numTodoTests + (p.stats.skipped || 0);
console.log(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed; playwright: ${p.stats.expected} passed, ${p.stats.unexpected} failed`);
console.log(`${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
process.exit(failed ? 1 : 0);
'
