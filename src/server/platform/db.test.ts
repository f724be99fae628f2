/**
 * Database plumbing on both engines: accent-insensitive matching and migrations beside other schemas.
 */
import { describe, expect, it } from 'vitest';
import { createTestDb, ENGINES } from '../test/harness.js';
import { foldedColumn } from './db.js';
import { foldVietnamese } from './validation.js';

for (const engine of ENGINES) {
  describe(`database plumbing [${engine}]`, () => {
    it('foldedColumn matches Vietnamese text regardless of case and accents', async () => {
      const t = await createTestDb(engine);
      try {
        const db = t.handle.db;
        await db.insertInto('meta').values([
          { key: 'a', value: 'ĐẶNG Thị Hồng — Ủy ban MTTQ phường Điện Bàn Đông' },
          { key: 'b', value: 'Nguyen Van Minh' },
          { key: 'c', value: 'Trần Ngọc Ánh' },
        ]).execute();
        const keys = async (needle: string) =>
          (await db.selectFrom('meta').select('key').where(foldedColumn('value'), 'like', `%${foldVietnamese(needle)}%`).orderBy('key').execute()).map((r) => r.key);
        expect(await keys('đặng thị hồng')).toEqual(['a']);
        expect(await keys('DANG THI HONG')).toEqual(['a']);
        expect(await keys('dien ban dong')).toEqual(['a']);
        expect(await keys('Ủy Ban')).toEqual(['a']);
        expect(await keys('văn minh')).toEqual(['b']);
        expect(await keys('ngoc anh')).toEqual(['c']);
        expect(await keys('n')).toEqual(['a', 'b', 'c']);
        expect(await keys('hồng hà')).toEqual([]);
      } finally {
        await t.drop();
      }
    });

    if (engine === 'postgres') {
      it('migrates a fresh schema while another schema already holds migration tables', async () => {
        const first = await createTestDb(engine);
        try {
          const second = await createTestDb(engine);
          try {
            const tables = await second.handle.db.selectFrom('audit_log').select('id').execute();
            expect(tables).toEqual([]);
          } finally {
            await second.drop();
          }
        } finally {
          await first.drop();
        }
      });
    }
  });
}
