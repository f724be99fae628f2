/**
 * The demo loaders of good models (10) and materials (15) on both databases: files generated locally
 * (PDF, Word, PNG), photos, public pages, search without diacritics, and loading only once.
 */
import { expect, it } from 'vitest';
import { describeEachDb } from '../../test/harness.js';
import { seedNewsDemo } from '../news/index.js';
import { filesDir, ok, publicGet } from '../news/news.testkit.js';
import { seedModelsDemo } from '../models/index.js';
import { seedMaterialsDemo } from './index.js';

const dir = filesDir();
const config = { filesDir: dir, maxUploadBytes: 20 * 1024 * 1024 };

describeEachDb(
  'library demo data',
  (ctx) => {
    it('loads 10 good models and 15 materials once, shown publicly and searchable', async () => {
      const t = ctx();
      await seedNewsDemo(t.db, t.clock, config);
      expect((await seedModelsDemo(t.db, t.clock, config)).models).toBe(10);
      expect((await seedMaterialsDemo(t.db, t.clock, config)).materials).toBe(15);
      expect((await seedModelsDemo(t.db, t.clock, config)).models).toBe(0);
      expect((await seedMaterialsDemo(t.db, t.clock, config)).materials).toBe(0);
      const db = t.db.db;
      const models = await db.selectFrom('good_models').select(['kind', 'status', 'is_public', 'unit_id']).execute();
      expect(models.length).toBe(10);
      expect(models.every((m) => m.status === 'accepted' && m.is_public === 1)).toBe(true);
      expect(new Set(models.map((m) => m.kind))).toEqual(new Set(['model', 'person']));
      expect(new Set(models.map((m) => m.unit_id)).size).toBeGreaterThanOrEqual(8);
      const mats = await db.selectFrom('materials as m').innerJoin('material_versions as v', 'v.material_id', 'm.id').innerJoin('files as f', 'f.id', 'v.file_id').select(['m.visibility', 'f.mime']).execute();
      expect(new Set(mats.map((m) => m.mime))).toEqual(new Set(['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'image/png']));
      expect((await db.selectFrom('materials').select('id').execute()).length).toBe(15);
      const list = ok(await t.app.inject({ method: 'GET', url: '/api/models/public?pageSize=50' }));
      expect(list.total).toBe(10);
      const cho = list.items.find((i: { name: string }) => i.name.includes('Chợ 4.0'));
      const page = await publicGet(t, cho.publicUrl);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Giấy khen của Ban Thường trực Ủy ban MTTQ Việt Nam phường Tam Kỳ');
      expect(page.body).toContain('Tin bài liên quan');
      expect((await publicGet(t, cho.photo.urls.w800)).statusCode).toBe(200);
      const found = ok(await t.app.inject({ method: 'GET', url: '/api/search?q=to%20cong%20nghe%20so%20cong%20dong&kind=model' }));
      expect(found.items[0].title).toBe('Tổ công nghệ số cộng đồng khối phố 3');
      const mat = ok(await t.app.inject({ method: 'GET', url: '/api/search?q=nhan%20biet%20cuoc%20goi%20lua%20dao&kind=material' }));
      expect(mat.items[0].title).toBe('Tờ rơi: 5 bước nhận biết cuộc gọi, tin nhắn lừa đảo');
      const lib = await publicGet(t, '/tai-lieu');
      expect(lib.body).toContain('Infographic: Mục tiêu đến năm 2030');
      expect(lib.body).not.toContain('Tài liệu sinh hoạt chi hội');
      const file = await publicGet(t, mat.items[0].url + '/tai-ve');
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    });
  },
  { config: { filesDir: dir } },
);
