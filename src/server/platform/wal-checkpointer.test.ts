/**
 * The WAL checkpointer (SQLite file databases of a running server): commits no longer checkpoint, a worker
 * thread does, and nothing written is lost across stop and reopen.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from './db.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the server connection to a SQLite file', () => {
  it('has a larger cache and memory-mapped reads, and a worker thread copies committed pages into the database file off the main connection and keeps every row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantoa-wal-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const h = openDb({ engine: 'sqlite', file }, { server: true });
    const s = h.sqlite!;
    expect(s.pragma('wal_autocheckpoint', { simple: true })).toBe(16384);
    expect(s.pragma('cache_size', { simple: true })).toBe(-65536);
    expect(s.pragma('mmap_size', { simple: true })).toBe(268435456);
    s.exec('create table t (id integer primary key, body text not null)');
    const insert = s.prepare('insert into t (body) values (?)');
    const body = 'dữ liệu '.repeat(100);
    for (let i = 0; i < 3000; i++) insert.run(body); // ~3,000 commits, well over 1,000 WAL pages
    const before = statSync(file).size;
    // Only the worker can have copied the pages into the main file: the main connection checkpoints only past
    // 16,384 frames, far more than these ~6,000.
    const deadline = Date.now() + 10_000;
    while (statSync(file).size <= before + 1_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(statSync(file).size).toBeGreaterThan(before + 1_000_000);
    await h.close();
    const again = openDb({ engine: 'sqlite', file });
    expect(again.sqlite!.prepare('select count(*) as n from t').get()).toEqual({ n: 3000 });
    await again.close();
  });

  it('keeps the WAL bounded under a steady stream of writes (the worker\'s PASSIVE checkpoints alone never let it start over)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lantoa-wal-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const h = openDb({ engine: 'sqlite', file }, { server: true });
    const s = h.sqlite!;
    s.exec('create table t (id integer primary key, a text not null, b text not null)');
    s.exec('create index t_a on t (a)');
    const insert = s.prepare('insert into t (a, b) values (?, ?)');
    const body = 'x'.repeat(300);
    // ~20,000 commits over a few seconds, with the event loop free between small bursts (as a server's is):
    // some 170 MB of WAL frames if the WAL never started over.
    for (let i = 0; i < 20_000; i++) {
      insert.run(String(Math.random()), body);
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 1));
    }
    expect(statSync(`${file}-wal`).size).toBeLessThan(80 * 1024 * 1024); // 16,384 frames of 4 KB and their headers
    await h.close();
  });
});
