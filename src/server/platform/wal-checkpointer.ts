/**
 * SQLite WAL checkpoints mostly off the event loop (docs/decisions.md, "Contest load").
 *
 * By default SQLite checkpoints inside the commit that pushes the WAL past 1,000 pages: that commit copies the
 * pages into the database file and fsyncs it, on the server's only thread, and every request waiting behind it
 * waits too (measured here: commits of 20 µs with stalls of 10–110 ms every few thousand). Here a worker thread
 * with its own connection to the same file runs a PASSIVE checkpoint every CHECKPOINT_MS: it copies committed
 * pages and fsyncs without ever taking the writer's lock. PASSIVE alone never lets the WAL start over under a
 * steady stream of writes (it grew to 177 MB in 12 s, and every read slowed), so the server's own connection
 * keeps SQLite's automatic checkpoint, at MAIN_CHECKPOINT_FRAMES instead of 1,000: by then the worker has copied
 * nearly everything, the server's checkpoint copies the rest, and its next write starts the WAL over (it is the
 * only writer). A RESTART checkpoint from the worker would do that off the thread, but it takes the writer's lock
 * and a deferred transaction of the server (read, then write) then fails with SQLITE_BUSY at once: tried and
 * dropped. Stopping runs a last checkpoint, then the main connection's close checkpoints what is left as usual.
 * Durability is unchanged: commits are in the WAL either way.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

const CHECKPOINT_MS = 500;
const MAIN_CHECKPOINT_FRAMES = 16384; // 64 MB of 4 KB pages: the server's own checkpoint, every ~30 s at a peak

// Plain CommonJS run with `eval: true`, so the worker needs no TypeScript loader.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0'); // PASSIVE never waits for the writer; busy: try again at the next tick
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message ? err.message : err) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ stopped: true });
  parentPort.close();
});
`;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/** Moves `sqlite`'s automatic checkpoint to MAIN_CHECKPOINT_FRAMES and starts the worker that checkpoints `file`. */
export function startWalCheckpointer(sqlite: SQLite.Database, file: string, onError: (message: string) => void = () => {}): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  sqlite.pragma(`wal_autocheckpoint = ${MAIN_CHECKPOINT_FRAMES}`);
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs: CHECKPOINT_MS } });
  worker.unref();
  let stopped: Promise<void> | null = null;
  const exited = new Promise<void>((ok) => worker.once('exit', () => ok()));
  worker.on('message', (m: { error?: string }) => {
    if (m.error) onError(m.error);
  });
  worker.on('error', (err) => {
    // The worker is gone: fall back to SQLite's own checkpoints on the main connection.
    onError(err.message);
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  });
  return {
    stop() {
      stopped ??= (async () => {
        worker.postMessage('stop');
        const timeout = new Promise<void>((ok) => setTimeout(ok, 5000).unref());
        await Promise.race([exited, timeout]);
        await worker.terminate();
        if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
      })();
      return stopped;
    },
  };
}
