/**
 * Why a burst of new connections waits on a busy Node.js server (docs/decisions.md, "Contest load"): libuv 1.45+
 * (Node 20) accepts ONE connection per turn of the event loop (libuv PR #3696, "unix: don't accept() connections
 * in a loop"), so while each turn serves many ready requests, new connections wait in the kernel's accept queue.
 *
 * A child process serves `GET /` with BUSY_MS of CPU per request; this process keeps KEEPALIVE connections busy
 * (one request each every 100 ms) and meanwhile opens NEW fresh connections evenly over one second. The child
 * counts accepts per loop turn. Reported: accepts per turn (max, mean), the new connections' first-response p50/p99.
 *   npm run bench -- accept   (BUSY_MS=0.5 KEEPALIVE=100 NEW=400)
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const BUSY_MS = Number(process.env.BUSY_MS ?? 0.5);
const KEEPALIVE = Number(process.env.KEEPALIVE ?? 100);
const NEW = Number(process.env.NEW ?? 400);

if (process.env.ACCEPT_BENCH_ROLE === 'server') {
  let accepts = 0;
  const turns: number[] = [];
  const srv = http.createServer((_req, res) => {
    const t = performance.now();
    while (performance.now() - t < BUSY_MS);
    res.end('ok');
  });
  srv.on('connection', () => accepts++);
  const turn = () => {
    if (accepts) turns.push(accepts);
    accepts = 0;
    setImmediate(turn);
  };
  setImmediate(turn);
  srv.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => process.send!({ port: (srv.address() as { port: number }).port }));
  process.on('message', () => {
    process.send!({ turnsWithAccepts: turns.length, maxPerTurn: Math.max(0, ...turns), accepts: turns.reduce((a, b) => a + b, 0) });
    process.exit(0);
  });
} else {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, ACCEPT_BENCH_ROLE: 'server' }, execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((ok) => child.once('message', (m: { port: number }) => ok(m.port)));
  const shared = new http.Agent({ keepAlive: true, maxSockets: KEEPALIVE });
  const get = (agent: http.Agent) =>
    new Promise<void>((ok) => {
      const r = http.request({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', ok);
      });
      r.on('error', () => ok());
      r.end();
    });
  let stop = false;
  const background = Array.from({ length: KEEPALIVE }, async () => {
    while (!stop) {
      await get(shared);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  await new Promise((r) => setTimeout(r, 1000));
  const lat: number[] = [];
  await Promise.all(
    Array.from(
      { length: NEW },
      (_, i) =>
        new Promise<void>((ok) =>
          setTimeout(async () => {
            const t0 = performance.now();
            await get(new http.Agent({ keepAlive: false }));
            lat.push(performance.now() - t0);
            ok();
          }, (i / NEW) * 1000),
        ),
    ),
  );
  stop = true;
  await Promise.all(background);
  shared.destroy();
  child.send('report');
  const s = await new Promise<{ turnsWithAccepts: number; maxPerTurn: number; accepts: number }>((ok) => child.once('message', ok));
  lat.sort((a, b) => a - b);
  const p = (q: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor((q / 100) * lat.length))] * 10) / 10;
  console.log(`Node ${process.version}, libuv ${process.versions.uv}: ${s.accepts} kết nối được nhận trong ${s.turnsWithAccepts} vòng lặp sự kiện, tối đa ${s.maxPerTurn} kết nối mỗi vòng`);
  console.log(`${NEW} kết nối mới trong 1 s khi máy chủ bận (${KEEPALIVE} kết nối giữ sẵn, ${BUSY_MS} ms CPU mỗi yêu cầu): phản hồi đầu tiên p50 ${p(50)} ms, p99 ${p(99)} ms`);
  console.log(JSON.stringify({ bench: 'accept', node: process.version, libuv: process.versions.uv, busyMs: BUSY_MS, keepAlive: KEEPALIVE, newConnections: NEW, accepts: s.accepts, maxAcceptsPerTurn: s.maxPerTurn, meanAcceptsPerTurn: Math.round((s.accepts / Math.max(1, s.turnsWithAccepts)) * 100) / 100, firstResponseP50Ms: p(50), firstResponseP99Ms: p(99) }));
}
