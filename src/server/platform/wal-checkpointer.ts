/**
 * SQLite WAL checkpoints off the event loop (docs/decisions.md, "Contest load").
 *
 * By default SQLite checkpoints inside the commit that pushes the WAL past 1,000 pages: that commit copies the
 * pages into the database file and fsyncs it, on the server's only thread, and every request waiting behind it
 * waits too (measured here: commits of 20 µs with stalls of 10–110 ms every few thousand). The server's
 * connection therefore turns automatic checkpoints off, and a worker thread with its own connection to the same
 * file runs a PASSIVE checkpoint every CHECKPOINT_MS (it never blocks the writer), and a RESTART checkpoint when
 * the WAL holds more than RESTART_FRAMES (it copies what is left and the next write starts the WAL over; without
 * it the WAL grows as long as writes keep coming). The worker waits 10 ms at most for a lock: a RESTART
 * that cannot start by then is tried again at the next tick, so the server's writes wait at most that plus the
 * few frames and the fsync of one RESTART. Stopping runs a last
 * checkpoint, then the main connection's
 * close checkpoints what is left as usual. Durability is unchanged: commits are in the WAL either way.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

const CHECKPOINT_MS = 500;
const RESTART_FRAMES = 4096; // 16 MB of 4 KB pages

// Plain CommonJS run with `eval: true`, so the worker needs no TypeScript loader.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
// Wait 10 ms at most for a lock: a RESTART checkpoint that waits blocks new writers while it is pending, and the
// server's thread then sleeps in its own busy handler. Still busy: try again at the next tick.
db.pragma('busy_timeout = 10');
const checkpoint = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    // Under a steady stream of writes a PASSIVE checkpoint never finds the WAL fully copied with no write in
    // between, so the writer never restarts it from the beginning and it grows without bound (measured: 177 MB
    // in 12 s), making every page lookup search a longer WAL index. Past RESTART_FRAMES, a RESTART checkpoint
    // (when no write is in progress) copies the few frames the PASSIVE ones left and makes the next write start
    // the WAL over.
    if (r && r.log > workerData.restartFrames) db.pragma('wal_checkpoint(RESTART)');
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

/** Turns automatic checkpoints off on `sqlite` and starts the worker that checkpoints `file`. */
export function startWalCheckpointer(sqlite: SQLite.Database, file: string, onError: (message: string) => void = () => {}): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs: CHECKPOINT_MS, restartFrames: RESTART_FRAMES } });
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
